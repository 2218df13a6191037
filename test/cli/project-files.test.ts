/**
 * Policy and project files are read as carefully as sources (rule 9): a hostile jig.yaml in a pull
 * request must not print a file of the machine into a CI log, nor hang the check on a FIFO or a
 * device. Every case runs the real CLI on real files: FIFOs made with mkfifo, symbolic links.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runJig, scratchProject, validFlow, type CliRun } from './run-cli.js';

beforeAll(ensureBuilt, 60_000);


/** A file outside every project, with a line no output may ever show. */
const secretText = 'id: secret\nversion: "1"\npassword: hunter2-never-shown\n';

/**
 * A repository (`.git`) holding a project folder `proj` with a flow and the given files, and a
 * secret YAML file next to the repository, outside it.
 */
function repository(files: Record<string, string | Uint8Array> = {}): { root: string; project: string; secret: string } {
  const root = scratchProject({
    'secret.yaml': secretText,
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/.git/config.yaml': secretText,
    'repo/proj/a.jig': validFlow,
    ...Object.fromEntries(Object.entries(files).map(([path, content]) => [`repo/${path}`, content])),
  });
  return { root, project: join(root, 'repo/proj'), secret: join(root, 'secret.yaml') };
}

/** What every refusal has in common: exit code 2, no text of the refused file, no hang. */
function expectRefused(run: CliRun, where: RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stdout + run.stderr).not.toContain('hunter2');
  expect(run.stdout + run.stderr).not.toMatch(/root:x?:0:0/);
  expect(run.stdout + run.stderr).toMatch(where);
}

describe('a policy file that jig.yaml names', () => {
  it.each([
    ['/etc/passwd', 'JIG5008', "The policy file '/etc/passwd' is not a .yaml or .yml file; it was not read."],
    ['/dev/zero', 'JIG5008', "The policy file '/dev/zero' is not a .yaml or .yml file; it was not read."],
    ['../../secret.yaml', 'JIG5009', "The policy file '../../secret.yaml' lies outside the project and its repository; it was not read."],
    ['../.git/config.yaml', 'JIG5009', "The policy file '../.git/config.yaml' lies inside the repository's .git folder; it was not read."],
  ])('%s is refused unread, at the value in jig.yaml', (policy, code, message) => {
    const { project } = repository({ 'proj/jig.yaml': `target: consumption\npolicy: ${policy}\n` });
    const run = runJig(['check', '.'], { cwd: project });
    expectRefused(run, new RegExp(`^jig\\.yaml:2:9: error ${code} `, 'm'));
    expect(run.stdout).toContain(message);
  });

  it('is refused when it is a FIFO, without waiting for a writer', () => {
    const { project } = repository({ 'proj/jig.yaml': 'policy: pipe.yaml\n' });
    execFileSync('mkfifo', [join(project, 'pipe.yaml')]);
    const run = runJig(['check', '.'], { cwd: project, timeout: 10_000 });
    expectRefused(run, /^jig\.yaml:1:9: error JIG5005 The policy file 'pipe\.yaml' is a FIFO, a device or a socket, not a regular file; it was not read\.$/m);
  });

  it('is refused when it is a link to a device or a folder', () => {
    const { project } = repository({ 'proj/jig.yaml': 'policy: zero.yaml\n' });
    symlinkSync('/dev/zero', join(project, 'zero.yaml'));
    expectRefused(runJig(['check', '.'], { cwd: project, timeout: 10_000 }), /^jig\.yaml:1:9: error JIG5005 /m);
    mkdirSync(join(project, 'folder.yaml'));
    writeFileSync(join(project, 'jig.yaml'), 'policy: folder.yaml\n');
    expectRefused(runJig(['check', '.'], { cwd: project }), /The policy file 'folder\.yaml' is a folder, not a regular file/);
  });

  it('is refused when it is a link that leads outside the repository, even to a .yaml file', () => {
    const { project, secret } = repository({ 'proj/jig.yaml': 'policy: ours.yaml\n' });
    symlinkSync(secret, join(project, 'ours.yaml'));
    const run = runJig(['check', '.'], { cwd: project });
    expectRefused(run, /^jig\.yaml:1:9: error JIG5009 The policy file 'ours\.yaml' leads to '.*secret\.yaml', which lies outside the project and its repository/m);
    symlinkSync('/etc/passwd', join(project, 'passwd.yaml'));
    writeFileSync(join(project, 'jig.yaml'), 'policy: passwd.yaml\n');
    expectRefused(runJig(['check', '.'], { cwd: project }), /'passwd\.yaml' leads to '\/etc\/passwd', which is not a \.yaml or \.yml file/);
  });

  it('is refused when it is larger than a source may be, from its size alone', () => {
    const { project } = repository({ 'proj/jig.yaml': 'policy: big.yaml\n', 'proj/big.yaml': `# ${'x'.repeat(11 * 1024 * 1024)}\n` });
    expectRefused(runJig(['check', '.'], { cwd: project }), /^jig\.yaml:1:9: error JIG5006 The policy file 'big\.yaml' is 11\.0 MB; policy and project files are limited to 10 MB/m);
  });

  it('is refused, and not shown, when it is not UTF-8 text', () => {
    const latin1 = Buffer.from('id: caf\xe9\nversion: "1"\n', 'latin1');
    const { project } = repository({ 'proj/jig.yaml': 'policy: latin.yaml\n', 'proj/latin.yaml': latin1, 'proj/nul.yaml': 'id: a\0b\n' });
    const run = runJig(['check', '.'], { cwd: project });
    expectRefused(run, /^jig\.yaml:1:9: error JIG5007 The policy file 'latin\.yaml' is not UTF-8 text \(the first byte that is not UTF-8 is at offset 7\); none of it is shown\.$/m);
    expect(run.stdout).not.toContain('caf');
    writeFileSync(join(project, 'jig.yaml'), 'policy: nul.yaml\n');
    expectRefused(runJig(['check', '.'], { cwd: project }), /'nul\.yaml' is not UTF-8 text \(it holds NUL bytes\)/);
  });

  it('may lie anywhere in the repository, through a link too', () => {
    const policy = 'id: shared\nversion: 2024-01-01\ntitle: Shared\nextends: jigajob\n';
    const { project } = repository({ 'proj/jig.yaml': 'policy: ../shared/ours.yml\n', 'shared/ours.yml': policy });
    expect(runJig(['check', '.'], { cwd: project }).status).toBe(0);
    symlinkSync('../shared/ours.yml', join(project, 'linked.yaml'));
    writeFileSync(join(project, 'jig.yaml'), 'policy: linked.yaml\n');
    expect(runJig(['check', '.'], { cwd: project }).status).toBe(0);
  });

  it('outside any repository, must lie in the project folder', () => {
    const cwd = scratchProject({
      'proj/jig.yaml': 'policy: ../ours.yaml\n',
      'proj/a.jig': validFlow,
      'ours.yaml': 'id: ours\nversion: "1"\nextends: jigajob\n',
    });
    expectRefused(runJig(['check', '.'], { cwd: join(cwd, 'proj') }), /^jig\.yaml:1:9: error JIG5009 /m);
  });
});

describe('a file a policy extends', () => {
  it('is refused at the extends value when it is a FIFO, a link outside or not YAML', () => {
    const { project, secret } = repository({ 'proj/jig.yaml': 'policy: ours.yaml\n' });
    const ours = (base: string) => writeFileSync(join(project, 'ours.yaml'), `id: ours\nversion: "1"\nextends: ${base}\n`);
    execFileSync('mkfifo', [join(project, 'pipe.yaml')]);
    ours('pipe.yaml');
    expectRefused(runJig(['check', '.'], { cwd: project, timeout: 10_000 }), /^ours\.yaml:3:10: error JIG5005 The policy file 'pipe\.yaml' is a FIFO/m);
    symlinkSync(secret, join(project, 'base.yaml'));
    ours('base.yaml');
    expectRefused(runJig(['check', '.'], { cwd: project }), /^ours\.yaml:3:10: error JIG5009 The policy file 'base\.yaml' leads to /m);
    ours('/etc/passwd');
    expectRefused(runJig(['check', '.'], { cwd: project }), /^ours\.yaml:3:10: error JIG5008 /m);
  });
});

describe('jig.yaml itself', () => {
  it('is refused, shown nowhere, when it is a link to a file outside', () => {
    const { project } = repository();
    symlinkSync('/etc/passwd', join(project, 'jig.yaml'));
    const run = runJig(['check', '.'], { cwd: project });
    expectRefused(run, /^jig\.yaml:1:1: error JIG5008 The project file 'jig\.yaml' leads to '\/etc\/passwd', which is not a \.yaml or \.yml file; it was not read\.$/m);
    // No code frame: the line after the diagnostic is the summary's blank line.
    expect(run.stdout).toMatch(/it was not read\.\n\n1 error/);
  });

  it('is refused when it is a FIFO, rather than passed over for another', () => {
    const { project } = repository();
    execFileSync('mkfifo', [join(project, 'jig.yaml')]);
    expectRefused(runJig(['check', '.'], { cwd: project, timeout: 10_000 }), /^jig\.yaml:1:1: error JIG5005 The project file 'jig\.yaml' is a FIFO/m);
  });

  it('is refused when it is not UTF-8 text, with the JSON output too', () => {
    const { project } = repository({ 'proj/jig.yaml': Buffer.from('target: caf\xe9\n', 'latin1') });
    const run = runJig(['check', '.', '--format', 'json'], { cwd: project });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).diagnostics).toEqual([
      expect.objectContaining({ file: 'jig.yaml', line: 1, column: 1, code: 'JIG5007' }),
    ]);
  });
});

describe('the output folder jig.yaml names', () => {
  it('is refused, with nothing written, when it lies outside the repository or in .git, links followed', () => {
    const { root, project } = repository();
    const built = (out: string) => {
      writeFileSync(join(project, 'jig.yaml'), `out: ${out}\n`);
      return runJig(['build', '.'], { cwd: project });
    };
    const refused = (out: string, where: RegExp) => {
      const run = built(out);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(where);
      expect(existsSync(join(root, 'outside'))).toBe(false);
    };
    refused(join(root, 'outside'), /names as `out` lies outside the project and its repository; nothing was written/);
    refused('../../outside', /lies outside the project and its repository/);
    refused('../.git/hooks', /lies inside the repository's \.git folder/);
    symlinkSync(root, join(project, 'up'));
    refused('up/outside', /lies outside the project and its repository/);
    // Inside the repository, a new folder or the project's own: written.
    expect(built('../built').status).toBe(0);
    expect(existsSync(join(project, '../built/tell_accounting.json'))).toBe(true);
    expect(built('.').status).toBe(0);
    // --out is the caller's own choice.
    expect(runJig(['build', '.', '--out', join(root, 'outside')], { cwd: project }).status).toBe(0);
  });
});

describe("the output folder's manifest", () => {
  it('removes no file that a link inside the folder leads out of it to, whatever the manifest says', () => {
    const { root, project } = repository({ 'proj/jig.yaml': 'out: build\n' });
    mkdirSync(join(root, 'victim'));
    writeFileSync(join(root, 'victim', 'keep.txt'), 'precious\n');
    mkdirSync(join(project, 'build'));
    symlinkSync(join(root, 'victim'), join(project, 'build', 'lnk'));
    const sha256 = createHash('sha256').update('precious\n').digest('hex');
    writeFileSync(join(project, 'build', '.jig-manifest'), JSON.stringify({ version: 1, files: { 'lnk/keep.txt': { source: 'gone.jig', sha256 } } }));
    expect(runJig(['build', '.'], { cwd: project }).status).toBe(0);
    expect(existsSync(join(root, 'victim', 'keep.txt'))).toBe(true);
  });
});

describe('a test file, and the source it names', () => {
  const testFile = (source: string) => `source: ${source}\ntests:\n  - name: posts\n    trigger: { body: { topic: x } }\n`;

  it('are refused, shown nowhere and without waiting, when they are devices, FIFOs or links outside the repository', () => {
    const { root, project, secret } = repository();
    writeFileSync(join(root, 'outside.json'), '{ "password": "hunter2-never-shown" }\n');
    writeFileSync(join(project, 'f.test.yaml'), testFile('../../outside.json'));
    symlinkSync('/etc/passwd', join(project, 'a.test.yaml'));
    const linked = runJig(['test', '.'], { cwd: project });
    expect(linked.stdout).toMatch(/^a\.test\.yaml:1:1: error JIG5008 The test file 'a\.test\.yaml' leads to '\/etc\/passwd'/m);
    expect(linked.stdout).not.toMatch(/root:x?:0:0/);
    writeFileSync(join(project, 'b.test.yaml'), testFile('/dev/zero'));
    execFileSync('mkfifo', [join(project, 'pipe.json')]);
    writeFileSync(join(project, 'c.test.yaml'), testFile('pipe.json'));
    symlinkSync(secret, join(project, 'secret.json'));
    writeFileSync(join(project, 'd.test.yaml'), testFile('secret.json'));
    writeFileSync(join(project, 'e.test.yaml'), testFile('/etc/passwd'));
    const run = runJig(['test', '.'], { cwd: project, timeout: 10_000 });
    expect(run.stdout + run.stderr).not.toMatch(/hunter2|root:x?:0:0/);
    expect(run.stdout).toMatch(/The source '\/dev\/zero' is a FIFO, a device or a socket, not a regular file; it was not read\./);
    expect(run.stdout).toMatch(/The source 'pipe\.json' is a FIFO, a device or a socket/);
    expect(run.stdout).toMatch(/The source 'secret\.json' leads to '[^']*secret\.yaml', which is not a \.jig or \.json file/);
    expect(run.stdout).toMatch(/The source '\/etc\/passwd' is not a \.jig or \.json file/);
    expect(run.stdout).toMatch(/The source '\.\.\/\.\.\/outside\.json' lies outside the project and its repository/);
  });
});

describe('a policy file named on the command line', () => {
  it('is a usage error when it is a device, a FIFO or a link outside its folder and repository', () => {
    const { project, secret } = repository();
    execFileSync('mkfifo', [join(project, 'pipe.yaml')]);
    symlinkSync(secret, join(project, 'linked.yaml'));
    const device = runJig(['check', '.', '--policy', '/dev/zero'], { cwd: project, timeout: 10_000 });
    expectRefused(device, /^jig check: The policy file '\/dev\/zero' is not a \.yaml or \.yml file; it was not read\.$/m);
    expectRefused(runJig(['check', '.', '--policy', 'pipe.yaml'], { cwd: project, timeout: 10_000 }), /jig check: The policy file 'pipe\.yaml' is a FIFO/);
    expectRefused(runJig(['check', '.', '--policy', 'linked.yaml'], { cwd: project }), /jig check: The policy file 'linked\.yaml' leads to .*secret\.yaml', which lies outside/);
    expectRefused(runJig(['policy', 'check', 'linked.yaml'], { cwd: project }), /jig policy: The policy file 'linked\.yaml' leads to /);
    expectRefused(runJig(['policy', 'show', '--policy', 'pipe.yaml'], { cwd: project, timeout: 10_000 }), /jig policy: The policy file 'pipe\.yaml' is a FIFO/);
  });
});

describe('a source file', () => {
  it('larger than the limit is refused from its size, with the other files still checked', () => {
    const cwd = scratchProject({ 'big.jig': `// ${'x'.repeat(11 * 1024 * 1024)}\n`, 'a.jig': validFlow });
    const run = runJig(['check', '.', '--format', 'json'], { cwd });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`)).toEqual(['big.jig JIG0003']);
  });
});
