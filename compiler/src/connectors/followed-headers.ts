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

/**
 * Where a value stands in a URL the renderer fetches or follows, though no `//` before it says so:
 * in the value of a tag's URL attribute (quoted or not; `style`'s only inside a CSS `url(…)`, a
 * meta refresh's `content` after `url=`), or in a CSS `url(…)` or `@import` anywhere. The group
 * `start` is what the URL holds before the value.
 */
const URL_ATTRIBUTE = /<[^<>]*?\b(src|srcset|href|action|formaction|poster|background|data|ping|cite|longdesc|xlink:href|content|style)\s*=\s*(?:"([^"]*)|'([^']*)|([^\s"'<>]*))$/i;
const CSS_URL = /(?:\burl\(\s*["']?|@import\s+["']?)([^)"'\s]*)$/i;

/**
 * Character references decoded as a renderer decodes them in text and attributes (`&#47;`,
 * `&#x2F;`, `&sol;`), so that a URL written with them is read as the one fetched; a reference Jig
 * does not know stays as written.
 */
function decodeReferences(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z][a-z0-9]*));?/gi, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    const code = decimal !== undefined ? Number(decimal) : hex !== undefined ? parseInt(hex, 16) : undefined;
    if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return NAMED_REFERENCES[name!.toLowerCase()] ?? whole;
  });
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  colon: ':', sol: '/', bsol: '\\', period: '.', quest: '?', num: '#', equals: '=', commat: '@', percnt: '%',
  amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', lpar: '(', rpar: ')', tab: '\t', newline: '\n', nbsp: ' ',
};

export function markupLinks(markup: StringLiteral): MarkupLink[] {
  const values: Expression[] = [];
  let text = '';
  for (const part of markup.parts) {
    if (part.kind === 'Text') text += decodeReferences(part.text.replaceAll(VALUE, ''));
    else {
      text += VALUE;
      values.push(part.expression);
    }
  }
  const positions = [...text.matchAll(new RegExp(VALUE, 'g'))].map((match) => match.index);
  const links: MarkupLink[] = [];
  const placed = new Set<number>();
  // A URL written with its `//`: what runs to a quote, a space or a bracket, fetched under the
  // conditions the markup is sent under, with the values inside it.
  for (const token of text.matchAll(/[^\s"'<>()`]+/g)) {
    const written = token[0];
    const first = written.indexOf(VALUE);
    const start = first < 0 ? written : written.slice(0, first);
    const scheme = start.search(/(?:[a-z][a-z0-9+.-]*:)?\/\//i);
    if (scheme < 0) continue;
    const inside: Expression[] = [];
    positions.forEach((at, index) => {
      if (at < token.index || at >= token.index + written.length) return;
      inside.push(values[index]!);
      placed.add(index);
    });
    links.push({ url: first < 0 ? start.slice(scheme) : start.slice(scheme) + PARTIAL, values: inside });
  }
  // A value in a URL attribute or a CSS url(…) with no `//` before it: a URL whose host Jig cannot see.
  positions.forEach((at, index) => {
    if (placed.has(index)) return;
    const before = text.slice(Math.max(0, at - 2000), at);
    const attribute = URL_ATTRIBUTE.exec(before);
    const css = CSS_URL.exec(attribute?.[1]?.toLowerCase() === 'style' ? (attribute[2] ?? attribute[3] ?? attribute[4] ?? '') : before);
    const inUrl = css !== null || (attribute !== null && attribute[1]!.toLowerCase() !== 'style' && (attribute[1]!.toLowerCase() !== 'content' || /url\s*=/i.test(attribute[2] ?? attribute[3] ?? attribute[4] ?? '')));
    if (inUrl) links.push({ url: undefined, values: [values[index]!] });
  });
  return links;
}
