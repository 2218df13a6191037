/**
 * The README's diagnostics table is generated from the catalogue. Run with JIG_UPDATE_README=1 to
 * regenerate it; otherwise the test fails when the table and the catalogue disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { catalogue } from '../../compiler/src/diagnostics/catalogue.js';
import { repoRoot } from './run-cli.js';

const START = '<!-- diagnostics-table:start -->';
const END = '<!-- diagnostics-table:end -->';

function table(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = [...catalogue.values()].map(
    (entry) => `| ${entry.code} | \`${entry.name}\` | ${entry.severity} | ${escape(entry.title)} |`,
  );
  return ['| Code | Name | Severity | What it reports |', '|---|---|---|---|', ...rows].join('\n');
}

it('the README lists every diagnostic of the catalogue', () => {
  const path = join(repoRoot, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const expected = `${readme.slice(0, start + START.length)}\n${table()}\n${readme.slice(end)}`;
  if (process.env.JIG_UPDATE_README) {
    writeFileSync(path, expected);
    return;
  }
  expect(readme).toBe(expected);
});
