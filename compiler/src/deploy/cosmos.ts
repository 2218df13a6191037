/**
 * The retention a flow promises must really end the data. Jig writes each Cosmos DB document with
 * a `ttl` (its retention), which Cosmos DB applies only when the container's time to live is on
 * (`DefaultTimeToLive` present and not null: https://learn.microsoft.com/azure/cosmos-db/time-to-live).
 * So before anything is written, `jig deploy` reads every container the workflows store into and
 * refuses a container with time to live off, a missing one, or one it cannot read.
 *
 * The containers are read from the definitions themselves (the store actions' paths), as
 * connections.ts reads the connectors: what will really run, whatever else the emitter recorded.
 * The account is not in the definition (the path says `AccountNameFromSettings`: whichever account
 * the `documentdb` connection is wired to), so jig.yaml names it: `deploy.cosmos.account`.
 */
import type { TokenCredential } from '@azure/core-auth';
import {
  cosmosContainerMissing,
  cosmosContainerReadFailed,
  cosmosContainerTtlOff,
  cosmosRetentionUnverified,
} from '../diagnostics/catalogue/deploy.js';
import { AzureRequestError, requestErrorText, scopeFor, useBoundedRetry } from './azure.js';
import type { DeploymentScope } from './connections.js';
import { noRange, type DeployFinding, type SettingLocation } from './finding.js';
import type { CompiledWorkflow } from './plan.js';
import { defaultRetrySettings, type RetrySettings } from './retry.js';

/** `deploy.cosmos` in jig.yaml: the account the `documentdb` connection is wired to. */
export interface CosmosSettings {
  readonly account: string;
  /** The account's resource group, when it is not the deployment's. */
  readonly resourceGroup?: string;
}

/** A container the workflows store into, and which workflows do. */
export interface StoredContainer {
  readonly database: string;
  readonly container: string;
  readonly workflows: readonly string[];
}

/** What Resource Manager says of a container: its resource, or undefined when it does not exist (404). */
export interface CosmosContainerResource {
  /** `properties.resource.defaultTtl`: absent or null is time to live off. */
  readonly defaultTtl?: number | null;
}

export interface CosmosAccount {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly account: string;
}

/** Rejects with an AzureRequestError when the service refuses (other than 404) or cannot be reached. */
export type CosmosContainerReader = (
  account: CosmosAccount,
  database: string,
  container: string,
) => Promise<CosmosContainerResource | undefined>;

// `@{encodeURIComponent('db')}` as emit/builders.ts's encodeOnce writes a path segment; a quote
// inside a WDL string is doubled.
const SEGMENT = String.raw`@\{encodeURIComponent\('((?:[^']|'')*)'\)\}`;
const STORE_PATH = new RegExp(String.raw`^/v2/cosmosdb/[^/]+/dbs/${SEGMENT}/colls/${SEGMENT}/docs$`);

/** The containers a definition writes documents into (Cosmos DB "Create or update document"). */
export function containersStoredInto(definition: unknown): { database: string; container: string }[] {
  const found = new Map<string, { database: string; container: string }>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const inputs = record['inputs'] as Record<string, unknown> | undefined;
    if (record['type'] === 'ApiConnection' && typeof inputs?.['path'] === 'string' && String(inputs['method']).toLowerCase() === 'post') {
      const match = STORE_PATH.exec(inputs['path']);
      if (match) {
        const [database, container] = [match[1]!, match[2]!].map((text) => text.replace(/''/g, "'")) as [string, string];
        found.set(`${database}/${container}`, { database, container });
      }
    }
    Object.values(record).forEach(visit);
  };
  visit(definition);
  return [...found.values()];
}

/** Every container the workflows store into, each once, with the workflows that do. */
export function storedContainers(workflows: readonly CompiledWorkflow[]): StoredContainer[] {
  const byKey = new Map<string, { database: string; container: string; workflows: string[] }>();
  for (const workflow of workflows) {
    for (const { database, container } of containersStoredInto(workflow.definition)) {
      const key = `${database}/${container}`;
      const entry = byKey.get(key) ?? { database, container, workflows: [] };
      entry.workflows.push(workflow.name);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

const containerList = (containers: readonly StoredContainer[]): string =>
  containers.map(({ database, container }) => `${database}/${container}`).join(', ');

/** Before sign-in: the finding when the workflows store into Cosmos DB and jig.yaml names no account. */
export function cosmosSettingsFindings(containers: readonly StoredContainer[], settings: CosmosSettings | undefined): DeployFinding[] {
  if (containers.length === 0 || settings?.account) return [];
  return [
    retentionUnverified(
      containers,
      'jig.yaml names no Cosmos DB account; set deploy.cosmos.account to the account the documentdb connection uses (and deploy.cosmos.resourceGroup if it is in another resource group)',
    ),
  ];
}

export function retentionUnverified(containers: readonly StoredContainer[], reason: string): DeployFinding {
  return { diagnostic: cosmosRetentionUnverified(noRange, { containers: containerList(containers), reason }) };
}

/**
 * Reads every container and returns a finding for each whose time to live is off, that does not
 * exist or that could not be read. `at` is where jig.yaml names the account.
 */
export async function verifyRetention(
  containers: readonly StoredContainer[],
  settings: CosmosSettings,
  scope: DeploymentScope,
  read: CosmosContainerReader,
  at?: SettingLocation,
): Promise<DeployFinding[]> {
  const account: CosmosAccount = {
    subscription: scope.subscription,
    resourceGroup: settings.resourceGroup ?? scope.resourceGroup,
    account: settings.account,
  };
  const findings: DeployFinding[] = [];
  for (const { database, container, workflows } of containers) {
    const name = `${database}/${container}`;
    const who = workflows.map((workflow) => `'${workflow}'`).join(', ');
    let resource: CosmosContainerResource | undefined;
    try {
      resource = await read(account, database, container);
    } catch (error) {
      const message = requestErrorText(error);
      findings.push({ diagnostic: cosmosContainerReadFailed(noRange, { container: name, account: account.account, message }), ...(at && { at }) });
      continue;
    }
    if (!resource) {
      findings.push({ diagnostic: cosmosContainerMissing(noRange, { container: name, account: account.account, workflows: who }), ...(at && { at }) });
    } else if (!timeToLiveOn(resource.defaultTtl)) {
      const fix = `az cosmosdb sql container update --resource-group ${account.resourceGroup} --account-name ${account.account} --database-name ${database} --name ${container} --ttl -1`;
      findings.push({ diagnostic: cosmosContainerTtlOff(noRange, { container: name, account: account.account, workflows: who, fix }), ...(at && { at }) });
    }
  }
  return findings;
}

/** -1 (on, no default) or a positive number of seconds; absent, null (or anything else) is off. */
export function timeToLiveOn(defaultTtl: unknown): boolean {
  return typeof defaultTtl === 'number' && Number.isInteger(defaultTtl) && (defaultTtl === -1 || defaultTtl > 0);
}

// Microsoft.DocumentDB stable API (azure-rest-api-specs, specification/cosmos-db/resource-manager/
// Microsoft.DocumentDB/stable/2024-11-15/cosmos-db.json, operation SqlResources_GetSqlContainer):
// GET …/databaseAccounts/{account}/sqlDatabases/{db}/containers/{c} → properties.resource.defaultTtl.
const DOCUMENTDB_API_VERSION = '2024-11-15';

export interface CosmosReaderOptions {
  readonly credential: TokenCredential;
  /** The Resource Manager endpoint. */
  readonly endpoint: string;
  /** Extra trusted CA certificates (PEM), for a test server. */
  readonly trustedCertificates?: string;
  readonly retry?: RetrySettings;
}

/**
 * Reads containers through Resource Manager with the deploying identity, through the same pipeline
 * pieces as keyvault.ts (a plain REST call keeps `@azure/arm-cosmosdb` out of the dependencies for
 * one GET).
 */
export async function createCosmosContainerReader(options: CosmosReaderOptions): Promise<CosmosContainerReader> {
  const { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest } =
    await import('@azure/core-rest-pipeline');
  const httpClient = createDefaultHttpClient();
  const pipeline = createPipelineFromOptions(options.trustedCertificates ? { tlsOptions: { ca: options.trustedCertificates } } : {});
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: scopeFor(options.endpoint) }));
  useBoundedRetry(pipeline, options.retry ?? defaultRetrySettings);
  const base = options.endpoint.replace(/\/+$/, '');

  return async ({ subscription, resourceGroup, account }, database, container) => {
    const segments = [subscription, resourceGroup, account, database, container].map(encodeURIComponent);
    const url =
      `${base}/subscriptions/${segments[0]}/resourceGroups/${segments[1]}/providers/Microsoft.DocumentDB/databaseAccounts/${segments[2]}` +
      `/sqlDatabases/${segments[3]}/containers/${segments[4]}?api-version=${DOCUMENTDB_API_VERSION}`;
    let response;
    try {
      response = await pipeline.sendRequest(httpClient, createPipelineRequest({ url, method: 'GET' }));
    } catch (error) {
      throw new AzureRequestError(error instanceof Error ? error.message : String(error), undefined, (error as { code?: string }).code);
    }
    type Problem = { code?: unknown; message?: unknown };
    let body: Problem & { properties?: { resource?: { defaultTtl?: unknown } }; error?: Problem } = {};
    try {
      body = JSON.parse(response.bodyAsText || '{}') as typeof body;
    } catch {
      // A non-JSON answer is reported by its status below.
    }
    if (response.status === 404) return undefined;
    if (response.status !== 200) {
      // Resource Manager wraps the problem in `error`; the Cosmos DB provider often answers it bare.
      const problem = body.error ?? body;
      const message = typeof problem.message === 'string' ? problem.message.split('\n')[0]! : 'no message in the answer';
      throw new AzureRequestError(message, response.status, typeof problem.code === 'string' ? problem.code : undefined);
    }
    const defaultTtl = body.properties?.resource?.defaultTtl;
    return typeof defaultTtl === 'number' ? { defaultTtl } : { defaultTtl: null };
  };
}
