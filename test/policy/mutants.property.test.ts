/**
 * Programs no one wrote: each clean policy fixture with one line moved, dropped or written twice
 * (a field into another type, a step into another flow or branch, an annotation onto another
 * step). Whatever still checks clean must build, every workflow it builds must pass the reference
 * WDL schema and save_rules.py, and its run in the engine, on an input sampled from its trigger,
 * must reach each sink only with what the analysis predicted there and show none of the data the
 * policy keeps out of run history (analysisDefects, as `jig test` checks each run). The fixtures'
 * own runs are test/testing/fixture-runs.test.ts; these are their neighbours, which no fixture
 * names. Found this way: a type that holds itself passed the check and did not build.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleTriggerInput } from '../../compiler/src/engine/index.js';
import { nodeFileSystem } from '../../compiler/src/project/node-host.js';
import { fileSystemPolicySource } from '../../compiler/src/project/policy-source.js';
import { analysisDefects } from '../../compiler/src/testing/runner.js';
import { jigWorkflows } from '../../compiler/src/testing/workflows.js';
import { repoRoot } from '../cli/run-cli.js';
import { analysedRun } from '../support/analysed-run.js';
import { referenceSchemaErrors, saveRuleFindings, type SaveRuleFile } from '../validate/reference-checks.js';

const fixtures = join(repoRoot, 'test/fixtures/policy');
const names = readdirSync(join(fixtures, 'clean')).filter((name) => name.endsWith('.jig'));

type Edit = 'move' | 'drop' | 'repeat';

function mutate(text: string, edit: Edit, from: number, to: number): string {
  const lines = text.split('\n');
  const i = from % lines.length;
  const j = to % lines.length;
  if (edit === 'drop') lines.splice(i, 1);
  else if (edit === 'repeat') lines.splice(j, 0, lines[i]!);
  else lines.splice(j, 0, ...lines.splice(i, 1));
  return lines.join('\n');
}

function hasRawParts(definition: unknown): boolean {
  const raw = (definition as { metadata?: { jig?: { raw?: unknown[] } } }).metadata?.jig?.raw;
  return Array.isArray(raw) && raw.length > 0;
}

/** The mutant in a project of its own, as test/policy/fixtures.test.ts checks a fixture. */
function project(name: string, text: string): { path: string; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'jig-mutant-'));
  writeFileSync(join(cwd, name), text);
  copyFileSync(join(fixtures, 'fixtures.policy.yaml'), join(cwd, 'fixtures.policy.yaml'));
  copyFileSync(join(fixtures, 'fixtures.project.yaml'), join(cwd, 'jig.yaml'));
  return { path: join(cwd, name), cwd };
}

describe('mutated clean fixtures', () => {
  it('build when they check clean, validate, and reach each sink only with what the analysis predicted', async () => {
    const edits = fc.sample(fc.tuple(fc.constantFrom(...names), fc.constantFrom<Edit>('move', 'drop', 'repeat'), fc.nat(), fc.nat()), { numRuns: 500, seed: Number(process.env.MUTANT_SEED ?? 20261207) });
    const problems: string[] = [];
    const built: SaveRuleFile[] = [];
    let clean = 0;
    let runs = 0;
    for (const [name, edit, from, to] of edits) {
      const original = readFileSync(join(fixtures, 'clean', name), 'utf8');
      const text = mutate(original, edit, from, to);
      if (text === original) continue;
      const where = `${name} (${edit} line ${from % original.split('\n').length + 1} → ${to % original.split('\n').length + 1})`;
      const { path, cwd } = project(name, text);
      let set;
      try {
        set = await jigWorkflows(path, { fs: nodeFileSystem, cwd, policies: fileSystemPolicySource(nodeFileSystem) });
      } catch (error) {
        problems.push(`${where}: the build threw ${(error as Error).message}`);
        continue;
      }
      const errors = set.diagnostics.flatMap((file) => file.diagnostics.filter((d) => d.severity === 'error' && !d.waived));
      if (errors.length > 0) continue;
      clean++;
      for (const flow of set.flowsByFile.get(path) ?? []) {
        const workflow = set.workflows.get(flow);
        if (!workflow) {
          problems.push(`${where}: ${flow} checked clean but was not built`);
          continue;
        }
        // A raw action's or trigger's JSON is the author's, kept as written (README, Raw actions):
        // a line dropped from it breaks what Azure would save, which is no defect of Jig's.
        if (!hasRawParts(workflow.definition)) {
          for (const error of referenceSchemaErrors(workflow.definition)) problems.push(`${where}: ${flow}: ${error}`);
          built.push({ name: `${name}-${clean}-${flow}`, json: { definition: workflow.definition } });
        }
        const record = analysedRun(set, flow, sampleTriggerInput(workflow.definition).body);
        runs++;
        for (const defect of analysisDefects(record, set)) problems.push(`${where}: ${flow}: ${defect}`);
      }
    }
    problems.push(...saveRuleFindings(built));
    expect(problems).toEqual([]);
    // About a quarter of the mutants still check clean; far fewer would mean this tests little.
    expect(clean).toBeGreaterThanOrEqual(120);
    expect(runs).toBeGreaterThanOrEqual(170);
  }, 300_000);
});
