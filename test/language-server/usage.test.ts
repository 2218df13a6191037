/** `jig-language-server` run by hand: its usage, never the library's stack trace. */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, serverBin } from './harness.js';

const run = (args: string[]) => spawnSync(process.execPath, [serverBin, ...args], { encoding: 'utf8', timeout: 20_000, input: '' });

beforeAll(() => ensureBuilt());

describe('jig-language-server without a transport', () => {
  it('prints its usage with --help and exits 0', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: jig-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME');
    expect(result.stderr).toBe('');
  });

  it.each([[[]], [['--verbose']]])('says that no transport was given (%j), with its usage, and exits 2', (args) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('jig-language-server: no transport given.');
    expect(result.stderr).toContain('Usage: jig-language-server');
    expect(result.stderr).not.toMatch(/\bat \S+ \(|Connection input stream/);
  });
});
