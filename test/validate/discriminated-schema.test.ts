/**
 * The validator `jig build` runs on every output is compiled from workflow.schema.json rewritten
 * so that Ajv picks an action's (a trigger's) schema by its `type` instead of trying every `if`
 * (scripts/build-time-modules.mjs, discriminatedSchema). It must accept exactly what the schema as
 * written accepts: compared here on the emitted sample with every construct and on mutants of it
 * (an operation's type changed to another's, to one Jig never writes or to a non-text, removed; a
 * property added or removed), of which both verdicts must occur.
 */
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discriminatedSchema } from '../../scripts/build-time-modules.mjs';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import schemaOptions from '../../compiler/src/validate/schema-options.json' with { type: 'json' };
import schema from '../../compiler/src/validate/workflow.schema.json' with { type: 'json' };
import { emitFixtureProject } from '../emit/helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const asWritten = new Ajv(schemaOptions.workflow).compile(schema);
const discriminated = new Ajv({ ...schemaOptions.workflow, discriminator: true }).compile(discriminatedSchema(schema));

let definitions: Json[] = [];

beforeAll(() => {
  const fixture = new URL('./fixtures/every_construct.jig', import.meta.url);
  const compilation = compileText('every_construct.jig', readFileSync(fixture, 'utf8'), { policy: loadEmbeddedPolicy(), project: emitFixtureProject });
  definitions = compilation.emit().workflows.map((workflow) => JSON.parse(JSON.stringify(workflow.definition)));
  expect(definitions.length).toBeGreaterThan(0);
});

/** Every action and trigger of a definition, nested ones included. */
function operations(value: Json, found: Json[] = []): Json[] {
  if (value === null || typeof value !== 'object') return found;
  for (const [key, member] of Object.entries(value)) {
    if ((key === 'actions' || key === 'triggers') && member && typeof member === 'object' && !Array.isArray(member)) found.push(...Object.values(member));
    operations(member, found);
  }
  return found;
}

const TYPES = [
  ...schema.definitions.action.properties.type.enum,
  ...schema.definitions.trigger.properties.type.enum,
  'compose',
  'Responze',
  '',
  3,
  null,
  ['Http'],
  {},
];

type Mutation =
  | { kind: 'retype'; type: unknown }
  | { kind: 'untype' }
  | { kind: 'add'; key: string }
  | { kind: 'remove'; index: number }
  | { kind: 'swap'; other: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...TYPES).map((type) => ({ kind: 'retype', type }) as const),
  fc.constant({ kind: 'untype' } as const),
  fc.constantFrom('inputs', 'runAfter', 'extra', 'expression', 'recurrence').map((key) => ({ kind: 'add', key }) as const),
  fc.nat().map((index) => ({ kind: 'remove', index }) as const),
  fc.nat().map((other) => ({ kind: 'swap', other }) as const),
);

function mutate(definition: Json, target: number, change: Mutation): Json {
  const copy = JSON.parse(JSON.stringify(definition));
  const all = operations(copy);
  const operation = all[target % all.length];
  if (change.kind === 'retype') operation.type = change.type;
  else if (change.kind === 'untype') delete operation.type;
  else if (change.kind === 'add') operation[change.key] = operation[change.key] === undefined ? {} : undefined;
  else if (change.kind === 'remove') {
    const keys = Object.keys(operation).filter((key) => key !== 'type');
    if (keys.length > 0) delete operation[keys[change.index % keys.length]];
  } else {
    const other = all[change.other % all.length];
    [operation.type, other.type] = [other.type, operation.type];
  }
  return copy;
}

describe('the discriminated output schema', () => {
  it('rewrites the operations and the triggers, keeping their tags', () => {
    const rewritten = discriminatedSchema(schema).definitions;
    for (const name of ['action', 'trigger'] as const) {
      expect(rewritten[name]).toMatchObject({ discriminator: { propertyName: 'type' }, properties: schema.definitions[name].properties });
      expect(rewritten[name]).not.toHaveProperty('allOf');
      expect((rewritten[name] as Json).oneOf).toHaveLength(schema.definitions[name].allOf.length);
    }
  });

  it('accepts the emitted sample, as the schema does', () => {
    for (const definition of definitions) {
      expect(asWritten(definition)).toBe(true);
      expect(discriminated(definition)).toBe(true);
    }
  });

  it('accepts and refuses exactly what the schema accepts and refuses', () => {
    const verdicts = new Set<boolean>();
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, target, changes) => {
        let definition = definitions[which % definitions.length];
        changes.forEach((change, index) => (definition = mutate(definition, target + index, change)));
        const verdict = asWritten(definition);
        verdicts.add(verdict);
        expect(discriminated(definition)).toBe(verdict);
      }),
      { numRuns: 3000 },
    );
    expect([...verdicts].sort()).toEqual([false, true]);
  });
});
