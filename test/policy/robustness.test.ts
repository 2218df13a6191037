/** Broken and half-typed files (what an editor sends on every keystroke) never make the policy stages throw. */
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import { buildDataMap } from '../../compiler/src/report/datamap.js';
import { renderHtml } from '../../compiler/src/report/html.js';
import { renderMarkdown } from '../../compiler/src/report/markdown.js';
import { loadPolicy } from '../../compiler/src/policy/load.js';
import { embeddedPolicyText } from '../../compiler/src/policy/load.js';
import { fixtures, loadPolicyFile } from './helpers.js';

const policy = loadPolicyFile(join(fixtures, 'fixtures.policy.yaml')).policy!;
const sources = ['clean', 'violations'].flatMap((folder) =>
  readdirSync(join(fixtures, folder)).filter((n) => n.endsWith('.jig')).map((n) => readFileSync(join(fixtures, folder, n), 'utf8')),
);

test('every prefix and every cut-out span of the fixtures is checked and mapped without throwing', () => {
  fc.assert(
    fc.property(fc.constantFrom(...sources), fc.nat(), fc.nat(), fc.string({ maxLength: 8 }), (text, a, b, inserted) => {
      const start = a % (text.length + 1);
      const end = start + (b % Math.max(1, Math.min(40, text.length - start + 1)));
      const mutated = text.slice(0, start) + inserted + text.slice(end);
      const compilation = compileText('fuzz.jig', mutated, { policy });
      // The parser and the binder have their own robustness tests; this one is about the policy stages.
      let earlierStagesRan = true;
      try {
        void compilation.model;
      } catch {
        earlierStagesRan = false;
      }
      fc.pre(earlierStagesRan);
      expect(Array.isArray(compilation.policyResult.diagnostics)).toBe(true);
      const map = buildDataMap([compilation]);
      renderMarkdown(map);
      renderHtml(map);
    }),
    { numRuns: 300, seed: 20231827 },
  );
});

test('every prefix of the JigAjob policy file is loaded or refused without throwing', () => {
  for (let end = 0; end <= embeddedPolicyText.length; end += 97) {
    const result = loadPolicy(embeddedPolicyText.slice(0, end), 'prefix.yaml');
    expect(result.policy !== undefined || result.diagnostics.length > 0).toBe(true);
  }
});
