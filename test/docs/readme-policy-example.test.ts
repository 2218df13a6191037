/**
 * The README shows one violation fixture and the output `jig check` gives it. This keeps both the
 * shown source and the shown output equal to what the fixture and the real CLI say today.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { ensureBuilt, repoRoot, runJig } from '../cli/run-cli.js';

const fixtureFolder = join(repoRoot, 'test', 'fixtures', 'policy', 'violations');
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### What a policy error looks like'), readme.indexOf('## Language reference'));

function fencedBlock(language: string): string {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  if (!match) throw new Error(`the README example has no \`\`\`${language} block`);
  return match[1]!;
}

beforeAll(ensureBuilt);

test('the README shows the fixture as it is', () => {
  expect(fencedBlock('jig')).toBe(readFileSync(join(fixtureFolder, 's03-no-share.jig'), 'utf8'));
});

test('the README shows the output jig check gives it, and the exit code it names', () => {
  const run = runJig(['check', 's03-no-share.jig'], { cwd: fixtureFolder, env: { NO_COLOR: '1' } });
  expect(run.status).toBe(1);
  expect(section).toContain('exits with 1');
  expect(fencedBlock('text')).toBe(run.stdout);
});

test('the README shows the policy member --format json gives the finding, every member of it', () => {
  const run = runJig(['check', 's03-no-share.jig', '--format', 'json'], { cwd: fixtureFolder });
  const actual = JSON.parse(run.stdout).diagnostics[0].policy as Record<string, string>;
  const written = /`("policy":\{[^`]*\})`/.exec(section.replace(/\n/g, ' '));
  expect(written).not.toBeNull();
  const shown = JSON.parse(`{${written![1]}}`).policy as Record<string, string>;
  expect(Object.keys(shown)).toEqual(Object.keys(actual));
  for (const [key, value] of Object.entries(shown)) {
    // `…` ends a value the README shortens.
    if (value.endsWith('…')) expect(actual[key]).toMatch(new RegExp(`^${value.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    else expect(actual[key]).toBe(value);
  }
});
