/**
 * The CLI as a user runs it, where things go wrong around the files: one file the compiler cannot
 * take, an output folder that cannot be written, and outputs of flows that no longer exist.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runJig, scratchProject, validFlow } from './run-cli.js';

beforeAll(() => ensureBuilt());

const deepFlow = `@purpose(automation, "Add up")
@data(system.operational)
@retain(1 day)
flow deep {
  trigger schedule every 1 day
  var n: integer = 0
  let x = ${Array(20_000).fill('n').join(' + ')}
}
`;

/**
 * Makes a folder refuse new files, and returns how to undo it. A mode of 0555 stops only other
 * users than root, and CI runs as root here: root is refused by the immutable attribute instead
 * (EPERM, which the CLI reports as EACCES is).
 */
function forbidWrites(folder: string): () => void {
  if (process.getuid?.() !== 0) {
    chmodSync(folder, 0o555);
    return () => chmodSync(folder, 0o755);
  }
  const chattr = (flag: string) => execFileSync('chattr', [flag, folder], { stdio: 'pipe' });
  chattr('+i');
  return () => chattr('-i');
}

const flowNamed = (name: string) => validFlow.replace('flow tell_accounting', `flow ${name}`);

describe('one file never takes the run down', () => {
  it('says what nests too deeply, with the real limit and where: else-if chains, not runs, if-then chains', () => {
    const deep = (name: string, body: string) =>
      `@purpose(automation, "Decide")\n@data(system.operational)\n@retain(1 day)\nflow ${name} {\n  trigger schedule every 1 day\n  var n: integer = 0\n${body}\n}\n`;
    const chain = Array.from({ length: 3_000 }, (_, i) => ` else if n == ${i + 1} {\n    set n = ${i}\n  }`).join('');
    const files = {
      'else_ifs.jig': deep('else_ifs', `  if n == 0 {\n    set n = 1\n  }${chain}`),
      'nots.jig': deep('nots', `  let b = ${'not '.repeat(10_000)}n == 1`),
      'then_ifs.jig': deep('then_ifs', `  let m = ${'if n == 1 then '.repeat(20_000)}1${' else 2'.repeat(20_000)}`),
      'fine.jig': validFlow,
    };
    const root = scratchProject(files);
    const run = runJig(['check', '.', '--format', 'json'], { cwd: root, timeout: 120_000 });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { file: string; severity: string; code: string; line: number; column: number; message: string }[] };
    const of = (file: string) => report.diagnostics.filter((d) => d.file === file && d.severity === 'error');
    const lineOf = (file: keyof typeof files, marker: string) => files[file].slice(0, files[file].indexOf(marker)).split('\n').length;

    // The flow's block is a level and each `else if` one more: the one at 256 + 1 is cut, with the rest of the chain.
    expect(of('else_ifs.jig').map(({ code, line, column }) => ({ code, line, column }))).toEqual([
      { code: 'JIG1016', line: lineOf('else_ifs.jig', 'else if n == 256 {'), column: 10 },
    ]);
    expect(of('else_ifs.jig')[0]!.message).toContain("This 'else if' stands more than 256 levels deep");
    expect(of('nots.jig').map(({ code, line }) => ({ code, line }))).toEqual([{ code: 'JIG1015', line: 7 }]);
    expect(of('nots.jig')[0]!.message).toContain('more than 400 levels deep');
    expect(of('then_ifs.jig').map(({ code, line }) => ({ code, line }))).toEqual([{ code: 'JIG1017', line: 7 }]);
    expect(of('fine.jig')).toEqual([]);
    expect(report.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/more than 0 levels|JIG5090/);
  });

  it('reports a chain of 20,000 operators in its file and checks the other files, in every format', () => {
    const root = scratchProject({ 'deep.jig': deepFlow, 'fine.jig': validFlow });
    const json = runJig(['check', '.', '--format', 'json'], { cwd: root, timeout: 120_000 });
    expect(json.status).toBe(1);
    expect(json.stderr).not.toContain('internal error');
    const report = JSON.parse(json.stdout) as { diagnostics: { file: string; code: string; line: number }[]; summary: { files: number } };
    expect(report.summary.files).toBe(2);
    expect(report.diagnostics.filter((d) => d.file === 'deep.jig').map((d) => [d.code, d.line])).toContainEqual(['JIG1015', 7]);
    expect(report.diagnostics.filter((d) => d.file === 'fine.jig' && d.code.startsWith('JIG1'))).toEqual([]);
    const sarif = runJig(['check', '.', '--format', 'sarif'], { cwd: root, timeout: 120_000 });
    expect(() => JSON.parse(sarif.stdout)).not.toThrow();
    const build = runJig(['build', '.', '--out', 'out'], { cwd: root, timeout: 120_000 });
    expect(build.status).toBe(1);
    expect(readdirSync(join(root, 'out')).filter((name) => name.endsWith('.json'))).toEqual(['tell_accounting.json']);
  });
});

describe('--out that cannot be written is a usage error', () => {
  const cases: [string, (root: string) => void, RegExp][] = [
    ['a file', (root) => writeFileSync(join(root, 'out'), 'x'), /cannot write the output: 'out' is a file, not a folder/],
    ['a path under a file', (root) => writeFileSync(join(root, 'file'), 'x'), /cannot write the output: 'file' is a file, not a folder/],
    ['a dangling link', (root) => symlinkSync(join(root, 'nowhere'), join(root, 'out')), /cannot write the output: 'out' is a link to '.*nowhere', which does not exist/],
  ];
  it.each(cases)('%s: exit 2, a plain message, nothing written', (_, prepare, message) => {
    const root = scratchProject({ 'a.jig': validFlow });
    prepare(root);
    const out = _ === 'a path under a file' ? 'file/out' : 'out';
    const result = runJig(['build', 'a.jig', '--out', out], { cwd: root });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|\bat \S+ \(/);
  });

  it('a folder the user may not write into: exit 2, permission denied', () => {
    const root = scratchProject({ 'a.jig': validFlow });
    const out = join(root, 'out');
    mkdirSync(out);
    const restore = forbidWrites(out);
    let result;
    try {
      result = runJig(['build', 'a.jig', '--out', 'out'], { cwd: root });
    } finally {
      restore();
    }
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot write the output: '.*' cannot be written: permission denied/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('outputs that are not plain files in plain folders', () => {
  it.runIf(existsSync('/proc/1'))('a folder the file system will not make (under /proc): exit 2 at once, not a hang', () => {
    const root = scratchProject({ 'a.jig': validFlow });
    const result = runJig(['build', 'a.jig', '--out', '/proc/1/jig-out'], { cwd: root, timeout: 30_000 });
    expect([result.status, result.stderr]).toEqual([2, "jig build: cannot write the output: '/proc/1/jig-out' cannot be written: the file system does not allow it there\n"]);
  });

  // Through links in the scratch folder, so that a regression replaces a link there, never a device.
  it.runIf(existsSync('/dev/full'))('a device is written to, never replaced: a full one is a plain error', () => {
    const root = scratchProject({ 'a.jig': validFlow });
    symlinkSync('/dev/full', join(root, 'full.md'));
    symlinkSync('/dev/null', join(root, 'null.md'));
    const full = runJig(['report', 'a.jig', '-o', 'full.md'], { cwd: root });
    expect([full.status, full.stderr]).toEqual([2, "jig report: cannot write the output: 'full.md' cannot be written: no space is left on the device\n"]);
    expect(runJig(['report', 'a.jig', '-o', 'null.md'], { cwd: root }).status).toBe(0);
    expect([lstatSync(join(root, 'full.md')).isSymbolicLink(), lstatSync(join(root, 'null.md')).isSymbolicLink()]).toEqual([true, true]);
  });

  it('jig fmt rewrites the file a link names and keeps the link', () => {
    const root = scratchProject({ 'real.jig': validFlow.replace(/\n  /g, '\n      ') });
    symlinkSync('real.jig', join(root, 'linked.jig'));
    const result = runJig(['fmt', 'linked.jig'], { cwd: root });
    expect(result.status).toBe(0);
    expect(lstatSync(join(root, 'linked.jig')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'real.jig'), 'utf8')).toBe(validFlow);
  });
});

describe('jig build removes what it wrote for flows that no longer exist', () => {
  it('a renamed flow leaves no old workflow; files it did not write, and files of other sources, stay', () => {
    const root = scratchProject({ 'a.jig': flowNamed('orders'), 'b.jig': flowNamed('invoices') });
    expect(runJig(['build', '.', '--out', 'out'], { cwd: root }).status).toBe(0);
    writeFileSync(join(root, 'out', 'mine.json'), '{}');
    writeFileSync(join(root, 'a.jig'), flowNamed('orders_v2'));
    // Only a.jig is built: b.jig's workflow is not a.jig's to remove.
    const rebuilt = runJig(['build', 'a.jig', '--out', 'out'], { cwd: root });
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stderr).toContain("removed 1 file an earlier build wrote for flows that no longer exist: out/orders.json");
    expect(readdirSync(join(root, 'out')).sort()).toEqual(['.jig-manifest', 'invoices.json', 'mine.json', 'orders_v2.json']);
    // A deleted source takes its workflows with it.
    rmSync(join(root, 'b.jig'));
    expect(runJig(['build', 'a.jig', '--out', 'out'], { cwd: root }).status).toBe(0);
    expect(existsSync(join(root, 'out', 'invoices.json'))).toBe(false);
    expect(existsSync(join(root, 'out', 'mine.json'))).toBe(true);
  });

  it('keeps an old output that was changed since, and says so; keeps outputs of a file that now has errors', () => {
    const root = scratchProject({ 'a.jig': flowNamed('orders'), 'b.jig': flowNamed('invoices') });
    runJig(['build', '.', '--out', 'out'], { cwd: root });
    writeFileSync(join(root, 'out', 'orders.json'), '{"edited": true}');
    writeFileSync(join(root, 'a.jig'), flowNamed('orders_v2'));
    writeFileSync(join(root, 'b.jig'), flowNamed('invoices_v2').replace('respond 200', 'respond 200 +'));
    const result = runJig(['build', '.', '--out', 'out'], { cwd: root });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('kept out/orders.json, which an earlier build wrote for a flow that no longer exists: it was changed since');
    expect(readFileSync(join(root, 'out', 'orders.json'), 'utf8')).toBe('{"edited": true}');
    expect(existsSync(join(root, 'out', 'invoices.json'))).toBe(true);
  });

  it('in the Standard layout, removes the old workflow folder; a change of target removes the other layout', () => {
    const root = scratchProject({ 'a.jig': flowNamed('orders') });
    runJig(['build', 'a.jig', '--out', 'out', '--target', 'standard'], { cwd: root });
    expect(existsSync(join(root, 'out', 'orders', 'workflow.json'))).toBe(true);
    writeFileSync(join(root, 'a.jig'), flowNamed('orders_v2'));
    expect(runJig(['build', 'a.jig', '--out', 'out', '--target', 'standard'], { cwd: root }).status).toBe(0);
    expect(existsSync(join(root, 'out', 'orders'))).toBe(false);
    expect(existsSync(join(root, 'out', 'orders_v2', 'workflow.json'))).toBe(true);
    expect(runJig(['build', 'a.jig', '--out', 'out'], { cwd: root }).status).toBe(0);
    expect(readdirSync(join(root, 'out')).sort()).toEqual(['.jig-manifest', 'orders_v2.json']);
  });
});
