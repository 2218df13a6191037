/**
 * `check` and `build` over a workspace, one file at a time: each file is compiled, its results
 * are kept as plain data and its compilation is dropped, so that a workspace of a thousand files
 * never holds a thousand syntax trees and models at once (memory, and the garbage collector's
 * time). The language server keeps compilations instead; see `loadWorkspace`. A large `check`
 * runs in parts, one a thread (`compileInParts`), when the caller can start threads (the CLI).
 */
import { Compilation } from '../compilation.js';
import { compilerFailed } from '../diagnostics/catalogue/project.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { DataResolver, reviveFileWrites, type FileWrites, type Readings } from '../flow/project-data.js';
import { servingFlows } from '../flow/serving-flows.js';
import { parse } from '../syntax/parser.js';
import { renderable, type RenderableWorkflow } from '../emit/workflow.js';
import { byFileName, callersOfLaterFlows, DuplicateFlows, withFileDiagnostics, type DeclaredFlow } from './project-flows.js';
import { diagnosticsOf, expandPaths, openWorkspaceFiles, type OpenedWorkspace, type Workspace, type WorkspaceFile, type WorkspaceOptions } from './workspace.js';

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
  { emit, parts }: { readonly emit: boolean | EmissionSink; readonly parts?: PartRunner },
): Promise<CompiledWorkspace> {
  const inParts = !emit && parts ? await compileInParts(paths, options, parts) : undefined;
  if (inParts) return inParts;
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
  const readers = new Map<WorkspaceFile, { found: WorkspaceFile; options: Compilation['options']; resolver: Compilation['resolver'] }>();
  registerServingFlows([...opened.files, ...opened.contextFiles]);
  const ordered = byFileName([...opened.files, ...opened.contextFiles]);
  // A check of a file that calls a flow of a later file would read the child's answers before the
  // project has them, and be made again at the end (a thousand-file check made 294 of its files
  // twice): such a file is analysed in its turn, for what it adds to the project's data, and
  // checked at the end, where a stale file is checked again, with the whole project. A check keeps
  // its tree and model till then (cheaper than making them again: 8.6 G instructions of the main
  // thread against 9.1 G, for 30 MB); a build, which keeps its output's texts, makes them again.
  // Not in a Standard app's build, whose renderer gathers its files' parameters in the order they come.
  const callers = callersOfLaterFlows(ordered);
  const deferrable = (file: WorkspaceFile) => callers.has(file) && (emit === false || !opened.appParameters.has(file.project));
  const deferred = new Map<WorkspaceFile, { found: WorkspaceFile; options: Compilation['options']; compilation?: Compilation }>();
  // In file-name order, so that a file's duplicate flows (which need the files before it) are
  // known when it is compiled: emission depends on them.
  for (const file of ordered) {
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
    if (!failure && deferrable(file)) {
      deferred.set(file, { found: withFound, options: compilation.options, ...(emit === false && { compilation }) });
      continue;
    }
    outcomes.set(file, failure ?? fileOutcome(withFound, compilation, emit));
    // Only the resolver is kept: the compilation, its tree and its model are dropped.
    if (compilation.resolver.readProjectData) readers.set(file, { found: withFound, options: compilation.options, resolver: compilation.resolver });
  }
  // In file-name order, the deferred files among the stale ones: a build's sink takes their
  // workflows in the order it took the stale files' alone.
  for (const file of ordered) {
    const waiting = deferred.get(file);
    if (waiting) {
      // Dropped once checked, as every other file's compilation is.
      deferred.delete(file);
      outcomes.set(file, fileOutcome(waiting.found, waiting.compilation ?? new Compilation(file.source, waiting.options), emit));
      continue;
    }
    const reader = readers.get(file);
    if (!reader?.resolver.stale()) continue;
    if (typeof emit === 'object') emit.withdraw(file);
    outcomes.set(file, fileOutcome(reader.found, new Compilation(file.source, reader.options), emit));
  }
  if (opened.flows.missedDeclaration([...opened.files, ...opened.contextFiles])) return undefined;
  const workspace = opened.finish();
  return { workspace, outcomes: opened.files.map((file) => outcomes.get(file)) };
}

// ---------------------------------------------------------------------------------------------
// A check in parts, one a thread
//
// Files are independent but for what the project joins: its data (flow/project-data.ts), the flows
// `call flow` looks up, and the flow names two files declare. So each thread opens the whole
// workspace (reading, the policy, the catalog of flows: cheap) and compiles one run of the files
// in file-name order against the project's data of its run's files only. The first thread's run
// comes first, so its files see what one thread's would. It then adds the other runs' data in
// file-name order, as one thread adds it, finds the duplicate flows from the declarations each
// thread sends, and checks again: a file of its own run whose reading of the project's data grew
// (`stale`, as one thread does at its end); a file of a later run that the whole project answers
// otherwise in anything that decides a finding (a category the run did not see, a store that
// rewrites), or, for a file with findings, in what a message names (the flow that stored a
// category first). So a file is reported as one thread reports it. Only `check`: a build's emission
// depends on the duplicate flows, which need the files before (one thread's order).

/** What one thread found of a file of its part: all the first thread needs to join the parts. */
export interface PartFile {
  readonly fileName: string;
  readonly declared: readonly DeclaredFlow[];
  readonly broken: boolean;
  /** What it writes into the project's data; absent without a compilation, or when its analysis failed. */
  readonly writes?: FileWrites;
  /** A named file's findings. */
  readonly outcome?: FileOutcome;
  /** What its check read of the project's data (`DataResolver.readings`), when it read any. */
  readonly readings?: Readings;
}

/** Runs parts of a check in other threads, each opening the same paths with the same options. */
export interface PartRunner {
  /** How many parts (threads, this one included) for a check of so many named files: 1 for one. */
  count(fileCount: number): number;
  /** Starts part `index` (from 1) of `count` in another thread; undefined when it failed there. */
  start(index: number, count: number): Promise<readonly PartFile[] | undefined>;
  /** Stops the threads started: their parts are not needed. */
  stop(): void;
}

/**
 * The files of part `index` of `count`: runs of the files in file-name order (context files
 * included), of about equal lengths of text; a file goes to the part its middle falls in.
 */
function partOf(ordered: readonly WorkspaceFile[], index: number, count: number): { from: number; to: number } {
  const total = ordered.reduce((sum, file) => sum + file.source.text.length, 0);
  const bounds = [0];
  let length = 0;
  for (const [i, file] of ordered.entries()) {
    const middle = length + file.source.text.length / 2;
    while (bounds.length < count && middle >= (total * bounds.length) / count) bounds.push(i);
    length += file.source.text.length;
  }
  while (bounds.length < count) bounds.push(ordered.length);
  bounds.push(ordered.length);
  return { from: bounds[index]!, to: bounds[index + 1]! };
}

/** Compiles part `index` of `count` of an opened workspace: in the thread that runs it. */
export function compilePart(opened: OpenedWorkspace, index: number, count: number): PartFile[] {
  const ordered = byFileName([...opened.files, ...opened.contextFiles]);
  const named = new Set(opened.files);
  registerServingFlows(ordered);
  const { from, to } = partOf(ordered, index, count);
  // A later part sees its own files' data only: what it read must be the whole project's answer,
  // whole (the flow a message names as the writer), or the file is checked again (compileInParts).
  if (index > 0) for (const file of ordered) if (file.compilation?.options.projectData) file.compilation.options.projectData.recordAnswers = true;
  const part: PartFile[] = [];
  for (const file of ordered.slice(from, to)) {
    // As compileOneByOne does, but for the duplicate flows (the first thread's, when it joins the parts).
    const compilation = file.compilation ? new Compilation(file.source, file.compilation.options) : undefined;
    let failure: FileOutcome | undefined;
    let writes: FileWrites | undefined;
    try {
      if (compilation && named.has(file)) opened.flows.record(file, compilation.syntax);
      if (compilation) {
        compilation.options.projectData?.addFile(file.fileName, compilation.model);
        writes = compilation.options.projectData?.writesOf(file.fileName);
      }
    } catch (error) {
      failure = failedOutcome(error);
    }
    const found = { fileName: file.fileName, declared: opened.flows.declaredBy(file), broken: opened.flows.isBroken(file), ...(writes && { writes }) };
    if (!compilation || !named.has(file)) {
      part.push(found);
      continue;
    }
    const outcome = failure ?? fileOutcome(file, compilation, false);
    const readings = compilation.resolver.readProjectData ? compilation.resolver.readings : undefined;
    part.push({ ...found, outcome, ...(readings && { readings }) });
  }
  return part;
}

/** Undefined when the check is not split, or a part failed: then it runs in one thread. */
async function compileInParts(paths: readonly string[], options: WorkspaceOptions, runner: PartRunner): Promise<CompiledWorkspace | undefined> {
  const count = runner.count((await expandPaths(options.fs, options.cwd, paths)).length);
  if (count < 2) return undefined;
  // Started first, so that the other threads open the workspace while this one does.
  const others = Array.from({ length: count - 1 }, (_, index) => runner.start(index + 1, count).catch(() => undefined));
  try {
    const opened = await openWorkspaceFiles(paths, options, { keepTrees: false });
    // A Standard app's params are checked against the files before (one thread's order).
    if (opened.appParameters.size > 0) return undefined;
    const ordered = byFileName([...opened.files, ...opened.contextFiles]);
    const own = compilePart(opened, 0, count);
    const parts = await Promise.all(others);
    if (parts.some((part) => part === undefined)) return undefined;
    const found = [own, ...(parts as (readonly PartFile[])[])].flat();
    // Each thread read the files itself: one changed meanwhile, and the parts do not fit together.
    if (found.length !== ordered.length || found.some((file, index) => file.fileName !== ordered[index]!.fileName)) return undefined;
    // The other parts' data after this one's, in file-name order, as one thread adds it.
    for (let index = own.length; index < ordered.length; index++) {
      const file = ordered[index]!;
      const { declared, broken, writes } = found[index]!;
      opened.flows.adopt(file, declared, broken);
      if (writes) file.compilation?.options.projectData?.addWrites(file.fileName, reviveFileWrites(writes));
    }
    const outcomes = new Map<WorkspaceFile, FileOutcome>();
    for (const [index, { outcome }] of found.entries()) if (outcome) outcomes.set(ordered[index]!, outcome);
    for (const [index, { readings, outcome }] of found.entries()) {
      const file = ordered[index]!;
      const projectData = file.compilation?.options.projectData;
      // A file without findings has no message that could name another writer than the whole project's first.
      const withFindings = outcome === undefined || outcome.diagnostics.length > 0;
      if (!readings || !projectData || !DataResolver.thatRead(projectData, file.fileName, readings).stale(withFindings)) continue;
      outcomes.set(file, fileOutcome(file, new Compilation(file.source, file.compilation!.options), false));
    }
    if (opened.flows.missedDeclaration(ordered)) return undefined;
    const workspace = opened.finish();
    return { workspace, outcomes: opened.files.map((file) => outcomes.get(file)) };
  } finally {
    runner.stop();
  }
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
  // A build emits first, so that the diagnostics are those of its workflows rather than of an emission for them alone.
  if (emit) compilation.emit();
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
