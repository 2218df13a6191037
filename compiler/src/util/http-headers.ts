/**
 * The headers Logic Apps removes without a word, from the requests an Http action or trigger sends
 * and from the response a Response action gives.
 *
 * The request headers an Http action or trigger does not send. Microsoft documents that Logic Apps
 * removes them from the request "without showing any warning or error" (HTTP connector reference,
 * connectors-native-http, Known issues: Omitted HTTP headers): `Accept-*` but `Accept-version`,
 * `Allow`, `Content-*` but `Content-Disposition`, `Content-Encoding` and `Content-Type` (which are
 * honored with POST and PUT, and dropped with GET), `Cookie` (the action's Cookie property is
 * honored instead), `Expires`, `Host`, `Last-Modified`, `Origin`, `Set-Cookie` and
 * `Transfer-Encoding`. The engine sends the others (engine/runtime/actions/outbound.ts), and Jig
 * warns where a `call http` names one (JIG4124).
 */

const DROPPED = new Set(['allow', 'cookie', 'expires', 'host', 'last-modified', 'origin', 'set-cookie', 'transfer-encoding']);
/** The `Content-*` headers Logic Apps sends with POST and PUT, and drops with GET. */
const CONTENT_KEPT = new Set(['content-disposition', 'content-encoding', 'content-type']);

/**
 * Whether Logic Apps drops a request header of an Http action with this method: true when it
 * does, false when it sends it, undefined for a `Content-Disposition`, `Content-Encoding` or
 * `Content-Type` with a method other than GET, POST and PUT, of which Microsoft says nothing.
 */
export function dropsRequestHeader(name: string, method: string): boolean | undefined {
  const header = name.toLowerCase();
  if (DROPPED.has(header)) return true;
  if (header.startsWith('accept-')) return header !== 'accept-version';
  if (!header.startsWith('content-')) return false;
  if (!CONTENT_KEPT.has(header)) return true;
  const verb = method.toUpperCase();
  return verb === 'GET' ? true : verb === 'POST' || verb === 'PUT' ? false : undefined;
}

/** The headers Logic Apps drops from a Response: the request list, less what only a request has. */
const DROPPED_FROM_RESPONSE = new Set(['allow', 'cookie', 'expires', 'last-modified', 'set-cookie', 'transfer-encoding']);

/**
 * Whether Logic Apps drops a header of a Response action. Microsoft documents that it removes
 * `Allow`, `Content-*` but `Content-Disposition`, `Content-Encoding` and `Content-Type`, `Cookie`,
 * `Expires`, `Last-Modified`, `Set-Cookie` and `Transfer-Encoding` from the response "without
 * showing any warning or error" ("Receive and respond to inbound HTTPS calls", Add a Response
 * action). The page's later revision adds to the three kept `Content-*` headers the Http action's
 * "when you use POST and PUT operations, but are not included for GET operations", which has no
 * reading for a Response (its caller's request may be of any method); its earlier revision keeps
 * them without a condition, as Jig reads it.
 */
export function dropsResponseHeader(name: string): boolean {
  const header = name.toLowerCase();
  if (DROPPED_FROM_RESPONSE.has(header)) return true;
  return header.startsWith('content-') && !CONTENT_KEPT.has(header);
}
