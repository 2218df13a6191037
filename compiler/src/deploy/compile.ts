/**
 * The compile half of `jig deploy`: the workspace as `check` and `build` open it, every finding of
 * every stage (emission included), and each project's workflows with the policy stamp they were
 * checked against. Any error anywhere means nothing is deployed, so this reports `hasErrors` for
 * the whole set rather than per file.
 */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import type { CliContext } from '../cli/command.js';
import { openWorkspace } from '../cli/open-workspace.js';
import type { Policy } from '../policy/model.js';
import { checkDeploymentRegion } from '../policy/rules/s07-regions.js';
import { diagnosticsOf, type Project } from '../project/workspace.js';
import type { ProjectConfig } from '../project/config.js';
import type { CompiledWorkflow } from './plan.js';

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

export async function compileForDeploy(paths: readonly string[], context: CliContext): Promise<CompileOutcome> {
  // No --policy override: a deploy is always checked against the policy its project names.
  const workspace = await openWorkspace(context, 'deploy', paths, undefined);
  const files: FileDiagnostics[] = [...workspace.projectProblems];
  const byProject = new Map<Project, { policy: Policy; workflows: CompiledWorkflow[] }>();
  let failed = files.some((file) => hasErrors(file.diagnostics));

  for (const file of workspace.files) {
    const diagnostics: Diagnostic[] = [...diagnosticsOf(file)];
    const compilation = file.compilation;
    if (!compilation) {
      failed = true;
    } else if (!hasErrors(diagnostics)) {
      const emitted = compilation.emit();
      diagnostics.push(...emitted.diagnostics);
      const policy = compilation.policy;
      const project = byProject.get(file.project) ?? { policy, workflows: [] };
      byProject.set(file.project, project);
      for (const workflow of emitted.workflows) {
        project.workflows.push({
          name: workflow.name,
          definition: workflow.definition as unknown as Readonly<Record<string, unknown>>,
          policy: { id: policy.id, version: policy.version, hash: policy.hash },
          childFlows: workflow.childFlows,
        });
      }
    }
    if (hasErrors(diagnostics)) failed = true;
    files.push({ source: file.source, diagnostics });
  }

  const projects: CompiledProject[] = [...byProject].map(([project, compiled]) => ({
    ...(project.config && { config: project.config }),
    policy: compiled.policy,
    workflows: compiled.workflows,
  }));
  return { files, fileCount: workspace.files.length, hasErrors: failed, projects };
}

/** The policy's §7 finding when the deployment location is outside its regions. */
export function checkRegionFinding(location: string, policy: Policy): readonly Diagnostic[] {
  const finding = checkDeploymentRegion(policy, location);
  return finding ? [finding] : [];
}
