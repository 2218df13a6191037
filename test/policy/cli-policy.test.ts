import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { command } from '../../compiler/src/cli/commands/policy.js';
import { UsageError } from '../../compiler/src/cli/command.js';
import { fixtures, repoRoot } from './helpers.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await command.run({
    args,
    cwd: repoRoot,
    env: { NO_COLOR: '1' },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('jig policy show', () => {
  test('groups the rules by section, with their quotes', async () => {
    const { code, stdout } = await run('show');
    expect(code).toBe(0);
    expect(stdout).toContain('§3 Data Sharing\n  JIG3301 s03-sharing (error)\n    "We do not share your data with any third parties');
    expect(stdout).toContain('§7 Geographic Operations\n  JIG3701 s07-regions (warning, waivable)');
    expect(stdout).toContain('personal.minor [identifying; secure in run history; kept at most 30 days (provisional)]');
    expect(stdout.indexOf('§9 ')).toBeLessThan(stdout.indexOf('§10 '));
  });

  test('shows a policy file with what it extends', async () => {
    const { code, stdout } = await run('show', '--policy', 'examples/policy/jigajob-examples.policy.yaml');
    expect(code).toBe(0);
    expect(stdout).toContain('policy jigajob-examples 2023-08-27');
    expect(stdout).toContain('approvals_inc at approvals.example.com, *.approvals.example.com: may receive business.transaction');
  });

  test('as JSON', async () => {
    const { stdout } = await run('show', '--format', 'json');
    const json = JSON.parse(stdout);
    expect(json.rules['s09-minors']).toMatchObject({ code: 'JIG3901', section: '9', waivable: false });
    expect(json.minimumGroupSize).toBe(5);
  });
});

describe('jig policy check', () => {
  test('a valid file exits 0', async () => {
    const { code, stdout } = await run('check', 'examples/policy/jigajob-examples.policy.yaml');
    expect(code).toBe(0);
    expect(stdout).toMatch(/policy jigajob-examples 2023-08-27 is valid/);
  });

  test('a broken file exits 2 with file:line:col', async () => {
    const { code, stdout } = await run('check', join(fixtures, 'loader/wrong-type.policy.yaml'));
    expect(code).toBe(2);
    expect(stdout).toMatch(/wrong-type\.policy\.yaml:4:19/);
    expect(stdout).toContain('JIG3952');
  });

  test('a missing file or action is a usage error', async () => {
    await expect(run('check', 'nowhere.yaml')).rejects.toThrow(UsageError);
    await expect(run('frobnicate')).rejects.toThrow(/unknown action 'frobnicate'/);
    await expect(run()).rejects.toThrow(/no action given/);
  });
});

test('jig policy schema prints the JSON Schema', async () => {
  const { code, stdout } = await run('schema');
  expect(code).toBe(0);
  expect(JSON.parse(stdout).title).toBe('Jig privacy policy');
});
