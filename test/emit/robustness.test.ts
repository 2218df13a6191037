/**
 * Emission of every variant of the fixtures that still checks cleanly (one line removed at a time):
 * it never throws, and what it emits passes the reference checks. Removing a line moves steps,
 * drops declarations and empties blocks, which reaches corners hand-written cases miss.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import type { EmittedWorkflow } from '../../compiler/src/emit/workflow.js';
import { referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';
import { emitFixtureProject, policy } from './helpers.js';

const fixtures = join(import.meta.dirname, '../fixtures/emit');

describe('emission of fixture variants', () => {
  it('never throws, and every clean variant passes the schema and save_rules.py', () => {
    const emitted: EmittedWorkflow[] = [];
    let clean = 0;
    for (const file of readdirSync(fixtures).filter((name) => name.endsWith('.jig'))) {
      const lines = readFileSync(join(fixtures, file), 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const text = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
        const compilation = compileText(file, text, { policy, project: emitFixtureProject });
        if (compilation.hasErrors) continue;
        const result = compilation.emit();
        if (result.diagnostics.some((d) => d.severity === 'error')) continue;
        clean++;
        for (const workflow of result.workflows) {
          expect(referenceSchemaErrors(workflow.definition), `${file} without line ${i + 1}`).toEqual([]);
          emitted.push(workflow);
        }
      }
    }
    expect(clean).toBeGreaterThan(20);
    const files = emitted.map((w, i) => ({ name: `${i}-${w.name}`, json: { definition: w.definition, parameters: w.parameterValues } }));
    expect(saveRuleFindings(files)).toEqual([]);
  });
});
