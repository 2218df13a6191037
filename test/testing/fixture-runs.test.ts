/**
 * Every flow of the examples, the clean policy fixtures and the emitter's fixtures, run in the
 * engine on inputs made from its trigger's shape, with the categories the compiler gives the
 * trigger: what reaches each sink must be what the analysis predicted there, and run history must
 * show none of the data the policy keeps out of it (analysisDefects, as `jig test` checks each of
 * its runs). One path a flow, the one the sampled input takes; the test files of the examples
 * and the behaviour tests take others.
 */
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleTriggerInput } from '../../compiler/src/engine/index.js';
import { nodeFileSystem } from '../../compiler/src/project/node-host.js';
import { fileSystemPolicySource } from '../../compiler/src/project/policy-source.js';
import { analysisDefects } from '../../compiler/src/testing/runner.js';
import { jigWorkflows } from '../../compiler/src/testing/workflows.js';
import { repoRoot } from '../cli/run-cli.js';
import { analysedRun } from '../support/analysed-run.js';

const policyFixtures = join(repoRoot, 'test/fixtures/policy');

/** A clean policy fixture in a project of its own, as test/policy/fixtures.test.ts checks it. */
function fixtureProject(file: string): { path: string; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'jig-fixture-run-'));
  copyFileSync(join(policyFixtures, 'clean', file), join(cwd, file));
  copyFileSync(join(policyFixtures, 'fixtures.policy.yaml'), join(cwd, 'fixtures.policy.yaml'));
  copyFileSync(join(policyFixtures, 'fixtures.project.yaml'), join(cwd, 'jig.yaml'));
  return { path: join(cwd, file), cwd };
}

function sources(): { path: string; cwd: string }[] {
  const jig = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.jig'));
  return [
    ...jig(join(policyFixtures, 'clean')).map(fixtureProject),
    ...['examples', 'examples/rights', 'test/fixtures/emit'].flatMap((folder) => jig(join(repoRoot, folder)).map((name) => ({ path: join(repoRoot, folder, name), cwd: join(repoRoot, folder) }))),
  ];
}

/**
 * A second input of the same shape that takes other branches than the sample: numbers large,
 * booleans false, lists of two (the sample's item and a contrasting one).
 */
function contrasting(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? 1_000_000 : 1_000_000.5;
  if (typeof value === 'boolean') return false;
  if (Array.isArray(value)) return [...value, ...value.map(contrasting)];
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, contrasting(inner)]));
  return value;
}

describe('every flow Jig compiles clean, run', () => {
  it('reaches each sink with what the analysis predicted and shows no hidden data in run history', async () => {
    const defects: string[] = [];
    const statuses = new Map<string, number>();
    for (const { path, cwd } of sources()) {
      const set = await jigWorkflows(path, { fs: nodeFileSystem, cwd, policies: fileSystemPolicySource(nodeFileSystem) });
      expect(set.diagnostics.flatMap((file) => file.diagnostics.filter((d) => d.severity === 'error' && !d.waived)), path).toEqual([]);
      for (const name of set.flowsByFile.get(path) ?? []) {
        const sample = sampleTriggerInput(set.workflows.get(name)!.definition).body;
        for (const body of [sample, contrasting(sample)]) {
          const record = analysedRun(set, name, body);
          statuses.set(record.status, (statuses.get(record.status) ?? 0) + 1);
          defects.push(...analysisDefects(record, set).map((defect) => `${path} ${name} ${JSON.stringify(body)}: ${defect}`));
        }
      }
    }
    expect(defects).toEqual([]);
    // 131 flows, two runs each: 194 runs end Succeeded, 60 fail on their inputs (a call's sampled
    // answer, a guard), 8 stop at an action the engine runs only with a mock. A run that stops
    // early checks less, so fewer successes would mean this test checks less than it did.
    expect(statuses.get('Succeeded')).toBeGreaterThanOrEqual(185);
  }, 240_000);
});
