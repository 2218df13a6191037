/** Shared helpers of the syntax tests: parsing a text, dropping ranges, slicing by range. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ParseResult } from '../../compiler/src/syntax/parser.js';
import { SourceFile, type TextRange } from '../../compiler/src/syntax/source.js';

export const fixturesDir = join(import.meta.dirname, 'fixtures');

export function parseText(text: string, fileName = 'test.jig'): ParseResult {
  return parse(new SourceFile(fileName, text));
}

export function readFixture(name: string): string {
  return readFileSync(join(fixturesDir, name), 'utf8');
}

export function fixtureNames(): string[] {
  return readdirSync(fixturesDir).filter((name) => name.endsWith('.jig')).sort();
}

const rangeKeys = new Set(['range', 'unitRange', 'operatorRange', 'argsRange']);

/** The tree without positions, for comparing the trees of two layouts of the same file. */
export function withoutRanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRanges);
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (rangeKeys.has(key) || key === 'doc' || key === 'at') continue;
      result[key] = withoutRanges(inner);
    }
    return result;
  }
  return value;
}

export function slice(text: string, range: TextRange): string {
  return text.slice(range.start, range.end);
}
