/**
 * JSON that users give Jig (workflows to import or run, run exports, expression lists) parsed with
 * a position when it is not JSON: Node's JSON.parse says "at position 3412", or nothing at all
 * for an unexpected token, which is no help in a 5,000-line ARM template. JSON.parse stays the
 * parser (exact, fast); only its failures are read again by jsonc-parser (the scanner VS Code
 * uses) strictly (no comments, no trailing commas), for the line and column of the first error.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';
import { SourceFile } from '../syntax/source.js';

/**
 * Text Jig cannot read as JSON, with where (1-based line and column): `problem` completes "it is …"
 * ("not JSON: expected a value", "nested more than 256 levels deep").
 */
export class JsonTextError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${problem} at line ${line}, column ${column}`);
    this.name = 'JsonTextError';
  }
}

/**
 * How deep arrays and objects may nest, as blocks and brackets may in a `.jig` file (JIG1005): what
 * reads a workflow (the importer, the engine) walks it recursively, and a real workflow is nowhere
 * near (Logic Apps nests actions 8 deep).
 */
export const MAX_JSON_DEPTH = 256;

/** JSON.parse, throwing a JsonTextError with a position when the text is not JSON or nests too deep. */
export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw jsonTextError(text, (error as Error).message);
  }
  const tooDeep = offsetTooDeep(text);
  if (tooDeep !== undefined) throw errorAt(text, tooDeep, `nested more than ${MAX_JSON_DEPTH} levels deep`);
  return value;
}

/** The offset of the first bracket that opens a level deeper than MAX_JSON_DEPTH, in valid JSON. */
function offsetTooDeep(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
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
  return errorAt(text, found.offset, `not JSON: ${found.reason}`);
}

function errorAt(text: string, offset: number, problem: string): JsonTextError {
  const { line, character } = new SourceFile('', text).positionAt(offset);
  return new JsonTextError(line + 1, character + 1, problem);
}
