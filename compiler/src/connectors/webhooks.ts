/**
 * A managed connector's webhook operation (`call connector "KEY" webhook "PATH" …`): an
 * ApiConnectionWebhook action. Microsoft's Workflow Definition Language reference ("Schema
 * reference guide for trigger and action types", APIConnectionWebhook action): it "sends a
 * subscription request over HTTP to an endpoint by using a Microsoft-managed API, provides a
 * callback URL to where the endpoint can send a response, and waits for the endpoint to respond".
 * The designer writes it as an ApiConnection without a method: `host.connection`, `path` (the
 * operation's subscribe path: Office 365's "Send approval email" `/approvalmail/$subscriptions`,
 * Teams' "Post adaptive card and wait for a response"
 * `/v1.0/teams/conversation/gatherinput/poster/…/$subscriptions`), `body` (holding
 * `"NotificationUrl": "@{listCallbackUrl()}"`), `queries`, `headers` (the corpus's templates:
 * azlogicapps__templates-sharepoint-move, latemplates__tool-post-adaptive-card-teams).
 */

/** The method word of `call connector "KEY" webhook "PATH"`: no HTTP method, the action has none. */
export const WEBHOOK_METHOD = 'webhook';

/**
 * The action types that listCallbackUrl() may be used in (the functions reference, "listCallbackUrl":
 * "This function works only with triggers and actions for the HttpWebhook and ApiConnectionWebhook
 * connector types").
 */
export const CALLBACK_TYPES: ReadonlySet<string> = new Set(['apiconnectionwebhook', 'httpwebhook']);
