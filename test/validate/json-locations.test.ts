import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { locatePointer } from '../../compiler/src/validate/json-locations.js';
import { serializeJson } from '../../compiler/src/emit/serialize.js';
import { pointerOf } from '../../compiler/src/util/json-pointer.js';

const text = serializeJson({ a: { 'b/c': [1, { d: 'x}"]' }], e: true }, f: 'y' });
const at = (pointer: string) => {
  const range = locatePointer(text, pointer);
  return range && text.slice(range.start, range.end);
};

describe('locatePointer', () => {
  it('finds object members, array elements and escaped names', () => {
    expect(at('')).toBe(text.trimEnd());
    expect(at('/f')).toBe('"y"');
    expect(at('/a/e')).toBe('true');
    expect(at('/a/b~1c/0')).toBe('1');
    expect(at('/a/b~1c/1/d')).toBe('"x}\\"]"');
    expect(JSON.parse(at('/a/b~1c/1')!)).toEqual({ d: 'x}"]' });
  });

  it('gives nothing for a path that is not there', () => {
    expect(locatePointer(text, '/a/missing')).toBeUndefined();
    expect(locatePointer(text, '/a/b~1c/5')).toBeUndefined();
    expect(locatePointer(text, '/f/deeper')).toBeUndefined();
  });

  it('finds every value of any JSON document at the text that serializes it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const normalized = JSON.parse(JSON.stringify(value)) as unknown;
        const document = serializeJson(normalized);
        const visit = (node: unknown, path: (string | number)[]): void => {
          const range = locatePointer(document, pointerOf(path));
          expect(range).toBeDefined();
          expect(JSON.parse(document.slice(range!.start, range!.end))).toEqual(node);
          if (node !== null && typeof node === 'object') {
            for (const [key, child] of Object.entries(node)) visit(child, [...path, key]);
          }
        };
        visit(normalized, []);
      }),
      { numRuns: 200 },
    );
  });
});
