/**
 * What the ARM and Standard targets need to know about each managed connector Jig uses: the values
 * its `Microsoft.Web/connections` resource is created with (connectors.md §3). Secrets among them
 * become `securestring` template parameters, never literal values.
 */
import type { ManagedApi } from '../builders.js';
import type { TargetOptions } from './options.js';

export interface ConnectionParameter {
  /** The key in the connection's `parameterValues`. */
  readonly name: string;
  readonly secret: boolean;
}

export const CONNECTION_PARAMETERS: Readonly<Record<ManagedApi, readonly ConnectionParameter[]>> = {
  documentdb: [
    { name: 'databaseAccount', secret: false },
    { name: 'accessKey', secret: true },
  ],
  azureblob: [
    { name: 'accountName', secret: false },
    { name: 'accessKey', secret: true },
  ],
  sql: [
    { name: 'server', secret: false },
    { name: 'database', secret: false },
    { name: 'authType', secret: false },
    { name: 'username', secret: false },
    { name: 'password', secret: true },
  ],
  // The namespace's connection string (connectors/servicebus.ts), which holds its access key.
  servicebus: [{ name: 'connectionString', secret: true }],
  // Office 365 signs in with OAuth: its connection is consented to in the portal after deployment.
  office365: [],
  // Microsoft Teams signs in with OAuth as a user of the tenant (connectors/teams.ts), consented to the same way.
  teams: [],
  // SharePoint too (connectors/sharepoint.ts): the site's address is in the operations, not the connection.
  sharepointonline: [],
  // Event Grid too (connectors/eventgrid.ts): it subscribes in the signed-in user's Azure subscription.
  azureeventgrid: [],
  // Defender for Cloud's alert and recommendation triggers sign in with OAuth, consented to the same way.
  ascalert: [],
  ascassessment: [],
  // Microsoft Sentinel's too (a managed identity or a service principal is set on the connection in the portal).
  azuresentinel: [],
};

/** The connection resource's name: `deploy.connections.<api>.connectionName`, else the API name. */
export function connectionName(api: ManagedApi, options: TargetOptions): string {
  return options.connections?.[api]?.connectionName ?? api;
}
