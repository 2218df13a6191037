import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonTextError, MAX_JSON_DEPTH, parseJsonText } from '../../compiler/src/util/json-text.js';

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
    const cases = ['{\n  "a": 1,\n}', '[1 2]', '{"a": "x\ty"}', '{"a": 1} // note', '', "{'a': 1}", '{"a": 1}}'];
    expect(cases.map((text) => failure(text).message)).toEqual([
      'not JSON: expected a property name in double quotes at line 3, column 1',
      "not JSON: expected ',' at line 1, column 4",
      'not JSON: a control character inside a string must be escaped at line 1, column 7',
      'not JSON: JSON has no comments at line 1, column 10',
      'not JSON: expected a value at line 1, column 1',
      'not JSON: unexpected character at line 1, column 2',
      'not JSON: expected the end of the text after the value at line 1, column 9',
    ]);
  });

  it('refuses arrays and objects nested deeper than Jig reads, at the first bracket too deep', () => {
    const deep = (levels: number) => `{"a": ${'['.repeat(levels - 1)}"[{"${']'.repeat(levels - 1)}}`;
    expect(parseJsonText(deep(MAX_JSON_DEPTH))).toBeTruthy();
    const error = failure(`\n${deep(MAX_JSON_DEPTH + 1)}`);
    expect([error.problem, error.line, error.column]).toEqual([`nested more than ${MAX_JSON_DEPTH} levels deep`, 2, 7 + MAX_JSON_DEPTH - 1]);
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
