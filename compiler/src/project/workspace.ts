/**
 * The files a command works on, grouped into projects. A project is the set of files governed by
 * one jig.yaml (or by none): they share a policy, loaded once, and see each other's flows for
 * `call flow`. Each file gets its own `Compilation`; nothing here parses or checks by itself.
 */
import { Compilation } from '../compilation.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { configPolicyNotFound } from '../diagnostics/catalogue/project.js';
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import type { Policy } from '../policy/model.js';
import { decodeSource, MAX_SOURCE_BYTES } from '../syntax/decode.js';
import { fileTooLarge } from '../diagnostics/catalogue/input.js';
import { SourceFile, type TextRange } from '../syntax/source.js';
import { ConfigLocator, type ProjectConfig, type ProjectFileRead } from './config.js';
import { ProjectFacts } from '../flow/project-data.js';
import { NO_PROJECT_SETTINGS, type ProjectSettings } from '../policy/destinations.js';
import { normalizeUnit, secondsOf } from '../semantics/durations.js';
import { projectRoots, refusalMessage } from './named-files.js';
import { FileTooLarge, type FileSystem } from './host.js';
import { dirname, relativePath, resolvePath } from './paths.js';
import { byFileName, DuplicateFlows, FlowCatalog, ProjectFlows, withFileDiagnostics } from './project-flows.js';
import { AppParameterIndex, effectiveTarget } from './app-parameters.js';
import type { Target } from '../emit/targets/options.js';

/** A path that names nothing, an unreadable file: the command cannot start (exit code 2). */
export class InputError extends Error {}

/** Where policies come from; the CLI and the language server each wire in the policy loader. */
export interface PolicySource {
  /** The policy of a project that names none. */
  embedded(): Policy;
  /** Loads a policy file and the files it extends. */
  load(request: PolicyRequest): Promise<PolicyLoad>;
}

export interface PolicyRequest {
  /** Absolute. */
  readonly path: string;
  /** As it was written (in jig.yaml, on the command line), for messages. */
  readonly written: string;
  /** Real paths of the folders the policy and every file it extends must lie in (named-files.ts). */
  readonly roots: readonly string[];
}

/**
 * A policy loaded (its problems, in the policy files, by file), or why the file itself could not be
 * used, for the caller to report where the file was named.
 */
export type PolicyLoad =
  | { readonly policy?: Policy; readonly problems: readonly FileDiagnostics[] }
  | { readonly missing: true }
  | { readonly refused: (range: TextRange) => Diagnostic };

export interface WorkspaceOptions {
  readonly fs: FileSystem;
  /** Relative paths and globs are resolved against it. */
  readonly cwd: string;
  readonly policies: PolicySource;
  /** `--policy FILE`: checks every file against this policy, whatever its jig.yaml says. */
  readonly policyOverride?: string;
  /** `--target`: the layout every project is built in, whatever its jig.yaml says. */
  readonly targetOverride?: Target;
}

export interface Project {
  /** Absent for files that no jig.yaml governs. */
  readonly configFile?: string;
  readonly config?: ProjectConfig;
  /** Absent when the project file or the policy file is broken: its files are not compiled. */
  readonly policy?: Policy;
}

export interface WorkspaceFile {
  /** Absolute, `/`-separated. */
  readonly fileName: string;
  /** The decoded text; empty when the bytes are not text. */
  readonly source: SourceFile;
  readonly project: Project;
  /** Absent when the file could not be decoded or its project could not be loaded. */
  readonly compilation?: Compilation;
  /** Findings about the file as a whole: its encoding, flow names another file also declares. */
  readonly fileDiagnostics: readonly Diagnostic[];
}

export interface Workspace {
  readonly files: readonly WorkspaceFile[];
  /** Findings in project files and policy files. */
  readonly projectProblems: readonly FileDiagnostics[];
  /** The text of any source file read, those read only for context included (a fix may edit one). */
  sourceOf(fileName: string): SourceFile | undefined;
}

const GLOB_CHARACTERS = /[*?[\]{}]/;
const SOURCE_EXTENSION = '.jig';

/**
 * The source files that command-line paths name: a file as given, a folder's `.jig` files at any
 * depth (skipping hidden folders and node_modules), a glob's matches. Sorted, without repeats.
 */
export async function expandPaths(fs: FileSystem, cwd: string, paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    if (GLOB_CHARACTERS.test(path)) {
      const matches = await fs.glob(path, cwd);
      if (matches.length === 0) throw new InputError(`no file matches '${path}'`);
      for (const match of matches) if ((await fs.stat(match))?.kind === 'file') found.add(match);
      continue;
    }
    const absolute = resolvePath(cwd, path);
    const stat = await fs.stat(absolute);
    if (!stat) throw new InputError(`no such file or folder: '${path}'`);
    // Reading a FIFO or a device would wait forever, or never end.
    if (stat.kind === 'other') throw new InputError(`'${path}' is not a regular file`);
    if (stat.kind === 'directory') {
      const before = found.size;
      await collectSources(fs, absolute, found);
      if (found.size === before) throw new InputError(`no ${SOURCE_EXTENSION} file in '${path}'`);
    } else {
      found.add(absolute);
    }
  }
  return [...found].sort();
}

async function collectSources(fs: FileSystem, directory: string, found: Set<string>): Promise<void> {
  let entries;
  try {
    entries = await fs.readDirectory(directory);
  } catch {
    throw new InputError(`cannot read the folder '${directory}'`);
  }
  for (const entry of entries) {
    const path = resolvePath(directory, entry.name);
    if (entry.kind === 'directory') {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await collectSources(fs, path, found);
    } else if (entry.kind === 'file' && entry.name.endsWith(SOURCE_EXTENSION)) {
      found.add(path);
    }
  }
}

/**
 * Expands the paths, reads every file and sets up one compilation per file. The other `.jig` files
 * of a named file's project are read too, so that `call flow` and the duplicate-name check see
 * the whole project; they are not reported on.
 */
export async function loadWorkspace(paths: readonly string[], options: WorkspaceOptions): Promise<Workspace> {
  return (await openWorkspaceFiles(paths, options, { keepTrees: true })).finish();
}

/** The files read and their compilations set up, before the duplicate-flow check. */
export interface OpenedWorkspace {
  /** The named files, in file-name order. */
  readonly files: readonly WorkspaceFile[];
  /** The other files of their projects, read for `call flow` and the duplicate check. */
  readonly contextFiles: readonly WorkspaceFile[];
  readonly flows: FlowCatalog;
  /** The params of each project built as a Standard app, which its files must declare alike. */
  readonly appParameters: ReadonlyMap<Project, AppParameterIndex>;
  /** The workspace, with each file's duplicate flows among its findings. */
  finish(): Workspace;
}

export async function openWorkspaceFiles(
  paths: readonly string[],
  options: WorkspaceOptions,
  { keepTrees }: { readonly keepTrees: boolean },
): Promise<OpenedWorkspace> {
  const fileNames = await expandPaths(options.fs, options.cwd, paths);
  const projects = new ProjectLoader(options);
  const named = await Promise.all(fileNames.map((fileName) => readSource(fileName, projects, options)));
  const others = await projectMates(new Set(fileNames), projects, options);
  const context = (
    await Promise.all(others.map((fileName) => readSource(fileName, projects, options).catch(() => undefined)))
  ).filter((file) => file !== undefined);

  const catalog = new FlowCatalog(keepTrees);
  const flowsByProject = new Map<Project, ProjectFlows>();
  const factsByProject = new Map<Project, ProjectFacts>();
  const appParameters = new Map<Project, AppParameterIndex>();
  const appParametersOf = (project: Project): AppParameterIndex | undefined => {
    if (effectiveTarget(project.config?.target, options.targetOverride) !== 'standard') return undefined;
    let index = appParameters.get(project);
    if (!index) appParameters.set(project, (index = new AppParameterIndex((fileName) => relativePath(options.cwd, fileName))));
    return index;
  };
  const setUp = (file: DecodedFile): WorkspaceFile => {
    let flows = flowsByProject.get(file.project);
    if (!flows) {
      flows = new ProjectFlows(catalog);
      flowsByProject.set(file.project, flows);
    }
    let projectData = factsByProject.get(file.project);
    if (!projectData) factsByProject.set(file.project, (projectData = new ProjectFacts()));
    const app = appParametersOf(file.project);
    const compilation =
      file.source && file.project.policy
        ? new Compilation(file.source, {
            policy: file.project.policy,
            flows: flows.excluding(file.fileName),
            projectData,
            project: projectSettings(file.project.config),
            ...(app && { appParameters: app.before(file.fileName) }),
          })
        : undefined;
    // Kept compilations (the language server's, loadWorkspace's) answer for their file when a check
    // asks; a streaming check adds each file as it compiles it (compile-workspace.ts).
    if (compilation && keepTrees) projectData.register(file.fileName, () => compilation.model);
    if (compilation && app) app.register(file.fileName, () => compilation);
    const workspaceFile: WorkspaceFile = {
      fileName: file.fileName,
      source: file.source ?? new SourceFile(file.fileName, ''),
      project: file.project,
      ...(compilation && { compilation }),
      fileDiagnostics: file.diagnostics,
    };
    flows.members.push(workspaceFile);
    return workspaceFile;
  };
  const files = named.map(setUp);
  const contextFiles = context.map(setUp);
  return {
    files,
    contextFiles,
    flows: catalog,
    appParameters,
    finish() {
      // Files read only for context count, but only named files are returned.
      const duplicates = new DuplicateFlows(options.cwd);
      const found = new Map<WorkspaceFile, Diagnostic[]>();
      for (const file of byFileName([...files, ...contextFiles])) found.set(file, duplicates.add(file, catalog.declaredBy(file)));
      return {
        files: files.map((file) => withFileDiagnostics(file, found.get(file) ?? [])),
        projectProblems: projects.problems(),
        sourceOf: (fileName) => [...files, ...contextFiles].find((file) => file.fileName === fileName)?.source,
      };
    },
  };
}

interface DecodedFile {
  readonly fileName: string;
  readonly source?: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
  readonly project: Project;
}

async function readSource(fileName: string, projects: ProjectLoader, options: WorkspaceOptions): Promise<DecodedFile> {
  let bytes: Uint8Array;
  try {
    // No more than the limit is read: a larger file is refused from its size alone.
    bytes = await options.fs.readFile(fileName, { maxBytes: MAX_SOURCE_BYTES });
  } catch (error) {
    if (!(error instanceof FileTooLarge)) throw new InputError(`cannot read '${relativePath(options.cwd, fileName)}'`);
    const tooLarge = fileTooLarge({ start: 0, end: 0 }, { size: error.size, limit: MAX_SOURCE_BYTES });
    return { fileName, diagnostics: [tooLarge], project: await projects.projectOf(fileName) };
  }
  const { source, diagnostics } = decodeSource(fileName, bytes);
  return { fileName, ...(source && { source }), diagnostics, project: await projects.projectOf(fileName) };
}

/** The `.jig` files of the named files' projects (those with a jig.yaml) that were not named. */
async function projectMates(named: ReadonlySet<string>, projects: ProjectLoader, options: WorkspaceOptions): Promise<string[]> {
  const roots = new Set<string>();
  for (const fileName of named) {
    const configFile = await projects.configFileOf(fileName);
    if (configFile !== undefined) roots.add(dirname(configFile));
  }
  const found = new Set<string>();
  for (const root of roots) {
    try {
      await collectSources(options.fs, root, found);
    } catch {
      // An unreadable folder of the project only hides its flows from `call flow`.
    }
  }
  const mates: string[] = [];
  for (const fileName of [...found].sort()) {
    if (named.has(fileName)) continue;
    // A folder below the root may hold a project of its own.
    const configFile = await projects.configFileOf(fileName);
    if (configFile !== undefined && roots.has(dirname(configFile))) mates.push(fileName);
  }
  return mates;
}

/** What a project's jig.yaml adds to the policy's platform, and the values it gives parameters. */
const settingsByConfig = new WeakMap<ProjectConfig, ProjectSettings>();

export function projectSettings(config: ProjectConfig | undefined): ProjectSettings {
  if (!config) return NO_PROJECT_SETTINGS;
  let settings = settingsByConfig.get(config);
  if (!settings) {
    const parameterValues = new Map<string, string | 'deploy-time'>();
    for (const [name, value] of Object.entries(config.deploy?.parameters ?? {})) {
      parameterValues.set(name, typeof value === 'object' ? 'deploy-time' : String(value));
    }
    const diagnosticLogs = config.diagnosticLogs && { retention: logRetention(config.diagnosticLogs.retention) };
    // The subscription the project deploys to is the client's own, as those jig.yaml names.
    const subscriptions = [...(config.resources?.subscriptions ?? []), ...(config.deploy?.subscription ? [config.deploy.subscription] : [])].map((id) => id.trim().toLowerCase());
    settings = { hosts: config.resources?.hosts ?? [], mailDomains: config.resources?.mailDomains ?? [], teams: config.resources?.teams ?? [], subscriptions, ...(config.resources?.agentConnections && { agentConnections: config.resources.agentConnections }), ...(diagnosticLogs && { diagnosticLogs }), parameterValues };
    settingsByConfig.set(config, settings);
  }
  return settings;
}

/** jig.yaml's `diagnosticLogs.retention` (`90 days`; the schema allows no other form), counted as the policy counts periods. */
function logRetention(text: string): NonNullable<ProjectSettings['diagnosticLogs']>['retention'] {
  const [amount, written] = text.split(' ');
  const unit = normalizeUnit(written!) as 'days' | 'weeks' | 'months' | 'years';
  return { amount: Number(amount), unit, seconds: secondsOf(Number(amount), unit) };
}

/** Every finding of a file (emission's included), in the order the formats show them. */
export function diagnosticsOf(
  file: WorkspaceFile,
  compiled: readonly Diagnostic[] = file.compilation?.diagnostics ?? [],
): readonly Diagnostic[] {
  if (file.fileDiagnostics.length === 0) return compiled;
  return [...file.fileDiagnostics, ...compiled].sort(compareDiagnostics);
}

/** Reads each jig.yaml and each policy file once, however many source files share it. */
class ProjectLoader {
  private readonly locator: ConfigLocator;
  private readonly projects = new Map<string, Promise<Project>>();
  private readonly policies = new Map<string, Promise<PolicyLoad>>();
  private overridden: Promise<Policy | undefined> | undefined;
  private readonly found: FileDiagnostics[] = [];

  constructor(private readonly options: WorkspaceOptions) {
    this.locator = new ConfigLocator(options.fs);
  }

  configFileOf(fileName: string): Promise<string | undefined> {
    return this.locator.find(dirname(fileName));
  }

  async projectOf(fileName: string): Promise<Project> {
    const configFile = await this.configFileOf(fileName);
    const key = configFile ?? '';
    let project = this.projects.get(key);
    if (!project) {
      project = this.load(configFile);
      this.projects.set(key, project);
    }
    return project;
  }

  /** By file name: files load concurrently, and output must not depend on which came first. */
  problems(): FileDiagnostics[] {
    return this.found
      .filter((problem) => problem.diagnostics.length > 0)
      .sort((a, b) => (a.source.fileName < b.source.fileName ? -1 : a.source.fileName > b.source.fileName ? 1 : 0));
  }

  private async load(configFile: string | undefined): Promise<Project> {
    if (configFile === undefined) return { policy: await this.policyFor(undefined) };
    const read = await this.locator.read(configFile);
    this.found.push({ source: read.source, diagnostics: read.diagnostics });
    if (!read.config) return { configFile };
    const config = read.config;
    const policy = await this.policyFor(read);
    return { configFile, config, ...(policy && { policy }) };
  }

  /**
   * The policy of a project: `--policy`'s, else the one its jig.yaml names (a problem with that file
   * itself reported at its name in jig.yaml), else the embedded one.
   */
  private async policyFor(project: ProjectFileRead | undefined): Promise<Policy | undefined> {
    if (this.options.policyOverride !== undefined) return (this.overridden ??= this.overridePolicy(this.options.policyOverride));
    const config = project?.config;
    if (config?.policy === undefined) return this.options.policies.embedded();
    const request = { path: config.policy, written: config.policyWritten ?? config.policy, roots: project!.roots };
    const loaded = await this.loadOnce(request);
    if ('missing' in loaded || 'refused' in loaded) {
      const range = config.policyRange ?? { start: 0, end: 0 };
      const problem = 'refused' in loaded ? loaded.refused(range) : configPolicyNotFound(range, { path: request.written });
      this.found.push({ source: project!.source, diagnostics: [problem] });
      return undefined;
    }
    return loaded.policy;
  }

  /** `--policy FILE`: a file named on the command line that cannot be used is a usage error. */
  private async overridePolicy(override: string): Promise<Policy | undefined> {
    const path = resolvePath(this.options.cwd, override);
    const roots = await projectRoots(this.options.fs, dirname(path));
    const loaded = await this.loadOnce({ path, written: override, roots });
    if ('missing' in loaded) throw new InputError(`no such policy file: '${override}'`);
    if ('refused' in loaded) throw new InputError(refusalMessage(loaded.refused));
    return loaded.policy;
  }

  /** Each policy file is loaded once, and its own problems reported once, however many projects name it. */
  private loadOnce(request: PolicyRequest): Promise<PolicyLoad> {
    const key = `${request.path}\n${request.roots.join('\n')}`;
    let loading = this.policies.get(key);
    if (!loading) {
      loading = this.options.policies.load(request).then((loaded) => {
        if ('problems' in loaded) this.found.push(...loaded.problems);
        return loaded;
      });
      this.policies.set(key, loading);
    }
    return loading;
  }
}
