/**
 * Connector actions → Jig steps, for `jig import`: an ApiConnection action whose connection,
 * method, path and inputs are exactly what the emitter writes for a Jig step (emit/steps-connectors.ts,
 * from connectors/*.ts) becomes that step: Office 365 "Send an email (V2)" → `send mail office365`,
 * Teams "Post message in a chat or channel" in a channel → `send … to teams(…)`, when the
 * connection is the one Jig writes (`$connections` key the API's name). Every other operation
 * (Service Bus "Send message", whose namespace is the connection's; "Create blob (V2)", whose
 * name Jig's step would choose; SharePoint "Create item"; any connector Jig has no step for)
 * becomes `call connector "KEY" METHOD "PATH" …`, the request it sends through its own connection;
 * a Standard built-in operation (ServiceProvider) becomes `call service "KEY" "PROVIDER" "OPERATION" …`.
 * actions.ts keeps raw whatever does not rebuild to its original JSON.
 */
import { CLIENT_SEND_HTML_MESSAGE, SEND_EMAIL_V2 } from '../connectors/office365.js';
import { POST_MESSAGE_TO_CHANNEL } from '../connectors/teams.js';
import { WEBHOOK_METHOD } from '../connectors/webhooks.js';
import { APP_MAP_SOURCE, DATA_MAPPER_KIND } from '../connectors/xslt.js';
import { LIQUID_KINDS } from '../connectors/liquid.js';
import { SERVICE_NAME, SERVICE_PROVIDER_PREFIX } from '../connectors/service-providers.js';
import { jigValue, type Bindings } from './expressions.js';
import { stringLiteral } from './jig-text.js';
import { isObject, type JsonObject } from './wdl.js';
import { isWrittenName } from '../util/action-names.js';

/** The Jig step an ApiConnection action's inputs (without a retry policy) stand for; undefined when there is none. */
export function connectorStep(inputs: JsonObject, bindings: Bindings): string | undefined {
  if (!hasOnly(inputs, ['host', 'method', 'path', 'body']) || !isObject(inputs.body)) return undefined;
  const api = connectionApi(inputs.host);
  const method = String(inputs.method ?? '').toLowerCase();
  const body = inputs.body;
  if (api === 'office365' && method === SEND_EMAIL_V2.method && inputs.path === SEND_EMAIL_V2.path) return sendMail(body, bindings);
  if (api === 'teams' && method === POST_MESSAGE_TO_CHANNEL.method && inputs.path === POST_MESSAGE_TO_CHANNEL.path) return teamsPost(body, bindings);
  return undefined;
}

/**
 * `call connector "KEY" METHOD "PATH" [queries {…}] [headers {…}] [body …]`: any other
 * ApiConnection action (without a retry policy) as the request it sends through its connection,
 * named as Consumption names it (`$connections` key KEY) or as Standard does (`referenceName`).
 */
export function connectorCall(inputs: JsonObject, bindings: Bindings, webhook = false): string | undefined {
  if (!hasOnly(inputs, ['host', 'method', 'path', 'queries', 'headers', 'body'])) return undefined;
  const key = connectionKey(inputs.host);
  const method = typeof inputs.method === 'string' ? inputs.method.toLowerCase() : '';
  if (key === undefined || !(webhook ? method === WEBHOOK_METHOD : CONNECTOR_METHODS.has(method)) || typeof inputs.path !== 'string' || !inputs.path.startsWith('/')) return undefined;
  const path = jigValue(inputs.path, bindings);
  if (path === undefined || !path.startsWith('"/')) return undefined;
  const clauses = requestClauses(inputs, bindings);
  return clauses === undefined ? undefined : `call connector ${stringLiteral(key)} ${method} ${path}${clauses}`;
}

/**
 * `call connector "KEY" webhook "PATH" [queries {…}] [headers {…}] [body …]`: an ApiConnectionWebhook
 * action (without a retry policy) as the designer writes it, the ApiConnection of its subscribe
 * operation without a method (connectors/webhooks.ts).
 */
export function connectorWebhook(inputs: JsonObject, bindings: Bindings): string | undefined {
  if ('method' in inputs) return undefined;
  return connectorCall({ ...inputs, method: WEBHOOK_METHOD }, bindings, true);
}

/** Why connectorCall has no form for an operation's inputs (when no part of its values is to blame). */
export function connectorCallProblem(inputs: JsonObject, webhook = false): string {
  const unwritten = Object.keys(inputs).filter((key) => !['host', 'method', 'path', 'queries', 'headers', 'body'].includes(key));
  if (unwritten.length > 0) return `a connector operation's ${unwritten.join(', ')}, which Jig does not write`;
  if (connectionKey(inputs.host) === undefined) return 'a connection Jig cannot name (computed, or not a $connections key)';
  if (typeof inputs.path !== 'string' || !inputs.path.startsWith('/')) return 'a connector path computed whole';
  if (webhook && 'method' in inputs) return "a webhook's method, which Jig does not write";
  if (!webhook && !CONNECTOR_METHODS.has(typeof inputs.method === 'string' ? inputs.method.toLowerCase() : '')) return `connector method ${String(inputs.method)}, which Jig does not write`;
  return "a connector operation's path or values Jig does not write";
}

/**
 * `call service "KEY" "PROVIDER" "OPERATION" [body { … }]`: a Standard built-in operation (a
 * ServiceProvider action, without its retry policy), its parameters written as a record.
 */
export function serviceCall(inputs: JsonObject, bindings: Bindings): string | undefined {
  if (!hasOnly(inputs, ['parameters', 'serviceProviderConfiguration']) || !isObject(inputs.serviceProviderConfiguration)) return undefined;
  const configuration = inputs.serviceProviderConfiguration;
  if (!hasOnly(configuration, ['connectionName', 'operationId', 'serviceProviderId'])) return undefined;
  const { connectionName: key, operationId: operation, serviceProviderId: id } = configuration;
  const provider = typeof id === 'string' && id.startsWith(SERVICE_PROVIDER_PREFIX) ? id.slice(SERVICE_PROVIDER_PREFIX.length) : undefined;
  if (typeof key !== 'string' || !CONNECTION_KEY.test(key) || typeof operation !== 'string' || !SERVICE_NAME.test(operation) || provider === undefined || !SERVICE_NAME.test(provider)) return undefined;
  const head = `call service ${stringLiteral(key)} ${stringLiteral(provider)} ${stringLiteral(operation)}`;
  if (!('parameters' in inputs)) return head;
  const parameters = isObject(inputs.parameters) ? jigValue(inputs.parameters, bindings) : undefined;
  return parameters === undefined ? undefined : `${head} body ${parameters}`;
}

/**
 * A Workflow action that calls a logic app by its resource id (or, in a Standard app, a workflow
 * of the app by its name) → `call workflow ID [trigger "NAME"] [headers { … }] [body …]`;
 * undefined when a part has no Jig form. (One of the project's flows, `call flow`, is written
 * only by Jig: its id is a parameter `jig deploy` fills in.)
 */
export function workflowCall(inputs: JsonObject, bindings: Bindings): string | undefined {
  if (!hasOnly(inputs, ['host', 'headers', 'body']) || !isObject(inputs.host) || !hasOnly(inputs.host, ['triggerName', 'workflow'])) return undefined;
  const { triggerName, workflow } = inputs.host;
  if (!isObject(workflow) || !hasOnly(workflow, ['id']) || (triggerName !== undefined && (typeof triggerName !== 'string' || !isWrittenName(triggerName)))) return undefined;
  const id = jigValue(workflow.id, bindings);
  const clauses = requestClauses(inputs, bindings);
  if (id === undefined || clauses === undefined) return undefined;
  return `call workflow ${id}${triggerName === undefined ? '' : ` trigger ${stringLiteral(triggerName)}`}${clauses}`;
}

/**
 * A Function action → `call function METHOD ID [queries { … }] [headers { … }] [body …]`
 * (connectors/functions.ts; a method left out is the service's default, POST); undefined when a
 * part has no Jig form.
 */
export function functionCall(inputs: JsonObject, bindings: Bindings): string | undefined {
  if (!hasOnly(inputs, ['function', 'method', 'queries', 'headers', 'body']) || !isObject(inputs.function) || !hasOnly(inputs.function, ['id'])) return undefined;
  const method = inputs.method === undefined ? 'post' : typeof inputs.method === 'string' ? inputs.method.toLowerCase() : '';
  if (!CONNECTOR_METHODS.has(method)) return undefined;
  const id = jigValue(inputs.function.id, bindings);
  const clauses = requestClauses(inputs, bindings);
  if (id === undefined || clauses === undefined) return undefined;
  return `call function ${method} ${id}${clauses}`;
}

/**
 * An ApiManagement action → `call api METHOD ID "PATH" [key KEY] …` (connectors/api-management.ts);
 * undefined for a path template with parameters or computed, a method Jig does not write, or
 * inputs it does not (an authentication). A subscription key written as text was moved into a
 * secure parameter before (credentials.ts).
 */
export function apiCall(inputs: JsonObject, bindings: Bindings): string | undefined {
  if (!hasOnly(inputs, ['api', 'method', 'pathTemplate', 'subscriptionKey', 'queries', 'headers', 'body']) || !isObject(inputs.api) || !hasOnly(inputs.api, ['id'])) return undefined;
  const template = inputs.pathTemplate;
  if (!isObject(template) || !hasOnly(template, ['template', 'parameters']) || typeof template.template !== 'string') return undefined;
  if (!template.template.startsWith('/') || /[{}@]/.test(template.template) || (template.parameters !== undefined && !(isObject(template.parameters) && Object.keys(template.parameters).length === 0))) return undefined;
  const method = typeof inputs.method === 'string' ? inputs.method.toLowerCase() : '';
  if (!API_METHODS.has(method)) return undefined;
  const id = jigValue(inputs.api.id, bindings);
  const key = inputs.subscriptionKey === undefined ? '' : jigValue(inputs.subscriptionKey, bindings);
  const clauses = requestClauses(inputs, bindings);
  if (id === undefined || key === undefined || clauses === undefined) return undefined;
  return `call api ${method} ${id} ${stringLiteral(template.template)}${key ? ` key ${key}` : ''}${clauses}`;
}

const API_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);

/**
 * An Xslt action → `transform xml CONTENT with [app | data] map "NAME" [parameters { … }]`
 * (connectors/xslt.ts); undefined for a map Jig does not write (named by an expression, or empty, an
 * Azure function's XSLT, a kind other than a Data Mapper map's).
 */
export function transformXml(inputs: JsonObject, kind: unknown, bindings: Bindings): string | undefined {
  if (!hasOnly(inputs, ['content', 'integrationAccount', 'map', 'xsltParameters']) || !('content' in inputs)) return undefined;
  const map = mapOf(inputs, kind === undefined || kind === DATA_MAPPER_KIND);
  if (!map || (map.source === 'account' && kind !== undefined)) return undefined;
  const source = map.source === 'app' && kind === DATA_MAPPER_KIND ? 'data' : map.source;
  const name = map.name;
  const content = jigValue(inputs.content, bindings);
  if (content === undefined) return undefined;
  let parameters = '';
  if (inputs.xsltParameters !== undefined) {
    const entries = isObject(inputs.xsltParameters) && Object.keys(inputs.xsltParameters).length > 0 ? entriesText(inputs.xsltParameters, bindings) : undefined;
    if (entries === undefined) return undefined;
    parameters = ` parameters { ${entries} }`;
  }
  return `transform xml ${content} with ${source === 'account' ? '' : `${source} `}map ${stringLiteral(name)}${parameters}`;
}

/**
 * A Liquid action → `transform liquid "KIND" CONTENT with [app] map "NAME"` (connectors/liquid.ts);
 * undefined for a kind the designer does not write, or a map Jig does not write (as an Xslt's).
 */
export function transformLiquid(inputs: JsonObject, kind: unknown, bindings: Bindings): string | undefined {
  if (!hasOnly(inputs, ['content', 'integrationAccount', 'map']) || !('content' in inputs)) return undefined;
  if (!LIQUID_KINDS.some((known) => known === kind)) return undefined;
  const map = mapOf(inputs, true);
  const content = map && jigValue(inputs.content, bindings);
  if (!map || content === undefined) return undefined;
  return `transform liquid ${stringLiteral(kind as string)} ${content} with ${map.source === 'account' ? '' : 'app '}map ${stringLiteral(map.name)}`;
}

/**
 * Where an Xslt's or a Liquid action's map is kept: an integration account's
 * (`integrationAccount.map.name`) or, where `appMaps`, the Standard app's own (`map: { source:
 * LogicApp, name }`); its name plain text, looked up when the workflow is saved. Undefined otherwise.
 */
function mapOf(inputs: JsonObject, appMaps: boolean): { readonly source: 'account' | 'app'; readonly name: string } | undefined {
  let source: 'account' | 'app';
  let name: unknown;
  if (isObject(inputs.integrationAccount) && inputs.map === undefined) {
    const map = inputs.integrationAccount.map;
    if (!hasOnly(inputs.integrationAccount, ['map']) || !isObject(map) || !hasOnly(map, ['name'])) return undefined;
    source = 'account';
    name = map.name;
  } else if (appMaps && isObject(inputs.map) && inputs.integrationAccount === undefined) {
    if (!hasOnly(inputs.map, ['source', 'name']) || inputs.map.source !== APP_MAP_SOURCE) return undefined;
    source = 'app';
    name = inputs.map.name;
  } else return undefined;
  if (typeof name !== 'string' || name.trim() === '' || /^@|@\{/.test(name)) return undefined;
  return { source, name };
}

/**
 * The ` queries { … } headers { … } body …` of a `call http` or `call connector` (each with a
 * space before it), from a request's inputs; undefined when a value has no Jig form.
 */
export function requestClauses(inputs: JsonObject, bindings: Bindings, auth?: string): string | undefined {
  let text = '';
  for (const clause of ['queries', 'headers'] as const) {
    if (inputs[clause] === undefined) continue;
    const entries = entriesText(inputs[clause], bindings);
    if (entries === undefined) return undefined;
    text += ` ${clause} { ${entries} }`;
  }
  if (auth !== undefined) text += ` auth ${auth}`;
  if (!('body' in inputs)) return text;
  const body = jigValue(inputs.body, bindings);
  return body === undefined ? undefined : `${text} body ${body}`;
}

const CONNECTOR_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** `"NAME": EXPR, …` of a headers or queries object; undefined when a value has no Jig form. */
function entriesText(object: unknown, bindings: Bindings): string | undefined {
  if (!isObject(object)) return undefined;
  const entries: string[] = [];
  for (const [name, value] of Object.entries(object)) {
    const jig = jigValue(value, bindings);
    if (jig === undefined) return undefined;
    entries.push(`${stringLiteral(name)}: ${jig}`);
  }
  return entries.join(', ');
}

/** The `$connections` key an action's host names, through `$connections` or as Standard's `referenceName`. */
function connectionKey(host: unknown): string | undefined {
  const connection = isObject(host) && Object.keys(host).length === 1 && isObject(host.connection) && Object.keys(host.connection).length === 1 ? host.connection : undefined;
  const key = typeof connection?.referenceName === 'string' ? connection.referenceName : typeof connection?.name === 'string' ? CONNECTION_NAME.exec(connection.name)?.[1] : undefined;
  return key !== undefined && CONNECTION_KEY.test(key) ? key : undefined;
}

const CONNECTION_NAME = /^@parameters\('\$connections'\)\['([^']+)'\]\['connectionId'\]$/;
/** The keys `call connector` takes (semantics/steps.ts). */
const CONNECTION_KEY = /^[A-Za-z0-9_.#-]{1,80}$/;

/** `send mail office365 to … subject … body …`: the emitter writes the importance `Normal`. */
function sendMail(body: JsonObject, bindings: Bindings): string | undefined {
  const message = CLIENT_SEND_HTML_MESSAGE;
  if (!hasOnly(body, [message.to, message.subject, message.body, message.importance]) || body[message.importance] !== 'Normal') return undefined;
  const [to, subject, text] = [message.to, message.subject, message.body].map((key) => (key in body ? jigValue(body[key], bindings) : undefined));
  if (to === undefined || subject === undefined || text === undefined) return undefined;
  return `send mail office365 to ${to} subject ${subject} body ${text}`;
}

/** `send MESSAGE to teams("TEAM", "CHANNEL")`: the team and channel are fixed at deployment. */
function teamsPost(body: JsonObject, bindings: Bindings): string | undefined {
  const post = POST_MESSAGE_TO_CHANNEL;
  const recipient = body[post.recipient];
  if (!hasOnly(body, [post.recipient, post.messageBody]) || !isObject(recipient) || !hasOnly(recipient, [post.groupId, post.channelId])) return undefined;
  const [team, channel] = [recipient[post.groupId], recipient[post.channelId]];
  if (!isPlainText(team) || !isPlainText(channel)) return undefined;
  const message = post.messageBody in body ? jigValue(body[post.messageBody], bindings) : undefined;
  return message === undefined ? undefined : `send ${message} to teams(${stringLiteral(team)}, ${stringLiteral(channel)})`;
}

/** The API an action's host names, when it is named as Jig names it (`@parameters('$connections')['API']['connectionId']`). */
function connectionApi(host: unknown): string | undefined {
  const connection = isObject(host) && Object.keys(host).length === 1 && isObject(host.connection) ? host.connection : undefined;
  const name = connection && Object.keys(connection).length === 1 && typeof connection.name === 'string' ? connection.name : '';
  return /^@parameters\('\$connections'\)\['([a-z0-9]+)'\]\['connectionId'\]$/.exec(name)?.[1];
}

const hasOnly = (object: JsonObject, keys: readonly string[]): boolean => Object.keys(object).every((key) => keys.includes(key));

/** A string with no expression in it (a name fixed at deployment). */
/** Text that a workflow's string value holds as it stands: no expression, no interpolation (what Jig writes back as the same text). */
export const isPlainText = (value: unknown): value is string => typeof value === 'string' && value !== '' && !value.startsWith('@') && !value.includes('@{');
