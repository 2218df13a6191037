/**
 * JSON schemas (of a Request trigger) → Jig types. An object schema with properties becomes a
 * record type declaration, named after where it was found; a field's data category is left out
 * (a hole: `jig check` asks for it, JIG2009). A schema Jig's types cannot say (validation
 * keywords, a property name that is not a Jig name, a required field that may be null) gives no
 * type, and the caller leaves the body untyped.
 *
 * As emit/schema-of-type.ts writes schemas: `string`…`boolean` for `"type"`, `NAME?: T` for a
 * field outside `required`, `T?` for one of type `["T", "null"]` (outside `required`), `T[]` for
 * `items`; a schema that says nothing gives no type (Jig has no `any`), nor one with properties
 * but no `"type": "object"`: JSON Schema applies `properties` only to an object and accepts any
 * other value, which no record says (Jig's record writes the type, and would refuse the rest).
 */
import { isObject, type JsonObject } from './wdl.js';
import { Names, pascalName } from './jig-text.js';

const PRIMITIVES: Readonly<Record<string, string>> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
};

/** Keywords that describe a schema without changing what it accepts. */
const ANNOTATIONS = new Set(['description', 'title', '$schema', 'examples', 'default', '$comment']);

export interface TypeDeclaration {
  readonly name: string;
  readonly text: string;
}

/** The record types found so far in one workflow, deduplicated by their text. */
export class TypeCollector {
  readonly declarations: TypeDeclaration[] = [];
  private readonly byBody = new Map<string, string>();

  constructor(private readonly names: Names) {}

  /** The Jig type of `schema`, declaring the records it needs; undefined when Jig cannot say it exactly. */
  typeOf(schema: unknown, hint: string): string | undefined {
    // Jig has no type for "anything": a schema that says nothing gives no type.
    if (!isObject(schema) || meaningfulKeys(schema).length === 0) return undefined;
    const type = schema.type;
    const nullable = Array.isArray(type) && type.length === 2 && type.includes('null');
    const base = nullable ? (type as unknown[]).find((t) => t !== 'null') : type;
    const inner = this.baseType(schema, base, hint);
    if (inner === undefined) return undefined;
    return nullable ? `${inner}?` : inner;
  }

  private baseType(schema: JsonObject, type: unknown, hint: string): string | undefined {
    const keys = meaningfulKeys(schema);
    if (typeof type === 'string' && PRIMITIVES[type]) return keys.every((key) => key === 'type') ? PRIMITIVES[type] : undefined;
    if (type === 'array') {
      if (!keys.every((key) => key === 'type' || key === 'items')) return undefined;
      const element = this.typeOf(schema.items, singular(hint));
      // `T?[]` would read as an optional array: an array of optional elements needs parentheses Jig lacks.
      return element === undefined || element.endsWith('?') ? undefined : `${element}[]`;
    }
    if (type === 'object') {
      if (!keys.every((key) => key === 'type' || key === 'properties' || key === 'required')) return undefined;
      if (!isObject(schema.properties) || Object.keys(schema.properties).length === 0) return undefined;
      return this.record(schema.properties, schema.required, hint);
    }
    return undefined;
  }

  private record(properties: JsonObject, required: unknown, hint: string): string | undefined {
    if (required !== undefined && !(Array.isArray(required) && required.every((name) => typeof name === 'string' && name in properties))) return undefined;
    const mustHave = new Set((required as string[] | undefined) ?? []);
    const fields: string[] = [];
    for (const [name, property] of Object.entries(properties)) {
      const type = this.typeOf(property, name);
      if (type === undefined) return undefined;
      const nullable = type.endsWith('?');
      // A required field that may be null has no Jig type: `T?` fields are never required.
      if (nullable && mustHave.has(name)) return undefined;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
      // Left out of `required` but not nullable: it may be missing, but is never null.
      const mayBeLeftOut = !mustHave.has(name) && !nullable;
      fields.push(`  ${name}${mayBeLeftOut ? '?' : ''}: ${type}`);
    }
    const body = fields.join('\n');
    const known = this.byBody.get(body);
    if (known) return known;
    const name = this.names.take(pascalName(hint));
    this.byBody.set(body, name);
    this.declarations.push({ name, text: `type ${name} {\n${body}\n}` });
    return name;
  }
}

function meaningfulKeys(schema: JsonObject): string[] {
  return Object.keys(schema).filter((key) => !ANNOTATIONS.has(key));
}

function singular(name: string): string {
  if (/ies$/i.test(name)) return `${name.slice(0, -3)}y`;
  if (/[^s]s$/i.test(name)) return name.slice(0, -1);
  return `${name}Item`;
}
