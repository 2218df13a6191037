/**
 * What the build bakes into the CLI for its start-up: the V8 code cache it records
 * (compiler/bin/start-cli.cjs), without which the CLI still starts, and the embedded policy's
 * value, parsed when bundling.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from './run-cli.js';

/** Runs `jig --version` through startCli and reports whether V8 took the cache. */
function startVersion(startCli: string): { status: number | null; stdout: string; stderr: string } {
  const script = [
    `import { startCli } from ${JSON.stringify(pathToFileURL(startCli).href)};`,
    `process.argv = [process.argv[0], 'jig', '--version'];`,
    `const script = startCli();`,
    `process.on('exit', () => process.stderr.write('cache rejected: ' + script.cachedDataRejected + '\\n'));`,
  ].join('\n');
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
}

describe('the code cache of the CLI', () => {
  let copy: string;
  beforeAll(() => {
    ensureBuilt();
    copy = mkdtempSync(join(tmpdir(), 'jig-code-cache-'));
    cpSync(join(repoRoot, 'compiler', 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(repoRoot, 'compiler', 'dist', 'cli.cjs'), join(copy, 'dist', 'cli.cjs'));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('is recorded by the build and taken by V8', () => {
    const run = startVersion(join(repoRoot, 'compiler', 'bin', 'start-cli.cjs'));
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run.stderr).toContain('cache rejected: false');
  });

  it('is not needed: without it the CLI compiles its bundle as usual', () => {
    const run = startVersion(join(copy, 'bin', 'start-cli.cjs'));
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run.stderr).toContain('cache rejected: undefined');
  });

  it('is rejected, not trusted, when it does not fit the bundle', () => {
    writeFileSync(join(copy, 'dist', 'cli.cjs.cache'), Buffer.from('not a code cache'));
    const run = startVersion(join(copy, 'bin', 'start-cli.cjs'));
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run.stderr).toContain('cache rejected: true');
  });
});

describe('the embedded policy in the bundle', () => {
  it('is the policy parsed from jigajob.policy.yaml at run time (it is parsed once, when bundling)', async () => {
    ensureBuilt();
    const { loadEmbeddedPolicy } = await import('../../compiler/src/policy/load.js');
    const { policyToJson } = await import('../../compiler/src/cli/commands/policy.js');
    const run = spawnSync(process.execPath, [join(repoRoot, 'compiler', 'bin', 'jig.cjs'), 'policy', 'show', '--format', 'json'], {
      cwd: tmpdir(),
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(policyToJson(loadEmbeddedPolicy()))));
  });
});

describe('what the bundle loads at its first use', () => {
  it('reads the Public Suffix List (tldts) when a jig.yaml wildcard needs it', () => {
    const project = mkdtempSync(join(tmpdir(), 'jig-lazy-tldts-'));
    try {
      ensureBuilt();
      writeFileSync(join(project, 'jig.yaml'), 'resources:\n  hosts: ["*.contoso.co.uk", "*.co.uk", "*.github.io"]\n');
      writeFileSync(join(project, 'a.jig'), '');
      const run = spawnSync(process.execPath, [join(repoRoot, 'compiler', 'bin', 'jig.cjs'), 'check', project], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      const refused = run.stdout.split('\n').filter((line) => line.includes('JIG5002'));
      expect(refused).toHaveLength(2);
      expect(refused[0]).toContain("('*.co.uk') is a wildcard over co.uk");
      expect(refused[1]).toContain("('*.github.io') is a wildcard over github.io");
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
