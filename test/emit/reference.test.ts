/**
 * Every workflow the emitter writes for the fixtures must pass the reference checks: the WDL
 * schema (ajv, draft-07) and the service's save rules (save_rules.py).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';
import { atPointer, emitText } from './helpers.js';

const fixtures = join(import.meta.dirname, '../fixtures/emit');
const files = readdirSync(fixtures).filter((name) => name.endsWith('.jig')).sort();

const emitted = files.map((file) => ({ file, ...emitText(readFileSync(join(fixtures, file), 'utf8'), file) }));

describe('emitted workflows pass the reference checks', () => {
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const { file, workflows, diagnostics } of emitted) {
    describe(file, () => {
      it('emits without errors', () => {
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(workflows.length).toBeGreaterThan(0);
      });

      for (const workflow of workflows) {
        it(`${workflow.name}: the WDL schema accepts it`, () => {
          expect(referenceSchemaErrors(workflow.definition)).toEqual([]);
        });
      }
    });
  }

  it('save_rules.py finds nothing in any of them', () => {
    const all = emitted.flatMap(({ workflows }) =>
      workflows.map((w) => ({ name: w.name, json: { definition: w.definition, parameters: w.parameterValues } })),
    );
    expect(saveRuleFindings(all)).toEqual([]);
  });
});

describe('pointers', () => {
  it('lead from every step and trigger to an action or trigger of the definition', () => {
    let count = 0;
    for (const { workflows } of emitted) {
      for (const workflow of workflows) {
        for (const [node, pointer] of workflow.pointers) {
          const target = atPointer(workflow.definition, pointer) as { type?: string } | undefined;
          expect(target?.type, `${workflow.name}: ${node.kind} → ${pointer}`).toBeTypeOf('string');
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(40);
  });

  it('lead from every child flow call to its Workflow action, and every Workflow action is one', () => {
    let count = 0;
    for (const { workflows } of emitted) {
      for (const workflow of workflows) {
        const workflowActions = JSON.stringify(workflow.definition).split('"type":"Workflow"').length - 1;
        expect(workflow.childFlowActions.size, workflow.name).toBe(workflowActions);
        for (const [pointer, flow] of workflow.childFlowActions) {
          const target = atPointer(workflow.definition, pointer) as { type?: string; inputs?: { host?: { workflow?: { id?: string } } } };
          expect(target.type).toBe('Workflow');
          expect(target.inputs?.host?.workflow?.id).toBe(`@parameters('workflowId_${flow}')`);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  it('emitting the same file twice gives the same bytes', () => {
    for (const file of files) {
      const text = readFileSync(join(fixtures, file), 'utf8');
      const once = JSON.stringify(emitText(text, file).workflows.map((w) => [w.definition, w.parameterValues]));
      const twice = JSON.stringify(emitText(text, file).workflows.map((w) => [w.definition, w.parameterValues]));
      expect(twice).toBe(once);
    }
  });
});
