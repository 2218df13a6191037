/**
 * The headers of a response that send its caller's agent onward, to a URL they hold: a browser or
 * an HTTP client follows `Location`; a browser also follows `Refresh` (`5; url=…`), fetches what
 * `Link` names (`<…>; rel=preload`), and posts its reports (which carry the page's address) to the
 * endpoints that `Reporting-Endpoints`, `Report-To` and a Content Security Policy's `report-uri`
 * name, and fetches the rule sets `Speculation-Rules` names (Chromium) and the source map
 * `SourceMap` names (its developer tools). What such a URL holds goes to its host, as a call's
 * does (policy/destinations.ts).
 */
import { PARTIAL } from '../util/url.js';

const FOLLOWED = new Set([
  'location',
  'refresh',
  'link',
  'reporting-endpoints',
  'report-to',
  'content-security-policy',
  'content-security-policy-report-only',
  'speculation-rules',
  'sourcemap',
  'x-sourcemap',
]);

/** Whether the caller's agent may follow a URL in the header `name` (lower case); undefined: a name not written as plain text, which may be any. */
export function isFollowedHeader(name: string | undefined): boolean {
  return name === undefined || FOLLOWED.has(name.toLowerCase());
}

/**
 * The URLs a followed header's value sends its caller to, each as `parseUrl` reads it (the literal
 * start of one built at run time ending in `…`); `undefined` among them for one only known at run
 * time. `Location` is one URL; in the others a URL stands after `url=`, inside `<…>` or quotes, or
 * after `report-uri`, and a computed part that does not continue the last URL may add another.
 */
export function followedUrls(name: string | undefined, text: string | undefined): (string | undefined)[] {
  if (text === undefined) return [undefined];
  if (name === undefined || name.toLowerCase() === 'location') return [text];
  const partial = text.endsWith(PARTIAL);
  const urls: (string | undefined)[] = [];
  let continued = false;
  // A URL: absolute (`https://…`), protocol-relative (`//host/…`) or a path, after `=`, `<`, a quote, a space or the start.
  for (const match of text.matchAll(/(?:^|[=<"'\s,;])((?:[a-z][a-z0-9+.-]*:)?\/\/[^\s"'<>,;]*|\/[^\s"'<>,;]*)/gi)) {
    const url = match[1]!;
    urls.push(url);
    continued = partial && match.index + match[0].length === text.length;
  }
  // What a computed part adds that no URL it continues holds: a URL Jig cannot see.
  if (partial && !continued) urls.push(undefined);
  return urls;
}
