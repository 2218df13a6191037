/** Shared by the policy tests: reading fixtures from disk, and positions as people read them. */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicy, type LoadPolicyResult, type PolicyFileDiagnostic } from '../../compiler/src/policy/load.js';

export const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/policy');
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What the CLI does: `extends` paths are relative to the extending file. */
export function resolveFromDisk(reference: string, fromFileName: string): { text: string; fileName: string } | undefined {
  const fileName = resolve(dirname(fromFileName), reference);
  return existsSync(fileName) ? { text: readFileSync(fileName, 'utf8'), fileName } : undefined;
}

export function loadPolicyFile(path: string): LoadPolicyResult {
  const fileName = resolve(path);
  return loadPolicy(readFileSync(fileName, 'utf8'), fileName, resolveFromDisk);
}

/** `CODE line:col` (1-based), as the CLI prints it. */
export function where(diagnostic: PolicyFileDiagnostic): string {
  const { line, character } = diagnostic.file.positionAt(diagnostic.range.start);
  return `${diagnostic.code} ${line + 1}:${character + 1}`;
}
