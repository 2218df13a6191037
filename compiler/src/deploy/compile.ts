/**
 * The compile half of `jig deploy`: the workspace as `check` and `build` open it, every finding of
 * every stage (emission included), and each project's workflows with the policy stamp they were
 * checked against. Any error anywhere means nothing is deployed, so this reports `hasErrors` for
 * the whole set rather than per file.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import type { Policy } from '../policy/model.js';
import { checkDeploymentRegion } from '../policy/rules/s07-regions.js';
import { emitWorkspace } from '../project/emission.js';
import type { ProjectConfig } from '../project/config.js';
import { loadWorkspace, type Project, type WorkspaceOptions } from '../project/workspace.js';
import type { Compilation } from '../compilation.js';
import { relativePath } from '../project/paths.js';
import type { CompiledWorkflow } from './plan.js';
import { deployValueCheck, deployValueFindings } from './deploy-values.js';
import type { ResolvedParameter } from './parameters.js';

/** The workflows of one project (one jig.yaml), compiled against its policy. */
export interface CompiledProject {
  readonly config?: ProjectConfig;
  readonly policy: Policy;
  readonly workflows: readonly CompiledWorkflow[];
}

export interface CompileOutcome {
  /** Every finding of every file, project file and policy file, to print. */
  readonly files: readonly FileDiagnostics[];
  readonly fileCount: number;
  readonly hasErrors: boolean;
  readonly projects: readonly CompiledProject[];
}

/**
 * Loads and compiles the files `paths` name, as `check` and `build` do. An unreadable path rejects
 * with the workspace's InputError, for the caller to report. A deploy is always checked against the
 * policy its project names: `options` carries no policy override.
 */
export async function compileForDeploy(paths: readonly string[], options: WorkspaceOptions): Promise<CompileOutcome> {
  const workspace = await loadWorkspace(paths, options);
  const emission = emitWorkspace(workspace);
  // Each flow's compilation, by project and flow name, to check its deploy-time parameter values.
  const compilations = new Map<Project, Map<string, Compilation>>();
  for (const file of workspace.files) {
    if (!file.compilation) continue;
    const byFlow = compilations.get(file.project) ?? new Map<string, Compilation>();
    for (const declaration of file.compilation.model.file.declarations) {
      if (declaration.kind === 'Flow') byFlow.set(declaration.name.name, file.compilation);
    }
    compilations.set(file.project, byFlow);
  }
  const projects = emission.projects.map(({ project, policy, workflows }): CompiledProject => {
    const stamp = { id: policy.id, version: policy.version, hash: policy.hash };
    return {
      ...(project.config && { config: project.config }),
      policy,
      workflows: workflows.map((workflow) => {
        const compilation = compilations.get(project)?.get(workflow.name);
        return {
          name: workflow.name,
          definition: workflow.definition as unknown as Readonly<Record<string, unknown>>,
          policy: stamp,
          childFlows: workflow.childFlows,
          ...(workflow.runHistoryDays !== undefined && { runHistoryDays: workflow.runHistoryDays }),
          ...(compilation && {
            checkDeployValues: (resolved: Readonly<Record<string, ResolvedParameter>>) =>
              deployValueFindings(workflow.name, deployValueCheck(compilation, workflow.name), resolved, (diagnostic) => {
                const { line, character } = compilation.source.positionAt(diagnostic.range.start);
                return `${relativePath(options.cwd, compilation.source.fileName)}:${line + 1}:${character + 1}`;
              }),
          }),
        };
      }),
    };
  });
  return { files: emission.files, fileCount: workspace.files.length, hasErrors: emission.hasErrors, projects };
}

/** The policy's §7 finding when the deployment location is outside its regions. */
export function checkRegionFinding(location: string, policy: Policy): readonly Diagnostic[] {
  const finding = checkDeploymentRegion(policy, location);
  return finding ? [finding] : [];
}
