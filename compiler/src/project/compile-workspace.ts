/**
 * `check` and `build` over a workspace, one file at a time: each file is compiled, its results
 * are kept as plain data and its compilation is dropped, so that a workspace of a thousand files
 * never holds a thousand syntax trees and models at once (memory, and the garbage collector's
 * time). The language server keeps compilations instead; see `loadWorkspace`.
 */
import { Compilation } from '../compilation.js';
import { compilerFailed } from '../diagnostics/catalogue/project.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { servingFlows } from '../flow/serving-flows.js';
import { parse } from '../syntax/parser.js';
import { renderable, type RenderableWorkflow } from '../emit/workflow.js';
import { byFileName, DuplicateFlows, withFileDiagnostics } from './project-flows.js';
import { diagnosticsOf, openWorkspaceFiles, type OpenedWorkspace, type Workspace, type WorkspaceFile, type WorkspaceOptions } from './workspace.js';

export interface FileOutcome {
  /** The compilation's findings, emission's included (the file's own findings not included). */
  readonly diagnostics: readonly Diagnostic[];
  /** The workflows: only when asked for, and only for a file without errors (none once a sink took them). */
  readonly emitted?: { readonly workflows: readonly RenderableWorkflow[] };
}

/**
 * Where `build` takes each file's workflows as soon as the file is emitted (and renders them then),
 * so that the workflows of a whole workspace, with their definitions, are never kept at once.
 */
export interface EmissionSink {
  /** The workflows of a file whose emission found no error. */
  accept(file: WorkspaceFile, workflows: readonly RenderableWorkflow[]): void;
  /** Forgets what it accepted of one file, which is being compiled again. */
  withdraw(file: WorkspaceFile): void;
  /** Forgets what it accepted: the workspace is being compiled again (see compileWorkspace). */
  reset(): void;
}

export interface CompiledWorkspace {
  readonly workspace: Workspace;
  /** By `workspace.files` index; absent for a file that has no compilation. */
  readonly outcomes: readonly (FileOutcome | undefined)[];
}

export async function compileWorkspace(
  paths: readonly string[],
  options: WorkspaceOptions,
  { emit }: { readonly emit: boolean | EmissionSink },
): Promise<CompiledWorkspace> {
  const streamed = await compileOneByOne(await openWorkspaceFiles(paths, options, { keepTrees: false }), options, emit);
  if (streamed) return streamed;
  if (typeof emit === 'object') emit.reset();
  // A broken file declares a flow where its text did not show one: compile again, every lookup
  // parsing the files it passes over, so that the results are those of `loadWorkspace`.
  return compileOneByOne(await openWorkspaceFiles(paths, options, { keepTrees: true }), options, emit)!;
}

/** Undefined when a `call flow` lookup may have passed over a declaration (see project-flows.ts). */
function compileOneByOne(opened: OpenedWorkspace, options: WorkspaceOptions, emit: boolean | EmissionSink): CompiledWorkspace | undefined {
  const named = new Set(opened.files);
  const duplicates = new DuplicateFlows(options.cwd);
  const outcomes = new Map<WorkspaceFile, FileOutcome>();
  // A file that read the project's data (a query, what callers pass) saw what the files before it
  // wrote: checked again at the end if a later file added to what it read (rare once the
  // project's containers have their first writers; categories only grow).
  const readers: { file: WorkspaceFile; found: WorkspaceFile; options: Compilation['options']; resolver: Compilation['resolver'] }[] = [];
  registerServingFlows([...opened.files, ...opened.contextFiles]);
  // In file-name order, so that a file's duplicate flows (which need the files before it) are
  // known when it is compiled: emission depends on them.
  for (const file of byFileName([...opened.files, ...opened.contextFiles])) {
    // A compilation of its own, not `file.compilation`: other files' `call flow` may keep that one.
    const compilation = file.compilation ? new Compilation(file.source, file.compilation.options) : undefined;
    // Whatever goes wrong in one file is a finding of that file (failedOutcome), never the run's end.
    let failure: FileOutcome | undefined;
    try {
      if (compilation && named.has(file)) opened.flows.record(file, compilation.syntax);
      // Every file of the project writes into the project's data, those not named included.
      if (compilation) compilation.options.projectData?.addFile(file.fileName, compilation.model);
      // So do its params, which the files after it in a Standard app must declare alike.
      if (compilation) opened.appParameters.get(file.project)?.add(compilation);
    } catch (error) {
      failure = failedOutcome(error);
    }
    const found = duplicates.add(file, opened.flows.declaredBy(file));
    if (!compilation || !named.has(file)) continue;
    const withFound = withFileDiagnostics(file, found);
    outcomes.set(file, failure ?? fileOutcome(withFound, compilation, emit));
    // Only the resolver is kept: the compilation, its tree and its model are dropped.
    if (compilation.resolver.readProjectData) readers.push({ file, found: withFound, options: compilation.options, resolver: compilation.resolver });
  }
  for (const { file, found, options: compilationOptions, resolver } of readers) {
    if (!resolver.stale()) continue;
    if (typeof emit === 'object') emit.withdraw(file);
    outcomes.set(file, fileOutcome(found, new Compilation(file.source, compilationOptions), emit));
  }
  if (opened.flows.missedDeclaration([...opened.files, ...opened.contextFiles])) return undefined;
  const workspace = opened.finish();
  return { workspace, outcomes: opened.files.map((file) => outcomes.get(file)) };
}

/**
 * Runs a compilation through every check (emission included: what the service would refuse is a
 * finding of `check` too) and, for `build`, hands the workflows of a file without errors to the
 * sink; the outcome keeps only the findings.
 */
export function fileOutcome(file: WorkspaceFile, compilation: Compilation, emit: boolean | EmissionSink): FileOutcome {
  try {
    return checkedOutcome(file, compilation, emit);
  } catch (error) {
    return failedOutcome(error);
  }
}

/**
 * What a file gets when its compilation threw: one finding of that file, so that the other files
 * are still checked and every output format still prints a whole document.
 */
export function failedOutcome(error: unknown): FileOutcome {
  const reason =
    error instanceof RangeError && /call stack/i.test(error.message)
      ? 'it nests too deeply for the compiler (a chain of thousands of steps or operators)'
      : `internal error (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); please report it with this file`;
  return { diagnostics: [compilerFailed({ start: 0, end: 0 }, { reason })] };
}

function checkedOutcome(file: WorkspaceFile, compilation: Compilation, emit: boolean | EmissionSink): FileOutcome {
  const { diagnostics } = compilation;
  if (!emit || hasErrors(diagnosticsOf(file, diagnostics))) return { diagnostics };
  const workflows = compilation.emit().workflows.map(renderable);
  if (typeof emit === 'object') {
    emit.accept(file, workflows);
    return { diagnostics, emitted: { workflows: [] } };
  }
  return { diagnostics, emitted: { workflows } };
}

/**
 * Registers the flows of each project that serve data-subject requests (§6) with the project's
 * data, read from the syntax of the files that mention `@rights` before any file is checked: a
 * store's check needs the whole project's (policy/rules/s06-rights-coverage.ts).
 */
function registerServingFlows(files: readonly WorkspaceFile[]): void {
  for (const file of files) {
    if (!file.source.text.includes('@rights')) continue;
    file.compilation?.options.projectData?.registerServingFlows(file.fileName, servingFlows(parse(file.source).file));
  }
}
