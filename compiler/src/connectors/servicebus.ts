/**
 * What Jig uses of the Azure Service Bus managed connector (`servicebus`), as Microsoft's sources
 * state it. The connector reference (learn.microsoft.com/connectors/servicebus) names the
 * operations and their parameters; the JSON the designer writes for them is taken from real
 * workflows of ../shared/wdl/corpus (C:) and corpus2 (C2:), as ../shared/notes/logic-apps-connectors.md
 * does for the other connectors:
 *
 * - "Send message" (`SendMessage`): POST `/{entityName}/messages`, where the entity is a queue or
 *   a topic, `queries: {systemProperties: "None"}`, and a `ServiceBusMessage` body whose
 *   `ContentData` is the content in base64 (`format: byte`), with an optional `ContentType`
 *   (C:azlogicapps__scripts-recurrence-jobs-schedulesWithConn__2, C:azlogicapps__templates-
 *   blockchain-messagingworkflow-servicebus, C2:Azure-Samples__azure-logic-apps-deployment-samples__
 *   service-bus-connections-templates-logic-app-definition). The entity name is encoded twice
 *   (`x-ms-url-encoding: double`; every literal name in those files is written
 *   `@{encodeURIComponent(encodeURIComponent('NAME'))}`).
 * - "When a message is received in a queue (auto-complete)" (`GetMessageFromQueue`): a polling
 *   trigger, GET `/{queueName}/messages/head` with `queries: {queueType: "Main"}` and a
 *   `recurrence`; its peek-lock twin is `/messages/head/peek` (C:azlogicapps__templates-service-
 *   bus-peek-lock-complete, C2:…service-bus-connections-templates-logic-app-definition).
 *   "When a message is received in a topic subscription (auto-complete)"
 *   (`GetMessageFromTopic`): GET `/{topicName}/subscriptions/{subscriptionName}/messages/head` with
 *   `queries: {subscriptionType: "Main"}`, the subscription name encoded once
 *   (C2:Evilazaro__Azure-LogicApps-Monitoring__workflows-OrdersManagement-OrdersManagementLogicApp-
 *   OrdersPlacedProcess-workflow). Auto-complete removes the message from the entity once the
 *   trigger has read it: a run that fails does not put it back.
 * - The message the trigger returns has the content in base64 in `ContentData`, the designer's
 *   "Content" (`@base64ToString(triggerBody()?['ContentData'])`), next to its system properties
 *   (`MessageId`, `ContentType`, `Properties`, `SessionId`, …).
 * - The designer polls every 3 minutes by default (the corpus's peek-lock triggers).
 * - A connection is made with the namespace's connection string (`connectionString`, a
 *   `securestring`), or with a managed identity and the namespace's endpoint.
 *
 * A namespace's data endpoint is `NAMESPACE.servicebus.windows.net` (other clouds:
 * `servicebus.usgovcloudapi.net`, `servicebus.chinacloudapi.cn`): that host is where a message
 * goes, which is what the policy judges (policy/destinations.ts).
 */

/** "Send message": the path under the entity, and the queries the designer writes. */
export const SEND_MESSAGE = {
  operationId: 'SendMessage',
  method: 'post',
  /** After the entity name. */
  pathSuffix: '/messages',
  queries: { systemProperties: 'None' },
  /** The `ServiceBusMessage` properties Jig sets. */
  content: 'ContentData',
  contentType: 'ContentType',
  /**
   * How long the message may wait in its queue or topic, in ticks (100 ns), as the connector
   * reference states (`TimeToLive`: "the duration, in ticks, that a message is valid", from when it
   * is sent). The entity's own default time to live caps it.
   */
  timeToLive: 'TimeToLive',
} as const;

/** Seconds as the ticks of a message's `TimeToLive` (a tick is 100 ns), written as the connector's string. */
export function timeToLiveTicks(seconds: number): string {
  return String(BigInt(Math.round(seconds)) * 10_000_000n);
}

/** "When a message is received in a queue (auto-complete)". */
export const GET_MESSAGE_FROM_QUEUE = {
  operationId: 'GetMessageFromQueue',
  /** After the queue name. */
  pathSuffix: '/messages/head',
  queries: { queueType: 'Main' },
} as const;

/** "When a message is received in a topic subscription (auto-complete)". */
export const GET_MESSAGE_FROM_TOPIC = {
  operationId: 'GetMessageFromTopic',
  /** After the topic name; the subscription's name follows `/subscriptions/`. */
  subscriptions: '/subscriptions/',
  pathSuffix: '/messages/head',
  queries: { subscriptionType: 'Main' },
} as const;

/** The received message's property that holds its content, in base64. */
export const MESSAGE_CONTENT = 'ContentData';

/** The designer's polling interval for the Service Bus triggers. */
export const DEFAULT_POLLING = { frequency: 'Minute', interval: 3 } as const;

/** The suffix of a namespace's host in Azure's public cloud. */
export const NAMESPACE_SUFFIX = '.servicebus.windows.net';

/**
 * The host a namespace argument names: a bare namespace (`contoso-orders`) is in the public cloud;
 * a name with a dot is a host already (`contoso-orders.servicebus.usgovcloudapi.net`).
 */
export function namespaceHost(namespace: string): string {
  const name = namespace.trim().toLowerCase().replace(/\.$/, '');
  return name.includes('.') ? name : `${name}${NAMESPACE_SUFFIX}`;
}

/**
 * The queue or topic an entity path names, in lower case: Service Bus addresses what lies inside an
 * entity by a path under its name (Microsoft, "Service Bus dead-letter queues": `QUEUE/$deadletterqueue`,
 * `TOPIC/subscriptions/SUBSCRIPTION/$deadletterqueue`, `…/$Transfer/$DeadLetterQueue`; a
 * subscription's own path `TOPIC/Subscriptions/SUBSCRIPTION`), and entity names ignore case. A
 * receiver of such a path reads what was sent to the entity, so both name one entity, as do
 * spellings with slashes around the name (merging two spellings can only add categories).
 */
export function entityOfPath(path: string): string {
  return path
    .toLowerCase()
    .replace(/^\/+|\/+$/g, '')
    .replace(/(\/\$transfer)?\/\$deadletterqueue$/, '')
    .replace(/\/subscriptions\/[^/]*$/, '');
}
