/** jig test --from-run: a run exported from Azure becomes a test that replays it on the engine. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { nodeFileSystem } from '../../compiler/src/project/node-host.js';
import { fileSystemPolicySource } from '../../compiler/src/project/policy-source.js';
import { RunExportError, testFromRun } from '../../compiler/src/testing/from-run.js';
import { runTestFile } from '../../compiler/src/testing/runner.js';
import { repoRoot } from '../cli/run-cli.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'runs');
const exported = JSON.parse(readFileSync(join(fixtures, 'tagger.run.json'), 'utf8')) as Record<string, unknown>;
const workflow = readFileSync(join(fixtures, 'tagger.json'), 'utf8');

/** Runs the generated test file beside the given workflow, returning each test's failures. */
async function replay(file: unknown, workflowText: string): Promise<string[][]> {
  const root = mkdtempSync(join(tmpdir(), 'jig-from-run-'));
  writeFileSync(join(root, 'tagger.json'), workflowText);
  writeFileSync(join(root, 'tagger.test.yaml'), stringify(file));
  const outcome = await runTestFile(join(root, 'tagger.test.yaml'), { fs: nodeFileSystem, cwd: root, policies: fileSystemPolicySource(nodeFileSystem) });
  expect(outcome.diagnostics).toEqual([]);
  return outcome.tests.map((test) => [...test.failures]);
}

describe('jig test --from-run', () => {
  it("turns the calls' recorded answers into mocks: retries and loop repetitions as sequences", () => {
    const { file, notes } = testFromRun(exported);
    expect(notes).toEqual([]);
    const test = file.tests[0]!;
    expect(test.trigger).toEqual({ body: { id: '7', tags: ['red', 'blue'] } });
    expect(test.now).toBe('2025-03-01T10:00:00.1000000Z');
    expect(test.mocks).toEqual({
      Lookup: { sequence: [{ status: 503 }, { status: 200, body: { name: 'Ada' }, headers: { 'Content-Type': 'application/json; charset=utf-8' } }] },
      Tag: { sequence: [{ status: 201, body: { tag: 'red' } }, { status: 201, body: { tag: 'blue' } }] },
    });
    expect(test.expect).toEqual({
      status: 'Succeeded',
      actions: { Lookup: 'Succeeded', For_each_tag: 'Succeeded', Tag: 'Succeeded', Answer: 'Succeeded' },
      response: { status: 200, body: 'Hello, Ada' },
      requests: [
        { method: 'GET', uri: 'https://people.example/7' },
        { method: 'POST', uri: 'https://tags.example/red' },
        { method: 'POST', uri: 'https://tags.example/blue' },
      ],
    });
  });

  it('replays the run on the workflow it came from, and fails on a workflow that behaves otherwise', async () => {
    const { file } = testFromRun(exported);
    expect(await replay(file, workflow)).toEqual([[]]);
    const changed = workflow.replace('https://tags.example/@{item()}', 'https://labels.example/@{item()}').replace("'Hello, '", "'Hi, '");
    const [failures] = await replay(file, changed);
    expect(failures).toEqual(expect.arrayContaining([expect.stringContaining('Hi, Ada'), expect.stringContaining('labels.example')]));
  });

  it('reads actions as a list or a map, a call that got no answer as a transport error, and notes what only a link holds', () => {
    const properties = exported['properties'] as Record<string, unknown>;
    const { file, notes } = testFromRun({
      name: 'run2',
      properties: { ...properties, status: 'Failed', error: { code: 'ActionFailed', message: 'An action failed.' } },
      actions: [
        { name: 'Lookup', properties: { status: 'Failed', code: 'BadGateway', inputs: { method: 'GET', uri: 'https://people.example/7' }, error: { code: 'ConnectionFailure', message: 'the host did not answer' } } },
        { name: 'Secret_call', properties: { status: 'Succeeded', inputsLink: { uri: 'https://example.invalid/in' }, outputsLink: { uri: 'https://example.invalid/out' } } },
      ],
    });
    expect(file.tests[0]!.mocks).toEqual({ Lookup: { error: 'the host did not answer' } });
    expect(file.tests[0]!.expect).toMatchObject({ status: 'Failed', error: { code: 'ActionFailed' }, actions: { Lookup: 'Failed', Secret_call: 'Succeeded' } });
    expect(notes).toEqual([expect.stringMatching(/^Secret_call: its inputs and outputs are only links/)]);
    const byName = testFromRun({ properties: { status: 'Succeeded' }, actions: { Lookup: { status: 'Succeeded', inputs: { method: 'GET', uri: 'u' }, outputs: { statusCode: 404 } } } });
    expect(byName.file.tests[0]!.mocks).toEqual({ Lookup: { status: 404 } });
  });

  it('refuses what is not a run', () => {
    expect(() => testFromRun([1, 2])).toThrow(RunExportError);
    expect(() => testFromRun({ properties: {} })).toThrow(/has no "status"/);
  });
});
