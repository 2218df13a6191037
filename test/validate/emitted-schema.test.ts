/**
 * Jig's own output schema against what the emitter really writes: a sample with every step of the
 * language passes it in every target, and the schema is closed where Microsoft's is open.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import type { EmittedWorkflow } from '../../compiler/src/emit/workflow.js';
import { renderTarget, TARGETS } from '../../compiler/src/emit/targets/index.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { validateEmitted } from '../../compiler/src/validate/index.js';
import { referenceSchemaErrors, saveRuleFindings } from './reference-checks.js';
import { emitFixtureProject } from '../emit/helpers.js';

const fixture = new URL('./fixtures/every_construct.jig', import.meta.url);
let workflows: readonly EmittedWorkflow[] = [];

beforeAll(() => {
  const compilation = compileText('every_construct.jig', readFileSync(fixture, 'utf8'), { policy: loadEmbeddedPolicy(), project: emitFixtureProject });
  // Information aside: the fixture's declassification (the status service's answer holds no secret) is one of its constructs.
  expect(compilation.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  const emitted = compilation.emit();
  expect(emitted.diagnostics).toEqual([]);
  workflows = emitted.workflows;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const usedTypes = (definition: Json): Set<string> => {
  const types = new Set<string>();
  JSON.stringify(definition, (key, value) => {
    if (key === 'type' && typeof value === 'string' && /^[A-Z]/.test(value)) types.add(value);
    return value;
  });
  return types;
};

describe('the emitted sample with every construct', () => {
  it('uses the action types the schema describes', () => {
    const types = new Set(workflows.flatMap((workflow) => [...usedTypes(workflow.definition)]));
    for (const type of ['InitializeVariable', 'SetVariable', 'IncrementVariable', 'DecrementVariable',
      'AppendToArrayVariable', 'AppendToStringVariable', 'ApiConnection', 'Http', 'ParseJson', 'Query', 'Select',
      'If', 'Foreach', 'Switch', 'Until', 'Scope', 'Wait', 'Response', 'Terminate', 'Workflow', 'Request']) {
      expect(types, type).toContain(type);
    }
  });

  for (const target of TARGETS) {
    it(`passes Jig's own schema as ${target} output`, () => {
      expect(validateEmitted(renderTarget(target, workflows, { location: 'eastus' })).map((d) => d.message)).toEqual([]);
    });
  }

  it('passes the reference schema and the save rules', () => {
    for (const workflow of workflows) expect(referenceSchemaErrors(workflow.definition)).toEqual([]);
    const files = renderTarget('consumption', workflows).map((file) => ({ name: file.path, json: JSON.parse(file.content) }));
    expect(saveRuleFindings(files)).toEqual([]);
  });
});

describe("Jig's schema is closed where the reference schema is open", () => {
  const mutate = (edit: (definition: Json) => void) => {
    const workflow = workflows[0]!;
    const definition = structuredClone(workflow.definition) as Json;
    edit(definition);
    return { definition, findings: validateEmitted(renderTarget('consumption', [{ ...workflow, definition }])) };
  };
  const firstOfType = (definition: Json, type: string): Json => {
    let found: Json;
    JSON.stringify(definition, (_key, value) => {
      if (!found && value && typeof value === 'object' && value.type === type) found = value;
      return value;
    });
    return found;
  };

  const cases: Record<string, (definition: Json) => void> = {
    'an unknown member of the policy stamp': (d) => (d.metadata.jig.note = 'x'),
    // Spaces, apostrophes and brackets, which designers write, are kept on raw actions; a colon is not.
    'an action name with a colon': (d) => (d.actions['Note: it'] = { type: 'Compose', inputs: 'x' }),
    'a second trigger': (d) => (d.triggers.again = d.triggers.manual),
    'a connection not reached through $connections': (d) =>
      (firstOfType(d, 'ApiConnection').inputs.host.connection.name = '/subscriptions/s/connections/x'),
    'an untracked policy stamp': (d) => delete d.metadata.jig.policy,
  };

  for (const [name, edit] of Object.entries(cases)) {
    it(`rejects ${name}, which the reference schema accepts`, () => {
      const { definition, findings } = mutate(edit);
      expect(referenceSchemaErrors(definition)).toEqual([]);
      expect(findings.map((d) => d.code)).toEqual(['JIG4150']);
    });
  }
});
