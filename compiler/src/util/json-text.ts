/**
 * JSON that users give Jig (workflows to import or run, run exports, expression lists) parsed with
 * a position when it is not JSON: Node's JSON.parse says "at position 3412", or nothing at all
 * for an unexpected token, which is no help in a 5,000-line ARM template. JSON.parse stays the
 * parser (exact, fast); only its failures are read again by jsonc-parser (the scanner VS Code
 * uses) strictly (no comments, no trailing commas), for the line and column of the first error.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';

/** Text that is not JSON, with where the first error is (1-based line and column). */
export class JsonTextError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = 'JsonTextError';
  }
}

/** JSON.parse, throwing a JsonTextError with a position when the text is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw jsonTextError(text, (error as Error).message);
  }
}

const REASONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'not a valid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'expected the end of the text after the value',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'the string is not closed on its line',
  UnexpectedEndOfNumber: 'the number ends too early',
  InvalidUnicode: 'not a valid \\u escape',
  InvalidEscapeCharacter: 'not a valid escape',
  InvalidCharacter: 'a control character inside a string must be escaped',
};

function jsonTextError(text: string, nodeMessage: string): JsonTextError {
  let found: { offset: number; reason: string } | undefined;
  const report = (offset: number, reason: string) => {
    if (!found) found = { offset, reason };
  };
  visit(
    text,
    {
      onError: (code, offset) => report(offset, REASONS[printParseErrorCode(code)] ?? 'not valid JSON'),
      onComment: (offset) => report(offset, 'JSON has no comments'),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  // What jsonc-parser lets pass and JSON.parse does not: Node's own message, at its position if any.
  if (!found) {
    const position = /at position (\d+)/.exec(nodeMessage);
    found = { offset: position ? Number(position[1]) : 0, reason: nodeMessage.replace(/ in JSON at position \d+.*$/, '') };
  }
  const before = text.slice(0, found.offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return new JsonTextError(before.split('\n').length, found.offset - lineStart + 1, found.reason);
}
