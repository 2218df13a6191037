/**
 * The Consumption target: one `<flow>.json` a workflow, `{ "definition": …, "parameters": … }`,
 * the shape the portal's code view, `az logic workflow create --definition` and `jig deploy` read.
 */
import type { RenderableWorkflow } from '../workflow.js';
import { jsonFile } from '../serialize.js';
import type { OutputFile } from './options.js';

export function renderConsumption(workflows: readonly RenderableWorkflow[]): OutputFile[] {
  return workflows.map((workflow) =>
    jsonFile(`${workflow.name}.json`, { definition: workflow.definition, parameters: workflow.parameterValues }, 'workflowFile'),
  );
}
