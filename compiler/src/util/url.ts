/**
 * A URL's host, read as the runtime reads it (the WHATWG URL standard, `new URL`): the policy
 * judges where a request goes by it, and the analysis of values which store a request reads.
 */
/**
 * The host a URL's text sends to. `text` is a whole URL, or (ending with `…`) the literal start of
 * one built at run time: its host is known only when the start holds the whole authority.
 */
export function parseUrl(text: string): ParsedUrl {
  // The same few URLs stand in many files of a project (a parameter's default, a service's base):
  // WHATWG parsing is not cheap, and its answer depends on the text alone.
  let parsed = parsedUrls.get(text);
  if (!parsed) {
    if (parsedUrls.size >= MAX_PARSED_URLS) parsedUrls.clear();
    parsedUrls.set(text, (parsed = parseUrlText(text)));
  }
  return parsed;
}

/** The host of `text` as `parseUrl` reads it; undefined where it is refused or not yet known. */
export function hostOf(text: string): string | undefined {
  const parsed = parseUrl(text);
  return 'host' in parsed ? parsed.host : undefined;
}

/**
 * A URL's host; `cleartext` where its scheme is `http:`, whose requests anyone on the network path
 * between the runtime and the host can read.
 */
export type ParsedUrl = { readonly host?: string; readonly cleartext?: true } | { readonly refused: string };

const parsedUrls = new Map<string, ParsedUrl>();
const MAX_PARSED_URLS = 10_000;

function parseUrlText(text: string): ParsedUrl {
  const partial = text.endsWith(PARTIAL);
  const literal = partial ? text.slice(0, -PARTIAL.length) : text;
  if (literal.includes('\\')) return { refused: 'it holds a backslash, which the runtime reads as a slash' };
  if (!partial) return hostOfUrl(literal);
  // The authority ends at the first `/`, `?` or `#` after `//`; a start without one names no host yet.
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(literal);
  if (!scheme) return /^[a-z][a-z0-9+.-]*:/i.test(literal) ? { refused: 'it is not an http(s) URL' } : {};
  const end = literal.slice(scheme[0].length).search(/[/?#]/);
  if (end < 0) return {};
  return hostOfUrl(literal.slice(0, scheme[0].length + end + 1));
}

function hostOfUrl(text: string): ParsedUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { refused: 'it is not a URL the runtime can read' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { refused: `its scheme '${url.protocol}' is not http or https` };
  if (url.username !== '' || url.password !== '' || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(text)) {
    return { refused: 'it holds user information (user@host), which hides the host it really goes to' };
  }
  const host = url.hostname.replace(/\.$/, '');
  return url.protocol === 'http:' ? { host, cleartext: true } : { host };
}

/**
 * A URL's path as the runtime sends it (its query aside): dot segments (`/x/../`, `%2e%2e`)
 * resolved, as `new URL` resolves them; the whole text when it is no URL. Every request's URL is
 * asked whose runs it reads and what it keeps, and the same few URLs stand in many files: kept, as
 * hosts are.
 */
export function urlPath(text: string): string {
  let path = parsedPaths.get(text);
  if (path === undefined) {
    if (parsedPaths.size >= MAX_PARSED_URLS) parsedPaths.clear();
    parsedPaths.set(text, (path = pathOfUrl(text)));
  }
  return path;
}

const parsedPaths = new Map<string, string>();

function pathOfUrl(text: string): string {
  try {
    return new URL(text).pathname;
  } catch {
    return text;
  }
}

/**
 * A URL as a message prints it: without its user information nor its query's values, where
 * credentials travel (a password, a SAS signature, a function's code). The text may be one that
 * jig.yaml, the environment or Key Vault gave a parameter, which no output prints.
 */
export function printableUrl(text: string): string {
  return text.replace(/^([^:/?#]*:[/\\]*)[^/\\?#]*@/, '$1…@').replace(/([?&][^=&#]*=)[^&#]*/g, '$1…');
}

/** The mark ending the literal start of a URL built at run time. */
export const PARTIAL = '…';
