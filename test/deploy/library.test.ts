/**
 * Deploy is a library the CLI calls: compiler/src/deploy/ imports nothing of compiler/src/cli/
 * (the command parses flags and prints; the library compiles, resolves, plans and writes).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const deployFolder = join(import.meta.dirname, '../../compiler/src/deploy');

describe('the deploy library', () => {
  it('imports nothing from the CLI', () => {
    const files = readdirSync(deployFolder).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const fromCli = files.flatMap((name) => {
      const text = readFileSync(join(deployFolder, name), 'utf8');
      return [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => match[1]!).filter((path) => /(^|\/)cli\//.test(path)).map((path) => `${name}: ${path}`);
    });
    expect(fromCli).toEqual([]);
  });
});
