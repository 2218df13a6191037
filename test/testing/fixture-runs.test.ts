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
import { runWorkflow, sampleOperationMocks, sampleTriggerInput, World } from '../../compiler/src/engine/index.js';
import { nodeFileSystem } from '../../compiler/src/project/node-host.js';
import { fileSystemPolicySource } from '../../compiler/src/project/policy-source.js';
import { analysisDefects } from '../../compiler/src/testing/runner.js';
import { jigWorkflows } from '../../compiler/src/testing/workflows.js';
import { repoRoot } from '../cli/run-cli.js';

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
    ...['examples', 'test/fixtures/emit'].flatMap((folder) => jig(join(repoRoot, folder)).map((name) => ({ path: join(repoRoot, folder, name), cwd: join(repoRoot, folder) }))),
  ];
}

describe('every flow Jig compiles clean, run', () => {
  it('reaches each sink with what the analysis predicted and shows no hidden data in run history', async () => {
    const defects: string[] = [];
    const statuses = new Map<string, number>();
    for (const { path, cwd } of sources()) {
      const set = await jigWorkflows(path, { fs: nodeFileSystem, cwd, policies: fileSystemPolicySource(nodeFileSystem) });
      expect(set.diagnostics.flatMap((file) => file.diagnostics.filter((d) => d.severity === 'error' && !d.waived)), path).toEqual([]);
      for (const name of set.flowsByFile.get(path) ?? []) {
        const document = set.workflows.get(name)!;
        const facts = set.facts.get(name)!;
        const record = runWorkflow(document, {
          trigger: { ...sampleTriggerInput(document.definition), label: facts.triggerLabel },
          containerLabels: facts.containerLabels,
          answerLabels: facts.answerLabels,
          parameters: set.parameters,
          mocks: { actions: {}, operations: sampleOperationMocks() },
          world: new World(),
          childWorkflow: set.childWorkflow,
        });
        statuses.set(record.status, (statuses.get(record.status) ?? 0) + 1);
        defects.push(...analysisDefects(record, set).map((defect) => `${path} ${name}: ${defect}`));
      }
    }
    expect(defects).toEqual([]);
    // 127 flows: 96 run to their end on sampled inputs, 27 fail on them (a call's sampled answer,
    // a guard), 4 stop at an action the engine runs only with a mock. A run that stops early
    // checks less, so fewer successes would mean this test checks less than it did.
    expect(statuses.get('Succeeded')).toBeGreaterThanOrEqual(90);
  }, 240_000);
});
