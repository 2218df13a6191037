/**
 * Which policy checks a document: the `jig.policyPath` setting, else the policy named by the
 * nearest jig.yaml, else the embedded JigAjob policy (language.md, "Declarations"). Project and
 * policy files are read through the compiler's FileSystem interface, so the server core needs no
 * Node API; without a file system (a browser worker) every document gets the embedded policy.
 *
 * A broken jig.yaml or policy file is reported on that file. Like the CLI, the server then does not
 * check the document against some other policy (that would be worse than no check): the document
 * keeps its syntax and type diagnostics, hovers and completions, and gets no policy diagnostics.
 */
import {
  ConfigLocator,
  configPolicyNotFound,
  dirname,
  isAbsolutePath,
  loadEmbeddedPolicy as embeddedPolicy,
  loadPolicyFile,
  projectRoots,
  projectSettings,
  refusalMessage,
  resolvePath,
  type ProjectConfig,
  type ProjectSettings,
  type Diagnostic,
  type FileSystem,
  type Policy,
  type PolicyLoad,
  type PolicyRequest,
  type ProjectFileRead,
  type SourceFile,
  type TextRange,
} from '../../compiler/src/index.js';

export interface PolicyResolution {
  readonly policy: Policy;
  /** The project's policy could not be loaded: `policy` is the embedded one, for editing help only. */
  readonly broken: boolean;
  /** The folder of the document's jig.yaml; absent for a document outside any project. */
  readonly projectRoot?: string;
  /** What the project's jig.yaml adds to the platform and gives parameters (§3). */
  readonly project: ProjectSettings;
  /** The project is built as a Standard app (`target: standard`): its files' params are one app's. */
  readonly standardApp: boolean;
  /** A problem with no file to show it in (the `jig.policyPath` setting names no readable file). */
  readonly settingProblem?: string;
  /** Problems of the project and policy files, by their path, with the text they refer to. */
  readonly fileDiagnostics: ReadonlyMap<string, FileProblems>;
}

export interface FileProblems {
  readonly source: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
}

export class ProjectPolicies {
  private configs: ConfigLocator | undefined;
  private readonly policies = new Map<string, Promise<PolicyLoad>>();

  constructor(
    private readonly fs: FileSystem | undefined,
    private readonly workspaceRoot: () => string | undefined,
    private readonly policyPathSetting: () => string,
  ) {
    this.configs = fs && new ConfigLocator(fs);
  }

  /** Forgets every project and policy file read, after one changed on disk or in the settings. */
  invalidate(): void {
    this.configs = this.fs && new ConfigLocator(this.fs);
    this.policies.clear();
  }

  /** The policy for the document at `path` (undefined for a document without a file). */
  async resolve(path: string | undefined): Promise<PolicyResolution> {
    const fileDiagnostics = new Map<string, FileProblems>();
    const projectRoot = await this.projectRootOf(path);
    const config = await this.configOf(path);
    const project = projectSettings(config);
    const standardApp = config?.target === 'standard';
    const base = { fileDiagnostics, project, standardApp, ...(projectRoot !== undefined && { projectRoot }) };
    const named = await this.policyPathFor(path, fileDiagnostics);
    if (named === 'broken') return { ...base, policy: embeddedPolicy(), broken: true };
    if (!named || !this.fs) return { ...base, policy: embeddedPolicy(), broken: false };
    const loaded = await this.loadPolicy(named);
    if ('problems' in loaded) {
      for (const { source, diagnostics } of loaded.problems) fileDiagnostics.set(source.fileName, { source, diagnostics });
      return loaded.policy ? { ...base, policy: loaded.policy, broken: false } : { ...base, policy: embeddedPolicy(), broken: true };
    }
    // The file itself cannot be used: said where it was named, in jig.yaml or about the setting.
    if (!named.writtenIn) {
      const settingProblem =
        'missing' in loaded
          ? `Jig: the policy file '${named.written}' of the jig.policyPath setting cannot be read.`
          : `Jig: ${refusalMessage(loaded.refused)} (the jig.policyPath setting)`;
      return { ...base, policy: embeddedPolicy(), broken: true, settingProblem };
    }
    const { source, range } = named.writtenIn;
    const problem = 'missing' in loaded ? configPolicyNotFound(range, { path: named.written }) : loaded.refused(range);
    const problems = fileDiagnostics.get(source.fileName)?.diagnostics ?? [];
    fileDiagnostics.set(source.fileName, { source, diagnostics: [...problems, problem] });
    return { ...base, policy: embeddedPolicy(), broken: true };
  }

  private async configOf(path: string | undefined): Promise<ProjectConfig | undefined> {
    if (!path || !this.configs) return undefined;
    try {
      const configFile = await this.configs.find(dirname(path));
      return configFile ? (await this.configs.read(configFile)).config : undefined;
    } catch {
      return undefined;
    }
  }

  private async projectRootOf(path: string | undefined): Promise<string | undefined> {
    if (!path || !this.configs) return undefined;
    try {
      const configFile = await this.configs.find(dirname(path));
      return configFile && dirname(configFile);
    } catch {
      return undefined;
    }
  }

  /** The policy file that governs `path`, with where its name was written; 'broken' for a broken jig.yaml. */
  private async policyPathFor(
    path: string | undefined,
    fileDiagnostics: Map<string, FileProblems>,
  ): Promise<(PolicyRequest & { writtenIn?: { source: SourceFile; range: TextRange } }) | 'broken' | undefined> {
    const setting = this.policyPathSetting();
    if (setting) {
      const root = this.workspaceRoot() ?? (path ? dirname(path) : undefined);
      const settingPath = isAbsolutePath(setting) || !root ? setting : resolvePath(root, setting);
      // Like `--policy FILE`: the file and what it extends stay inside its own folder and repository.
      const roots = this.fs ? await projectRoots(this.fs, dirname(settingPath)) : [];
      return { path: settingPath, written: setting, roots };
    }
    if (!path || !this.configs) return undefined;
    let read: ProjectFileRead;
    try {
      const configFile = await this.configs.find(dirname(path));
      if (!configFile) return undefined;
      read = await this.configs.read(configFile);
    } catch {
      // A jig.yaml removed while we looked counts as none.
      return undefined;
    }
    fileDiagnostics.set(read.source.fileName, { source: read.source, diagnostics: read.diagnostics });
    if (!read.config) return 'broken';
    if (!read.config.policy) return undefined;
    const written = read.config.policyWritten ?? read.config.policy;
    return {
      path: read.config.policy,
      written,
      roots: read.roots,
      writtenIn: { source: read.source, range: read.config.policyRange ?? { start: 0, end: 0 } },
    };
  }

  private loadPolicy(request: PolicyRequest): Promise<PolicyLoad> {
    const key = `${request.path}\n${request.roots.join('\n')}`;
    let loaded = this.policies.get(key);
    if (!loaded) {
      loaded = loadPolicyFile(this.fs!, request);
      this.policies.set(key, loaded);
    }
    return loaded;
  }
}
