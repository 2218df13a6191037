/**
 * The managed-connector operations the engine knows: how to recognize a call (connector, method,
 * path), the shape of what the real connector returns (so that a mock cannot answer what the
 * connector never would), and for some a simulation on the run's world. Shapes follow the
 * connectors' swagger as the Azure Connectors SDK publishes it (DocumentDB QueryDocumentsV5's
 * `DocumentsCollection`, Office 365's `GraphClientReceiveMessage`).
 */
import { isNumber, isObject, numberOf, objectOf, toJson, type Value } from '../values.js';
import { isCosmosTtl } from '../../util/cosmos-ttl.js';
import { runCosmosQuery } from './cosmos-sql.js';
import type { World } from './world.js';

export interface OperationCall {
  readonly method: string;
  readonly path: string;
  readonly params: readonly string[];
  readonly queries: Record<string, Value>;
  /** The request's headers, by lower-case name. */
  readonly headers: Record<string, Value>;
  readonly body: Value;
}

export interface ConnectorReply {
  readonly status: number;
  readonly body: Value;
  readonly headers?: Record<string, Value>;
}

export interface Operation {
  readonly connector: string;
  readonly id: string;
  readonly method: string;
  readonly path: RegExp;
  /** JSON schema of a successful reply's body. */
  readonly response: object;
  /** What the operation does to the world, and answers, when no mock answers it. */
  readonly simulate?: (call: OperationCall, world: World | undefined) => ConnectorReply;
  /** The reply when neither a mock nor a simulation answers (an "empty success"). */
  readonly empty: ConnectorReply;
  /** The kind of effect it has, for the run's record of effects and the sinks. */
  readonly effect?: 'store' | 'mail';
}

const DOCUMENT = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

export const OPERATIONS: readonly Operation[] = [
  {
    connector: 'documentdb',
    id: 'CreateOrUpdateDocument',
    method: 'post',
    path: /^\/v2\/cosmosdb\/([^/]+)\/dbs\/([^/]+)\/colls\/([^/]+)\/docs$/,
    response: DOCUMENT,
    effect: 'store',
    empty: { status: 200, body: null },
    simulate(call, world) {
      const [, , database, container] = call.params as [string, string, string, string];
      if (!isObject(call.body) || typeof call.body['id'] !== 'string') {
        return { status: 400, body: objectOf([['code', 'BadRequest'], ['message', "The document has no string 'id'."]]) };
      }
      // Cosmos DB's id: a non-empty string of at most 1023 bytes without '/', '\', '?' or '#'
      // (Resource.Id in the Cosmos DB SDK's reference; "Service quotas and default limits").
      const id = call.body['id'];
      if (id === '' || new TextEncoder().encode(id).length > 1023 || /[/\\?#]/.test(id)) {
        return { status: 400, body: objectOf([['code', 'BadRequest'], ['message', `The document id '${id}' is empty, longer than 1023 bytes, or holds '/', '\\', '?' or '#'.`]]) };
      }
      // Cosmos DB refuses an item whose ttl it cannot take (util/cosmos-ttl.ts), null included.
      const ttl = call.body['ttl'];
      if (ttl !== undefined && !(isNumber(ttl) && isCosmosTtl(numberOf(ttl)))) {
        return { status: 400, body: objectOf([['code', 'BadRequest'], ['message', `The input ttl '${JSON.stringify(toJson(ttl))}' is invalid. Ensure to provide a nonzero positive integer less than or equal to '2147483647', or '-1' which means never expire.`]]) };
      }
      const stored = world ? world.upsert(database, container, call.body) : call.body;
      return { status: 200, body: stored };
    },
  },
  {
    connector: 'documentdb',
    id: 'QueryDocumentsV5',
    method: 'get',
    path: /^\/v5\/cosmosdb\/([^/]+)\/dbs\/([^/]+)\/colls\/([^/]+)\/query$/,
    response: {
      type: 'object',
      properties: {
        value: { type: 'array' },
        Count: { type: 'integer' },
        ContinuationToken: { type: 'string' },
        ActivityId: { type: 'string' },
        RequestCharge: { type: 'number' },
        SessionToken: { type: 'string' },
        nextLink: { type: 'string' },
        '@metadata': { type: 'array' },
      },
      required: ['value'],
      additionalProperties: false,
    },
    empty: { status: 200, body: objectOf([['value', []], ['Count', 0]]) },
    simulate(call, world) {
      const [, , database, container] = call.params as [string, string, string, string];
      const text = call.queries['queryText'];
      const documents = world ? world.documents(database, container) : [];
      const all = typeof text === 'string' ? runCosmosQuery(text, documents) : [...documents];
      // One page, from where the continuation token (here an offset) says; the token of the next while more remain.
      const from = Number(call.headers['x-ms-continuation'] ?? 0) || 0;
      const size = world?.pageSize ?? Infinity;
      const value = all.slice(from, from + size);
      const next = from + size < all.length ? [['ContinuationToken', String(from + size)] as const] : [];
      return { status: 200, body: objectOf([['value', value], ['Count', value.length], ...next]) };
    },
  },
  {
    // "Delete a document (V2)": Cosmos DB answers 204 without a body, or 404 when there is no such
    // document, which the connector passes on.
    connector: 'documentdb',
    id: 'DeleteDocument_V2',
    method: 'delete',
    path: /^\/v2\/cosmosdb\/([^/]+)\/dbs\/([^/]+)\/colls\/([^/]+)\/docs\/([^/]+)$/,
    response: { type: ['null', 'string', 'object'] },
    empty: { status: 204, body: null },
    simulate(call, world) {
      const [, , database, container, id] = call.params as [string, string, string, string, string];
      // The partition key's value as JSON (a string quoted, a number bare): what is not JSON is refused.
      const partitionKey = call.headers['x-ms-documentdb-raw-partitionkey'];
      if (typeof partitionKey === 'string' && !isJson(partitionKey)) {
        return { status: 400, body: objectOf([['code', 'BadRequest'], ['message', `The partition key ${partitionKey} is not a JSON value.`]]) };
      }
      if (!world || world.remove(database, container, id)) return { status: 204, body: null };
      return { status: 404, body: objectOf([['code', 'NotFound'], ['message', `Entity with the specified id does not exist in the system.`]]) };
    },
  },
  {
    connector: 'office365',
    id: 'SendEmailV2',
    method: 'post',
    path: /^\/v2\/Mail$/i,
    response: { type: ['null', 'string', 'object'] },
    effect: 'mail',
    empty: { status: 200, body: null },
  },
];

/** The body of the Office 365 trigger "When a new email arrives (V3)": one message. */
export const GRAPH_CLIENT_RECEIVE_MESSAGE = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    from: { type: 'string' },
    toRecipients: { type: 'string' },
    ccRecipients: { type: 'string' },
    bccRecipients: { type: 'string' },
    replyTo: { type: 'string' },
    subject: { type: 'string' },
    body: { type: 'string' },
    bodyPreview: { type: 'string' },
    importance: { type: 'string' },
    hasAttachments: { type: 'boolean' },
    internetMessageId: { type: 'string' },
    conversationId: { type: 'string' },
    receivedDateTime: { type: 'string' },
    isRead: { type: 'boolean' },
    isHtml: { type: 'boolean' },
    attachments: { type: 'array' },
    sensitivityLabelInfo: { type: 'array' },
  },
  additionalProperties: false,
} as const;

/** Trigger outputs' body shapes, by the fetch path of an ApiConnection trigger. */
export const TRIGGER_SHAPES: readonly { connector: string; id: string; path: RegExp; body: object }[] = [
  { connector: 'office365', id: 'OnNewEmailV3', path: /^\/v3\/Mail\/OnNewEmail$/i, body: GRAPH_CLIENT_RECEIVE_MESSAGE },
];

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function findOperation(connector: string, method: string, path: string): { operation: Operation; params: string[] } | undefined {
  for (const operation of OPERATIONS) {
    if (operation.connector !== connector.toLowerCase() || operation.method !== method.toLowerCase()) continue;
    const match = operation.path.exec(path);
    if (match) return { operation, params: match.map((part) => { try { return decodeURIComponent(part); } catch { return part; } }) };
  }
  return undefined;
}

/** The connector an ApiConnection's `host.connection.name` (or Standard `referenceName`) names. */
export function connectorOf(host: unknown): string | undefined {
  if (!isObject(host as Value)) return undefined;
  const connection = (host as Record<string, unknown>)['connection'] as Record<string, unknown> | undefined;
  const reference = connection?.['referenceName'];
  if (typeof reference === 'string') return reference.toLowerCase();
  const name = connection?.['name'];
  if (typeof name !== 'string') return undefined;
  const fromParameter = /\$connections'\)\s*\[\s*'([^']+)'\]/.exec(name);
  if (fromParameter) return fromParameter[1]!.toLowerCase();
  return name.split('/').pop()?.toLowerCase();
}
