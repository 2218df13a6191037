/**
 * Run-time category tracing against the compiler's analysis: a category that reaches a sink where
 * the analysis did not predict it fails the test as an analysis defect. A mock's `categories` say
 * what its answer really carries, so a call that returns more than its declared type is caught.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../compiler/src/project/node-host.js';
import { fileSystemPolicySource } from '../../compiler/src/project/policy-source.js';
import { runTestFile } from '../../compiler/src/testing/runner.js';
import { repoRoot } from '../cli/run-cli.js';

async function runOrderSync(mockCategories?: string[]): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'jig-defects-'));
  for (const entry of ['order_sync.jig', 'jig.yaml', 'policy']) cpSync(join(repoRoot, 'examples', entry), join(root, entry), { recursive: true });
  const mock = { status: 200, body: { erpId: 'ERP-9', status: 'synced' }, ...(mockCategories && { categories: mockCategories }) };
  const test = {
    parameters: { erpToken: 'test-erp-token' },
    tests: [{ name: 'stores the receipt', trigger: { body: { id: 'ORD-1', customer: 'Contoso Shop', total: 9, items: [] } }, mocks: { Call_receipt: mock }, expect: { status: 'Succeeded' } }],
  };
  writeFileSync(join(root, 'order_sync.test.yaml'), JSON.stringify(test));
  const outcome = await runTestFile(join(root, 'order_sync.test.yaml'), { fs: nodeFileSystem, cwd: root, policies: fileSystemPolicySource(nodeFileSystem) });
  expect(outcome.diagnostics).toEqual([]);
  return [...outcome.tests[0]!.failures];
}

describe('analysis defects', () => {
  it('passes when what arrives at each sink is what the analysis predicted', async () => {
    expect(await runOrderSync()).toEqual([]);
    expect(await runOrderSync(['business.transaction'])).toEqual([]);
  });

  it('fails a test when a category reaches a sink the analysis did not predict it at', async () => {
    const failures = await runOrderSync(['personal.health']);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatch(/^analysis defect: personal\.health reached Store_id_in_order-sync \(store .*jigajob\/order-sync\) at run time, which the compiler's analysis did not predict there \(\[.*business\.transaction.*\]\)$/);
    // The response carries the receipt's erpId too.
    expect(failures.some((failure) => /reached Respond_200 \(respond/.test(failure))).toBe(true);
  });
});
