/** JIG1001–JIG1999: the text does not follow the grammar. */
import { define } from '../definition.js';

export const unexpectedToken = define<{ found: string; expected: string; suggestion?: string }>({
  code: 'JIG1001',
  name: 'unexpected-token',
  area: 'syntax',
  severity: 'error',
  title: 'Unexpected token',
  message: ({ found, expected, suggestion }) => `Expected ${expected} but found ${found}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
  explanation:
    'The parser met a token that cannot stand here. It reports the token and what the grammar allows at this point, skips to the next line or statement it recognises, and goes on, so that one mistake does not hide the rest of the file. Fix the first error of a region first: later ones may follow from it.',
});

export const unexpectedCharacter = define<{ text: string }>({
  code: 'JIG1002',
  name: 'unexpected-character',
  area: 'syntax',
  severity: 'error',
  title: 'A character that no Jig token starts with',
  message: ({ text }) =>
    `Unexpected character${text.length > 1 ? 's' : ''} '${text.length > 20 ? `${text.slice(0, 20)}…` : text}'.`,
  explanation:
    "Jig source is made of names, numbers, strings in double quotes, annotations (`@name`), comments and the operators `+ - * / % == != < <= > >= = . , : ? ( ) { } [ ]`. A character outside these (a single quote, `#`, `;`, `&`, a typographic quote pasted from a document…) cannot start any token. Remove it, or put the text inside a string.",
});

export const unterminatedString = define<{ pairedBefore?: string }>({
  code: 'JIG1003',
  name: 'unterminated-string',
  area: 'syntax',
  severity: 'error',
  title: 'A string is not closed on its line',
  message: ({ pairedBefore }) =>
    `The string opened here is not closed: add a \`"\` before the end of the line.${
      pairedBefore ? ` Quotes pair up from the start of the line, so ${pairedBefore} is read as one string: a quote may be missing there.` : ''
    }`,
  explanation:
    'A string literal starts and ends with `"` on the same line. Inside it, write `\\"` for a quote, `\\\\` for a backslash, `\\n` and `\\t` for a line break and a tab, `\\$` for a dollar sign and `\\u{1F600}` for any Unicode character; `${expression}` inserts the value of an expression. A string that reaches the end of the line without its closing quote, or whose `${` has no matching `}`, is reported here, at its opening quote, once: the closing brackets at the end of its line still close what they close, and the other errors of the line, which follow from it, are not reported.',
});

export const unclosedBracket = define<{ open: string; close: string; where: string }>({
  code: 'JIG1009',
  name: 'unclosed-bracket',
  area: 'syntax',
  severity: 'error',
  title: 'A brace, bracket or parenthesis is never closed',
  message: ({ open, close, where }) => `This '${open}' is never closed: add its '${close}' ${where}.`,
  explanation:
    "A `{`, `[` or `(` without its closing partner is noticed only where the parser can go no further: at the end of the file, at the next declaration, or past a `}` that closed the wrong block. The finding points at the one left open instead, once, with where the parser noticed as related information. When a `}` further on is indented unlike the line of the `{` it closes, that `{` is taken to be the one left open: the `}` most likely belongs to an outer block. Add the missing closer where the block or expression ends.",
});

export const unterminatedComment = define({
  code: 'JIG1004',
  name: 'unterminated-comment',
  area: 'syntax',
  severity: 'error',
  title: 'A block comment is not closed',
  message: () => 'This comment is never closed: add `*/` where it should end.',
  explanation:
    'A block comment runs from `/*` to the next `*/`. Without the closing `*/` it swallows the whole rest of the file, so nothing after it is compiled. Close it, or use `//` comments, which end at the line break.',
});

export const nestingTooDeep = define<{ limit: number }>({
  code: 'JIG1005',
  name: 'nesting-too-deep',
  area: 'syntax',
  severity: 'error',
  title: 'Brackets or blocks nest too deeply',
  message: ({ limit }) =>
    `Blocks, brackets and parentheses nest more than ${limit} levels deep here; the part inside is not compiled.`,
  explanation:
    'The parser reads nested blocks, brackets and parentheses recursively, and it refuses to go beyond a fixed depth rather than exhaust its stack. No real flow comes close: Logic Apps itself nests actions at most 8 deep. Move the inner part into a `let` or a separate flow (`call flow`).',
});

export const expressionTooDeep = define<{ limit: number }>({
  code: 'JIG1015',
  name: 'expression-too-deep',
  area: 'syntax',
  severity: 'error',
  title: 'An expression nests too deeply',
  message: ({ limit }) =>
    `This expression nests more than ${limit} levels deep (operators, 'not's, 'else if's, member accesses, calls); the part inside is not compiled.`,
  explanation:
    'Every stage of the compiler reads an expression as a tree, and a chain of thousands of operators (`a + a + a + …`), prefix operators (`not not …`), `if … then … else if …` links or member accesses is a tree thousands of levels deep. Jig refuses to go beyond a fixed depth rather than exhaust its stack, so one such expression is an error of its file and never stops the other files from being checked. No expression a person writes comes close; a generated one can be split into several `let` steps, or built from a list (`sum`, `join`).',
});

export const elseIfTooDeep = define<{ limit: number }>({
  code: 'JIG1016',
  name: 'else-if-too-deep',
  area: 'syntax',
  severity: 'error',
  title: 'An `else if` chain nests steps too deeply',
  message: ({ limit }) =>
    `This 'else if' stands more than ${limit} levels deep (each 'else if' is a condition inside the one before it, and each block a level); it and the rest of its chain are not compiled.`,
  explanation:
    "An `else if` is the `else` branch of the condition before it, so a chain of N `else if`s is N conditions, each inside the one before, and Logic Apps itself nests actions at most 8 deep (JIG4102). Jig reads a chain of any length, but the later stages walk the steps as a tree, so it compiles steps at most 256 levels deep, counting each block and each `else if` as a level: the `else if` past that depth and the rest of its chain are cut out with this error, which never stops the other files from being checked. Test one value against many cases with `switch`, or look the answer up in a record instead of a chain of conditions.",
});

export const tooDeepToParse = define({
  code: 'JIG1017',
  name: 'too-deep-to-parse',
  area: 'syntax',
  severity: 'error',
  title: 'The file nests too deeply, without brackets, for the parser',
  message: () =>
    "The parser ran out of stack here, thousands of levels deep in constructs that nest without brackets (such as 'if … then if … then …'); none of the file is compiled.",
  explanation:
    'The parser reads nested constructs recursively. Brackets and blocks are cut at a fixed depth (JIG1005), chains of operators, `not`s and `else if`s are read in loops and cut at a fixed depth (JIG1015, JIG1016), but a construct that nests inside itself without any bracket, such as an `if … then` expression in the `then` of another, thousands of times over, can still exhaust the stack. Then the file is not compiled at all and this error stands where the parser stopped; the other files are checked as usual. Compute the inner parts in separate `let` steps.',
});

export const chainedComparison = define<{ operator: string }>({
  code: 'JIG1006',
  name: 'chained-comparison',
  area: 'syntax',
  severity: 'error',
  title: 'Comparisons cannot be chained',
  message: ({ operator }) =>
    `A comparison cannot be compared again with '${operator}'; join two comparisons with 'and' (a < b and b < c).`,
  explanation:
    'Comparison operators (`== != < <= > >=`) are not associative in Jig: `a < b < c` would compare a boolean with `c`, which is almost never what was meant. Write `a < b and b < c`, or put parentheses around the part that is meant to be compared first.',
});

export const invalidEscape = define<{ escape: string }>({
  code: 'JIG1007',
  name: 'invalid-escape',
  area: 'syntax',
  severity: 'error',
  title: 'An unknown escape sequence in a string',
  message: ({ escape }) =>
    `'${escape}' is not an escape sequence; use \\" \\\\ \\n \\t \\$ or \\u{…} (write \\\\ for a backslash).`,
  explanation:
    'Inside a string, a backslash starts an escape: `\\"` a quote, `\\\\` a backslash, `\\n` a line break, `\\t` a tab, `\\$` a dollar sign (so that `\\${` is not an interpolation), and `\\u{HEX}` the Unicode character with that code point (1 to 6 hex digits, at most 10FFFF). Any other character after a backslash is reported here.',
});

export const invalidTimeOfDay = define<{ text: string }>({
  code: 'JIG1008',
  name: 'invalid-time-of-day',
  area: 'syntax',
  severity: 'error',
  title: 'A time of day that does not exist',
  message: ({ text }) => `'${text}' is not a time of day; write HH:MM with hours 0–23 and minutes 0–59.`,
  explanation:
    'The `at` clause of a schedule trigger names the time of day the flow runs, as `HH:MM` on a 24-hour clock (`at 06:30`, `at 18:00`). Hours run from 0 to 23 and minutes from 0 to 59.',
});
