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
import { resolvePointer } from '../../util/json-pointer.js';
import type { ManagedApi } from '../builders.js';
import { jsonFile } from '../serialize.js';
import { childWorkflowParameter } from '../steps-connectors.js';
import type { RenderableWorkflow } from '../workflow.js';
import { connectionName } from './managed-apis.js';
import type { OutputFile, TargetOptions, TargetRenderer } from './options.js';
import { refer } from '../wdl-strings.js';

export const HOST_JSON = {
  version: '2.0',
  extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle.Workflows', version: '[1.*, 2.0.0)' },
};

/**
 * host.json for an app whose runs may be kept `days` at most (emit/run-history.ts): host settings
 * apply to every workflow of the app (Microsoft, "Edit host and app settings for Standard logic
 * apps", Run duration and history), so the shortest of its workflows' retentions holds for all.
 * `Runtime.FlowRetentionThreshold` keeps run history that long after a run starts, and
 * `Runtime.Backend.FlowRunTimeout`, which the same page says must not exceed it ("Otherwise, run
 * histories can get deleted before the associated jobs are complete"), ends a run by then.
 */
export function hostJson(days: number | undefined): Record<string, unknown> {
  if (days === undefined) return HOST_JSON;
  const span = `${days}.00:00:00`;
  return {
    ...HOST_JSON,
    extensions: { workflow: { settings: { 'Runtime.FlowRetentionThreshold': span, 'Runtime.Backend.FlowRunTimeout': span } } },
  };
}

const CONNECTION_REFERENCE = /^@parameters\('\$connections'\)\['([^']+)'\]\['connectionId'\]$/;

/**
 * Takes a project's workflows as they come, each one's workflow.json at once; the project's own
 * files (host.json, connections.json, parameters.json) cover every workflow given before.
 */
export class StandardRenderer implements TargetRenderer {
  private readonly apis = new Set<ManagedApi>();
  private readonly parameters: Record<string, { type: string; value: unknown }> = {};
  /** The shortest run history retention of the workflows given, in days (none: Logic Apps' default). */
  private runHistoryDays: number | undefined;

  constructor(private readonly options: TargetOptions) {}

  workflowFiles(workflows: readonly RenderableWorkflow[]): OutputFile[] {
    return workflows.map((workflow) => {
      for (const api of workflow.connections) this.apis.add(api);
      addParameters(this.parameters, workflow);
      if (workflow.runHistoryDays !== undefined) this.runHistoryDays = Math.min(this.runHistoryDays ?? Infinity, workflow.runHistoryDays);
      return jsonFile(`${workflow.name}/workflow.json`, { definition: standardDefinition(workflow), kind: 'Stateful' }, 'workflowFile');
    });
  }

  projectFiles(): OutputFile[] {
    const files: OutputFile[] = [jsonFile('host.json', hostJson(this.runHistoryDays))];
    const apis = [...this.apis].sort();
    if (apis.length > 0) {
      const managedApiConnections = Object.fromEntries(apis.map((api) => [api, managedApiConnection(api, this.options)]));
      files.push(jsonFile('connections.json', { managedApiConnections }));
    }
    files.push(jsonFile('parameters.json', this.parameters));
    return files;
  }
}

function standardDefinition(workflow: RenderableWorkflow): Record<string, unknown> {
  const definition = structuredClone(workflow.definition) as unknown as Record<string, unknown>;
  // Workflow actions first: their pointers are the emitter's, into the definition as emitted.
  for (const [pointer, child] of workflow.childFlowActions) {
    const action = resolvePointer(definition, pointer) as { type?: unknown; inputs?: Record<string, unknown> } | undefined;
    if (action?.type !== 'Workflow' || !action.inputs) continue;
    action.inputs.host = { workflow: { id: child } };
  }
  useConnectionReferences(definition);
  // parameters('p') reads parameters.json in a Standard app.
  definition.parameters = {};
  return definition;
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
 * parameters.json: one entry for each workflow parameter of every flow. Flows of one file share its
 * declaration, and files that declare one name declare it alike (JIG5011, semantics/app-parameters.ts),
 * so the first entry stands for all. A secret, or a parameter without a default, is read from the
 * app setting of the same name: `@appsetting` is the only expression parameters.json may hold.
 */
function addParameters(entries: Record<string, { type: string; value: unknown }>, workflow: RenderableWorkflow): void {
  // Standard reaches connections and child workflows by name, not through parameters.
  const unused = new Set(['$connections', ...workflow.childFlows.map(childWorkflowParameter)]);
  for (const [name, declaration] of Object.entries(workflow.definition.parameters)) {
    if (unused.has(name) || name in entries) continue;
    const type: string = declaration.type;
    const secure = type === 'SecureString' || type === 'SecureObject';
    entries[name] = {
      type: type.replace(/^Secure/, ''),
      value: secure || declaration.defaultValue === undefined ? `@${refer('appsetting', name)}` : declaration.defaultValue,
    };
  }
}
