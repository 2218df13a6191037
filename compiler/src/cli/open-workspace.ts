/**
 * Sets up the workspace for `check`, `build` and `deploy`: the Node file system, the policy loader, and
 * input problems (a missing path, an unreadable file) turned into usage errors (exit code 2).
 */
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import { configPolicyNotFound, REFUSED_FILE_CODES } from '../diagnostics/catalogue/project.js';
import { compileWorkspace, type CompiledWorkspace, type EmissionSink, type FileOutcome } from '../project/compile-workspace.js';
import { nodeFileSystem } from '../project/node-host.js';
import { fileSystemPolicySource } from '../project/policy-source.js';
import { normalizePath } from '../project/paths.js';
import { diagnosticsOf, InputError, loadWorkspace, type Workspace, type WorkspaceOptions } from '../project/workspace.js';
import { UsageError, type CliContext } from './command.js';
import type { Target } from '../emit/targets/options.js';
import { checkParts } from './check-parts.js';

export const policyOption = {
  type: 'string',
  valueName: 'FILE',
  description: "Check against this policy file instead of the one jig.yaml names.",
} as const;

export async function openWorkspace(
  context: CliContext,
  commandName: string,
  paths: readonly string[],
  policyOverride: string | undefined,
): Promise<Workspace> {
  requirePaths(commandName, paths);
  return reportingInputErrors(commandName, loadWorkspace(paths, workspaceOptions(context, policyOverride)));
}

/**
 * Opens the workspace and checks every file; with `emit`, the workflows of the files without errors
 * go on to the sink. `targetOverride` is `build --target`: a Standard app's files are checked together.
 */
export async function compileOpenWorkspace(
  context: CliContext,
  commandName: string,
  paths: readonly string[],
  policyOverride: string | undefined,
  emit: boolean | EmissionSink,
  targetOverride?: Target,
): Promise<CompiledWorkspace> {
  requirePaths(commandName, paths);
  // `check` alone is split into parts over threads (compile-workspace.ts says why).
  const parts = emit === false ? checkParts(normalizePath(context.cwd), paths, policyOverride, context.env) : undefined;
  return reportingInputErrors(commandName, compileWorkspace(paths, workspaceOptions(context, policyOverride, targetOverride), { emit, ...(parts && { parts }) }));
}

function requirePaths(commandName: string, paths: readonly string[]): void {
  if (paths.length === 0) throw new UsageError(`jig ${commandName}: no path given (see 'jig ${commandName} --help')`);
}

/** The Node file system and policy loader, from the directory the command runs in. */
export function workspaceOptions(context: Pick<CliContext, 'cwd'>, policyOverride: string | undefined, targetOverride?: Target): WorkspaceOptions {
  return {
    fs: nodeFileSystem,
    cwd: normalizePath(context.cwd),
    policies: fileSystemPolicySource(nodeFileSystem),
    ...(policyOverride !== undefined && { policyOverride }),
    ...(targetOverride !== undefined && { targetOverride }),
  };
}

/** The project model's input problems, as the usage errors of a command (exit code 2). */
export async function reportingInputErrors<T>(commandName: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(`jig ${commandName}: ${error.message}`);
    throw error;
  }
}

/** The findings of the project files, then of each source file. */
export function workspaceDiagnostics(
  workspace: Workspace,
  outcomes?: readonly (FileOutcome | undefined)[],
): FileDiagnostics[] {
  return [
    ...workspace.projectProblems,
    ...workspace.files.map((file, index) => ({
      source: file.source,
      diagnostics: outcomes ? diagnosticsOf(file, outcomes[index]?.diagnostics ?? []) : diagnosticsOf(file),
    })),
  ];
}

/** The problems of a policy file itself (JIG3950–JIG3999): it cannot be read as a policy. */
const POLICY_FILE_CODE = /^JIG39[5-9]\d$/;

/**
 * Whether the policy could not be had: a policy or project file refused unread (not a regular file,
 * too large, not text, not YAML, outside the project), missing, or no valid policy. No
 * source was checked against the policy meant, so this is an input error, exit code 2, as an
 * unreadable source named on the command line is (and as `jig policy check` says of a broken
 * file). Its diagnostics are printed with the others all the same.
 */
export function hasUnusablePolicy(files: readonly FileDiagnostics[]): boolean {
  return files.some((file) =>
    file.diagnostics.some((diagnostic) => REFUSED_FILE_CODES.has(diagnostic.code) ||
        diagnostic.code === configPolicyNotFound.code ||
        POLICY_FILE_CODE.test(diagnostic.code),
    ),
  );
}
