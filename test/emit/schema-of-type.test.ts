import { describe, expect, it } from 'vitest';
import { schemaOfType } from '../../compiler/src/emit/schema-of-type.js';
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
});
