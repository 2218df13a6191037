/**
 * String functions. `startsWith`, `endsWith`, `indexOf`, `lastIndexOf` and `nthIndexOf` ignore
 * case; `contains` and `replace` do not (Microsoft's reference says which is which). Case changes
 * character by character, as the reference says of toUpper and toLower ("if a character doesn't
 * have an uppercase version, that character stays unchanged"): `ß` stays `ß` (JavaScript's `SS`
 * is two characters), a final `Σ` lowers to `σ`, and a text keeps its length.
 */
import { ExpressionError } from '../errors.js';
import { stringOf } from './conversion-core.js';
import { formatNumber } from './number-format.js';
import { define, integerArg, numberArg, optionalStringArg, stringArg, type FunctionSpec } from './spec.js';

/** Each character's own upper or lower case, where that is one character; else the character. */
function changeCase(text: string, to: 'upper' | 'lower'): string {
  let result = '';
  for (const ch of text) {
    const mapped = to === 'upper' ? ch.toUpperCase() : ch.toLowerCase();
    result += mapped.length === ch.length ? mapped : ch;
  }
  return result;
}

function lower(text: string): string {
  return changeCase(text, 'lower');
}

function nthIndexOf(text: string, search: string, occurrence: number): number {
  if (occurrence === 0) throw new ExpressionError(`The template language function 'nthIndexOf' expects its occurrence to be a non-zero integer.`);
  const haystack = lower(text);
  const needle = lower(search);
  if (occurrence > 0) {
    let from = 0;
    for (let n = 1; ; n++) {
      const at = haystack.indexOf(needle, from);
      if (at < 0) return -1;
      if (n === occurrence) return at;
      from = at + Math.max(needle.length, 1);
    }
  }
  let from = haystack.length;
  for (let n = -1; ; n--) {
    const at = haystack.lastIndexOf(needle, from);
    if (at < 0) return -1;
    if (n === occurrence) return at;
    from = at - 1;
    if (from < 0) return -1;
  }
}

/** Guid text in .NET's formats: N (32 digits), D (hyphens), B (braces), P (parentheses), X (hex groups). */
function formatGuid(guid: string, format: string): string {
  const d = guid.toLowerCase();
  switch (format) {
    case 'N':
    case 'n':
      return d.replace(/-/g, '');
    case 'D':
    case 'd':
      return d;
    case 'B':
    case 'b':
      return `{${d}}`;
    case 'P':
    case 'p':
      return `(${d})`;
    case 'X':
    case 'x': {
      const hex = d.replace(/-/g, '');
      const bytes = hex.slice(16).match(/../g)!.map((b) => `0x${b}`);
      return `{0x${hex.slice(0, 8)},0x${hex.slice(8, 12)},0x${hex.slice(12, 16)},{${bytes.join(',')}}}`;
    }
    default:
      throw new ExpressionError(`The template language function 'guid' expects a format of 'N', 'D', 'B', 'P' or 'X', not '${format}'.`);
  }
}

export const stringFunctions: FunctionSpec[] = [
  // `concat` joins the text of any value, as interpolation does.
  define('string', 'concat', 1, Infinity, (args) => args.map(stringOf).join('')),
  define('string', 'endsWith', 2, 2, (args, _s, name) => lower(stringArg(name, args, 0)).endsWith(lower(stringArg(name, args, 1)))),
  define('string', 'startsWith', 2, 2, (args, _s, name) => lower(stringArg(name, args, 0)).startsWith(lower(stringArg(name, args, 1)))),
  define('string', 'formatNumber', 2, 3, (args, _s, name) => formatNumber(numberArg(name, args, 0), stringArg(name, args, 1), optionalStringArg(name, args, 2) ?? 'en-us', args[0]!)),
  define('string', 'guid', 0, 1, (args, state, name) => formatGuid(state.newGuid(), optionalStringArg(name, args, 0) ?? 'D')),
  define('string', 'indexOf', 2, 2, (args, _s, name) => lower(stringArg(name, args, 0)).indexOf(lower(stringArg(name, args, 1)))),
  define('string', 'lastIndexOf', 2, 2, (args, _s, name) => {
    const text = stringArg(name, args, 0);
    const search = stringArg(name, args, 1);
    if (text === '') return search === '' ? 0 : -1;
    if (search === '') return text.length - 1;
    return lower(text).lastIndexOf(lower(search));
  }),
  define('string', 'nthIndexOf', 3, 3, (args, _s, name) => nthIndexOf(stringArg(name, args, 0), stringArg(name, args, 1), integerArg(name, args, 2))),
  define('string', 'replace', 3, 3, (args, _s, name) => {
    const text = stringArg(name, args, 0);
    const old = stringArg(name, args, 1);
    if (old === '') throw new ExpressionError(`The template language function 'replace' expects its second parameter (the text to replace) not to be empty.`);
    return text.split(old).join(stringArg(name, args, 2));
  }),
  define('string', 'slice', 2, 3, (args, _s, name) => {
    const text = stringArg(name, args, 0);
    const resolve = (index: number) => (index < 0 ? Math.max(text.length + index, 0) : Math.min(index, text.length));
    const start = resolve(integerArg(name, args, 1));
    const end = args.length > 2 && args[2] !== null ? resolve(integerArg(name, args, 2)) : text.length;
    return start >= end ? '' : text.slice(start, end);
  }),
  define('string', 'split', 2, 2, (args, _s, name) => {
    const text = stringArg(name, args, 0);
    const delimiter = stringArg(name, args, 1);
    return delimiter === '' ? [text] : text.split(delimiter);
  }),
  define('string', 'substring', 2, 3, (args, _s, name) => {
    const text = stringArg(name, args, 0);
    const start = integerArg(name, args, 1);
    const length = args.length > 2 && args[2] !== null ? integerArg(name, args, 2) : text.length - start;
    if (start < 0 || start > text.length) {
      throw new ExpressionError(`The template language function 'substring' parameter startIndex (${start}) must be between 0 and the length of the string (${text.length}).`);
    }
    if (length < 0 || start + length > text.length) {
      throw new ExpressionError(
        `The template language function 'substring' parameters are out of range: 'start index' and 'length' must refer to a location within the string: the sum of ${start} and ${length} is more than its length (${text.length}).`,
      );
    }
    return text.slice(start, start + length);
  }),
  define('string', 'toLower', 1, 1, (args, _s, name) => lower(stringArg(name, args, 0))),
  define('string', 'toUpper', 1, 1, (args, _s, name) => changeCase(stringArg(name, args, 0), 'upper')),
  define('string', 'trim', 1, 1, (args, _s, name) => stringArg(name, args, 0).trim()),
];
