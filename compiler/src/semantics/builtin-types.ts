/**
 * Records the language defines rather than the file: the `Mail` of `trigger mail office365`, and
 * the type of `trigger` itself in each kind of flow.
 */
import type { Policy } from '../policy/model.js';
import type { RecordFieldType, RecordType, Type } from './types.js';
import { BOOLEAN, DATETIME, STRING, optionalOf } from './types.js';

/** The policy's id for the Office 365 mailbox as a source that mixes business and personal accounts. */
export const MAIL_SOURCE_ID = 'office365.mail';

/**
 * `Mail`. Its content fields (who wrote, to whom, what) carry a business category and every
 * category of the policy's mixed source, since a business mailbox may also hold personal and
 * minors' mail (§1, §9); its technical fields (id, time received, attachment flag) are data about
 * no one. `jsonName` is the property of the Office 365 V3 trigger's output each field reads.
 */
export function mailType(policy: Policy): RecordType {
  let type = mailTypes.get(policy);
  if (!type) mailTypes.set(policy, (type = buildMailType(policy)));
  return type;
}

/** One `Mail` a policy: every file checked against it shares it (types are never changed). */
const mailTypes = new WeakMap<Policy, RecordType>();

function buildMailType(policy: Policy): RecordType {
  const mixed = policy.mixedSources.get(MAIL_SOURCE_ID);
  const mixedCategories = mixed?.categories ?? [];
  const mixedSource = mixed ? { id: mixed.id, description: mixed.description, categories: mixedCategories } : undefined;
  const content = (name: string, jsonName: string, type: Type, business: string, doc: string): RecordFieldType => ({
    name,
    jsonName,
    type,
    categories: [...new Set([business, ...mixedCategories])],
    mixedSource,
    doc,
  });
  const technical = (name: string, jsonName: string, type: Type, doc: string): RecordFieldType => ({
    name,
    jsonName,
    type,
    categories: ['system.operational'],
    doc,
  });
  const fields: RecordFieldType[] = [
    // The names Office 365's "When a new email arrives (V3)" gives them (GraphClientReceiveMessage),
    // the trigger the emitter writes; V1/V2's ClientReceiveMessage names (From, DateTimeReceived…)
    // would read nothing from it.
    technical('id', 'id', STRING, 'The message id.'),
    content('from', 'from', STRING, 'business.email', 'The sender\'s address.'),
    content('to', 'toRecipients', STRING, 'business.email', 'The recipients\' addresses, separated by semicolons.'),
    content('cc', 'ccRecipients', optionalOf(STRING), 'business.email', 'The copied addresses, separated by semicolons.'),
    content('subject', 'subject', STRING, 'business.document', 'The subject line.'),
    content('body', 'body', STRING, 'business.document', 'The body (HTML).'),
    technical('receivedDateTime', 'receivedDateTime', DATETIME, 'When the mail arrived.'),
    technical('hasAttachments', 'hasAttachments', BOOLEAN, 'Whether the mail has attachments.'),
  ];
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

/**
 * The type of `trigger` in a flow: `body` for a Request or mail trigger, `scheduledTime` for a
 * Recurrence. The record is named so that reading `trigger.body.x` yields only `x`'s categories.
 */
export function triggerType(body: Type | undefined, kind: 'http' | 'mail' | 'schedule'): RecordType {
  if (kind === 'schedule') return SCHEDULE_TRIGGER;
  const field: RecordFieldType = { name: 'body', type: body ?? { kind: 'any' }, categories: [], doc: kind === 'mail' ? 'The new mail.' : 'The body of the request.' };
  return { kind: 'record', name: 'Trigger', fields: new Map([['body', field]]) };
}
