/**
 * The JSON Schema of a Jig type, as the Request trigger and Parse JSON take it: records are objects
 * whose non-optional fields are required, so that the service itself refuses a malformed body. An
 * optional value may also be `null` (Parse JSON fails on a null where the schema says `string`),
 * except a field written `NAME?: T`, which may be left out but is a T when given.
 *
 * A type that holds itself (`next: Node?`, `children: Node[]`) is written out to where it comes
 * back, and there as any object: the schemas Jig writes have no references, so written in full
 * it would never end.
 */
import type { RecordType, Type } from '../semantics/types.js';
import type { Json } from './builders.js';

export function schemaOfType(type: Type, enclosing = new Set<RecordType>()): Json {
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'string':
          return { type: 'string' };
        case 'number':
          return { type: 'number' };
        case 'integer':
          return { type: 'integer' };
        case 'boolean':
          return { type: 'boolean' };
        case 'datetime':
          return { type: 'string', format: 'date-time' };
      }
      break;
    case 'secret':
      return { type: 'string' };
    case 'array':
      return { type: 'array', items: schemaOfType(type.element, enclosing) };
    case 'optional':
      return nullable(schemaOfType(type.inner, enclosing));
    case 'record': {
      if (enclosing.has(type)) return { type: 'object' };
      enclosing.add(type);
      const properties: Record<string, Json> = {};
      const required: string[] = [];
      for (const field of type.fields.values()) {
        // `NAME?: T` may be left out, but a value given must be a T.
        properties[field.name] = schemaOfType(field.neverNull && field.type.kind === 'optional' ? field.type.inner : field.type, enclosing);
        if (field.type.kind !== 'optional') required.push(field.name);
      }
      enclosing.delete(type);
      return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
    }
    case 'null':
      return { type: 'null' };
    case 'any':
    case 'error':
      return {};
  }
}

function nullable(schema: Json): Json {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const record = schema as Record<string, Json>;
  if (typeof record.type !== 'string') return schema;
  return { ...record, type: [record.type, 'null'] };
}
