/**
 * Which of the project's stores a request reads. A `query` reads its container, and carries what
 * the project stores there (semantics/categories.ts); a request reads stores too, by another door:
 * a `call connector` through a connection that may reach any of the project's containers and
 * queues (its key is a name anyone may give any connection), and a `call http` to a service that
 * keeps data (connectors/storage.ts: a blob account, Cosmos DB's REST API, a SharePoint site,
 * Graph's sites and drives, a Service Bus namespace), at any value its URL can take. A request
 * that may start a run of one of the project's flows (connectors/logic-apps.ts, a `call workflow`)
 * reads what that flow answers, as the project's answers cells hold it; one that reads runs (Resource
 * Manager's or a Standard app's workflow API) reads what the flows hold, as their history cells do.
 */
import type { Expression, HttpCall, JsonMember, JsonObject, JsonValue } from '../syntax/tree.js';
import { walk } from '../syntax/visit.js';
import { cellsReadAt } from '../connectors/storage.js';
import { readsMailbox } from '../connectors/tenant-services.js';
import { historyReadAt, runStartedAt, workflowOfId } from '../connectors/logic-apps.js';
import { connectionReadsMailbox } from '../connectors/managed-apis.js';
import { hostOf, PARTIAL } from '../util/url.js';
import { connectionCredential, credentialReadAt, providerCredential } from '../connectors/credentials.js';
import type { UrlText } from './url-texts.js';

/**
 * What the project's flows answer their callers (`answerCell`), as a prefix: what a request that may
 * start a run of any of them reads (a `call workflow`, a request to a trigger's URL, a connection
 * or a raw action's JSON Jig cannot follow), as a `call flow` reads its child's answer.
 */
export const EVERY_ANSWER = 'answer:';

/**
 * The project-wide cell of what a flow answers whoever starts its run: its responses (body and
 * headers) and its failure messages (a caller's action fails with them), under their conditions.
 * A `call flow` knows its child and takes what the child declares; a request that names the flow's
 * workflow reads its cell, one that may start any workflow every such cell. Flow names are unique
 * ignoring case, and Logic Apps names a workflow so.
 */
export const answerCell = (flow: string): string => `${EVERY_ANSWER}${flow.toLowerCase()}`;

/** The answer cells a request that may start `workflow` reads: its own, or every one where it is not named. */
const answersOf = (workflow: string | undefined): string => (workflow === undefined ? EVERY_ANSWER : answerCell(workflow));

/**
 * What the project's flows hold in their run history (`historyCell`), as a prefix: what a request
 * that reads runs (connectors/logic-apps.ts `historyReadAt`: Resource Manager's or a Standard app's
 * workflow API, the links to a run's contents) reads, and a connection or a raw action's JSON Jig
 * cannot follow.
 */
export const EVERY_HISTORY = 'history:';

/**
 * The project-wide cell of what a flow's runs hold: every category its `@data` declares (and every
 * one below them), which is all its actions may read or write. Run history hides the inputs and
 * outputs Jig secures, but not which actions ran (a step under a condition on a pupil's age tells
 * its outcome), nor what a raw action holds: a read of runs is a read of the flow's data.
 */
export const historyCell = (flow: string): string => `${EVERY_HISTORY}${flow.toLowerCase()}`;

const historiesOf = (workflow: string | undefined): string => (workflow === undefined ? EVERY_HISTORY : historyCell(workflow));

/** Every cell of the project, as prefixes: what a connector Jig cannot identify may read (a raw action or trigger too). */
export const EVERY_CELL: readonly string[] = ['store:', 'message:', EVERY_ANSWER, EVERY_HISTORY];

/** The methods of a request that writes, and reads nothing of a store's run history. */
const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The prefixes of the project's cells a request may read (`store:blob/acct/`, `answer:`), an
 * empty list for a service that keeps data of no cell (Table or Queue storage), or undefined for a
 * request that reads no store and starts no run.
 */
export function cellsReadBy(call: HttpCall, urlValuesOf: (url: Expression) => readonly UrlText[]): readonly string[] | undefined {
  if (call.connector) return EVERY_CELL;
  if (call.workflow) return [...new Set(urlValuesOf(call.url).map(({ text }) => answersOf(workflowOfId(text))))];
  let cells: string[] | undefined;
  for (const { text, literal } of urlValuesOf(call.url)) {
    if (text === undefined) continue;
    const host = hostOf(text);
    if (host === undefined) continue;
    const stored = cellsReadAt(host, literal);
    const started = runStartedAt(host, literal);
    const history = historyReadAt(host, literal, text.endsWith(PARTIAL), WRITES.has(call.method?.name ?? ''));
    if (!stored && !started && !history) continue;
    cells ??= [];
    const read = [...(stored ?? []), ...(started ? [answersOf(started.workflow)] : []), ...(history ? [historiesOf(history.workflow)] : [])];
    for (const cell of read) if (!cells.includes(cell)) cells.push(cell);
  }
  return cells;
}

/**
 * The workflows a request to a trigger's URL may start (connectors/logic-apps.ts `runStartedAt`), at
 * any value its URL can take: each by the name its path gives, `undefined` for one it names by an
 * id or a computed part. What it sends is what that run's request body holds, as a `call flow`'s
 * argument is (flow/project-data.ts writes it into the flow's input cell); one Jig cannot name is a
 * place it cannot see (policy/destinations.ts).
 */
export function runsStartedBy(call: HttpCall, urlValuesOf: (url: Expression) => readonly UrlText[]): (string | undefined)[] {
  if (call.connector || call.workflow || call.azureFunction) return [];
  const started: (string | undefined)[] = [];
  for (const { text, literal } of urlValuesOf(call.url)) {
    if (text === undefined) continue;
    const host = hostOf(text);
    const run = host !== undefined ? runStartedAt(host, literal) : undefined;
    if (run && !started.includes(run.workflow)) started.push(run.workflow);
  }
  return started;
}

/**
 * Whether what a request answers may be a credential (connectors/credentials.ts), at any value its
 * URL can take: Key Vault's secrets, Resource Manager's list… and regenerate… actions, Graph's new
 * application credentials, Key Vault's connector; and, at a URL known only at run time, what a
 * request that authenticates (`@identity`, `auth { … }`) is answered, Key Vault and Resource
 * Manager answering no one else.
 */
export function readsCredentialsBy(call: HttpCall, urlValuesOf: (url: Expression) => readonly UrlText[], authenticates: boolean): boolean {
  return credentialAnswerOf(call, urlValuesOf, authenticates) !== undefined;
}

/**
 * Why what a request answers may be a credential (readsCredentialsBy): it may reach a service or
 * an action that answers credentials (`service`: Key Vault, a `list…` action), or only what is
 * known at run time (`run time`: a host, which the request authenticates to, or a Resource
 * Manager path computed whole; the API of a connection Jig cannot identify, or of a provider
 * computed, which the deployment decides), which what the request says cannot tell, so `jig
 * import` asks the author; undefined when it cannot be one.
 */
export function credentialAnswerOf(call: HttpCall, urlValuesOf: (url: Expression) => readonly UrlText[], authenticates: boolean): 'service' | 'run time' | undefined {
  if (call.agent) return undefined;
  // A built-in operation is its provider's (the workflow names it); a connector's key names any API
  // but the managed ones Jig wires, which only the deployment knows.
  if (call.service) return providerCredential(call.service.value);
  if (call.connector) return connectionCredential(call.connector.value ?? '');
  if (call.workflow || call.azureFunction || call.apiPath) return undefined;
  let answer: 'run time' | undefined;
  for (const { text, literal } of urlValuesOf(call.url)) {
    const host = text === undefined ? undefined : hostOf(text);
    const read = host === undefined ? (authenticates ? 'run time' : undefined) : credentialReadAt(host, literal, text!.endsWith(PARTIAL));
    if (read === 'service') return read;
    answer ??= read;
  }
  return answer;
}

/**
 * Whether a request may answer with the tenant's mailboxes and directory (connectors/tenant-services.ts
 * `readsMailbox`: Graph, Outlook's REST API) at any value its URL can take: what it answers holds
 * what the policy's mixed source (the mailbox) holds, whatever its `returns` type says, as
 * `trigger mail office365` does.
 */
export function readsMailboxBy(call: HttpCall, urlValuesOf: (url: Expression) => readonly UrlText[]): boolean {
  if (call.connector) return false;
  for (const { text, literal } of urlValuesOf(call.url)) {
    if (text === undefined) continue;
    const host = hostOf(text);
    if (host !== undefined && readsMailbox(host, literal)) return true;
  }
  return false;
}

/**
 * Whether a request's failure depends on data kept elsewhere (a 404 for a document, an item or a
 * message that is not there): one that reads the project's stores, or that reads (GET) the
 * mailbox. A write to Graph that sends a mail or an invitation fails on what it was sent, which is
 * judged where it goes (README, rule 4).
 */
export function readsKeptData(call: HttpCall, urlValuesOf: (url: Expression) => readonly UrlText[]): boolean {
  return cellsReadBy(call, urlValuesOf) !== undefined || (call.method?.name === 'get' && readsMailboxBy(call, urlValuesOf));
}

/** The action and trigger types that go through a managed connector's connection (`$connections`, Standard's `referenceName`). */
const CONNECTION_TYPES = new Set(['apiconnection', 'apiconnectionwebhook', 'apiconnectionnotification', 'openapiconnection', 'openapiconnectionwebhook', 'openapiconnectionnotification']);
/** The action and trigger types that send a request to a URL of their inputs. */
const HTTP_TYPES = new Set(['http', 'httpwebhook']);

/**
 * Whether the JSON of a raw action or trigger reads the mailbox: an action or trigger in it, at any
 * depth, goes through Office 365's or Teams' connection (connectors/managed-apis.ts), or sends a
 * request to a URL whose literal start reads it (Graph, Outlook's REST API: `readsMailboxBy`). A
 * connection Jig cannot identify, or a URL computed at run time, brings in what the flow declares
 * (rule 1), as a `call connector`'s or a `call http`'s does.
 */
export function rawReadsMailbox(body: JsonObject): boolean {
  let found = false;
  walk(body, (node) => {
    if (found) return false;
    if (node.kind !== 'JsonObject') return;
    const type = memberIgnoringCase(node as JsonObject, 'type');
    const kind = type?.kind === 'String' ? (type.value ?? '').toLowerCase() : '';
    if (CONNECTION_TYPES.has(kind)) found = connectionsIn(node as JsonObject).some(connectionReadsMailbox);
    else if (HTTP_TYPES.has(kind)) found = urlsIn(node as JsonObject).some((url) => {
      const host = hostOf(url);
      return host !== undefined && readsMailbox(host, url);
    });
  });
  return found;
}

/**
 * Whether the JSON of a raw action or trigger may be answered a credential (readsCredentialsBy): an
 * action or trigger in it, at any depth, through a connection that may answer one (Key Vault's, or
 * one Jig cannot identify), a built-in operation of Key Vault's provider (or one computed), or a
 * request to a URL of a service that answers credentials; or, at a URL computed at run time, one
 * that authenticates. Its JSON's other expressions read the run, which withRunSecrets follows.
 */
export function rawReadsCredentials(body: JsonObject): boolean {
  let found = false;
  walk(body, (node) => {
    if (found) return false;
    if (node.kind !== 'JsonObject') return;
    const object = node as JsonObject;
    const type = memberIgnoringCase(object, 'type');
    const kind = type?.kind === 'String' ? (type.value ?? '').toLowerCase() : '';
    if (CONNECTION_TYPES.has(kind)) found = connectionsIn(object).some((key) => connectionCredential(key) !== undefined);
    else if (kind === 'serviceprovider') found = providersIn(object).some((provider) => providerCredential(provider) !== undefined);
    else if (HTTP_TYPES.has(kind)) {
      const urls = urlsIn(object);
      found = urls.some((url) => {
        const host = hostOf(url);
        return host !== undefined && credentialReadAt(host, url, false) !== undefined;
      });
      // A URI Jig cannot read (an expression) reaches any host: with credentials, a vault's.
      if (!found && urls.length === 0) found = jsonHas(object, 'authentication');
    }
  });
  return found;
}

/** The `serviceProviderId`s a JSON value names (undefined for one computed or not text). */
function providersIn(value: JsonValue): (string | undefined)[] {
  const providers: (string | undefined)[] = [];
  walk(value, (node) => {
    if (node.kind === 'JsonMember' && (node as JsonMember).key.value?.toLowerCase() === 'serviceproviderid') {
      const id = (node as JsonMember).value;
      providers.push(id.kind === 'String' ? id.value : undefined);
    }
  });
  return providers.length > 0 ? providers : [undefined];
}

function jsonHas(value: JsonValue, key: string): boolean {
  let found = false;
  walk(value, (node) => {
    if (found) return false;
    if (node.kind === 'JsonMember' && (node as JsonMember).key.value?.toLowerCase() === key) found = true;
  });
  return found;
}

function memberIgnoringCase(object: JsonObject, key: string): JsonValue | undefined {
  return object.members.find((member) => member.key.value?.toLowerCase() === key)?.value;
}

/**
 * The connections a JSON value names: the `$connections` keys its strings read
 * (`@parameters('$connections')['KEY']…`) and Standard's `referenceName`s (an empty key for one
 * computed at run time, which names no API).
 */
function connectionsIn(value: JsonValue): string[] {
  const keys: string[] = [];
  walk(value, (node) => {
    if (node.kind === 'JsonMember' && (node as JsonMember).key.value?.toLowerCase() === 'referencename') {
      const name = (node as JsonMember).value;
      keys.push(name.kind === 'String' && !(name.value ?? '@').startsWith('@') ? (name.value ?? '') : '');
    }
    if (node.kind !== 'String') return;
    const text = (node as { value?: string }).value ?? '';
    for (const [, key] of text.matchAll(CONNECTION_REFERENCE)) keys.push(key ?? '');
  });
  return keys;
}

/** A reference to a connection of the workflow's `$connections` parameter, and its key when written as a literal. */
const CONNECTION_REFERENCE = /\$connections'\s*\)\s*(?:\[\s*'([^'\]]*)'\s*\]|\[|\?\[|\.)?/gi;

/** The absolute URLs a JSON value's strings start with (up to an expression `@{…}` in them). */
function urlsIn(value: JsonValue): string[] {
  const urls: string[] = [];
  walk(value, (node) => {
    if (node.kind !== 'String') return;
    const text = (node as { value?: string }).value ?? '';
    const literal = text.split('@{')[0]!;
    if (/^https?:\/\//i.test(literal)) urls.push(literal);
  });
  return urls;
}
