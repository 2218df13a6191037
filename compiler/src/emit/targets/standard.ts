/**
 * The Standard (single-tenant) target: a Logic App project folder (connectors.md §4, §6) —
 * `host.json`, `<flow>/workflow.json` (Stateful), `connections.json` with the managed API
 * connections, and `parameters.json`. Differences from the Consumption definition:
 * - a managed-connector operation names its connection by `referenceName` (a key of
 *   connections.json), not through the `$connections` parameter, which Standard does not have;
 * - a child workflow is called by its plain name, without `triggerName`;
 * - workflow parameters live in parameters.json, where secrets are `@appsetting(…)` references to
 *   the app's settings, never values (and there are no secure parameter types).
 */
import type { FlowCall, Node } from '../../syntax/tree.js';
import { resolvePointer } from '../../util/json-pointer.js';
import type { ManagedApi } from '../builders.js';
import { serializeJson } from '../serialize.js';
import { childWorkflowParameter } from '../steps-connectors.js';
import type { EmittedWorkflow } from '../workflow.js';
import { connectionName, managedApisOf } from './managed-apis.js';
import type { OutputFile, TargetOptions } from './options.js';

export const HOST_JSON = {
  version: '2.0',
  extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle.Workflows', version: '[1.*, 2.0.0)' },
};

const CONNECTION_REFERENCE = /^@parameters\('\$connections'\)\['([^']+)'\]\['connectionId'\]$/;

export function renderStandard(workflows: readonly EmittedWorkflow[], options: TargetOptions): OutputFile[] {
  const files: OutputFile[] = [{ path: 'host.json', content: serializeJson(HOST_JSON) }];
  for (const workflow of workflows) {
    files.push({
      path: `${workflow.name}/workflow.json`,
      content: serializeJson({ definition: standardDefinition(workflow), kind: 'Stateful' }, 'workflowFile'),
    });
  }
  const apis = managedApisOf(workflows);
  if (apis.length > 0) {
    const managedApiConnections = Object.fromEntries(apis.map((api) => [api, managedApiConnection(api, options)]));
    files.push({ path: 'connections.json', content: serializeJson({ managedApiConnections }) });
  }
  files.push({ path: 'parameters.json', content: serializeJson(parametersFile(workflows)) });
  return files;
}

function standardDefinition(workflow: EmittedWorkflow): Record<string, unknown> {
  const definition = structuredClone(workflow.definition) as unknown as Record<string, unknown>;
  // Workflow actions first: their pointers are the emitter's, into the definition as emitted.
  for (const [node, pointer] of workflow.pointers) {
    const child = calledFlow(node);
    const action = resolvePointer(definition, pointer) as { type?: unknown; inputs?: Record<string, unknown> } | undefined;
    if (child === undefined || action?.type !== 'Workflow' || !action.inputs) continue;
    action.inputs.host = { workflow: { id: child } };
  }
  useConnectionReferences(definition);
  // parameters('p') reads parameters.json in a Standard app.
  definition.parameters = {};
  return definition;
}

function calledFlow(node: Node): string | undefined {
  const call: FlowCall | undefined =
    node.kind === 'FlowCall'
      ? node
      : node.kind === 'FlowCallStep'
        ? node.call
        : node.kind === 'Let' && node.value.kind === 'FlowCall'
          ? node.value
          : undefined;
  return call?.flow.name;
}

/** Rewrites every `host.connection.name` that goes through `$connections` to a `referenceName`. */
function useConnectionReferences(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(useConnectionReferences);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const connection = (record.host as { connection?: { name?: unknown } } | undefined)?.connection;
  const reference = typeof connection?.name === 'string' ? CONNECTION_REFERENCE.exec(connection.name) : null;
  if (reference) (record.host as Record<string, unknown>).connection = { referenceName: reference[1] };
  Object.values(record).forEach(useConnectionReferences);
}

function managedApiConnection(api: ManagedApi, options: TargetOptions): Record<string, unknown> {
  const subscription = "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}";
  return {
    api: {
      id: `${subscription}/providers/Microsoft.Web/locations/@{appsetting('WORKFLOWS_LOCATION_NAME')}/managedApis/${api}`,
    },
    connection: {
      id: `${subscription}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/connections/${connectionName(api, options)}`,
    },
    connectionRuntimeUrl: `@appsetting('${api}-ConnectionRuntimeUrl')`,
    authentication: { type: 'ManagedServiceIdentity' },
  };
}

/**
 * parameters.json: one entry for each workflow parameter of every flow. A secret, or a parameter
 * without a default, is read from the app setting of the same name.
 */
function parametersFile(workflows: readonly EmittedWorkflow[]): Record<string, { type: string; value: unknown }> {
  const entries: Record<string, { type: string; value: unknown }> = {};
  for (const workflow of workflows) {
    // Standard reaches connections and child workflows by name, not through parameters.
    const unused = new Set(['$connections', ...workflow.childFlows.map(childWorkflowParameter)]);
    for (const [name, declaration] of Object.entries(workflow.definition.parameters)) {
      if (unused.has(name) || name in entries) continue;
      const type: string = declaration.type;
      const secure = type === 'SecureString' || type === 'SecureObject';
      entries[name] = {
        type: type.replace(/^Secure/, ''),
        value: secure || declaration.defaultValue === undefined ? `@appsetting('${name}')` : declaration.defaultValue,
      };
    }
  }
  return entries;
}
