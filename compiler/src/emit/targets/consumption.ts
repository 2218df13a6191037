/**
 * The Consumption target: one `<flow>.json` a workflow, `{ "definition": …, "parameters": … }`,
 * the shape the portal's code view, `az logic workflow create --definition` and `jig deploy` read:
 * the workflow resource's `properties`. A workflow whose runs may be kept less than Logic Apps' 90
 * days (emit/run-history.ts) also gets the property that says so, `runtimeConfiguration`.
 */
import type { RenderableWorkflow } from '../workflow.js';
import { runtimeConfiguration } from '../run-history.js';
import { jsonFile } from '../serialize.js';
import type { OutputFile } from './options.js';

export function renderConsumption(workflows: readonly RenderableWorkflow[]): OutputFile[] {
  return workflows.map((workflow) =>
    jsonFile(
      `${workflow.name}.json`,
      {
        definition: workflow.definition,
        parameters: workflow.parameterValues,
        ...(workflow.runHistoryDays !== undefined && { runtimeConfiguration: runtimeConfiguration(workflow.runHistoryDays) }),
      },
      'workflowFile',
    ),
  );
}
