/**
 * Behaviour, not shape: a .jig text is compiled as `jig build` compiles it, and the workflow it
 * emits (the JSON `jig build` writes, read back) runs in the engine, so a test asserts what the
 * run did: which actions ran, what was answered, stored or sent.
 */
import { runWorkflow, type RunOptions, type RunRecord } from '../../compiler/src/engine/index.js';
import { workflowDocuments, workflowSet } from '../../compiler/src/testing/workflows.js';
import { emitText } from './helpers.js';

/** Compiles a file once (failing on its errors); the function runs its flow named `flow` (default: the first). */
export function compileJig(text: string, flow?: string): (options?: RunOptions) => RunRecord {
  const { workflows, diagnostics } = emitText(text);
  // A workflow the emitter refused (JIG4150: not what Jig writes) is no workflow to run.
  const refused = diagnostics.filter((d) => d.severity === 'error');
  if (refused.length > 0) throw new Error(refused.map((d) => `${d.code} ${d.message}`).join('\n'));
  const set = workflowSet(workflows.flatMap(workflowDocuments), []);
  const document = set.workflows.get(flow ?? workflows[0]!.name);
  if (!document) throw new Error(`No flow ${flow ?? ''} in the build`);
  return (options = {}) => runWorkflow(document, { ...options, parameters: { ...set.parameters, ...options.parameters }, childWorkflow: set.childWorkflow });
}

/** Compiles a file and runs one of its flows once. */
export function runJig(text: string, options: RunOptions = {}, flow?: string): RunRecord {
  return compileJig(text, flow)(options);
}

/** The names of the actions that ran (not Skipped), in the order they started, each once. */
export function actionsRun(record: RunRecord): string[] {
  return [...new Set(record.actions.filter((a) => a.status !== 'Skipped').map((a) => a.name))];
}
