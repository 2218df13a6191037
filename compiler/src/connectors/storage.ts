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
];

export function storageService(host: string): { service: string; store: string } | undefined {
  const found = STORAGE_ENDPOINTS.find(({ pattern }) => pattern.test(host.toLowerCase()));
  return found && { service: found.service, store: found.store };
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
