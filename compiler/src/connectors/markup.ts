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

/** Where a value stands in the markup, as the tokeniser found it. */
type Place =
  | { readonly kind: 'text' }
  /**
   * Where markup, not text, stands: inside a tag but in no attribute's value (a tag's or an
   * attribute's name), a stylesheet's or a script's content. The value writes markup or code of
   * its own, whose URLs Jig cannot see, and a script sends what it holds where it likes.
   */
  | { readonly kind: 'code' }
  /** In the value of `attribute` (lower case), which runs from `start` to `end` in the text. */
  | { readonly kind: 'attribute'; readonly attribute: string; readonly start: number; readonly end: number };

const TEXT: Place = { kind: 'text' };
const CODE: Place = { kind: 'code' };

/**
 * The place of each value (by its order in the text) in `text`. `rawText` decides whether the
 * elements that are raw text in a browser are read so: they are not inside an `<svg>` or `<math>`,
 * in XML, or (`<noscript>`) where scripts do not run, so markup is read both ways.
 */
function placesOf(text: string, rawText: boolean): { places: Place[]; scripted: boolean } {
  const n = text.length;
  const positions = [...text.matchAll(new RegExp(VALUE, 'g'))].map((match) => match.index);
  // A value the scan steps over without placing (none should be) counts as code.
  const places: Place[] = positions.map(() => CODE);
  let next = 0;
  let scripted = false;
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
      place(start, end, { kind: 'attribute', attribute, start, end });
      if (attribute.startsWith('on') || SCRIPT_URL.test(decodeReferences(text.slice(start, end)).replace(/[\u0000-\u0020]/g, ''))) scripted = true;
    }
    i = j >= n ? n : j + 1;
    if (endTag || !rawText || !RAW_TEXT.has(tagName)) continue;
    // Raw text runs to its end tag (`plaintext` has none); a stylesheet's and a script's is code.
    const close = tagName === 'plaintext' ? undefined : new RegExp(`</${tagName}[\\s/>]`, 'gi');
    if (close) close.lastIndex = i;
    const closing = close?.exec(text);
    const end = closing ? closing.index : n;
    place(i, end, tagName === 'script' || tagName === 'style' ? CODE : TEXT);
    i = end;
  }
  return { places, scripted };
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
 * The values (by order) that stand in a CSS `url(…)` or `@import`, anywhere in `text`: after the
 * last such start before a value, with none of `)`, a quote or a space between (a value after
 * another value in the URL is in it too). One scan of the text, whatever its length.
 */
function inCssUrl(text: string): Set<number> {
  const css = decodeCssEscapes(text);
  const starts = new Set([...css.matchAll(/\burl\(\s*["']?|@import\s+["']?/gi)].map((match) => match.index + match[0].length));
  const found = new Set<number>();
  let index = 0;
  let inUrl = false;
  for (let at = 0; at < css.length; at++) {
    if (starts.has(at)) inUrl = true;
    const c = css[at]!;
    if (c === VALUE) {
      if (inUrl) found.add(index);
      index++;
    } else if (c === ')' || c === '"' || c === "'" || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') inUrl = false;
  }
  return found;
}

/**
 * The values (by order) the markup `text` puts in a URL its renderer fetches, or into markup of
 * their own, wherever no `//` before them names the URL's host: in a URL attribute's value (its
 * character references decoded; a meta refresh's `content` after `url=`), in a CSS `url(…)` or
 * `@import`, in a `srcdoc` (a document of its own), where code or markup, not text, stands (a
 * tag's or an attribute's name, a stylesheet, a `style` attribute, a script: the value is markup or
 * code whose URLs Jig cannot see); and every value of markup that holds a script (a `<script>`, an
 * event handler such as `onerror=…`, a `javascript:` URL), which reads the whole document and
 * sends what it holds where it likes.
 */
function valuesInUrls(text: string): Set<number> {
  const found = new Set<number>([...inCssUrl(text), ...inCssUrl(decodeReferences(text))]);
  for (const rawText of [true, false]) {
    const { places, scripted } = placesOf(text, rawText);
    // A script reads the whole document, and sends what it holds where it likes.
    if (scripted) places.forEach((_, index) => found.add(index));
    places.forEach((where, index) => {
      if (where.kind === 'code') found.add(index);
      if (where.kind !== 'attribute') return;
      const { attribute, start, end } = where;
      // Which of the attribute's values this one is.
      const own = places.slice(0, index).filter((other) => other === where).length;
      const at = [...text.slice(start, end).matchAll(new RegExp(VALUE, 'g'))][own]!.index;
      if (attribute.endsWith('style')) found.add(index);
      else if (attribute.endsWith('srcdoc')) {
        // The attribute's value, decoded, is a document the frame renders.
        if (valuesInUrls(decodeReferences(text.slice(start, end))).has(own)) found.add(index);
      } else if (URL_ATTRIBUTE.test(attribute)) {
        if (!attribute.endsWith('content') || /url\s*=/i.test(decodeReferences(text.slice(start, start + at)))) found.add(index);
      }
    });
  }
  return found;
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
  // A value in a URL (or in markup of its own) with no `//` before it: a URL whose host Jig cannot see.
  for (const index of valuesInUrls(raw)) {
    if (!placed.has(index)) links.push({ url: undefined, values: [values[index]!] });
  }
  return links;
}
