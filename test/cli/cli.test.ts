import { execFileSync, spawnSync } from 'node:child_process';
import { Ajv } from 'ajv';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot, runJig, scratchProject, validFlow } from './run-cli.js';

const packageVersion = JSON.parse(readFileSync(join(repoRoot, 'compiler', 'package.json'), 'utf8')).version;


beforeAll(ensureBuilt, 60_000);

describe('jig', () => {
  it('prints its version', () => {
    const run = runJig(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(packageVersion);
  });

  it('lists its commands on --help', () => {
    const run = runJig(['--help']);
    expect(run.status).toBe(0);
    for (const name of ['check', 'build', 'fmt', 'explain']) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('prints usage and exits 2 without a command', () => {
    const run = runJig([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: jig COMMAND');
  });

  it('suggests the command a typo meant', () => {
    const run = runJig(['chek', 'examples']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("jig: unknown command 'chek'; did you mean 'jig check'? (see 'jig --help')\n");
  });

  it.each(['check', 'build', 'fmt', 'explain'])('has --help for %s', (name) => {
    const run = runJig([name, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: jig ${name}`));
    expect(run.stdout).toContain('--help');
  });

  it('refuses a bad flag in one line naming it and the help command', () => {
    const run = runJig(['check', '--fromat', 'json', 'examples']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("jig check: unknown option '--fromat'; did you mean '--format'? (see 'jig check --help')\n");
    expect(runJig(['build', 'examples', '--out']).stderr).toBe("jig build: option '--out' needs a value (see 'jig build --help')\n");
    const badChoice = runJig(['check', '--format', 'xml', 'examples']);
    expect(badChoice.status).toBe(2);
    expect(badChoice.stderr).toContain('--format must be one of pretty, json, sarif, github');
  });

  it('refuses a missing path and a glob matching nothing', () => {
    const missing = runJig(['check', 'no/such/file.jig']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("jig check: no such file or folder: 'no/such/file.jig'\n");
    const glob = runJig(['check', 'examples/*.nothing']);
    expect(glob.status).toBe(2);
    expect(glob.stderr).toContain("no file matches 'examples/*.nothing'");
  });
});

describe('jig check', () => {
  it('finds no errors in the examples', () => {
    const run = runJig(['check', 'examples']);
    // Information is no problem: a declassification an example states (order_sync's answer holds no secret).
    expect(run.stdout).toMatch(/(No problems|0 errors, \d+ warnings?(, \d+ infos?)?) in 10 files\.\n$/);
    expect(run.status).toBe(0);
  });

  it("checks one file of a project with the project's other flows in reach", () => {
    const run = runJig(['check', 'examples/payment_retry.jig', '--format', 'json']);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ files: 1, errors: 0 });
    expect(run.status).toBe(0);
  });

  it('expands globs and folders to the same files', () => {
    const folder = JSON.parse(runJig(['check', 'examples', '--format', 'json']).stdout);
    const glob = JSON.parse(runJig(['check', 'examples/**/*.jig', '--format', 'json']).stdout);
    expect(glob.summary.files).toBe(folder.summary.files);
  });

  const broken = () =>
    scratchProject({
      'flows/ok.jig': validFlow,
      'flows/bad.jig': validFlow.replace('"Tell accounting"', '"Tell accounting').replace('tell_accounting', 'tell_other'),
    });

  it('prints file:line:col, a code frame and a summary, and exits 1 on errors', () => {
    const cwd = broken();
    const run = runJig(['check', 'flows'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^flows\/bad\.jig:5:\d+: error JIG1\d{3} /m);
    expect(run.stdout).toMatch(/^> +5 \| @purpose/m);
    expect(run.stdout).toMatch(/\d+ errors?, \d+ warnings? in 2 files\.\n$/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('frames a finding over many lines as its first and last lines, the lines between not shown', () => {
    const body = ['number: trigger.body.number', 'amount: trigger.body.amount', 'again: trigger.body.number', 'who: trigger.body.contactName', 'mail: trigger.body.contactMail'];
    const cwd = scratchProject({
      'jig.yaml': 'policy: policy.yaml\n',
      'policy.yaml': readFileSync(join(repoRoot, 'test/fixtures/policy/fixtures.policy.yaml'), 'utf8'),
      'approve.jig': `type Invoice {
  number:      string @business.transaction
  amount:      number @business.transaction
  contactName: string @personal.name
  contactMail: string @personal.contact
}

@purpose(automation, "Ask for approval")
@data(business.transaction, personal.name, personal.contact)
@retain(1 year)
flow approve {
  trigger http post body Invoice
  call http post "https://approvals.example.com/api/requests" body {
${body.map((field) => `    ${field}`).join(',\n')}
  }
    @share(approvals_inc, "The client asked for approvals")
  respond 202
}
`,
    });
    const run = runJig(['check', '.'], { cwd });
    expect(run.status).toBe(1);
    // Two refused categories: the finding spans the record, lines 13 to 19; the frame shows 13 and 19 and says 5 lines are not shown.
    expect(run.stdout).toMatch(/^approve\.jig:13:\d+: error JIG3302 /m);
    const frame = run.stdout.slice(run.stdout.indexOf('\n') + 1, run.stdout.indexOf('\npolicy '));
    expect(frame.split('\n').map((line) => line.replace(/\|.*/, '|'))).toEqual([
      '  11 |', '  12 |', '> 13 |', '     |', '   … |', '> 19 |', '     |', '  20 |', '  21 |', '  22 |',
    ]);
    expect(frame).toContain('   … | (5 lines not shown)\n> 19 |   }\n     | ^^^^');
    expect(frame).not.toContain('amount: trigger.body.amount');
  });

  it('reports a brace and a string left open once each, where they were opened', () => {
    const cwd = scratchProject({
      'flows/open.jig': validFlow
        .replace('  respond 200\n', '  if trigger.body.topic == "x" {\n    let note = { topic: "a, detail: "b" }\n  respond 200\n')
        .concat('\ntype Other {\n  name: string @business.other\n}\n'),
    });
    const run = runJig(['check', 'flows'], { cwd });
    expect(run.status).toBe(1);
    const findings = run.stdout.split('\n').filter((line) => /^flows\//.test(line));
    expect(findings).toEqual([
      "flows/open.jig:10:32: error JIG1009 This '{' is never closed: add its '}' where its block ends.",
      'flows/open.jig:11:39: error JIG1003 The string opened here is not closed: add a `"` before the end of the line. Quotes pair up from the start of the line, so `"a, detail: "` is read as one string: a quote may be missing there.',
    ]);
    expect(run.stdout).toContain("  flows/open.jig:15:1: the parser found 'type' here, with it still open");
  });

  it('writes the json contract', () => {
    const run = runJig(['check', 'flows', '--format', 'json'], { cwd: broken() });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.version).toBe(1);
    expect(Object.keys(report.summary)).toEqual(['files', 'errors', 'warnings', 'infos']);
    expect(report.summary.files).toBe(2);
    expect(report.summary.errors).toBeGreaterThan(0);
    for (const diagnostic of report.diagnostics) {
      expect(Object.keys(diagnostic).slice(0, 8)).toEqual([
        'file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message',
      ]);
      expect(diagnostic.file).toBe('flows/bad.jig');
      expect(diagnostic.code).toMatch(/^JIG\d{4}$/);
      expect(['error', 'warning', 'info']).toContain(diagnostic.severity);
      expect(diagnostic.line).toBeGreaterThanOrEqual(1);
      expect(diagnostic.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('writes SARIF with rules and relative locations', () => {
    const run = runJig(['check', 'flows', '--format', 'sarif'], { cwd: broken() });
    const log = JSON.parse(run.stdout);
    expect(log.version).toBe('2.1.0');
    const [sarifRun] = log.runs;
    const ruleIds = sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(sarifRun.results.length).toBeGreaterThan(0);
    for (const result of sarifRun.results) {
      expect(ruleIds).toContain(result.ruleId);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('flows/bad.jig');
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });

  it('writes GitHub workflow commands', () => {
    const run = runJig(['check', 'flows', '--format', 'github'], { cwd: broken() });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/^::(error|warning|notice) file=flows\/bad\.jig,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=JIG\d{4}::\S/);
    }
  });

  it('cites the policy section of a policy finding in pretty and json', () => {
    const cwd = scratchProject({ 'store.jig': validFlow.replace('  respond 200', '  store trigger.body in blob("x", "y")\n  respond 200') });
    const pretty = runJig(['check', 'store.jig'], { cwd });
    expect(pretty.status).toBe(1);
    expect(pretty.stdout).toMatch(/^store\.jig:10:\d+: error JIG3201 .*\n(.*\n)+policy jigajob 2023-08-27 §2: ".+"$/m);
    const json = JSON.parse(runJig(['check', 'store.jig', '--format', 'json'], { cwd }).stdout);
    expect(json.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'JIG3201',
        policy: { id: 'jigajob', version: '2023-08-27', section: '2', rule: 's02-allowed-stores', quote: expect.stringMatching(/Azure/) },
      }),
    );
  });

  it('checks against the policy --policy names', () => {
    const cwd = scratchProject({
      'a.jig': validFlow,
      'strict.policy.yaml': 'id: strict\nversion: 2024-01-01\ntitle: Strict\nextends: jigajob\n',
    });
    expect(runJig(['check', 'a.jig', '--policy', 'strict.policy.yaml'], { cwd }).status).toBe(0);
    const missing = runJig(['check', 'a.jig', '--policy', 'nope.yaml'], { cwd });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no such policy file: 'nope.yaml'");
  });

  it('reports flows that two files both declare', () => {
    const cwd = scratchProject({ 'a.jig': validFlow, 'b.jig': validFlow });
    const report = JSON.parse(runJig(['check', '.', '--format', 'json'], { cwd }).stdout);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ file: 'b.jig', code: 'JIG5004', line: 8, column: 6 }),
    ]);
  });
});

describe('bad input never crashes or hangs', () => {
  const cases: Record<string, string | Uint8Array> = {
    'empty.jig': '',
    'binary.jig': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]),
    'latin1.jig': Buffer.from('flow caf\xe9 {}\n', 'latin1'),
    'string.jig': 'flow a {\n  fail "never closed\n}\n',
    'comment.jig': 'flow a {\n  /* never closed\n',
    'nesting.jig': `@purpose(automation, "x")\n@data(business.document)\n@retain(1 day)\nflow deep {\n  trigger http post\n${'if true {\n'.repeat(200)}${'}\n'.repeat(200)}}\n`,
    'expression.jig': `flow e {\n  let x = ${'('.repeat(200)}1${')'.repeat(200)}\n}\n`,
  };

  it.each(Object.keys(cases))('%s gives diagnostics or a clear message', (name) => {
    const cwd = scratchProject({ [name]: cases[name]! });
    const run = runJig(['check', name, '--format', 'json'], { cwd });
    expect([0, 1]).toContain(run.status);
    const report = JSON.parse(run.stdout);
    expect(report.summary.files).toBe(1);
    // An empty file and a deeply nested but well-formed flow may be clean; the others are not.
    if (!['empty.jig', 'nesting.jig'].includes(name)) expect(report.summary.errors).toBeGreaterThan(0);
  });

  it('names the encoding problem of a binary or non-UTF-8 file', () => {
    const cwd = scratchProject({ 'binary.jig': cases['binary.jig']!, 'latin1.jig': cases['latin1.jig']! });
    const codes = JSON.parse(runJig(['check', '.', '--format', 'json'], { cwd }).stdout).diagnostics.map(
      (d: { file: string; code: string }) => `${d.file} ${d.code}`,
    );
    expect(codes).toEqual(['binary.jig JIG0002', 'latin1.jig JIG0001']);
  });

  it('refuses a named pipe instead of waiting on it', () => {
    const cwd = scratchProject({});
    execFileSync('mkfifo', [join(cwd, 'pipe.jig')]);
    const run = runJig(['check', 'pipe.jig'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("jig check: 'pipe.jig' is not a regular file\n");
  });

  it('checks a 5 MB file', { timeout: 120_000 }, () => {
    const flows = Array.from({ length: (5 * 1024 * 1024) / 140 }, (_, i) => validFlow.slice(validFlow.indexOf('@purpose')).replace('tell_accounting', `flow_${i}`));
    const text = `${validFlow.slice(0, validFlow.indexOf('@purpose'))}${flows.join('\n')}`;
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    const cwd = scratchProject({ 'huge.jig': text });
    const run = runJig(['check', 'huge.jig', '--format', 'json'], { cwd, timeout: 100_000 });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).summary).toEqual({ files: 1, errors: 0, warnings: 0, infos: 0 });
  });

  it('reports a broken jig.yaml at its line and column', () => {
    const cwd = scratchProject({ 'jig.yaml': 'target: consumption\npolcy: x.yaml\n', 'a.jig': validFlow });
    const run = runJig(['check', 'a.jig'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("jig.yaml:2:1: error JIG5002 jig.yaml: unknown key 'polcy' in the file.");
    const yaml = runJig(['check', 'a.jig'], { cwd: scratchProject({ 'jig.yaml': 'target: [\n', 'a.jig': validFlow }) });
    expect(yaml.status).toBe(1);
    expect(yaml.stdout).toMatch(/^jig\.yaml:\d+:\d+: error JIG5001 /m);
  });

  it('reports a policy file that jig.yaml names but that does not exist', () => {
    const cwd = scratchProject({ 'jig.yaml': 'policy: policies/ours.yaml\n', 'a.jig': validFlow });
    const run = runJig(['check', 'a.jig'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("jig.yaml:1:9: error JIG5003 The policy file 'policies/ours.yaml' does not exist");
  });

  it.each([
    ['YAML syntax', 'id: ours\nversion: [\n', /^ours\.yaml:3:1: error JIG3950 /m],
    ['an unknown key', 'id: ours\nversion: 2024-01-01\ntitle: Ours\nextends: jigajob\nprocesors: {}\n', /^ours\.yaml:5:1: error JIG3951 .*processors/m],
    ['a missing base', 'id: ours\nversion: 2024-01-01\ntitle: Ours\nextends: theirs.yaml\n', /^ours\.yaml:4:10: error JIG3955 /m],
  ])('exits with 2 on a policy file with %s, through check and build alike', (_, policy, reported) => {
    const cwd = scratchProject({ 'jig.yaml': 'policy: ours.yaml\n', 'ours.yaml': policy, 'a.jig': validFlow });
    const check = runJig(['check', 'a.jig'], { cwd });
    expect(check.stdout).toMatch(reported);
    expect(check.status).toBe(2);
    const build = runJig(['build', 'a.jig', '--out', join(cwd, 'out')], { cwd });
    expect(build.stdout).toMatch(reported);
    expect(build.status).toBe(2);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    expect(runJig(['policy', 'check', 'ours.yaml'], { cwd }).status).toBe(2);
  });
});

describe('jig build', () => {
  it('writes a workflow whose raw actions and raw trigger are JSON Jig does not write (an Xslt, operationOptions, a SlidingWindow)', () => {
    const source = `@purpose(automation, "Keep what an imported workflow does")
@data(system.operational)
@retain(1 day)
flow imported {
  trigger raw "Sliding_window" { "type": "SlidingWindow", "recurrence": { "frequency": "Hour", "interval": 1 } }
  let rows = raw action "Get_rows" { "type": "Http", "inputs": { "method": "GET", "uri": "https://rows-contoso.azurewebsites.net/rows" }, "operationOptions": "DisableAsyncPattern" }
  for each row in rows.body {
    raw action "Transform" { "type": "Xslt", "inputs": { "content": "@{items('For_each_row')}", "integrationAccount": { "map": { "name": "m" } } } }
  }
}
`;
    const cwd = scratchProject({ 'a.jig': source });
    const run = runJig(['build', 'a.jig', '--out', join(cwd, 'out')], { cwd });
    expect(run.stdout).not.toMatch(/JIG4150/);
    expect(run.status).toBe(0);
    const written = JSON.parse(readFileSync(join(cwd, 'out', 'imported.json'), 'utf8'));
    // The raw parts are written as they are, and the definition says where they are.
    expect(written.definition.actions.Get_rows.operationOptions).toBe('DisableAsyncPattern');
    expect(written.definition.metadata.jig.raw).toEqual(['/triggers/Sliding_window', '/actions/Get_rows', '/actions/For_each_row/actions/Transform']);
  });

  it('writes one workflow per flow of the examples, valid JSON, no temporary files', () => {
    const out = mkdtempSync(join(tmpdir(), 'jig-out-'));
    const run = runJig(['build', 'examples', '--out', out]);
    expect(run.stderr).toMatch(/^jig build: wrote \d+ files\n$/);
    expect(run.status).toBe(0);
    // The workflows and the manifest of what the build wrote (outputs.test.ts), nothing else.
    const written = readdirSync(out).filter((name) => name !== '.jig-manifest').sort();
    expect(readdirSync(out)).toContain('.jig-manifest');
    expect(written).toContain('invoice_intake.json');
    expect(written.filter((name) => !name.endsWith('.json'))).toEqual([]);
    // Every workflow passes the reference checks: the WDL schema and the service's save rules.
    const wdl = join(repoRoot, '..', 'shared', 'wdl');
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(wdl, 'workflowdefinition.json'), 'utf8')));
    for (const name of written) {
      const file = join(out, name);
      const workflow = JSON.parse(readFileSync(file, 'utf8'));
      expect(validate(workflow.definition), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const rules = spawnSync('python3', [join(wdl, 'save_rules.py'), file], { encoding: 'utf8' });
      expect(rules.status, `${name}: ${rules.stdout}${rules.stderr}`).toBe(0);
    }
  });

  it('writes nothing for a file with errors, and the rest', () => {
    const cwd = scratchProject({
      'ok.jig': validFlow,
      'bad.jig': `${validFlow.replace('tell_accounting', 'tell_other')}\nflow {\n`,
    });
    const run = runJig(['build', '.', '--out', 'out', '--format', 'json'], { cwd });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(new Set(report.diagnostics.map((d: { file: string }) => d.file))).toEqual(new Set(['bad.jig']));
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['.jig-manifest', 'tell_accounting.json']);
    expect(JSON.parse(readFileSync(join(cwd, 'out', 'tell_accounting.json'), 'utf8'))).toHaveProperty('definition');
  });

  it('writes nothing at all when every file has errors', () => {
    const cwd = scratchProject({ 'a.jig': 'flow {' });
    expect(runJig(['build', 'a.jig', '--out', 'out'], { cwd }).status).toBe(1);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it("uses jig.yaml's out and target, and needs one or the other", () => {
    const cwd = scratchProject({ 'a.jig': validFlow });
    const run = runJig(['build', 'a.jig'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no output folder');
    const configured = scratchProject({ 'jig.yaml': 'out: dist\ntarget: consumption\n', 'a.jig': validFlow });
    expect(runJig(['build', 'a.jig'], { cwd: configured }).status).toBe(0);
    expect(existsSync(join(configured, 'dist', 'tell_accounting.json'))).toBe(true);
  });

  it('says what is wrong with a jig.yaml it cannot read, not only that no output folder is named', () => {
    const cwd = scratchProject({ 'jig.yaml': 'out: dist\nbogus: 1\n', 'a.jig': validFlow });
    const run = runJig(['build', 'a.jig'], { cwd });
    expect(run.stdout).toContain("jig.yaml:2:1: error JIG5002 jig.yaml: unknown key 'bogus' in the file.");
    expect(run.stderr).not.toContain('no output folder');
    expect(run.status).toBe(1);
    expect(existsSync(join(cwd, 'dist'))).toBe(false);
  });
});

describe('jig fmt', () => {
  it('lists unformatted files with --check and changes nothing', () => {
    const messy = validFlow.replace('  respond 200', '      respond    200');
    const cwd = scratchProject({ 'a.jig': messy, 'b.jig': validFlow });
    const run = runJig(['fmt', '.', '--check'], { cwd });
    expect(run.stdout).toBe('a.jig\n');
    expect(run.status).toBe(1);
    expect(readFileSync(join(cwd, 'a.jig'), 'utf8')).toBe(messy);
  });

  it('rewrites unformatted files, after which --check passes', () => {
    const cwd = scratchProject({ 'a.jig': validFlow.replace('  respond 200', '      respond    200') });
    const run = runJig(['fmt', 'a.jig'], { cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('formatted a.jig\n');
    expect(readFileSync(join(cwd, 'a.jig'), 'utf8')).toContain('\n  respond 200\n');
    expect(runJig(['fmt', 'a.jig', '--check'], { cwd }).status).toBe(0);
    expect(readdirSync(cwd)).toEqual(['a.jig']);
  });

  it('leaves a file with syntax errors alone', () => {
    const cwd = scratchProject({ 'a.jig': 'flow {\n' });
    const run = runJig(['fmt', 'a.jig'], { cwd });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('a.jig: not formatted');
    expect(readFileSync(join(cwd, 'a.jig'), 'utf8')).toBe('flow {\n');
  });
});

describe('jig explain', () => {
  it('prints the catalogue entry', () => {
    const run = runJig(['explain', 'JIG1001']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^JIG1001 unexpected-token \(error\)\nUnexpected token\n\n\S/);
  });

  it('cites the policy sentence of a policy rule', () => {
    const run = runJig(['explain', 'jig3001']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^JIG3001 missing-purpose/);
  });

  it('suggests the code a typo meant', () => {
    const run = runJig(['explain', 'JIG1OO1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("jig explain: unknown code or rule 'JIG1OO1'; did you mean 'JIG1001'?\n");
  });

  it('takes a bare number for the code', () => {
    const run = runJig(['explain', '3301']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(runJig(['explain', 'JIG3301']).stdout);
    expect(run.stdout).toMatch(/^JIG3301 share-required \(error\)\n/);
    expect(run.stdout).toContain('Rule s03-sharing: cannot be waived.');
  });

  it('explains every code of a rule named as @allow spells it, citing the policy once', () => {
    const run = runJig(['explain', 's03-sharing']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Rule s03-sharing: reports JIG3301, JIG3302, JIG3303, JIG3304, JIG3305, JIG3306, JIG3307\.\npolicy jigajob \S+ §3: /);
    const headings = run.stdout.match(/^JIG\d{4} \S+ \((error|warning|info)\)$/gm);
    expect(headings).toEqual([
      'JIG3301 share-required (error)',
      'JIG3302 processor-category-not-allowed (error)',
      'JIG3303 processor-host-mismatch (error)',
      'JIG3304 share-without-reason (error)',
      'JIG3305 destination-refused (error)',
      'JIG3306 credential-shared (error)',
      'JIG3307 answer-to-requester (error)',
    ]);
    expect(run.stdout.match(/^policy jigajob /gm)).toHaveLength(1);
  });

  it('says whether a waivable rule may be waived', () => {
    const waivable = runJig(['explain', 's06-opt-out']).stdout;
    expect(waivable).toContain('Rule s06-opt-out: may be waived where justified with @allow(s06-opt-out, "reason").');
  });

  it('suggests the rule a typo meant', () => {
    const run = runJig(['explain', 's3-sharing']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("jig explain: unknown code or rule 's3-sharing'; did you mean 's03-sharing'?\n");
  });
});
