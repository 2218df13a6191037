/**
 * The language server (and anything else under language-server/) stands on the compiler's public
 * face: it imports `compiler/src/index.ts` (and, for the Node transport, `compiler/src/node.ts`),
 * never a stage's own files, so that the stages can be reorganised without touching the server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './harness.js';

const compilerSrc = join(repoRoot, 'compiler', 'src');
const publicEntries = new Set([join(compilerSrc, 'index.ts'), join(compilerSrc, 'node.ts')]);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file imports or re-exports, statically or dynamically, resolved to a .ts path where relative. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map(({ fileName }) =>
    fileName.startsWith('.') ? resolve(join(file, '..'), fileName).replace(/\.js$/, '.ts') : fileName,
  );
}

describe('the language server', () => {
  it('imports the compiler only through its public entry points', () => {
    const files = [...sourceFiles(join(repoRoot, 'language-server')), ...sourceFiles(join(repoRoot, 'vscode-extension', 'src'))];
    const reaching = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith(compilerSrc + '/') && !publicEntries.has(target))
        .map((target) => `${relative(repoRoot, file)} → ${relative(repoRoot, target)}`),
    );
    expect(files.length).toBeGreaterThan(10);
    expect(reaching).toEqual([]);
  });

  it('reaches the compiler at all (the check above would pass vacuously otherwise)', () => {
    const server = join(repoRoot, 'language-server', 'src', 'documents.ts');
    expect(importsOf(server)).toContain(join(compilerSrc, 'index.ts'));
  });

  it('keeps the Node transport out of the browser-safe entry point', () => {
    const index = importsOf(join(compilerSrc, 'index.ts'));
    expect(index.filter((target) => target.startsWith('node:') || target.endsWith('node-host.ts'))).toEqual([]);
  });
});
