/**
 * The data map tells the privacy officer what the checker judged: for every policy fixture, each
 * category and each host that a sharing finding names (JIG3301 third party, JIG3302 processor,
 * JIG3901 minors) is among what the map says that flow sends or stores. A check that judges a new
 * kind of destination and a map that does not list it fail here.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import { buildDataMap } from '../../compiler/src/report/datamap.js';
import { fixtureProject, fixtures, policyFor } from './helpers.js';

const project = fixtureProject();
const SHARING = ['JIG3301', 'JIG3302', 'JIG3901'];

const violations = readdirSync(join(fixtures, 'violations')).filter((name) => name.endsWith('.jig'));

describe('the data map lists what each sharing finding names', () => {
  test.each(violations)('%s', (name) => {
    const path = join(fixtures, 'violations', name);
    const text = readFileSync(path, 'utf8');
    const policy = policyFor(text);
    const compilation = compileText(path, text, { policy, project });
    const map = buildDataMap([compilation], fixtures);
    const unlisted: string[] = [];
    for (const finding of compilation.diagnostics.filter((diagnostic) => SHARING.includes(diagnostic.code))) {
      const data = compilation.policyResult.flows.find(({ flow }) => finding.range.start >= flow.range.start && finding.range.end <= flow.range.end)!;
      const entry = map.flows.find((flow) => flow.name === data.flow.name.name)!;
      const quoted = [...finding.message.matchAll(/'([\w.-]+)'/g)].map((match) => match[1]!);
      const listed = [...entry.sends.flatMap((send) => send.categories), ...entry.stores.flatMap((store) => store.categories)];
      const places = [...entry.sends.map((send) => send.destination), ...entry.stores.map((store) => `${store.store} ${store.location}`)].join(' | ');
      for (const word of quoted) {
        if (policy.categories.has(word)) {
          if (!listed.some((category) => category === word || category.startsWith(`${word}.`) || word.startsWith(`${category}.`))) unlisted.push(`${finding.code} category ${word}`);
        } else if (word.includes('.') && !places.includes(word)) {
          unlisted.push(`${finding.code} host ${word}`);
        }
      }
    }
    expect(unlisted).toEqual([]);
  });
});
