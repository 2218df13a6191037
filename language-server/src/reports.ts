/**
 * The answers to the extension's and the playground's panels: the compiled workflow JSON of a
 * document (what `jig build --target` writes) and its data map (what `jig report` writes).
 */
import { TARGETS, buildDataMap, dirname, renderMarkdown, renderTarget, type EmittedWorkflow, type Target } from '../../compiler/src/index.js';
import { diagnosticsOf, type CheckedDocument } from './documents.js';
import type { CompiledJsonResult } from './protocol.js';

/** The workflows the document emits, or why it emits none, as one line for the user. */
export function emittedWorkflows(document: CheckedDocument): { workflows: readonly EmittedWorkflow[] } | { error: string } {
  const { compilation } = document;
  if (document.policy.broken) return { error: 'The project\'s policy could not be loaded; see jig.yaml or the policy file.' };
  const errors = diagnosticsOf(document).filter((d) => d.severity === 'error' && !d.waived).length;
  if (errors > 0) return { error: `Nothing is emitted while the file has ${errors} error(s); see the Problems panel.` };
  const { workflows, diagnostics } = compilation.emit();
  const emitErrors = diagnostics.filter((d) => d.severity === 'error' && !d.waived);
  if (emitErrors.length > 0) {
    return { error: `Logic Apps would refuse this workflow: ${emitErrors.map((d) => `${d.code} ${d.message}`).join('; ')}` };
  }
  if (workflows.length === 0) return { error: 'The file declares no flow.' };
  return { workflows };
}

export function compiledJson(document: CheckedDocument, target: Target = 'consumption'): CompiledJsonResult {
  if (!TARGETS.includes(target)) return { error: `There is no target '${String(target)}'; the targets are ${TARGETS.join(', ')}.` };
  const emitted = emittedWorkflows(document);
  if ('error' in emitted) return emitted;
  const files = renderTarget(target, emitted.workflows);
  if (files.length === 1) return { json: files[0]!.content };
  // One JSON text a file, each under a comment naming it (shown as JSON with comments).
  return { json: files.map((file) => `// ${file.path}\n${file.content}`).join('\n') };
}

/** The data map `jig report` writes, for this one document (paths shown relative to its project). */
export function dataMap(document: CheckedDocument): string {
  const { compilation, policy } = document;
  const fileName = compilation.source.fileName;
  return renderMarkdown(buildDataMap([compilation], policy.projectRoot ?? dirname(fileName)));
}
