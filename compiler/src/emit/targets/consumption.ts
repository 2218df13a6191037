/**
 * The Consumption target: one `<flow>.json` a workflow, `{ "definition": …, "parameters": … }`,
 * the shape the portal's code view, `az logic workflow create --definition` and `jig deploy` read.
 */
import type { EmittedWorkflow } from '../workflow.js';
import { serializeJson } from '../serialize.js';
import type { OutputFile } from './options.js';

export function renderConsumption(workflows: readonly EmittedWorkflow[]): OutputFile[] {
  return workflows.map((workflow) => ({
    path: `${workflow.name}.json`,
    content: serializeJson({ definition: workflow.definition, parameters: workflow.parameterValues }, 'workflowFile'),
  }));
}
