/**
 * Emission over a workspace, shared by `jig build` and `jig deploy`: every file's findings (emission's
 * included) and each project's workflows from the files without errors. A file with errors
 * contributes no workflow.
 */
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import type { RenderableWorkflow } from '../emit/workflow.js';
import type { Policy } from '../policy/model.js';
import { fileOutcome, type FileOutcome } from './compile-workspace.js';
import { diagnosticsOf, type Project, type Workspace } from './workspace.js';

export interface ProjectEmission {
  readonly project: Project;
  readonly policy: Policy;
  readonly workflows: readonly RenderableWorkflow[];
}

export interface WorkspaceEmission {
  /** Project and policy files' findings, then each source file's, emission included. */
  readonly files: readonly FileDiagnostics[];
  /** Projects with at least one file without errors, in the order their files came. */
  readonly projects: readonly ProjectEmission[];
  /** An error anywhere, or a file that could not be compiled at all. */
  readonly hasErrors: boolean;
}

/**
 * `outcomes`, when given, are the files' results already computed (in `workspace.files` order,
 * absent for a file without a compilation); otherwise each file's compilation runs here.
 */
export function emitWorkspace(workspace: Workspace, outcomes?: readonly (FileOutcome | undefined)[]): WorkspaceEmission {
  const files: FileDiagnostics[] = [...workspace.projectProblems];
  const byProject = new Map<Project, { policy: Policy; workflows: RenderableWorkflow[] }>();
  let failed = files.some((file) => hasErrors(file.diagnostics));
  workspace.files.forEach((file, index) => {
    const compilation = file.compilation;
    const outcome = outcomes ? outcomes[index] : compilation && fileOutcome(file, compilation, true);
    const diagnostics: Diagnostic[] = [...diagnosticsOf(file, outcome?.diagnostics ?? [])];
    if (!compilation) failed = true;
    else if (outcome?.emitted) {
      const entry = byProject.get(file.project) ?? { policy: compilation.policy, workflows: [] };
      entry.workflows.push(...outcome.emitted.workflows);
      byProject.set(file.project, entry);
    }
    failed ||= hasErrors(diagnostics);
    files.push({ source: file.source, diagnostics });
  });
  const projects = [...byProject].map(([project, entry]) => ({ project, ...entry }));
  return { files, projects, hasErrors: failed };
}
