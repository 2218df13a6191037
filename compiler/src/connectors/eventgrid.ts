/**
 * What Jig uses of the Azure Event Grid managed connector (`azureeventgrid`), as Microsoft's
 * sources state it. The connector reference (learn.microsoft.com/connectors/azureeventgrid) names
 * the trigger "When a resource event occurs" (`CreateSubscription`): a webhook trigger that
 * subscribes to a resource's events with POST
 * `/subscriptions/{subscriptionId}/providers/{resourceType}/resource/eventSubscriptions`
 * (`x-ms-api-version` `2017-09-15-preview`), both path parameters encoded once, and a body
 * `{properties: {topic, destination: {endpointType: 'webhook', properties: {endpointUrl:
 * '@{listCallbackUrl()}'}}, filter: {includedEventTypes: […]}}}`; the service posts the events to
 * the callback, an array the designer splits on (`splitOn: @triggerBody()`), so each run's
 * `triggerBody()` is one event, its payload in `data` (the event schema's `id`, `topic`,
 * `subject`, `eventType`, `eventTime`, `data`, `dataVersion`). The .NET connector SDK's Event Grid
 * client builds the same path and query. Workflows that write it, with the resource type names the
 * designer lists (`Microsoft.Resources.ResourceGroups`, `Microsoft.EventGrid.Topics`,
 * `Microsoft.Storage.StorageAccounts`, `Microsoft.KeyVault.vaults`,
 * `Microsoft.MachineLearningServices.Workspaces`): Microsoft Learn's Event Grid and Logic Apps
 * exercise (a resource group's events), and the Key Vault, storage and machine learning samples
 * of Azure's quickstart templates. ../shared/wdl/corpus has no such trigger (only the publishing
 * action of `azureeventgridpublish`), so the shape is taken from those.
 */

/** "When a resource event occurs". */
export const CREATE_SUBSCRIPTION = {
  operationId: 'CreateSubscription',
  pathSuffix: '/resource/eventSubscriptions',
  queries: { 'x-ms-api-version': '2017-09-15-preview' },
  endpointUrl: '@{listCallbackUrl()}',
  /** Each event is a run. */
  splitOn: '@triggerBody()',
  /** The event's payload, what `trigger.body` reads. */
  data: 'data',
} as const;

/**
 * The resource types the trigger subscribes to, by the `PROVIDER/TYPE` of a resource id (lower
 * case), written as the connector names them. A resource group's id has no provider.
 */
const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'microsoft.eventgrid/topics': 'Microsoft.EventGrid.Topics',
  'microsoft.storage/storageaccounts': 'Microsoft.Storage.StorageAccounts',
  'microsoft.keyvault/vaults': 'Microsoft.KeyVault.vaults',
  'microsoft.machinelearningservices/workspaces': 'Microsoft.MachineLearningServices.Workspaces',
};
const RESOURCE_GROUPS = 'Microsoft.Resources.ResourceGroups';

/** What Jig can subscribe to, for a message. */
export const SUPPORTED_RESOURCES = ['a resource group', ...Object.values(RESOURCE_TYPES)].join(', ');

/** A resource id's subscription and the connector's name of its type; undefined when it is neither of those. */
export function eventSource(resourceId: string): { subscription: string; resourceType: string } | undefined {
  const group = /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+$/i.exec(resourceId);
  if (group) return { subscription: group[1]!, resourceType: RESOURCE_GROUPS };
  const resource = /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/([^/]+\/[^/]+)\/[^/]+$/i.exec(resourceId);
  const resourceType = resource ? RESOURCE_TYPES[resource[2]!.toLowerCase()] : undefined;
  return resource && resourceType ? { subscription: resource[1]!, resourceType } : undefined;
}

/**
 * The custom topic a publishing endpoint (`NAME.REGION-1.eventgrid.azure.net`, where a request posts
 * its events) belongs to, in lower case.
 */
export function topicOfEndpoint(host: string): string | undefined {
  return /^([a-z0-9-]+)\.[a-z0-9-]+\.eventgrid\.azure\.(net|us|cn)$/i.exec(host)?.[1]?.toLowerCase();
}

/**
 * The custom topics whose events a trigger on a resource receives: the topic itself, every topic
 * of a resource group (`*`); none for a resource whose events Azure writes (a storage account, a
 * key vault, a workspace).
 */
export function topicsOfSource(resourceId: string): string | undefined {
  if (/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(resourceId)) return '*';
  return /\/providers\/Microsoft\.EventGrid\/topics\/([^/]+)$/i.exec(resourceId)?.[1]?.toLowerCase();
}
