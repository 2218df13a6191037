/**
 * What Jig uses of the Microsoft Teams managed connector (`teams`), as Microsoft's sources state
 * it. The connector reference (learn.microsoft.com/connectors/teams) names the operation "Post
 * message in a chat or channel" (`PostMessageToConversation`): POST
 * `/beta/teams/conversation/message/poster/{poster}/location/{location}`, where `poster` ("Post
 * as") is `Flow bot` or `User` and `location` ("Post in") is `Channel`, `Group chat` or `Chat with
 * Flow bot`; its body (`PostMessageRequest`) holds the `recipient` and the `messageBody`, HTML.
 * For a channel the recipient is `{groupId, channelId}`: the team's Microsoft 365 group id and the
 * channel's id (`19:…@thread.tacv2`), which the designer lists from `GetAllTeams` and
 * `GetChannelsForGroup`. The JSON the designer writes is taken from real workflows of
 * ../shared/wdl/corpus (C:), as ../shared/notes/logic-apps-connectors.md does for the other
 * connectors:
 *
 * - C:latemplates__tool-post-message-teams-default-workflow: a channel post, Flow bot, `location`
 *   encoded once (`@{encodeURIComponent('Channel')}`), `poster` written bare (`Flow bot`), body
 *   `{recipient: {groupId, channelId}, messageBody}`.
 * - C:latemplates__send-alerts-business-process-tracking-default-workflow,
 *   C:latemplates__get-sales-order-status-sap-teams-bapi-default-workflow: the same operation in a
 *   chat with the Flow bot (`Chat with Flow bot`, the recipient a user), which Jig does not write.
 *
 * A post sends its message to every member of the team (and to whoever the team admits later): the
 * team is where the data goes, which is what the policy judges (policy/destinations.ts). The
 * connection signs in with OAuth as a user of the client's tenant, but a team may hold guests and
 * the client cannot tell from the id alone that the team is its own.
 */

/** "Post message in a chat or channel" in a channel, as the Flow bot. */
export const POST_MESSAGE_TO_CHANNEL = {
  operationId: 'PostMessageToConversation',
  method: 'post',
  path: "/beta/teams/conversation/message/poster/Flow bot/location/@{encodeURIComponent('Channel')}",
  /** The body's properties (`PostMessageRequest`). */
  recipient: 'recipient',
  groupId: 'groupId',
  channelId: 'channelId',
  messageBody: 'messageBody',
} as const;

/** A team is named by its Microsoft 365 group id, a GUID; the comparison ignores case. */
export const normalizeTeamId = (id: string): string => id.trim().toLowerCase();
