/**
 * The emitted workflows of the newer constructs behave as their source says when they run:
 * `delete … from cosmos(…)`, `store LIST` (each element a document, each with its TTL), `parallel`,
 * `parse json`, a conditional value, and `@retry` on calls. The flows are the clean policy
 * fixtures, run with jig test from a scratch folder.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../compiler/src/project/node-host.js';
import { fileSystemPolicySource } from '../../compiler/src/project/policy-source.js';
import { runTestFile, type TestFileOutcome } from '../../compiler/src/testing/runner.js';
import { repoRoot } from '../cli/run-cli.js';

async function runFixture(fixture: string, testFile: unknown): Promise<TestFileOutcome> {
  const root = mkdtempSync(join(tmpdir(), 'jig-additions-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'policy', 'clean', `${fixture}.jig`), join(root, `${fixture}.jig`));
  writeFileSync(join(root, `${fixture}.test.yaml`), JSON.stringify(testFile));
  const outcome = await runTestFile(join(root, `${fixture}.test.yaml`), { fs: nodeFileSystem, cwd: root, policies: fileSystemPolicySource(nodeFileSystem) });
  expect(outcome.diagnostics).toEqual([]);
  return outcome;
}

const failuresOf = (outcome: TestFileOutcome) => Object.fromEntries(outcome.tests.map((test) => [test.name, test.failures]));

describe('newer constructs at run time', () => {
  it('delete removes the document by id; a second erasure of the same id fails the run, as Cosmos DB answers 404', async () => {
    const outcome = await runFixture('delete-and-store-list', {
      flow: 'erase_profile',
      tests: [
        {
          name: 'erases',
          containers: { 'jigajob/erasable-profiles': [{ id: 'P-1', name: 'Ann' }, { id: 'P-2', name: 'Bo' }] },
          trigger: { body: { personId: 'P-1' } },
          expect: { status: 'Succeeded', response: { status: 204 }, hidden: ['Delete_personId_from_erasable-profiles'] },
        },
        {
          name: 'already erased',
          trigger: { body: { personId: 'P-1' } },
          expect: { status: 'Failed', noResponse: true, actions: { 'Delete_personId_from_erasable-profiles': 'Failed' } },
        },
      ],
    });
    expect(failuresOf(outcome)).toEqual({ erases: [], 'already erased': [] });
    const deleted = outcome.tests[0]!.record!.actions.find((action) => action.name === 'Delete_personId_from_erasable-profiles')!;
    expect(deleted.code).toBe('NoContent');
  });

  it('store LIST stores each element as a document of its own, each with its TTL', async () => {
    const outcome = await runFixture('delete-and-store-list', {
      flow: 'keep_order_lines',
      tests: [
        {
          name: 'stores each line',
          trigger: { body: { number: 'O-1', lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }] } },
          expect: {
            status: 'Succeeded',
            response: { status: 202 },
            stored: [
              { container: 'jigajob/order-lines-each', document: { sku: 'A', qty: 1 }, ttl: 31536000 },
              { container: 'jigajob/order-lines-each', document: { sku: 'B', qty: 2 }, ttl: 31536000 },
            ],
          },
        },
      ],
    });
    expect(failuresOf(outcome)).toEqual({ 'stores each line': [] });
  });

  it('parallel calls, a parsed list, a conditional value and a fixed retry run as written', async () => {
    const outcome = await runFixture('parallel-parse-retry', {
      tests: [
        {
          name: 'stores the readings, a negative one as 0',
          mocks: { Call_north: { sequence: [{ status: 503 }, { status: 200, body: [{ meter: 'M1', value: -3 }, { meter: 'M2', value: 7 }] }] } },
          expect: {
            status: 'Succeeded',
            stored: [
              { container: 'jigajob/meter-readings', document: { meter: 'M1', value: 0 }, ttl: 31536000 },
              { container: 'jigajob/meter-readings', document: { meter: 'M2', value: 7 }, ttl: 31536000 },
            ],
            requests: [{ method: 'GET', uri: 'https://meters-north.azurewebsites.net/api/readings' }, { method: 'GET', uri: 'https://meters-south.azurewebsites.net/api/readings' }],
          },
        },
      ],
    });
    expect(failuresOf(outcome)).toEqual({ 'stores the readings, a negative one as 0': [] });
    const north = outcome.tests[0]!.record!.actions.find((action) => action.name === 'Call_north')!;
    // @retry(fixed, 3 times, 30 seconds): one failed attempt, then the answer 30 s later.
    expect(north.retryHistory).toHaveLength(1);
    expect(north.endTime).toBe('2025-01-01T00:00:30.0000000Z');
  });
  it('call connector sends its request through the connection it names; a mock answers it by action name or by its connection key, method and path', async () => {
    const outcome = await runFixture('connector-operational-log', {
      flow: 'log_run',
      tests: [
        {
          name: 'by action',
          trigger: { body: { id: 'R-1', status: 'ok' } },
          mocks: { Call_logged: { status: 200, body: { accepted: 1 } } },
          expect: { status: 'Succeeded', response: { status: 200, body: { accepted: 1 } } },
        },
        {
          name: 'by connection',
          trigger: { body: { id: 'R-2', status: 'failed' } },
          mocks: { 'azureloganalyticsdatacollector:post /api/logs': { status: 200, body: { accepted: 2 } } },
          expect: { status: 'Succeeded', response: { status: 200, body: { accepted: 2 } } },
        },
      ],
    });
    expect(failuresOf(outcome)).toEqual({ 'by action': [], 'by connection': [] });
    // A connection Jig cannot identify may be Key Vault's: run history hides what the call sent and
    // was answered; the mock keyed by its connection, method and path shows where it went.
    const call = outcome.tests[0]!.record!.actions.find((action) => action.name === 'Call_logged')!;
    expect(call.secured).toMatchObject({ inputs: true, outputs: true });
    expect(call.inputs).toBeUndefined();
  });
  it('call service runs the built-in operation a mock answers, by action name; unmocked, an empty success', async () => {
    const outcome = await runFixture('service-operational-log', {
      flow: 'keep_run',
      tests: [
        {
          name: 'mocked',
          trigger: { body: { id: 'R-1', status: 'ok' } },
          mocks: { Call_kept: { status: 200, body: { status: 'ok', seen: 2 } } },
          expect: { status: 'Succeeded', response: { status: 200, body: { status: 'ok', seen: 2 } } },
        },
        {
          name: 'empty',
          trigger: { body: { id: 'R-2', status: 'failed' } },
          expect: { status: 'Succeeded', response: { status: 200 } },
        },
      ],
    });
    expect(failuresOf(outcome)).toEqual({ mocked: [], empty: [] });
    const call = outcome.tests[0]!.record!.actions.find((action) => action.name === 'Call_runsTable')!;
    expect(call.inputs).toMatchObject({ parameters: { tableName: 'runs', entity: { RowKey: 'R-1', status: 'ok' } }, serviceProviderConfiguration: { operationId: 'upsertEntity' } });
  });
});
