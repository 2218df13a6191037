/**
 * The README's diagnostics table is generated from the catalogue, and its list of the functions
 * jig run supports from the engine's function library. Run with JIG_UPDATE_README=1 to regenerate
 * them; otherwise the test fails when the README and the code disagree. Its command reference is
 * written by hand and compared with what each command's --help prints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../compiler/src/diagnostics/catalogue.js';
import { allFunctions } from '../../compiler/src/engine/index.js';
import { ensureBuilt, repoRoot, runJig } from './run-cli.js';


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

/** The synopsis lines of a --help text: `Usage: jig …` and the `       jig …` lines under it. */
function synopsisOf(help: string): string[] {
  const lines = help.split('\n');
  const first = lines.findIndex((line) => line.startsWith('Usage: '));
  const synopsis = [lines[first]!.slice('Usage: '.length)];
  for (const line of lines.slice(first + 1)) {
    if (!/^ {7}jig /.test(line)) break;
    synopsis.push(line.trim());
  }
  return synopsis;
}

describe("the README's command reference", () => {
  beforeAll(() => ensureBuilt());

  it("is each command's --help synopsis, every command and every option", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /^## CLI\n\n```\n([\s\S]*?)\n```/m.exec(readme)?.[1];
    expect(block).toBeDefined();
    const documented = block!.split('\n').filter((line) => line !== 'jig --help | --version');

    const overview = runJig(['--help']);
    expect(overview.status).toBe(0);
    const commands = [...overview.stdout.matchAll(/^ {2}([a-z]+) {2,}\S/gm)].map((match) => match[1]!);
    expect(commands.length).toBeGreaterThanOrEqual(10);

    const fromHelp: string[] = [];
    for (const name of commands) {
      const help = runJig([name, '--help']);
      expect(help.status, name).toBe(0);
      const synopsis = synopsisOf(help.stdout);
      fromHelp.push(...synopsis);
      // Every option the help lists appears in the synopsis, so the README names it too.
      const options = [...(help.stdout.split('\nOptions:\n')[1] ?? '').matchAll(/--([a-z-]+)/g)].map((match) => match[1]!);
      for (const option of options.filter((option) => option !== 'help')) {
        expect(synopsis.join(' '), `jig ${name} --${option}`).toContain(`--${option}`);
      }
    }
    expect([...documented].sort()).toEqual([...fromHelp].sort());
  }, 120_000);
});
