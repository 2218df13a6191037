/**
 * The statuses a Logic Apps Response may answer with: "any valid status code that starts with 2xx,
 * 4xx, or 5xx. However, 3xx status codes are not permitted" (Microsoft, "Receive and respond to
 * inbound HTTPS calls", learn.microsoft.com/azure/logic-apps/logic-apps-http-endpoint, Response
 * properties). Shared by the checks of a written status and the engine's run of a computed one.
 */
export function isResponseStatus(code: number): boolean {
  return Number.isInteger(code) && ((code >= 200 && code <= 299) || (code >= 400 && code <= 599));
}

/** The rule as a message says it. */
export const RESPONSE_STATUSES = 'a whole number of 2xx, 4xx or 5xx (Logic Apps permits no 1xx or 3xx response)';
