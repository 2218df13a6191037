import { afterAll, describe, expect, it } from 'vitest';
import { schemaOfType } from '../../compiler/src/emit/schema-of-type.js';
import { expectAllEmittedValid } from './helpers.js';
import { runJig } from './run-helpers.js';
import { ANY, arrayOf, DATETIME, INTEGER, optionalOf, SECRET, STRING, type RecordType, type Type } from '../../compiler/src/semantics/types.js';

const record = (fields: [string, Type][]): RecordType => ({
  kind: 'record',
  name: 'R',
  fields: new Map(fields.map(([name, type]) => [name, { name, type, categories: [] }])),
});

describe('JSON schema of a type', () => {
  it('maps primitives; datetime is a date-time string; a secret is a string', () => {
    expect(schemaOfType(INTEGER)).toEqual({ type: 'integer' });
    expect(schemaOfType(DATETIME)).toEqual({ type: 'string', format: 'date-time' });
    expect(schemaOfType(SECRET)).toEqual({ type: 'string' });
    expect(schemaOfType(ANY)).toEqual({});
  });

  it('requires the non-optional fields of a record; optional values may be null', () => {
    expect(schemaOfType(record([['a', STRING], ['b', optionalOf(INTEGER)], ['c', arrayOf(record([['d', STRING]]))]]))).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { type: ['integer', 'null'] },
        c: { type: 'array', items: { type: 'object', properties: { d: { type: 'string' } }, required: ['d'] } },
      },
      required: ['a', 'c'],
    });
  });

  it('a field written `name?: T` is left out of required but is a T when given, not null', () => {
    const fields = new Map([
      ['nickname', { name: 'nickname', type: optionalOf(STRING), categories: [], neverNull: true as const }],
      ['age', { name: 'age', type: optionalOf(INTEGER), categories: [] }],
      ['id', { name: 'id', type: STRING, categories: [] }],
    ]);
    expect(schemaOfType({ kind: 'record', name: 'R', fields })).toEqual({
      type: 'object',
      properties: { nickname: { type: 'string' }, age: { type: ['integer', 'null'] }, id: { type: 'string' } },
      required: ['id'],
    });
  });

  it('a type that holds itself is written out to where it comes back, and there as any object', () => {
    const node: RecordType = { kind: 'record', name: 'Node', fields: new Map() };
    (node.fields as Map<string, { name: string; type: Type; categories: string[] }>).set('next', { name: 'next', type: optionalOf(node), categories: [] });
    (node.fields as Map<string, { name: string; type: Type; categories: string[] }>).set('id', { name: 'id', type: STRING, categories: [] });
    expect(schemaOfType(node)).toEqual({
      type: 'object',
      properties: { next: { type: ['object', 'null'] }, id: { type: 'string' } },
      required: ['id'],
    });
    // A record met twice side by side, not inside itself, is written out both times.
    const pair = record([['a', node], ['b', node]]);
    expect((schemaOfType(pair) as { properties: Record<string, unknown> }).properties.b).toEqual(schemaOfType(node));
  });

  // `jig check` passes a type that holds itself; `jig build` wrote nothing for it (JIG5090, "nests
  // too deeply"), as the schema of its trigger never ended.
  it('a flow that receives a tree builds, and its run takes a tree of any depth', () => {
    const record = runJig(
      `type Node {
  id:       string @business.other
  children: Node[]
}

@purpose(automation, "Store a tree")
@data(business.other)
@retain(30 days)
flow store_tree {
  trigger http post body Node
  store trigger.body in cosmos("jigajob", "trees")
  respond 200 body { first: trigger.body.children[0].children[0].id }
}
`,
      { trigger: { body: { id: 'a', children: [{ id: 'b', children: [{ id: 'c', children: [] }] }] } } },
    );
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ first: 'c' });
  });
});

afterAll(() => expectAllEmittedValid());
