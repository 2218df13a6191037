/**
 * The `$connections` parameter value: which API connection resource each managed connector of a
 * workflow goes through. The connections themselves exist in Azure already (they hold credentials
 * or need an interactive consent, so Jig does not create them); jig.yaml names them under
 * `deploy.connections.<api>` with `connectionName` (a connection in the deployment's resource
 * group) or `connectionId` (a full resource id), and optionally `id` (the managed API) and
 * `connectionProperties` (e.g. managed-identity authentication), passed through unchanged.
 */
import { connectionNotConfigured } from '../diagnostics/catalogue/deploy.js';
import { normalizeRegion } from '../policy/rules/s07-regions.js';
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
