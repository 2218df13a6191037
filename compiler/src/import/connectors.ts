/**
 * Connector actions → Jig steps, for `jig import`: an ApiConnection action whose connection,
 * method, path and inputs are exactly what the emitter writes for a Jig step (emit/steps-connectors.ts,
 * from connectors/*.ts) becomes that step: Office 365 "Send an email (V2)" → `send mail office365`,
 * Teams "Post message in a chat or channel" in a channel → `send … to teams(…)`. The connection
 * must be the one Jig writes (`$connections` key the API's name). Anything else stays raw, and
 * actions.ts keeps raw whatever does not rebuild to its original JSON. Not written in Jig, because
 * the action says less than the Jig step must: Service Bus "Send message" (the namespace is the
 * connection's, not the action's), Azure Blob "Create blob (V2)" (Jig names each blob `GUID.json`)
 * and SharePoint "Create item" (a store the embedded policy, which the rebuild is checked
 * against, does not allow).
 */
import { CLIENT_SEND_HTML_MESSAGE, SEND_EMAIL_V2 } from '../connectors/office365.js';
import { POST_MESSAGE_TO_CHANNEL } from '../connectors/teams.js';
import { jigValue, type Bindings } from './expressions.js';
import { stringLiteral } from './jig-text.js';
import { isObject, type JsonObject } from './wdl.js';

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
const isPlainText = (value: unknown): value is string => typeof value === 'string' && value !== '' && !value.startsWith('@') && !value.includes('@{');
