/**
 * The headers of a response that send its caller's agent onward, to a URL they hold: a browser or
 * an HTTP client follows `Location`; a browser also follows `Refresh` (`5; url=…`), fetches what
 * `Link` names (`<…>; rel=preload`), and posts its reports (which carry the page's address) to the
 * endpoints that `Reporting-Endpoints`, `Report-To` and a Content Security Policy's `report-uri`
 * name. What such a URL holds goes to its host, as a call's does (policy/destinations.ts).
 */
import type { Expression, StringLiteral } from '../syntax/tree.js';
import { PARTIAL } from '../util/url.js';

const FOLLOWED = new Set(['location', 'refresh', 'link', 'reporting-endpoints', 'report-to', 'content-security-policy', 'content-security-policy-report-only']);

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

/**
 * The URLs that markup a recipient renders names, where what a flow puts into them goes: a mail's
 * body (Office 365 sends HTML), a Teams message, an HTML response. A mail client, Teams or a
 * browser fetches what an `<img>`, a stylesheet or a frame names (and a reader follows a link), so
 * a value written into such a URL is sent to its host. Each URL: its text as `parseUrl` reads it
 * (a literal start ending in `…`; `undefined` for one whose host is computed) and the values
 * written into it. A value in the markup's text, outside any URL, is not followed (README, limits:
 * a value that holds markup of its own).
 */
export interface MarkupLink {
  readonly url: string | undefined;
  readonly values: readonly Expression[];
}

/** A character no source text holds, standing for the value written at that place. */
const VALUE = '\u0000';

/** The attributes and CSS functions whose value is a URL the renderer fetches or follows. */
const URL_SLOT = /(?:\b(?:src|srcset|href|action|formaction|poster|background|data|ping|cite|longdesc|xlink:href|content)\s*=\s*["']?|\burl\(\s*["']?|@import\s+["']?)$/i;

export function markupLinks(markup: StringLiteral): MarkupLink[] {
  const values: Expression[] = [];
  let text = '';
  for (const part of markup.parts) {
    if (part.kind === 'Text') text += part.text.replaceAll(VALUE, '');
    else {
      text += VALUE;
      values.push(part.expression);
    }
  }
  const positions = [...text.matchAll(new RegExp(VALUE, 'g'))].map((match) => match.index);
  const links: MarkupLink[] = [];
  // A token runs to a quote, a space or a bracket; a value inside one is inside that URL, if it is
  // one. A URL written whole is fetched too: under the conditions the markup is sent under.
  for (const token of text.matchAll(/[^\s"'<>()`]+/g)) {
    const written = token[0];
    const first = written.indexOf(VALUE);
    const start = first < 0 ? written : written.slice(0, first);
    const scheme = start.search(/(?:[a-z][a-z0-9+.-]*:)?\/\//i);
    if (scheme < 0 && first < 0) continue;
    const inside = first < 0 ? [] : values.filter((_, at) => positions[at]! >= token.index && positions[at]! < token.index + written.length);
    if (scheme >= 0) links.push({ url: first < 0 ? start.slice(scheme) : start.slice(scheme) + PARTIAL, values: inside });
    else if (URL_SLOT.test(text.slice(0, token.index) + start)) links.push({ url: undefined, values: inside });
  }
  return links;
}
