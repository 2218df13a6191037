/**
 * The .jig fixtures of test/fixtures/policy: each states what the checker must report in header
 * lines `// expect: CODE LINE:COL §SECTION [waived]`, and a clean one expects nothing at all (no
 * warning either). A fixture is checked against fixtures.policy.yaml (JigAjob plus two processors)
 * unless a `// policy: embedded` line asks for the bare JigAjob policy.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import type { Diagnostic } from '../../compiler/src/diagnostics/diagnostic.js';
import { fixtureProject, fixtures, policyFor } from './helpers.js';

const project = fixtureProject();

function compileFixture(path: string) {
  const text = readFileSync(path, 'utf8');
  const policy = policyFor(text);
  const compilation = compileText(path, text, { policy, project });
  const expected = [...text.matchAll(/^\/\/ expect: (.+)$/gm)].map((match) => match[1]!.trim()).sort();
  const describe = (d: Diagnostic) => {
    const { line, character } = compilation.source.positionAt(d.range.start);
    return [d.code, `${line + 1}:${character + 1}`, d.policy ? `§${d.policy.section}` : '', d.waived ? 'waived' : '']
      .filter(Boolean)
      .join(' ');
  };
  return { compilation, expected, actual: compilation.diagnostics.map(describe).sort() };
}

const list = (folder: string) =>
  readdirSync(join(fixtures, folder))
    .filter((name) => name.endsWith('.jig'))
    .map((name) => join(fixtures, folder, name));

describe('clean fixtures stay clean', () => {
  test.each(list('clean'))('%s', (path) => {
    const { actual, expected, compilation } = compileFixture(path);
    expect(actual).toEqual(expected);
    expect(compilation.hasErrors).toBe(false);
  });
});

describe('each violation fixture reports exactly what it expects', () => {
  test.each(list('violations'))('%s', (path) => {
    const { actual, expected, compilation } = compileFixture(path);
    expect(expected.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
    expect(compilation.hasErrors || compilation.diagnostics.some((d) => d.severity === 'warning')).toBe(true);
  });
});

test('every section of the policy has at least two violation fixtures, §7 aside', () => {
  const sections = new Map<string, number>();
  for (const path of list('violations')) {
    for (const section of new Set(compileFixture(path).expected.map((e) => /§(\d+)/.exec(e)?.[1]).filter(Boolean))) {
      sections.set(section!, (sections.get(section!) ?? 0) + 1);
    }
  }
  // §7 (regions) is a deployment setting, not part of a .jig file: regions.test.ts covers it.
  for (const section of ['1', '2', '3', '4', '5', '6', '8', '9', '10']) expect(sections.get(section), `§${section}`).toBeGreaterThanOrEqual(2);
});
