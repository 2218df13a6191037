/** `jig run` and `jig test` as a user runs them: the real CLI in a child process. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runJig, scratchProject } from './run-cli.js';

beforeAll(ensureBuilt, 60_000);

/** A hand-written workflow (a bare definition): a call, then an answer with what it returned. */
const greeter = JSON.stringify({
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
  actions: {
    Lookup: { type: 'Http', inputs: { method: 'GET', uri: "@{concat('https://people.example/', triggerBody()?['id'])}" }, runAfter: {} },
    Answer: {
      type: 'Response',
      kind: 'Http',
      inputs: { statusCode: 200, body: "@concat('Hello, ', body('Lookup')?['name'])" },
      runAfter: { Lookup: ['Succeeded'] },
    },
  },
});

const invoice = { id: 'INV-9', number: '2024-009', amount: 50, vendorEmail: 'billing@vendor.example', contactName: 'Ann Lee', lines: [{ sku: 'A', qty: 1, price: 50 }] };

describe('jig run', () => {
  it('runs a .jig flow and prints its run history, secured values hidden, exit 0', () => {
    const root = scratchProject({ 'input.json': JSON.stringify(invoice) });
    const run = runJig(['run', 'examples/invoice_intake.jig', '--input', `${root}/input.json`]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Run of invoice_intake: Succeeded\n/);
    expect(run.stdout).toContain('✓ Store_invoice_in_invoices  ApiConnection  Succeeded');
    expect(run.stdout).toContain('(hidden by secureData, as in Azure)');
    expect(run.stdout).toContain('Response 202');
    expect(run.stdout).not.toContain('Ann Lee');
    expect(run.stdout).toContain('Stored in jigajob/invoices (ttl 31536000 s): (hidden by secureData, as in Azure)');
    // The run as JSON hides it as well, in the record of what was stored.
    const json = runJig(['run', 'examples/invoice_intake.jig', '--input', `${root}/input.json`, '--format', 'json']);
    expect(json.status).toBe(0);
    expect(json.stdout).not.toContain('Ann Lee');
    const record = JSON.parse(json.stdout) as { effects: { stored: { document: unknown; ttl: number }[] } };
    expect(record.effects.stored).toEqual([expect.objectContaining({ document: '(hidden by secureData, as in Azure)', ttl: 31536000 })]);
  });

  it('exits 1 when the run fails, and writes the run as JSON with --format json', () => {
    // A line with no quantity: the flow fails the run (its `fail`).
    const root = scratchProject({ 'input.json': JSON.stringify({ ...invoice, lines: [{ sku: 'C', qty: 0, price: 0 }] }) });
    const run = runJig(['run', 'examples/invoice_intake.jig', '--input', `${root}/input.json`, '--format', 'json']);
    expect(run.status).toBe(1);
    const record = JSON.parse(run.stdout) as { status: string; error: { code: string }; actions: { name: string; status: string }[] };
    expect(record).toMatchObject({ status: 'Failed', error: { code: 'JigFail' } });
    expect(record.actions.some((action) => action.name === 'Respond_202')).toBe(false);
  });

  it('runs a workflow JSON file with mocks, and says which calls had none', () => {
    const root = scratchProject({ 'greeter.json': greeter, 'input.json': '{"id": "7"}', 'mocks.yaml': 'Lookup: { status: 200, body: { name: Ada } }\n' });
    const mocked = runJig(['run', 'greeter.json', '--input', 'input.json', '--mock', 'mocks.yaml'], { cwd: root });
    expect(mocked.status).toBe(0);
    expect(mocked.stdout).toContain('Response 200 (Answer): "Hello, Ada"');
    expect(mocked.stdout).toContain('Request GET https://people.example/7');
    const unmocked = runJig(['run', 'greeter.json', '--input', 'input.json'], { cwd: root });
    expect(unmocked.status).toBe(0);
    expect(unmocked.stdout).toContain('No mock, so an empty success: Lookup');
  });

  it('refuses a missing file, input that is not JSON and a bad clock with exit 2', () => {
    const root = scratchProject({ 'greeter.json': greeter, 'bad.json': '{"id": ' });
    expect(runJig(['run', 'nothere.json'], { cwd: root })).toMatchObject({ status: 2, stderr: "jig run: 'nothere.json' is not a file\n" });
    const badInput = runJig(['run', 'greeter.json', '--input', 'bad.json'], { cwd: root });
    expect(badInput.status).toBe(2);
    expect(badInput.stderr).toBe("jig run: the input 'bad.json' is not JSON: expected a value at line 1, column 8\n");
    expect(runJig(['run', 'greeter.json', '--now', 'yesterday'], { cwd: root })).toMatchObject({ status: 2, stderr: "jig run: --now must be an ISO 8601 timestamp, not 'yesterday'\n" });
  });
});

describe('jig test', () => {
  it('runs the examples and passes, with a summary like vitest', () => {
    const run = runJig(['test', 'examples'], { timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Test Files {2}13 passed \(13\)/);
    expect(run.stdout).toMatch(/Tests {2}\d+ passed \(\d+\)/);
  });

  it('refuses a test file or a mock file that is an alias bomb, at its first alias, instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefghi') bomb.push(`${name}: &${name} [${Array(10).fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`).join(', ')}]`);
    const root = scratchProject({ 'greeter.json': greeter, 'greeter.test.yaml': `${bomb.join('\n')}\n`, 'mocks.yaml': `${bomb.join('\n')}\n` });
    const test = runJig(['test', '.'], { cwd: root });
    expect(test.stdout).toContain('greeter.test.yaml:2:8: error JIG7001 The test file is not valid YAML: it expands YAML aliases more than 100 times');
    expect(test.stderr).toBe('');
    expect(test.status).toBe(1);
    const run = runJig(['run', 'greeter.json', '--mock', 'mocks.yaml'], { cwd: root });
    expect([run.status, run.stderr]).toEqual([2, `jig run: the mock file 'mocks.yaml' is not valid YAML: it expands YAML aliases more than 100 times, as a "billion laughs" file does, and is refused at line 2, column 8\n`]);
  });

  it('fails on a broken expectation and a bad test file, reporting both, exit 1', () => {
    const root = scratchProject({
      'greeter.json': greeter,
      'greeter.test.yaml': [
        'mocks:',
        '  Lookup: { status: 200, body: { name: Ada } }',
        'tests:',
        '  - name: greets by name',
        '    trigger: { body: { id: "7" } }',
        '    expect: { status: Succeeded, response: { status: 200, body: "Hello, Ada" } }',
        '  - name: expects the wrong greeting',
        '    trigger: { body: { id: "7" } }',
        '    expect: { response: { body: "Hi, Ada" } }',
        '',
      ].join('\n'),
      'other/greeter.json': greeter,
      'other/greeter.test.yaml': 'tests:\n  - name: x\n    expect: { stauts: Succeeded }\n',
    });
    const run = runJig(['test'], { cwd: root });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('greets by name');
    expect(run.stdout).toContain('expects the wrong greeting');
    expect(run.stdout).toContain('Hi, Ada');
    expect(run.stdout).toMatch(/other\/greeter\.test\.yaml:3:\d+/);
    expect(run.stdout).toContain("unknown key 'stauts'");
    expect(run.stdout).toMatch(/Tests {2}1 failed \| 1 passed \(2\)/);
  });

  // An outside caller waits 2 minutes for the Response, a parent flow as long as the run takes
  // (emit/response-timeout-behaviour): a child flow tested on its own says who calls it.
  it('runs a request as an outside caller by default, whose Response times out, or as a parent flow', () => {
    const slow = JSON.stringify({
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
      actions: {
        Work: { type: 'Wait', inputs: { interval: { count: 3, unit: 'Minute' } }, runAfter: {} },
        Answer: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: 'done' }, runAfter: { Work: ['Succeeded'] } },
      },
    });
    const expectation = 'expect: { status: Succeeded, response: { status: 200, body: done } }';
    const root = scratchProject({
      'slow.json': slow,
      'slow.test.yaml': `tests:\n  - name: outside\n    ${expectation}\n  - name: parent\n    trigger: { caller: flow }\n    ${expectation}\n`,
    });
    const run = runJig(['test'], { cwd: root });
    expect(run.stdout).toMatch(/[✗×] outside/);
    expect(run.stdout).toMatch(/✓ parent/);
    expect(run.stdout).toMatch(/Tests {2}1 failed \| 1 passed \(2\)/);
  });

  it('writes JUnit XML with --reporter junit', () => {
    const root = scratchProject({ 'greeter.json': greeter, 'greeter.test.yaml': 'tests:\n  - name: runs\n    expect: { status: Succeeded }\n' });
    const run = runJig(['test', '--reporter', 'junit'], { cwd: root });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(run.stdout).toContain('<testcase classname="greeter.test.yaml" name="runs"');
  });

  it('prints a test file that replays a run exported from Azure, and refuses one that is not JSON with exit 2', () => {
    const root = scratchProject({ 'bad.run.json': '{"properties": ' });
    const run = runJig(['test', '--from-run', 'test/fixtures/runs/tagger.run.json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# A test made by jig test --from-run test\/fixtures\/runs\/tagger\.run\.json/);
    expect(run.stdout).toContain('  - name: replays run 08584737551867954143243946780CU57\n');
    const bad = runJig(['test', '--from-run', 'bad.run.json'], { cwd: root });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("jig test: the run 'bad.run.json' is not JSON: expected a value at line 1, column 16\n");
  });

  it('prints the test files\' JSON Schema, and refuses a path with no test files with exit 2', () => {
    const schema = JSON.parse(runJig(['test', '--schema']).stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain('tests');
    const root = scratchProject({ 'readme.txt': 'nothing here' });
    expect(runJig(['test'], { cwd: root }).status).toBe(2);
  });
});
