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
});
