/**
 * What a flow's name must be to become a workflow: an Azure resource name
 * (`Microsoft.Logic/workflows`, 1–43 characters: azure-docs articles/azure-resource-manager/
 * management/resource-name-rules.md, Microsoft.Logic), a file or folder name on every system `jig
 * build` runs on (Windows reserves its device names, with any extension, in any case), and a
 * workflow name a Standard app accepts (../shared/notes/logic-apps-connectors.md §8,
 * Azure/LogicAppsUX#7090). Names are compared ignoring case, as Azure and the Windows and macOS file
 * systems compare them.
 */

/** The longest workflow name Azure accepts. */
export const WORKFLOW_NAME_LIMIT = 43;

const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const STANDARD_RESERVED = new Set(['powershell', 'workflowdispatcher', 'workflownodeworker']);

/** Why a flow name cannot be a workflow's, or undefined when it can. */
export function flowNameProblem(name: string): string | undefined {
  if (name.length > WORKFLOW_NAME_LIMIT) {
    return `its name is ${name.length} characters long, and Azure allows ${WORKFLOW_NAME_LIMIT} in a workflow name`;
  }
  if (DEVICE_NAME.test(name)) return `Windows reserves '${name}' as a device name, so no file can be named after it`;
  if (STANDARD_RESERVED.has(name.toLowerCase())) return `a Standard logic app reserves the workflow name '${name}'`;
  return undefined;
}

/** The key under which two flow names collide: Azure and the file systems ignore case. */
export function flowNameKey(name: string): string {
  return name.toLowerCase();
}
