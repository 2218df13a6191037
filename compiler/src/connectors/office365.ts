/**
 * What Jig uses of the Office 365 Outlook connector (`office365`), as the connector's own
 * definition states it. Source: the connector's swagger in Azure/LogicAppsUX @5c7453c,
 * libs/logic-apps-shared/src/parsers/lib/swagger/__test__/fixtures/outlook.ts (the repository
 * ../shared/notes/logic-apps-connectors.md cites as UX); the connector reference
 * (learn.microsoft.com/connectors/office365) documents the same operations and outputs.
 *
 * - "When a new email arrives (V3)", operationId `OnNewEmailV3`: GET
 *   `/{connectionId}/v3/Mail/OnNewEmail`, `x-ms-trigger: batch`, `x-ms-notification:
 *   CreateGraphOnNewEmailPokeSubscription` (POST `/{connectionId}/GraphMailSubscriptionPoke/
 *   $subscriptions`). Its 200 response is `TriggerBatchResponse[GraphClientReceiveMessage]`: a
 *   `value` array of messages, which the trigger splits on, so each run's `triggerBody()` is one
 *   `GraphClientReceiveMessage` (below).
 * - "Send an email (V2)", operationId `SendEmailV2`: POST `/{connectionId}/v2/Mail` with a
 *   `ClientSendHtmlMessage` body.
 *
 * Nothing here is Jig's: the names, types and wording are the swagger's, so that what the emitter
 * reads and writes can be compared with it (test/emit/connectors.test.ts does).
 */

/** A property of a swagger definition, as Jig reads it. */
export interface ConnectorProperty {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  /** `date-time` on a string the service writes as an ISO 8601 timestamp. */
  readonly format?: 'date-time' | 'email' | 'html';
  /** The swagger's `description`. */
  readonly description: string;
}

/** The trigger "When a new email arrives (V3)". */
export const ON_NEW_EMAIL_V3 = {
  operationId: 'OnNewEmailV3',
  path: '/v3/Mail/OnNewEmail',
  subscribePath: '/GraphMailSubscriptionPoke/$subscriptions',
  /** The swagger's defaults for the query parameters Jig sets; `includeAttachments` false: no attachment content. */
  queries: { importance: 'Any', fetchOnlyWithAttachment: false, includeAttachments: false },
  /** `subscribe` takes the same queries but `includeAttachments` (CreateGraphOnNewEmailPokeSubscription). */
  subscribeQueries: { importance: 'Any', fetchOnlyWithAttachment: false },
  /** The batch the trigger splits on (`TriggerBatchResponse.value`). */
  batchProperty: 'value',
} as const;

/**
 * `GraphClientReceiveMessage`, one message of the V3 trigger, every property but `attachments`
 * (whose content the trigger does not fetch, `includeAttachments` being false). Addresses are
 * strings of addresses separated by semicolons (`format: email`).
 */
export const GRAPH_CLIENT_RECEIVE_MESSAGE: readonly ConnectorProperty[] = [
  { name: 'from', type: 'string', format: 'email', description: 'The mailbox owner and sender of the message' },
  { name: 'toRecipients', type: 'string', format: 'email', description: 'The recipients for the message' },
  { name: 'ccRecipients', type: 'string', format: 'email', description: 'The Cc recipients for the message' },
  { name: 'bccRecipients', type: 'string', format: 'email', description: 'The Bcc recipients for the message' },
  { name: 'replyTo', type: 'string', format: 'email', description: 'The email addresses to use when replying' },
  { name: 'subject', type: 'string', description: 'The subject of the message' },
  { name: 'body', type: 'string', description: 'The body of the message' },
  { name: 'importance', type: 'string', description: 'The importance of the message (low, normal, high)' },
  { name: 'bodyPreview', type: 'string', description: 'The preview of the message' },
  { name: 'hasAttachments', type: 'boolean', description: 'Indicates whether the message has attachments' },
  { name: 'id', type: 'string', description: 'The unique identifier of the message' },
  { name: 'internetMessageId', type: 'string', description: 'The message ID in the format specified by RFC2822' },
  { name: 'conversationId', type: 'string', description: 'The Id of the conversation the email belongs to' },
  { name: 'receivedDateTime', type: 'string', format: 'date-time', description: 'The date and time the message was received' },
  { name: 'isRead', type: 'boolean', description: 'Indicates whether the message has been read' },
  { name: 'isHtml', type: 'boolean', description: 'Is Html?' },
];

/** The action "Send an email (V2)". */
export const SEND_EMAIL_V2 = {
  operationId: 'SendEmailV2',
  method: 'post',
  path: '/v2/Mail',
} as const;

/**
 * The properties of `ClientSendHtmlMessage` Jig writes (required: `To`, `Subject`, `Body`;
 * `Importance` is one of Low, Normal, High, default Normal).
 */
export const CLIENT_SEND_HTML_MESSAGE = {
  to: 'To',
  subject: 'Subject',
  body: 'Body',
  importance: 'Importance',
  required: ['To', 'Subject', 'Body'],
} as const;
