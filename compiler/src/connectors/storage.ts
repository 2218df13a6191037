/**
 * The services that keep data, by their hosts: Azure Storage and Cosmos DB's data endpoints in
 * every cloud (an HTTP write there is a store, §2 and §8), and the places where a request reads
 * what the project's own steps keep (a blob account, Cosmos DB, a SharePoint site, a Service Bus
 * namespace, Microsoft Graph's sites and drives), which a read by HTTP answers with as a `query`
 * does.
 */
import { GRAPH_HOSTS, GRAPH_STORE_PATH } from './tenant-services.js';

/** Azure Storage and Cosmos DB data endpoints in every cloud: an HTTP write there is a store. */
const STORAGE_ENDPOINTS: readonly { readonly pattern: RegExp; readonly service: string; readonly store: string }[] = [
  { pattern: /\.blob\.core\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/, service: 'Azure Blob storage', store: 'blob' },
  { pattern: /\.dfs\.core\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/, service: 'Azure Data Lake storage', store: 'blob' },
  { pattern: /\.file\.core\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/, service: 'Azure Files', store: 'blob' },
  { pattern: /\.table\.core\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/, service: 'Azure Table storage', store: 'table' },
  { pattern: /\.queue\.core\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/, service: 'Azure Queue storage', store: 'queue' },
  { pattern: /\.table\.cosmos\.azure\.com$/, service: 'Cosmos DB for Table', store: 'cosmos' },
  { pattern: /\.documents\.azure\.(com|us|cn)$/, service: "Cosmos DB's REST API", store: 'cosmos' },
  // A storage account's Azure DNS zone endpoints (`ACCOUNT.z01.blob.storage.azure.net`), which
  // accounts created with `dnsEndpointType: AzureDnsZone` have instead of `*.core.windows.net`:
  // learn.microsoft.com/azure/storage/common/storage-account-overview#azure-dns-zone-endpoints-preview
  { pattern: /\.z\d+\.blob\.storage\.azure\.net$/, service: 'Azure Blob storage', store: 'blob' },
  { pattern: /\.z\d+\.dfs\.storage\.azure\.net$/, service: 'Azure Data Lake storage', store: 'blob' },
  { pattern: /\.z\d+\.file\.storage\.azure\.net$/, service: 'Azure Files', store: 'blob' },
  { pattern: /\.z\d+\.table\.storage\.azure\.net$/, service: 'Azure Table storage', store: 'table' },
  { pattern: /\.z\d+\.queue\.storage\.azure\.net$/, service: 'Azure Queue storage', store: 'queue' },
  // Cosmos DB's dedicated gateway (its integrated cache), which passes writes on to the account:
  // learn.microsoft.com/azure/cosmos-db/dedicated-gateway
  { pattern: /\.sqlx\.cosmos\.azure\.(com|us|cn)$/, service: "Cosmos DB's REST API (its dedicated gateway)", store: 'cosmos' },
];

/**
 * Services that keep what one endpoint of theirs is sent, by host and path (the path as the runtime
 * sends it, dot segments resolved): a write there is a store too, kept until someone deletes it.
 * Their other endpoints act on what they are sent and keep nothing of it (a search query, a key's
 * encryption). `dataOnly`: a service built to keep the client's own credentials and settings, a
 * store only of data about someone or a business, not of a rotated secret (policy rules s02).
 * - Azure AI Search: "Add, update, or delete documents" (`POST /indexes/NAME/docs/index`, or
 *   `/indexes('NAME')/docs/search.index`), learn.microsoft.com/rest/api/searchservice.
 * - Key Vault: a secret set or updated (`PUT`/`PATCH /secrets/NAME…`, its value and tags), a
 *   certificate imported or its tags set (`/certificates/…`), learn.microsoft.com/rest/api/keyvault.
 * - App Configuration: a key-value set (`PUT /kv/KEY`), learn.microsoft.com/azure/azure-app-configuration/rest-api-key-value.
 * - Azure Monitor: the Logs ingestion API (`POST /dataCollectionRules/ID/streams/NAME` at a data
 *   collection endpoint, `*.ingest.monitor.azure.com`) and the older HTTP Data Collector API
 *   (`POST /api/logs` at `WORKSPACE.ods.opinsights.azure.com`): rows a Log Analytics workspace keeps.
 * - Azure Data Explorer: queued or streaming ingestion and management commands, which ingest
 *   inline (`/v1/rest/ingest/…`, `/v1/rest/mgmt` at `CLUSTER.REGION.kusto.windows.net`).
 * - Dataverse's Web API (`ORG.api.crm.dynamics.com/api/data/v9.2/ENTITY`): a row created or updated.
 * - Azure Health Data Services' FHIR and DICOM services and Azure API for FHIR
 *   (`WORKSPACE-FHIR.fhir.azurehealthcareapis.com`, `NAME.azurehealthcareapis.com`): every write
 *   creates or updates a resource the service keeps (a Patient, a study), learn.microsoft.com/azure/healthcare-apis.
 * - Azure Digital Twins (`NAME.api.REGION.digitaltwins.azure.net/digitaltwins/ID`): a twin created or patched.
 * - Azure Data Lake Storage Gen1's WebHDFS API (`NAME.azuredatalakestore.net/webhdfs/v1/…?op=CREATE`).
 * - IoT Hub's device twins and identity registry (`NAME.azure-devices.net/twins/ID`, `/devices/ID`),
 *   kept with the device, and its cloud-to-device messages (`/devices/ID/messages/deviceBound`), kept
 *   until the device takes them: learn.microsoft.com/rest/api/iothub.
 * - Azure Databricks' DBFS, Unity Catalog volumes and workspace files (`/api/2.0/dbfs/put`,
 *   `/api/2.0/fs/files/Volumes/…`, `/api/2.0/workspace/import`): learn.microsoft.com/azure/databricks/dev-tools/api.
 * - Azure OpenAI's files, uploads, Assistants threads and messages, vector stores and batches
 *   (`/openai/files`, `/openai/threads/…`), kept until deleted: learn.microsoft.com/azure/ai-services/openai/reference.
 */
const PATH_STORES: readonly { readonly host: RegExp; readonly path: RegExp; readonly service: string; readonly store: string; readonly dataOnly?: true }[] = [
  { host: /\.search\.(windows\.net|azure\.us|azure\.cn)$/, path: /^\/indexes(\/[^/]+|\([^/]*\))\/docs\/(search\.)?index\/?$/i, service: 'Azure AI Search', store: 'search' },
  { host: /\.(vault\.(azure\.net|usgovcloudapi\.net|azure\.cn)|managedhsm\.azure\.net)$/, path: /^\/(secrets|certificates)\//i, service: 'Azure Key Vault', store: 'keyvault', dataOnly: true },
  { host: /\.azconfig\.(io|azure\.us|azure\.cn)$/, path: /^\/kv\//i, service: 'Azure App Configuration', store: 'appconfig', dataOnly: true },
  { host: /\.ingest\.monitor\.azure\.(com|us|cn)$/, path: /^\/datacollectionrules\//i, service: "Azure Monitor's Logs ingestion API", store: 'logs' },
  { host: /\.ods\.opinsights\.azure\.(com|us|cn)$/, path: /^\/api\/logs\/?$/i, service: "Log Analytics' HTTP Data Collector API", store: 'logs' },
  { host: /\.kusto\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/, path: /^\/v[12]\/rest\/(ingest|mgmt)(\/|$)/i, service: 'Azure Data Explorer', store: 'dataexplorer' },
  { host: /\.(dynamics\.com|microsoftdynamics\.us|appsplatform\.us|dynamics\.cn)$/, path: /^\/api\/data\//i, service: "Dataverse's Web API", store: 'dataverse' },
  { host: /\.azurehealthcareapis\.(com|us)$/, path: /^\//, service: 'Azure Health Data Services (FHIR, DICOM)', store: 'fhir' },
  { host: /\.digitaltwins\.azure\.(net|us|cn)$/, path: /^\/digitaltwins(\/|$)/i, service: 'Azure Digital Twins', store: 'digitaltwins' },
  { host: /\.azuredatalakestore\.net$/, path: /^\/webhdfs\//i, service: 'Azure Data Lake Storage Gen1', store: 'blob' },
  { host: /\.azure-devices\.(net|us|cn)$/, path: /^\/(twins|devices)\//i, service: "IoT Hub's device twins and registry", store: 'iothub' },
  { host: /\.azuredatabricks\.net$/, path: /^\/api\/2\.\d\/(dbfs|fs|workspace)\//i, service: "Azure Databricks' file system, volumes and workspace files", store: 'databricks' },
  { host: /\.(openai\.azure\.(com|us)|cognitiveservices\.azure\.(com|us)|services\.ai\.azure\.com)$/, path: /^\/openai\/(v1\/)?(files|uploads|threads|assistants|vector_stores|batches)(\/|$)/i, service: "Azure OpenAI's files, threads and vector stores", store: 'openai' },
];

/**
 * The service a write to `host` keeps what it sends in, if any: by the host alone, or, for a
 * service that keeps what only some endpoints are sent, by the URL's path too (asked only then:
 * parsing it costs more than the rest, at every write).
 */
export function storageService(host: string, path?: () => string): { service: string; store: string; dataOnly?: true } | undefined {
  const name = host.toLowerCase();
  const found = STORAGE_ENDPOINTS.find(({ pattern }) => pattern.test(name));
  if (found) return { service: found.service, store: found.store };
  if (path === undefined) return undefined;
  const byPath = PATH_STORES.filter((entry) => entry.host.test(name));
  if (byPath.length === 0) return undefined;
  const written = path();
  const kept = byPath.find((entry) => entry.path.test(written));
  return kept && { service: kept.service, store: kept.store, ...(kept.dataOnly && { dataOnly: true as const }) };
}


/** SharePoint Online's sites, in every cloud. */
export const SHAREPOINT_HOSTS = /\.sharepoint\.(com|us|cn|de)$|\.sharepoint-mil\.us$/;
const SERVICE_BUS_HOSTS = /\.servicebus\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/;

/** A Service Bus namespace's host, in every cloud: its REST API queues what a write sends it. */
export function isServiceBusHost(host: string): boolean {
  return SERVICE_BUS_HOSTS.test(host.toLowerCase());
}

/**
 * Whether a request to `host` reads from a service that keeps data, and which of the project's
 * cells (semantics/categories.ts: `store:KIND/…`, `message:servicebus/…`) it may read, as
 * prefixes: a blob account's containers (Data Lake and Files read the same account), every Cosmos
 * DB container (the account is the connection's, not in the cell), every SharePoint list (a
 * site's address has several spellings), every Service Bus queue and topic. `literal` is the URL's
 * literal text, which names a Graph endpoint. Undefined for a host that keeps nothing of the
 * project's (a storage endpoint the project writes only by HTTP still keeps data: an empty list).
 */
export function cellsReadAt(host: string, literal: string): readonly string[] | undefined {
  const name = host.toLowerCase();
  const storage = storageService(name);
  if (storage?.store === 'blob') return [`store:blob/${name.split('.')[0]}/`];
  if (storage?.store === 'cosmos') return ['store:cosmos/'];
  if (storage) return [];
  if (SHAREPOINT_HOSTS.test(name)) return ['store:sharepoint/'];
  if (SERVICE_BUS_HOSTS.test(name)) return ['message:servicebus/'];
  // Graph reads the tenant's data: its sites' lists and drives are where SharePoint stores keep theirs.
  if (GRAPH_HOSTS.test(name)) return GRAPH_STORE_PATH.test(literal) ? ['store:sharepoint/'] : undefined;
  return undefined;
}
