/** Shared by the policy tests: reading fixtures from disk, and positions as people read them. */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEmbeddedPolicy, loadPolicy, type LoadPolicyResult, type PolicyFileDiagnostic } from '../../compiler/src/policy/load.js';
import type { Policy } from '../../compiler/src/policy/model.js';
import type { TextEdit } from '../../compiler/src/diagnostics/diagnostic.js';
import { parseConfig } from '../../compiler/src/project/config.js';
import { projectSettings } from '../../compiler/src/project/workspace.js';
import type { ProjectSettings } from '../../compiler/src/policy/destinations.js';

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

let fixturesPolicy: Policy | undefined;
let fixturesProject: ProjectSettings | undefined;

/** The policy the fixtures are checked against (fixtures.policy.yaml), read once. */
export function fixturePolicy(): Policy {
  return (fixturesPolicy ??= loadPolicyFile(resolve(fixtures, 'fixtures.policy.yaml')).policy!);
}

/** The fixtures' project settings (fixtures.project.yaml, in jig.yaml's format), read once. */
export function fixtureProject(): ProjectSettings {
  const path = resolve(fixtures, 'fixtures.project.yaml');
  return (fixturesProject ??= projectSettings(parseConfig(path, readFileSync(path, 'utf8')).config));
}

/** The policy a fixture's text is checked against: the embedded one where it says `// policy: embedded`. */
export function policyFor(text: string): Policy {
  return /^\/\/ policy: embedded$/m.test(text) ? loadEmbeddedPolicy() : fixturePolicy();
}

/** A quick fix's edits applied to the text, as the editor applies them. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}
