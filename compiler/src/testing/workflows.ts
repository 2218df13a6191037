/**
 * The workflows a test or `jig run` runs: those `jig build` would write for a .jig file (its
 * project compiled, so that `call flow` finds flows of other files), or those of a workflow JSON
 * file in any of its forms. Child flows resolve within the same set.
 */
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import { workflowsOf, DocumentError, type WorkflowDocument } from '../engine/index.js';
import { renderTarget } from '../emit/targets/index.js';
import { renderable, type EmittedWorkflow } from '../emit/workflow.js';
import { diagnosticsOf, loadWorkspace, type WorkspaceOptions } from '../project/workspace.js';
import { basename, dirname } from '../project/paths.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { flowFacts, type FlowFacts } from './compiler-facts.js';
import { parseJsonText } from '../util/json-text.js';

export interface WorkflowSet {
  readonly workflows: ReadonlyMap<string, WorkflowDocument>;
  /** The source's findings (a .jig file's compilation), for the caller to print. */
  readonly diagnostics: readonly FileDiagnostics[];
  /** Why nothing could be loaded. */
  readonly problem?: string;
  /** The flows each .jig file declares, by the file's path. */
  readonly flowsByFile: ReadonlyMap<string, readonly string[]>;
  /** What the compiler knows of each flow (a .jig source only), by workflow name. */
  readonly facts: ReadonlyMap<string, FlowFacts>;
  /** Parameter values the set provides: the ids of child flows (`workflowId_<flow>`). */
  readonly parameters: Readonly<Record<string, string>>;
  childWorkflow(id: string): WorkflowDocument | undefined;
}

export function workflowSet(
  documents: readonly WorkflowDocument[],
  diagnostics: readonly FileDiagnostics[],
  problem?: string,
  flowsByFile: ReadonlyMap<string, readonly string[]> = new Map(),
  facts: ReadonlyMap<string, FlowFacts> = new Map(),
): WorkflowSet {
  const workflows = new Map(documents.map((document) => [document.name, document]));
  const parameters = Object.fromEntries([...workflows.keys()].map((name) => [`workflowId_${name}`, `/workflows/${name}`]));
  return {
    workflows,
    diagnostics,
    flowsByFile,
    facts,
    ...(problem !== undefined && { problem }),
    parameters,
    childWorkflow: (id) => workflows.get(id.split('/').pop() ?? id),
  };
}

/** An emitted flow as the engine runs it: the JSON `jig build` writes, read back as any workflow file is. */
export function workflowDocuments(workflow: EmittedWorkflow): WorkflowDocument[] {
  return renderTarget('consumption', [renderable(workflow)])
    .filter((output) => output.path.endsWith('.json'))
    .flatMap((output) => workflowsOf(JSON.parse(output.content), workflow.name));
}

const projectCache = new Map<string, Promise<WorkflowSet>>();

/** The workflows of a .jig file's folder (its project's files, compiled as `jig build` does). */
export function jigWorkflows(path: string, options: WorkspaceOptions): Promise<WorkflowSet> {
  const folder = dirname(path);
  let cached = projectCache.get(folder);
  if (!cached) {
    cached = compileJig(folder, path, options);
    projectCache.set(folder, cached);
  }
  return cached;
}

async function compileJig(folder: string, path: string, options: WorkspaceOptions): Promise<WorkflowSet> {
  const workspace = await loadWorkspace([folder], options);
  const diagnostics: FileDiagnostics[] = [...workspace.projectProblems];
  const documents: WorkflowDocument[] = [];
  const flowsByFile = new Map<string, string[]>();
  const facts = new Map<string, FlowFacts>();
  for (const file of workspace.files) {
    const compilation = file.compilation;
    const emitted = compilation?.emit();
    const all = [...(compilation?.diagnostics ?? []), ...(emitted?.diagnostics ?? [])];
    const found = diagnosticsOf(file, all);
    if (hasErrors(found) || file.source.fileName === path) diagnostics.push({ source: file.source, diagnostics: found });
    if (!compilation || !emitted || hasErrors(found)) continue;
    flowsByFile.set(file.source.fileName, emitted.workflows.map((workflow) => workflow.name));
    for (const workflow of emitted.workflows) {
      documents.push(...workflowDocuments(workflow));
      facts.set(workflow.name, flowFacts(compilation, workflow));
    }
  }
  return workflowSet(documents, diagnostics.filter((file) => file.diagnostics.length > 0), undefined, flowsByFile, facts);
}

/** The workflows of a workflow JSON file. */
export function jsonWorkflows(path: string, text: string): WorkflowSet {
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (error) {
    return workflowSet([], [], `${path} is ${(error as Error).message}`);
  }
  try {
    return workflowSet(workflowsOf(json, basename(path).replace(/\.json$/i, '')), []);
  } catch (error) {
    if (error instanceof DocumentError) return workflowSet([], [], `${path}: ${error.message}`);
    throw error;
  }
}

/** Picks the workflow a `FILE:NAME` or a test's `flow` names, or the only one (of the file, for a .jig file). */
export function pickWorkflow(set: WorkflowSet, name: string | undefined, source: string, path?: string): { document?: WorkflowDocument; problem?: string } {
  if (name !== undefined) {
    const document = set.workflows.get(name);
    return document ? { document } : { problem: `${source} has no flow or workflow '${name}'${set.workflows.size > 0 ? `; it has ${[...set.workflows.keys()].map((n) => `'${n}'`).join(', ')}` : ''}.` };
  }
  const own = path !== undefined ? set.flowsByFile.get(path) : undefined;
  if (own?.length === 1) return { document: set.workflows.get(own[0]!)! };
  if (own && own.length > 1) return { problem: `${source} has ${own.length} flows (${own.map((n) => `'${n}'`).join(', ')}): name one, as ${source}:NAME.` };
  if (set.workflows.size === 1) return { document: [...set.workflows.values()][0]! };
  if (set.workflows.size === 0) return { problem: set.problem ?? `${source} has no workflow to run${set.diagnostics.length > 0 ? ' (it does not compile)' : ''}.` };
  return { problem: `${source} has ${set.workflows.size} workflows (${[...set.workflows.keys()].map((n) => `'${n}'`).join(', ')}): name one, as ${source}:NAME.` };
}
