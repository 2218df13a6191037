/** `jig fmt` on every .jig file of the repository: stable, faithful, and within the width it can keep. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../compiler/src/syntax/printer.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { parseText, withoutRanges } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const files = globSync('**/*.jig', { cwd: root, ignore: ['**/node_modules/**', '**/dist/**'] }).sort();

function format(text: string, name: string): string | undefined {
  return formatSource(new SourceFile(name, text))?.text;
}

/**
 * Lines over 100 columns that still hold a list printed on one line (a comma outside strings and
 * comments): a line may be longer only where nothing can break, as in a long string.
 */
function overWidthLists(text: string): string[] {
  return text.split('\n').filter((line) => {
    if (line.length <= 100) return false;
    return line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/.*$|\/\*.*?\*\//g, '').includes(',');
  });
}

describe('formatter on every .jig file of the repository', () => {
  it('finds the files', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  for (const name of files) {
    it(name, () => {
      const original = readFileSync(join(root, name), 'utf8');
      const parsed = parseText(original, name);
      const once = format(original, name);
      if (parsed.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
        expect(once).toBeUndefined();
        return;
      }
      expect(once).toBeDefined();
      expect(format(once!, name)).toBe(once);
      const reparsed = parseText(once!, name);
      expect(reparsed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
      expect(withoutRanges(reparsed.file)).toEqual(withoutRanges(parsed.file));
      expect(reparsed.comments.map((comment) => comment.text.trim())).toEqual(parsed.comments.map((comment) => comment.text.trim()));
      expect(overWidthLists(once!)).toEqual([]);
      // What a newcomer copies is laid out as jig fmt lays it out.
      if (name.startsWith('examples/')) expect(original).toBe(once);
    });
  }
});
