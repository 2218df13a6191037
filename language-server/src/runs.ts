/**
 * The playground's Run panel: the document's flows run on the compiler's local engine, from the
 * workflows the document emits (its current text), the flows they call emitted from their own files.
 */
import { runFlow, runnableFlows, type EmittedWorkflow } from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';
import type { RunParams, RunResult, RunnableFlowsResult } from './protocol.js';
import { emittedWorkflows } from './reports.js';

export function runnable(document: CheckedDocument): RunnableFlowsResult {
  const emitted = emittedWorkflows(document);
  return 'error' in emitted ? emitted : { flows: runnableFlows(emitted.workflows) };
}

/** `declaring(name)`: the checked file that declares the flow `name`, for a flow the run calls. */
export async function run(document: CheckedDocument, params: RunParams, declaring: (flow: string) => Promise<CheckedDocument | undefined>): Promise<RunResult> {
  const emitted = emittedWorkflows(document);
  if ('error' in emitted) return emitted;
  const childFlow = async (name: string): Promise<EmittedWorkflow | undefined> => {
    const file = await declaring(name);
    const child = file && emittedWorkflows(file);
    return child && 'workflows' in child ? child.workflows.find((workflow) => workflow.name === name) : undefined;
  };
  const { body, parameters, mocks, containers, now } = params;
  return runFlow(emitted.workflows, params.flow, { body, parameters, mocks, containers, now }, childFlow);
}
