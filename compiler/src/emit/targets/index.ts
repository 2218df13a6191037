/** The output targets of `jig build`: which files a set of emitted workflows becomes. */
import type { RenderableWorkflow } from '../workflow.js';
import { renderArm } from './arm.js';
import { renderConsumption } from './consumption.js';
import type { OutputFile, Target, TargetOptions } from './options.js';
import { renderStandard } from './standard.js';

export { TARGETS, targetOptionsOf, type OutputFile, type Target, type TargetOptions } from './options.js';

export function renderTarget(
  target: Target,
  workflows: readonly RenderableWorkflow[],
  options: TargetOptions = {},
): OutputFile[] {
  switch (target) {
    case 'consumption':
      return renderConsumption(workflows);
    case 'arm':
      return renderArm(workflows, options);
    case 'standard':
      return renderStandard(workflows, options);
  }
}
