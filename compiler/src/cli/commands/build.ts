/**
 * `jig build PATH… --out DIR`: checks like `check`, then writes each project's workflows in the
 * chosen target's layout. A file with errors contributes nothing, and every file is written
 * atomically, so the output folder never holds a half-written workflow. Each output folder keeps a
 * manifest of what Jig wrote there (project/build-manifest.ts): what an earlier build wrote for
 * flows that no longer exist is removed, and nothing Jig did not write.
 */
import { join } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { targetOptionsOf, targetRenderer, TARGETS, type OutputFile, type Target, type TargetRenderer } from '../../emit/targets/index.js';
import type { RenderableWorkflow } from '../../emit/workflow.js';
import type { FileDiagnostics } from '../../diagnostics/format/located.js';
import { validateEmitted } from '../../validate/index.js';
import { SourceFile } from '../../syntax/source.js';
import { fileExists, nodeFileSystem, readTextIfPresent, removeIfUnchanged, textHasher, writeFilesAtomic } from '../../project/node-host.js';
import { outputFolderOutside, projectRoots } from '../../project/named-files.js';
import type { ProjectConfig } from '../../project/config.js';
import { MANIFEST_NAME, manifestText, planCleanup, readManifest, type ManifestEntry } from '../../project/build-manifest.js';
import { normalizePath, relativePath, resolvePath } from '../../project/paths.js';
import { emitWorkspace } from '../../project/emission.js';
import { effectiveTarget } from '../../project/app-parameters.js';
import type { EmissionSink } from '../../project/compile-workspace.js';
import type { Project, WorkspaceFile } from '../../project/workspace.js';
import { parseCommandArgs, usageText } from '../args.js';
import { ExitCode, UsageError, type CliContext, type Command } from '../command.js';
import { compileOpenWorkspace, hasUnusablePolicy, policyOption } from '../open-workspace.js';
import { formatOption, writeDiagnostics } from '../output.js';

const options = {
  out: { type: 'string', short: 'o', valueName: 'DIR', description: "Output folder (default: jig.yaml's `out`)." },
  target: {
    type: 'string',
    choices: TARGETS,
    valueName: 'TARGET',
    description: "Output layout (default: jig.yaml's `target`, else consumption).",
  },
  format: formatOption,
  policy: policyOption,
} as const;

export const command: Command = {
  name: 'build',
  summary: 'Check .jig files and write their Logic Apps workflows.',
  usage: usageText(
    'jig build PATH… [--out DIR] [--target consumption|arm|standard] [--format …] [--policy FILE]',
    'Checks each .jig file as `jig check` does and writes the workflows of every file without errors\nto DIR, else to the folder jig.yaml names as `out` (one <flow>.json per flow for the consumption target). A file with errors writes nothing.',
    options,
  ),
  async run(context) {
    const { values, positionals, help } = parseCommandArgs('build', context.args, options);
    if (help) {
      context.stdout.write(command.usage);
      return ExitCode.Ok;
    }
    const outFlag = values.out !== undefined ? resolvePath(normalizePath(context.cwd), values.out) : undefined;
    const output = new BuildOutput(values.target as Target | undefined, outFlag);
    const { workspace, outcomes } = await compileOpenWorkspace(context, 'build', positionals, values.policy, output, values.target as Target | undefined);
    if (outFlag === undefined && workspace.files.some((file) => file.project.config?.out === undefined)) {
      // A jig.yaml that cannot be read names no folder either: what is wrong with it comes first
      // (a key this version does not know said only "no output folder").
      if (workspace.projectProblems.length > 0) {
        writeDiagnostics(context, values.format, workspace.projectProblems, workspace.files.length, workspace.sourceOf);
        return hasUnusablePolicy(workspace.projectProblems) ? ExitCode.Usage : ExitCode.Errors;
      }
      throw new UsageError("jig build: no output folder: give --out DIR or set `out` in jig.yaml (see 'jig build --help')");
    }
    if (outFlag === undefined) await refuseOutputOutsideProjects(workspace.files.map((file) => file.project.config), context);
    const emission = emitWorkspace(workspace, outcomes);
    output.finish();
    const clash = output.clash();
    if (clash) {
      const cwd = normalizePath(context.cwd);
      const [first, second] = clash.origins.map((origin) =>
        'sourceFile' in origin
          ? relativePath(cwd, origin.sourceFile)
          : origin.configFile === ''
            ? 'the files outside any project'
            : `the project of ${relativePath(cwd, origin.configFile)}`,
      );
      throw new UsageError(
        `jig build: '${relativePath(cwd, clash.path)}' would be written for ${first} and for ${second}: build each project into a folder of its own (--out, or \`out\` in each jig.yaml)`,
      );
    }

    // Everything is rendered and validated before the first file is written: output that fails
    // validation is a compiler defect, and then nothing at all is written.
    const files = [...emission.files, ...output.invalid];
    const invalidOutput = output.invalid.some((file) => hasErrors(file.diagnostics));
    const written = invalidOutput ? 0 : output.files.length;
    let notes: string[] = [];
    if (!invalidOutput) {
      await writeFilesAtomic(output.files);
      const withoutErrors = new Set(emission.files.filter((file) => !hasErrors(file.diagnostics)).map((file) => file.source.fileName));
      notes = await cleanUpEarlierBuilds(output, withoutErrors, context);
    }

    const summary = writeDiagnostics(context, values.format, files, workspace.files.length, workspace.sourceOf);
    if (written > 0) context.stderr.write(`jig build: wrote ${written} file${written === 1 ? '' : 's'}\n`);
    for (const note of notes) context.stderr.write(`jig build: ${note}\n`);
    if (hasUnusablePolicy(workspace.projectProblems)) return ExitCode.Usage;
    return emission.hasErrors || summary.errors > 0 ? ExitCode.Errors : ExitCode.Ok;
  },
};

/**
 * jig.yaml comes from the repository, as its policy does (rule 9): the folder it names as `out` must
 * lie inside the project's folder or its repository, links followed, and not in `.git`, or a pull
 * request could have a CI build write anywhere the build may (project/named-files.ts). `--out DIR`
 * is the caller's own choice.
 */
async function refuseOutputOutsideProjects(configs: readonly (ProjectConfig | undefined)[], context: CliContext): Promise<void> {
  const cwd = normalizePath(context.cwd);
  for (const config of new Set(configs)) {
    if (config?.out === undefined) continue;
    const where = await outputFolderOutside(nodeFileSystem, config.out, await projectRoots(nodeFileSystem, config.directory));
    if (where === undefined) continue;
    throw new UsageError(
      `jig build: the output folder '${relativePath(cwd, config.out)}' that ${relativePath(cwd, config.fileName)} names as \`out\` lies ${where}; nothing was written: name a folder inside the project, or give --out DIR`,
    );
  }
}

/**
 * In each output folder: removes what an earlier build wrote there for sources this build stands
 * for (compiled without errors, or gone) and did not write again, if unchanged since; then writes
 * the folder's manifest. Returns what to tell the user.
 */
async function cleanUpEarlierBuilds(output: BuildOutput, withoutErrors: ReadonlySet<string>, context: CliContext): Promise<string[]> {
  const hash = await textHasher();
  const cwd = normalizePath(context.cwd);
  const notes: string[] = [];
  const manifests: { path: string; content: string }[] = [];
  for (const [directory, files] of output.byDirectory()) {
    const written: Record<string, ManifestEntry> = {};
    for (const file of files) written[file.relative] = { source: file.source === '' ? '' : relativePath(directory, file.source), sha256: hash(file.content) };
    const rebuilt = (source: string): boolean => {
      // The project's own files are the target's: every build into the folder writes them again, or
      // writes none (another target), and then the old ones are stale.
      if (source === '') return true;
      const path = resolvePath(directory, source);
      return withoutErrors.has(path) || !fileExists(path);
    };
    const { stale, files: kept } = planCleanup(readManifest(readTextIfPresent(join(directory, MANIFEST_NAME))), written, rebuilt);
    const manifest: Record<string, ManifestEntry> = { ...kept };
    const removed: string[] = [];
    for (const { path, sha256 } of stale) {
      const outcome = removeIfUnchanged(directory, join(directory, ...path.split('/')), sha256, hash);
      delete manifest[path];
      const shown = relativePath(cwd, `${directory}/${path}`);
      if (outcome === 'removed') removed.push(shown);
      else if (outcome === 'changed') notes.push(`kept ${shown}, which an earlier build wrote for a flow that no longer exists: it was changed since`);
    }
    if (removed.length > 0) {
      notes.push(`removed ${removed.length} file${removed.length === 1 ? '' : 's'} an earlier build wrote for flows that no longer exist: ${removed.join(', ')}`);
    }
    manifests.push({ path: join(directory, MANIFEST_NAME), content: manifestText(manifest) });
  }
  await writeFilesAtomic(manifests);
  return notes;
}

/** A file to write: where, what, and for the manifest its folder, its path there and its source (`''`: the project's). */
interface OutputText {
  readonly path: string;
  readonly content: string;
  readonly directory: string;
  readonly relative: string;
  readonly source: string;
  /** What writes it, for a message: a source file, or a project (its jig.yaml, `''` for the files without one). */
  readonly origin: { readonly sourceFile: string } | { readonly configFile: string };
}

/**
 * The files a build writes, rendered and validated as each source file is emitted (a sink of
 * compileWorkspace): only their texts are kept, never a whole workspace of workflow definitions.
 */
class BuildOutput implements EmissionSink {
  /** By source file, the paths in the output folder and texts of its workflows, and those that failed validation. */
  private readonly bySource = new Map<string, { files: OutputText[]; invalid: FileDiagnostics[] }>();
  private readonly projects = new Map<Project, { renderer: TargetRenderer; directory: string }>();

  constructor(
    private readonly target: Target | undefined,
    private readonly outFlag: string | undefined,
  ) {}

  /** Paths in the output folder, and texts. */
  get files(): OutputText[] {
    return [...this.bySource.values()].flatMap((entry) => entry.files);
  }

  /** By output folder, the files written there. */
  byDirectory(): Map<string, OutputText[]> {
    const byDirectory = new Map<string, OutputText[]>();
    for (const file of this.files) {
      const files = byDirectory.get(file.directory) ?? [];
      files.push(file);
      byDirectory.set(file.directory, files);
    }
    return byDirectory;
  }

  /** Output files that failed validation, with the findings. */
  get invalid(): FileDiagnostics[] {
    return [...this.bySource.values()].flatMap((entry) => entry.invalid);
  }

  accept(file: WorkspaceFile, workflows: readonly RenderableWorkflow[]): void {
    const project = this.projectOutput(file.project);
    // No output folder at all: the build stops with a usage error once compiled.
    if (!project) return;
    for (const output of project.renderer.workflowFiles(workflows)) this.add(file.fileName, project.directory, output, { sourceFile: file.fileName });
  }

  withdraw(file: WorkspaceFile): void {
    this.bySource.delete(file.fileName);
  }

  /** The projects' own files, once every file was compiled. */
  finish(): void {
    for (const [project, { renderer, directory }] of this.projects) {
      for (const output of renderer.projectFiles()) this.add('', directory, output, { configFile: project.configFile ?? '' });
    }
  }

  /**
   * An output path that two projects would both write (ignoring case, as the Windows and macOS file
   * systems do): two projects built into one folder, which for the Standard layout makes one app of
   * them, with one parameters.json that only one of them would have written.
   */
  clash(): { path: string; origins: [OutputText['origin'], OutputText['origin']] } | undefined {
    const first = new Map<string, OutputText>();
    for (const file of this.files) {
      const key = file.path.toLowerCase();
      const earlier = first.get(key);
      if (earlier) return { path: file.path, origins: [earlier.origin, file.origin] };
      first.set(key, file);
    }
    return undefined;
  }

  reset(): void {
    this.bySource.clear();
    this.projects.clear();
  }

  private projectOutput(project: Project): { renderer: TargetRenderer; directory: string } | undefined {
    let output = this.projects.get(project);
    if (output) return output;
    const directory = this.outFlag ?? project.config?.out;
    if (directory === undefined) return undefined;
    const target = effectiveTarget(project.config?.target, this.target);
    output = { renderer: targetRenderer(target, targetOptionsOf(project.config?.deploy)), directory };
    this.projects.set(project, output);
    return output;
  }

  /** An output of a source file (`''` for a project's own files). */
  private add(source: string, directory: string, output: OutputFile, origin: OutputText['origin']): void {
    let entry = this.bySource.get(source);
    if (!entry) this.bySource.set(source, (entry = { files: [], invalid: [] }));
    entry.files.push({ path: join(directory, ...output.path.split('/')), content: output.content, directory, relative: output.path, source, origin });
    const diagnostics = validateEmitted([output]);
    if (diagnostics.length > 0) entry.invalid.push({ source: new SourceFile(join(directory, output.path), output.content), diagnostics });
  }
}
