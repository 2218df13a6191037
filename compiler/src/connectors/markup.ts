/**
 * The URLs that markup a recipient renders names, where what a flow puts into them goes: a mail's
 * body (Office 365 sends HTML), a Teams message, an HTML response. A mail client, Teams or a
 * browser fetches what an `<img>`, a stylesheet or a frame names (and a reader follows a link), so
 * a value written into such a URL is sent to its host.
 *
 * The markup is read as a renderer tokenises it, over the whole text and in one pass (a window
 * before each value, or a `$`-anchored pattern over what precedes it, is either blind past the
 * window or quadratic): tags and their attributes, quoted values that hold `>` and `<`, comments,
 * and the elements whose content is not markup (`<script>`, `<style>`, `<textarea>`, …).
 */
import type { Expression, StringLiteral } from '../syntax/tree.js';
import { PARTIAL } from '../util/url.js';

/**
 * One URL the markup names: its text as `parseUrl` reads it (a literal start ending in `…`;
 * `undefined` for one whose host is computed or not written with `//` before the value) and the
 * values written into it. A value in the markup's text, outside any URL, is not followed (README,
 * limits: a value that holds markup of its own).
 */
export interface MarkupLink {
  readonly url: string | undefined;
  readonly values: readonly Expression[];
}

/** A character no source text holds, standing for the value written at that place. */
const VALUE = '\u0000';

/**
 * Attributes whose value is a URL the renderer fetches or follows, by the end of their name (so
 * `data-src`, `lowsrc`, `imagesrcset` and `xlink:href` count); `content` (a meta refresh) only
 * after `url=`. A `style`'s value is CSS and an event handler's (`on…`) a script: code, not a URL.
 */
const URL_ATTRIBUTE = /(?:src|srcset|href|action|poster|background|data|ping|cite|longdesc|manifest|codebase|archive|classid|usemap|profile|content)$/;

/** Elements whose content is text up to their end tag, not markup: the tokeniser skips it. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

/** An attribute with a value: its name (lower case), and where its value runs in the text. */
interface Attribute {
  readonly kind: 'attribute';
  readonly attribute: string;
  readonly start: number;
  readonly end: number;
}

/** Where a value stands in the markup, as the tokeniser found it. */
type Place =
  | { readonly kind: 'text' }
  /**
   * Where markup, not text, stands: inside a tag but in no attribute's value (a tag's or an
   * attribute's name), a stylesheet's or a script's content. The value writes markup or code of
   * its own, whose URLs Jig cannot see, and a script sends what it holds where it likes.
   */
  | { readonly kind: 'code' }
  /** In a stylesheet's content or a `style` attribute: CSS, code of its own outside a `url(…)`. */
  | { readonly kind: 'style' }
  /** In the value of `attribute` (lower case), which runs from `start` to `end` in the text. */
  | Attribute;

const TEXT: Place = { kind: 'text' };
const CODE: Place = { kind: 'code' };
const STYLE: Place = { kind: 'style' };

/**
 * The place of each value (by its order in the text) in `text`. `rawText` decides whether the
 * elements that are raw text in a browser are read so: they are not inside an `<svg>` or `<math>`,
 * in XML, or (`<noscript>`) where scripts do not run, so markup is read both ways.
 */
function placesOf(text: string, rawText: boolean): { places: Place[]; scripted: boolean; attributes: Attribute[] } {
  const n = text.length;
  const positions = [...text.matchAll(new RegExp(VALUE, 'g'))].map((match) => match.index);
  // A value the scan steps over without placing (none should be) counts as code.
  const places: Place[] = positions.map(() => CODE);
  let next = 0;
  let scripted = false;
  const attributes: Attribute[] = [];
  const place = (from: number, to: number, where: Place) => {
    while (next < positions.length && positions[next]! < from) next++;
    for (; next < positions.length && positions[next]! < to; next++) places[next] = where;
  };
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
  let i = 0;
  while (i < n) {
    const open = text.indexOf('<', i);
    if (open < 0) {
      place(i, n, TEXT);
      break;
    }
    place(i, open, TEXT);
    const next = text[open + 1];
    // A comment: no tag, up to where it ends (`<!-->` ends at once).
    if (text.startsWith('<!--', open)) {
      let after = n;
      if (text.startsWith('>', open + 4)) after = open + 5;
      else if (text.startsWith('->', open + 4)) after = open + 6;
      else {
        const close = /--!?>/g;
        close.lastIndex = open + 4;
        const match = close.exec(text);
        if (match) after = match.index + match[0].length;
      }
      place(open, after, TEXT);
      i = after;
      continue;
    }
    const endTag = next === '/';
    const nameStart = endTag ? open + 2 : open + 1;
    const first = text[nameStart];
    // A tag starts with a letter; a value there may be one (`<${tag} …>`).
    if (first === undefined || !(/[a-z]/i.test(first) || first === VALUE)) {
      // A declaration, a processing instruction or a bogus end tag: text up to the next `>`.
      if (next === '!' || next === '?' || (endTag && first !== undefined && first !== '>')) {
        const close = text.indexOf('>', open);
        const after = close < 0 ? n : close + 1;
        place(open, after, TEXT);
        i = after;
      } else {
        i = endTag && first === '>' ? open + 3 : open + 1;
      }
      continue;
    }
    // The tag's name, then its attributes; a quoted value runs to its quote, `>` and `<` included.
    let j = nameStart;
    while (j < n && !isSpace(text[j]) && text[j] !== '/' && text[j] !== '>') j++;
    const tagName = text.slice(nameStart, j).toLowerCase();
    if (tagName === 'script' && !endTag) scripted = true;
    place(nameStart, j, CODE);
    for (;;) {
      while (j < n && (isSpace(text[j]) || text[j] === '/')) j++;
      if (j >= n || text[j] === '>') break;
      const nameAt = j;
      j++; // An attribute's name may start with `=`.
      while (j < n && !isSpace(text[j]) && text[j] !== '/' && text[j] !== '>' && text[j] !== '=') j++;
      const attribute = text.slice(nameAt, j).toLowerCase();
      place(nameAt, j, CODE);
      let k = j;
      while (k < n && isSpace(text[k])) k++;
      if (text[k] !== '=') continue;
      k++;
      while (k < n && isSpace(text[k])) k++;
      const quote = text[k];
      let start = k;
      let end: number;
      if (quote === '"' || quote === "'") {
        start = k + 1;
        const close = text.indexOf(quote, start);
        end = close < 0 ? n : close;
        j = close < 0 ? n : close + 1;
      } else {
        end = k;
        while (end < n && !isSpace(text[end]) && text[end] !== '>') end++;
        j = end;
      }
      const where = { kind: 'attribute', attribute, start, end } as const;
      attributes.push(where);
      place(start, end, where);
      if (attribute.startsWith('on') || SCRIPT_URL.test(decodeReferences(text.slice(start, end)).replace(/[\u0000-\u0020]/g, ''))) scripted = true;
    }
    i = j >= n ? n : j + 1;
    if (endTag || !rawText || !RAW_TEXT.has(tagName)) continue;
    // Raw text runs to its end tag (`plaintext` has none); a stylesheet's and a script's is code.
    const close = tagName === 'plaintext' ? undefined : new RegExp(`</${tagName}[\\s/>]`, 'gi');
    if (close) close.lastIndex = i;
    const closing = close?.exec(text);
    const end = closing ? closing.index : n;
    place(i, end, tagName === 'script' ? CODE : tagName === 'style' ? STYLE : TEXT);
    i = end;
  }
  return { places, scripted, attributes };
}

/** A URL that runs a script (the URL standard drops tabs and line breaks, and leading spaces are trimmed). */
const SCRIPT_URL = /(?:java|vb)script:/i;

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

/** CSS escapes decoded (`\75 rl(` is `url(`), as a stylesheet reads them. */
function decodeCssEscapes(text: string): string {
  return text.replace(/\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|([^\n\r\f0-9a-f]))/gi, (whole, hex: string | undefined, other: string | undefined) => {
    if (other !== undefined) return other;
    const code = parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The URL a value is written into, from what the URL holds before it (`prefix`, decoded): its
 * literal start ending in `…` when that start names a host after `//` (the URL standard drops
 * tabs and line breaks, and leading spaces), else `undefined`, a host Jig cannot see (a relative
 * URL resolves against a `<base>`; `https:host` and `https:/host` name one without `//`).
 */
function urlOf(prefix: string): string | undefined {
  const cleaned = prefix.replace(/[\t\n\r]/g, '').replace(/^[\u0001-\u0020]+/, '');
  const cut = cleaned.indexOf(VALUE);
  const head = cut < 0 ? cleaned : cleaned.slice(0, cut);
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(head) ? head + PARTIAL : undefined;
}

/** The URLs each value (by order) is written into: `undefined` for one whose host Jig cannot see. */
type ValueUrls = Map<number, Set<string | undefined>>;

const addUrl = (urls: ValueUrls, index: number, url: string | undefined) => {
  const known = urls.get(index) ?? new Set<string | undefined>();
  known.add(url);
  urls.set(index, known);
};

/**
 * The values that stand in a CSS `url(…)` or `@import`, anywhere in `text`: after the last such
 * start before a value, with none of `)`, a quote or a space between (a value after another value
 * in the URL is in it too), with the URL each is in; and in an `image-set(…)`, `image(…)` or
 * `cross-fade(…)`, whose strings are URLs too, at a host Jig does not read. One scan of the text,
 * whatever its length. `statics`: the URLs with no value in them, read from their start.
 */
function inCssUrl(text: string, urls: ValueUrls, statics: (string | undefined | null)[]): void {
  const css = decodeCssEscapes(text);
  const starts = new Set([...css.matchAll(/\burl\(\s*["']?|@import\s+["']?/gi)].map((match) => match.index + match[0].length));
  const sets = new Set([...css.matchAll(/\b(?:image-set|image|cross-fade)\(/gi)].map((match) => match.index + match[0].length));
  let index = 0;
  let from: number | undefined;
  let valued = false;
  let inSet = false;
  let quote: string | undefined;
  const close = (at: number) => {
    if (from !== undefined && !valued && at > from) statics.push(staticUrl(css.slice(from, at), false));
    from = undefined;
  };
  for (let at = 0; at < css.length; at++) {
    if (starts.has(at)) {
      from = at;
      valued = false;
    }
    if (sets.has(at)) inSet = true;
    const c = css[at]!;
    if (c === VALUE) {
      if (from !== undefined) addUrl(urls, index, urlOf(css.slice(from, at)));
      else if (inSet) addUrl(urls, index, undefined);
      valued = true;
      index++;
      continue;
    }
    if (c === '"' || c === "'") quote = quote === undefined ? c : quote === c ? undefined : quote;
    if (c === ')' && quote === undefined) inSet = false;
    if (c === ')' || c === '"' || c === "'" || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') close(at);
  }
  close(css.length);
}

/** The attributes of SVG's animations, which set another attribute (an `href`) to what they hold. */
const ANIMATION_ATTRIBUTE = /^(?:to|from|by|values)$/;

/** Attributes that hold a list of URLs, each after a space (or, in a srcset, a comma). */
const URL_LIST_ATTRIBUTE = /(?:srcset|ping|archive|profile)$/;

/**
 * The values the markup `text` puts in a URL its renderer fetches or follows, with the URL each is
 * in, read from where that URL starts: the start of a URL attribute's value (its character
 * references decoded; in a list of URLs, the start of the value's own; in a meta refresh's
 * `content`, after `url=` or the `;` or `,` after its delay), or of a CSS `url(…)` or `@import`;
 * in a `srcdoc`, a document of its own, as that document names them. And the values whose URL Jig
 * cannot see at all: where code or markup, not text, stands (a tag's or an attribute's name, a
 * stylesheet, a `style` attribute, a script: the value is markup or code of its own), and every
 * value of markup that holds a script (a `<script>`, an event handler such as `onerror=…`, a
 * `javascript:` URL), which reads the whole document and sends what it holds where it likes.
 */
function valueUrls(text: string): ValueUrls {
  const urls: ValueUrls = new Map();
  inCssUrl(text, urls, []);
  inCssUrl(decodeReferences(text), urls, []);
  const inCss = new Set(urls.keys());
  for (const rawText of [true, false]) {
    const { places, scripted } = placesOf(text, rawText);
    places.forEach((where, index) => {
      if (scripted || where.kind === 'code' || (where.kind === 'style' && !inCss.has(index))) addUrl(urls, index, undefined);
      if (where.kind !== 'attribute') return;
      const { attribute, start, end } = where;
      // Which of the attribute's values this one is, and what the attribute holds before it.
      const own = places.slice(0, index).filter((other) => other === where).length;
      const at = [...text.slice(start, end).matchAll(new RegExp(VALUE, 'g'))][own]!.index;
      const before = decodeReferences(text.slice(start, start + at));
      if (attribute.endsWith('style')) {
        if (!inCss.has(index)) addUrl(urls, index, undefined);
      } else if (attribute.endsWith('srcdoc')) {
        // The attribute's value, decoded, is a document the frame renders.
        for (const url of valueUrls(decodeReferences(text.slice(start, end))).get(own) ?? []) addUrl(urls, index, url);
      } else if (ANIMATION_ATTRIBUTE.test(attribute)) addUrl(urls, index, undefined);
      else if (URL_LIST_ATTRIBUTE.test(attribute)) {
        addUrl(urls, index, urlOf(before.slice(Math.max(before.search(/[^\s,]*$/), 0))));
      } else if (attribute.endsWith('content')) {
        const separator = [...before.matchAll(/url\s*=\s*["']?|[;,]/gi)].pop();
        if (separator) addUrl(urls, index, urlOf(before.slice(separator.index + separator[0].length)));
      } else if (URL_ATTRIBUTE.test(attribute)) addUrl(urls, index, urlOf(before));
    });
  }
  return urls;
}

/** The schemes whose URLs the URL standard reads with a host though no `//` follows (`https:host`). */
const SPECIAL_SCHEME = /^(https?|wss?|ftp):[\\/]?(?![\\/])/i;

/**
 * The URLs that a URL attribute holding no value names where the `//` token rule does not see
 * them: one of a special scheme written without `//` (`https:tracker.example/p.gif`, fetched
 * under the markup's conditions), as the URL standard reads it; and, under a `<base>`, a relative
 * one, at the base's host, which Jig does not resolve (`undefined`).
 */
function staticUrls(text: string): (string | undefined)[] {
  const urls: (string | undefined | null)[] = [];
  const { attributes } = placesOf(text, false);
  const based = attributes.some(({ attribute }) => attribute === 'href') && /<base[\s/>]/i.test(text);
  for (const { attribute, start, end } of attributes) {
    if (!URL_ATTRIBUTE.test(attribute) || attribute.endsWith('content') || text.slice(start, end).includes(VALUE)) continue;
    const value = decodeReferences(text.slice(start, end)).replace(/[\t\n\r]/g, '');
    const written = URL_LIST_ATTRIBUTE.test(attribute) ? value.split(/[\s,]+/) : [value.trim()];
    for (const url of written.filter((url) => url !== '')) urls.push(staticUrl(url, based));
  }
  // A stylesheet's (or a style attribute's) url(…), its CSS escapes and references decoded.
  inCssUrl(text, new Map(), urls);
  inCssUrl(decodeReferences(text), new Map(), urls);
  return urls.filter((url) => url !== null);
}

/**
 * A URL with no value, as Jig reads it where the `//` token rule may not: of a special scheme
 * written without `//`, as the URL standard reads it; with `//` (it may have been written with
 * CSS escapes); relative under a `<base>`, at a host Jig does not resolve (`undefined`); else none
 * (`null`: a relative URL without a base, a `#` or a `mailto:` link, which no client fetches).
 */
function staticUrl(written: string, based: boolean): string | undefined | null {
  const url = written.replace(/[\t\n\r]/g, '').trim();
  const special = SPECIAL_SCHEME.exec(url);
  if (special) return `${special[1]}://${url.slice(special[0].length)}`;
  if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(url)) return url;
  if (based && !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(url)) return undefined;
  return null;
}

export function markupLinks(markup: StringLiteral): MarkupLink[] {
  const values: Expression[] = [];
  let raw = '';
  let text = '';
  for (const part of markup.parts) {
    if (part.kind === 'Text') {
      const written = part.text.replaceAll(VALUE, '');
      raw += written;
      text += decodeReferences(written);
    } else {
      raw += VALUE;
      text += VALUE;
      values.push(part.expression);
    }
  }
  const positions = [...text.matchAll(new RegExp(VALUE, 'g'))].map((match) => match.index);
  const links: MarkupLink[] = [];
  // A value in a URL the markup's tags or styles name: that URL, read from its start.
  const urls = valueUrls(raw);
  const byUrl = new Map<string | undefined, Expression[]>();
  for (const [index, found] of [...urls].sort(([a], [b]) => a - b)) {
    for (const url of found) byUrl.set(url, [...(byUrl.get(url) ?? []), values[index]!]);
  }
  for (const [url, inside] of byUrl) links.push({ url, values: inside });
  // A URL the // token rule below reads too is one URL, not two.
  const tokens = new Set([...text.matchAll(/[^\s"'<>()`]+/g)].map((token) => token[0]));
  for (const url of new Set(staticUrls(raw))) {
    if (url === undefined || !tokens.has(url)) links.push({ url, values: [] });
  }
  // A URL written with its `//` elsewhere (a reader's client links it in text): what runs to a
  // quote, a space or a bracket, fetched under the conditions the markup is sent under, with the
  // values in the text inside it.
  for (const token of text.matchAll(/[^\s"'<>()`]+/g)) {
    const written = token[0];
    const first = written.indexOf(VALUE);
    const start = first < 0 ? written : written.slice(0, first);
    const scheme = start.search(/(?:[a-z][a-z0-9+.-]*:)?\/\//i);
    if (scheme < 0) continue;
    const inside: Expression[] = [];
    positions.forEach((at, index) => {
      if (at >= token.index && at < token.index + written.length && !urls.has(index)) inside.push(values[index]!);
    });
    links.push({ url: first < 0 ? start.slice(scheme) : start.slice(scheme) + PARTIAL, values: inside });
  }
  return links;
}
