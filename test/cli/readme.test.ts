/**
 * The README's diagnostics table is generated from the catalogue, and its list of the functions
 * jig run supports from the engine's function library. Run with JIG_UPDATE_README=1 to regenerate
 * them; otherwise the test fails when the README and the code disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { catalogue } from '../../compiler/src/diagnostics/catalogue.js';
import { allFunctions } from '../../compiler/src/engine/index.js';
import { repoRoot } from './run-cli.js';


function table(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = [...catalogue.values()].map(
    (entry) => `| ${entry.code} | \`${entry.name}\` | ${entry.severity} | ${escape(entry.title)} |`,
  );
  return ['| Code | Name | Severity | What it reports |', '|---|---|---|---|', ...rows].join('\n');
}

const FAMILIES: [string, string][] = [
  ['string', 'String'],
  ['collection', 'Collection'],
  ['logical', 'Logical comparison'],
  ['conversion', 'Conversion'],
  ['math', 'Math'],
  ['date', 'Date and time'],
  ['workflow', 'Workflow'],
  ['uri', 'URI parsing'],
  ['manipulation', 'Manipulation'],
];

function functionTable(): string {
  const rows = FAMILIES.map(([family, title]) => {
    const functions = allFunctions.filter((fn) => fn.family === family);
    const supported = functions.filter((fn) => !fn.notSupported).map((fn) => `\`${fn.name}\``);
    const missing = functions.filter((fn) => fn.notSupported).map((fn) => `\`${fn.name}\` (${fn.notSupported})`);
    return `| ${title} | ${supported.join(', ')} | ${missing.join('; ') || '—'} |`;
  });
  return ['| family | supported | not supported by jig run |', '|---|---|---|', ...rows].join('\n');
}

/** Replaces what stands between a section's markers; fails, or rewrites with JIG_UPDATE_README. */
function checkGenerated(name: string, content: string): void {
  const path = join(repoRoot, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const startMarker = `<!-- ${name}:start -->`;
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const expected = `${readme.slice(0, start + startMarker.length)}\n${content}\n${readme.slice(end)}`;
  if (process.env.JIG_UPDATE_README) {
    writeFileSync(path, expected);
    return;
  }
  expect(readme).toBe(expected);
}

it('the README lists every diagnostic of the catalogue', () => checkGenerated('diagnostics-table', table()));

it("the README lists every function of jig run's engine", () => checkGenerated('engine-functions', functionTable()));
