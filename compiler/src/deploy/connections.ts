/**
 * The `$connections` parameter value: which API connection resource each managed connector of a
 * workflow goes through. The connections themselves exist in Azure already (they hold credentials
 * or need an interactive consent, so Jig does not create them); jig.yaml names them under
 * `deploy.connections.<api>` with `connectionName` (a connection in the deployment's resource
 * group) or `connectionId` (a full resource id), and optionally `id` (the managed API) and
 * `connectionProperties` (e.g. managed-identity authentication), passed through unchanged.
 */
import { connectionNotConfigured, connectionNotManagedApi } from '../diagnostics/catalogue/deploy.js';
import { normalizeRegion } from '../policy/rules/s07-regions.js';
import { CONNECTION_PARAMETERS } from '../emit/targets/managed-apis.js';
import { noRange, type DeployFinding } from './finding.js';

export interface DeploymentScope {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly location: string;
}

export type ConnectionSettings = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const CONNECTION_REFERENCE = /parameters\('\$connections'\)\['([^'\]]+)'\]/g;

/**
 * The managed connectors a definition uses, read from its `@parameters('$connections')['api']`
 * references: what the definition really needs, whatever else the emitter recorded.
 */
export function connectorsUsed(definition: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(CONNECTION_REFERENCE)) found.add(match[1]!);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(definition);
  return [...found].sort();
}

export interface ConnectionsResult {
  /** The `$connections` parameter's value; absent when the workflow uses no managed connector. */
  readonly value?: Record<string, Record<string, unknown>>;
  readonly findings: readonly DeployFinding[];
}

export function connectionsValue(
  workflow: string,
  definition: unknown,
  settings: ConnectionSettings | undefined,
  scope: DeploymentScope,
): ConnectionsResult {
  const apis = connectorsUsed(definition);
  if (apis.length === 0) return { findings: [] };
  const findings: DeployFinding[] = [];
  const value: Record<string, Record<string, unknown>> = {};
  for (const api of apis) {
    const setting = settings?.[api];
    const connectionId = typeof setting?.['connectionId'] === 'string' ? setting['connectionId'] : undefined;
    const connectionName =
      typeof setting?.['connectionName'] === 'string' ? setting['connectionName'] : connectionId?.split('/').pop();
    if (!setting || !connectionName) {
      findings.push({ workflow, diagnostic: connectionNotConfigured(noRange, { workflow, api }) });
      continue;
    }
    const managedApi =
      typeof setting['id'] === 'string'
        ? setting['id']
        : `/subscriptions/${scope.subscription}/providers/Microsoft.Web/locations/${normalizeRegion(scope.location)}/managedApis/${api}`;
    const wrong = wiredElsewhere(api, managedApi, connectionId);
    if (wrong) {
      findings.push({ workflow, diagnostic: connectionNotManagedApi(noRange, { workflow, api, ...wrong }) });
      continue;
    }
    value[api] = {
      connectionId:
        connectionId ??
        `/subscriptions/${scope.subscription}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.Web/connections/${connectionName}`,
      connectionName,
      id: managedApi,
      ...(setting['connectionProperties'] !== undefined && { connectionProperties: setting['connectionProperties'] }),
    };
  }
  return findings.length > 0 ? { findings } : { value, findings };
}

const MANAGED_API = /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Web\/locations\/[^/]+\/managedApis\/([^/]+)$/i;
const CONNECTION = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/connections\/[^/]+$/i;

/**
 * The steps of a connector Jig writes were checked as that connector's (policy/destinations.ts), so its
 * connection must be one to Microsoft's managed API of that name: an `id` naming a custom
 * connector or another API, or a `connectionId` that is no API connection, would send the data
 * where no check looked.
 */
function wiredElsewhere(api: string, managedApi: string, connectionId: string | undefined): { setting: string; given: string; expected: string } | undefined {
  // Another key (`call connector "azuretables_1"`) is a connection Jig cannot identify, already
  // judged as going anywhere; only the keys Jig's own steps use name the API they were checked as.
  if (!Object.hasOwn(CONNECTION_PARAMETERS, api)) return undefined;
  if (MANAGED_API.exec(managedApi)?.[1]?.toLowerCase() !== api.toLowerCase()) {
    return { setting: 'id', given: managedApi, expected: `Microsoft's managed API '${api}' (/subscriptions/SUB/providers/Microsoft.Web/locations/REGION/managedApis/${api})` };
  }
  if (connectionId !== undefined && !CONNECTION.test(connectionId)) {
    return { setting: 'connectionId', given: connectionId, expected: 'an API connection (/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Web/connections/NAME)' };
  }
  return undefined;
}
