/**
 * The values a URL can take, as far as the source says: a literal; an interpolated string (its
 * literal start); each value of a parameter (its default, and the values the project gives it);
 * what a `let` holds. The policy judges where a request goes by them (policy/destinations.ts), and
 * the analysis of values which stores a request reads (semantics/categories.ts).
 */
import type { Expression, Identifier, LetValue, Node, ParamDecl, StringLiteral } from '../syntax/tree.js';
import { PARTIAL } from '../util/url.js';

/** One value a URL can take: its text as `parseUrl` reads it, and every literal part of it. */
export interface UrlText {
  /** The whole URL, or the literal start of one built at run time (ending in `…`); `undefined` when it cannot be known. */
  readonly text: string | undefined;
  /** Its literal parts, a computed part standing as `/` (what names a Graph endpoint, after a computed part too). */
  readonly literal: string;
}

const UNKNOWN_TEXT: UrlText = { text: undefined, literal: '' };

/**
 * `declaringOf` finds the declaration a name stands for; `givenValues` the plain values the project
 * gives a parameter (jig.yaml's, the ones `jig deploy` read).
 */
export function valuesOfUrl(
  url: Expression | LetValue,
  symbolOf: (name: Identifier) => { readonly declaringNode?: Node } | undefined,
  givenValues: (param: ParamDecl) => readonly string[],
  depth = 0,
): UrlText[] {
  if (depth > 8) return [UNKNOWN_TEXT];
  switch (url.kind) {
    case 'String':
      return [{ text: stringText(url), literal: url.value ?? url.parts.map((part) => (part.kind === 'Text' ? part.text : '/')).join('') }];
    case 'Name': {
      const declaring = symbolOf(url.name)?.declaringNode;
      if (declaring?.kind === 'Let') return valuesOfUrl((declaring as { value: LetValue }).value, symbolOf, givenValues, depth + 1);
      if (declaring?.kind !== 'Param') return [UNKNOWN_TEXT];
      const param = declaring as ParamDecl;
      const values: UrlText[] = [];
      if (param.defaultValue) values.push(...valuesOfUrl(param.defaultValue, symbolOf, givenValues, depth + 1));
      for (const given of givenValues(param)) values.push({ text: given, literal: given });
      return values.length > 0 ? values : [UNKNOWN_TEXT];
    }
    default:
      return [UNKNOWN_TEXT];
  }
}

/** A string's text when it has no interpolation, else its literal start marked partial. */
function stringText(literal: StringLiteral): string | undefined {
  if (literal.value !== undefined) return literal.value;
  const first = literal.parts[0];
  return first?.kind === 'Text' ? first.text + PARTIAL : undefined;
}
