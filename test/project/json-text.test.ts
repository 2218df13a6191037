import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonTextError, parseJsonText } from '../../compiler/src/util/json-text.js';

function failure(text: string): JsonTextError {
  try {
    parseJsonText(text);
  } catch (error) {
    if (error instanceof JsonTextError) return error;
    throw error;
  }
  throw new Error(`parsed: ${text}`);
}

describe('JSON that users give Jig', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    expect(parseJsonText('{"a": [1, 2.5, "x"], "b": null}')).toEqual({ a: [1, 2.5, 'x'], b: null });
  });

  it('says at which line and column text is not JSON, and why', () => {
    expect([failure('{\n  "a": 1,\n}'), failure('[1 2]'), failure('{"a": "x\ty"}'), failure('{"a": 1} // note'), failure(''), failure("{'a': 1}"), failure('{"a": 1}}')].map((e) => e.message)).toEqual([
      "line 3, column 1: expected a property name in double quotes",
      "line 1, column 4: expected ','",
      'line 1, column 7: a control character inside a string must be escaped',
      'line 1, column 10: JSON has no comments',
      'line 1, column 1: expected a value',
      'line 1, column 2: unexpected character',
      'line 1, column 9: expected the end of the text after the value',
    ]);
  });

  it('refuses exactly what JSON.parse refuses, at a place inside the text', () => {
    const texts = fc.oneof(
      fc.json(),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\n', '/', '\t', '\\', '\u0000', 'x')).map(([json, at, insert]) => {
        const cut = at % (json.length + 1);
        return json.slice(0, cut) + insert + json.slice(cut);
      }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        if (valid) {
          expect(parseJsonText(text)).toEqual(JSON.parse(text));
          return;
        }
        const error = failure(text);
        const lines = text.split('\n');
        expect(error.line).toBeGreaterThanOrEqual(1);
        expect(error.line).toBeLessThanOrEqual(lines.length);
        expect(error.column).toBeGreaterThanOrEqual(1);
        expect(error.column).toBeLessThanOrEqual(lines[error.line - 1]!.length + 1);
      }),
      { numRuns: 500 },
    );
  });
});
