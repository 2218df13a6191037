/**
 * Records the language defines rather than the file: the `Mail` of `trigger mail office365`, the
 * type of `trigger` itself in each kind of flow, and the results of `parse document` and `chunk text`.
 */
import type { Policy } from '../policy/model.js';
import { GRAPH_CLIENT_RECEIVE_MESSAGE } from '../connectors/office365.js';
import type { RecordFieldType, RecordType, Type } from './types.js';
import { BOOLEAN, DATETIME, STRING, arrayOf, optionalOf } from './types.js';

/** The policy's id for the Office 365 mailbox as a source that mixes business and personal accounts. */
export const MAIL_SOURCE_ID = 'office365.mail';

/**
 * `Mail`: one message of the Office 365 V3 trigger, field for field the connector's
 * `GraphClientReceiveMessage` (connectors/office365.ts), so that `trigger.body.toRecipients` reads
 * `triggerBody()?['toRecipients']`. Its content fields (who wrote, to whom, what) carry a business
 * category and every category of the policy's mixed source, since a business mailbox may also hold
 * personal and minors' mail (§1, §9); its technical fields (ids, times, flags) are data about no one.
 */
export function mailType(policy: Policy): RecordType {
  let type = mailTypes.get(policy);
  if (!type) mailTypes.set(policy, (type = buildMailType(policy)));
  return type;
}

/** One `Mail` a policy: every file checked against it shares it (types are never changed). */
const mailTypes = new WeakMap<Policy, RecordType>();

/** The business category of each content field of a message; every other field is technical. */
const MAIL_CONTENT: Readonly<Record<string, string>> = {
  from: 'business.email',
  toRecipients: 'business.email',
  ccRecipients: 'business.email',
  bccRecipients: 'business.email',
  replyTo: 'business.email',
  subject: 'business.document',
  body: 'business.document',
  bodyPreview: 'business.document',
};

/** Address lists the connector leaves out when a message has none. */
const MAIL_OPTIONAL = new Set(['ccRecipients', 'bccRecipients', 'replyTo']);

function buildMailType(policy: Policy): RecordType {
  const mixed = policy.mixedSources.get(MAIL_SOURCE_ID);
  const mixedCategories = mixed?.categories ?? [];
  const mixedSource = mixed ? { id: mixed.id, description: mixed.description, categories: mixedCategories } : undefined;
  const fields = GRAPH_CLIENT_RECEIVE_MESSAGE.map((property): RecordFieldType => {
    const base: Type = property.type === 'boolean' ? BOOLEAN : property.format === 'date-time' ? DATETIME : STRING;
    const type = MAIL_OPTIONAL.has(property.name) ? optionalOf(base) : base;
    const doc = `${property.description}.`;
    const business = MAIL_CONTENT[property.name];
    return business
      ? { name: property.name, type, categories: [...new Set([business, ...mixedCategories])], mixedSource, doc }
      : { name: property.name, type, categories: ['system.operational'], doc };
  });
  return { kind: 'record', name: 'Mail', fields: new Map(fields.map((field) => [field.name, field])) };
}

/**
 * The type of `trigger` in a flow with a Recurrence: it has no body, only `scheduledTime` (the
 * time the run was scheduled for, `trigger().scheduledTime` in WDL).
 */
export const SCHEDULE_TRIGGER: RecordType = {
  kind: 'record',
  name: 'Trigger',
  fields: new Map([
    ['scheduledTime', { name: 'scheduledTime', type: DATETIME, categories: ['system.operational'], doc: 'The time this run was scheduled for.' }],
  ]),
};

const BODY_DOCS = {
  http: 'The body of the request.',
  mail: 'The new mail.',
  message: "The message's content, read as JSON (as text when its type is string).",
} as const;

/**
 * The type of `trigger` in a flow: `body` for a Request or mail trigger, `scheduledTime` for a
 * Recurrence. The record is named so that reading `trigger.body.x` yields only `x`'s categories.
 */
export function triggerType(body: Type | undefined, kind: 'http' | 'mail' | 'message' | 'schedule'): RecordType {
  if (kind === 'schedule') return SCHEDULE_TRIGGER;
  const field: RecordFieldType = { name: 'body', type: body ?? { kind: 'any' }, categories: [], doc: BODY_DOCS[kind] };
  const fields = new Map([['body', field]]);
  // What a request brings besides its body: untyped, so that it holds every category the flow declares.
  if (kind === 'http') for (const extra of REQUEST_FIELDS) fields.set(extra.name, extra);
  return { kind: 'record', name: 'Trigger', fields };
}

/**
 * `trigger.headers` (the request's headers, `triggerOutputs()['headers']`) and `trigger.outputs`
 * (all the trigger gives, `triggerOutputs()`: a raw trigger's sequence number or window, a request's
 * headers, queries and body): a caller sets them, and Jig knows nothing of what they hold.
 */
const REQUEST_FIELDS: readonly RecordFieldType[] = [
  { name: 'headers', type: { kind: 'any' }, categories: [], doc: "The request's headers (triggerOutputs()['headers']), of no known type." },
  { name: 'outputs', type: { kind: 'any' }, categories: [], doc: "All the trigger gives (triggerOutputs()): for a request its headers, queries and body; for a raw trigger what its type gives. Of no known type." },
];

/**
 * The result of `parse document` (a ParseDocument's body, connectors/document-operations.ts): its
 * fields carry no category of their own, but all of the content's (semantics/categories.ts).
 */
export const PARSED_DOCUMENT: RecordType = {
  kind: 'record',
  name: 'ParsedDocument',
  fields: new Map([['text', { name: 'text', type: STRING, categories: [], doc: 'The text of the document.' }]]),
};

/** The result of `chunk text` (a ChunkText's body): the chunks, each carrying all of the text's categories. */
export const CHUNKED_TEXT: RecordType = {
  kind: 'record',
  name: 'ChunkedText',
  fields: new Map([['value', { name: 'value', type: arrayOf(STRING), categories: [], doc: 'The chunks, in order.' }]]),
};
