/** The output targets of `jig build`: which files a set of emitted workflows becomes. */
import type { RenderableWorkflow } from '../workflow.js';
import { renderArm } from './arm.js';
import { renderConsumption } from './consumption.js';
import type { OutputFile, Target, TargetOptions, TargetRenderer } from './options.js';
import { StandardRenderer } from './standard.js';

export { TARGETS, targetOptionsOf, type OutputFile, type Target, type TargetOptions, type TargetRenderer } from './options.js';

/** Renders one project in `target`'s layout, its workflows as they come. */
export function targetRenderer(target: Target, options: TargetOptions = {}): TargetRenderer {
  switch (target) {
    case 'consumption':
      return { workflowFiles: renderConsumption, projectFiles: () => [] };
    case 'arm':
      return { workflowFiles: (workflows) => renderArm(workflows, options), projectFiles: () => [] };
    case 'standard':
      return new StandardRenderer(options);
  }
}

/** Every file of a project whose workflows are all at hand. */
export function renderTarget(target: Target, workflows: readonly RenderableWorkflow[], options: TargetOptions = {}): OutputFile[] {
  const renderer = targetRenderer(target, options);
  return [...renderer.workflowFiles(workflows), ...renderer.projectFiles()];
}
