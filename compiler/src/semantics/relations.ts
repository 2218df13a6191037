/**
 * How Jig types relate. The rules, in one place so that the checker, the builtins table and the
 * language server agree:
 * - `any` (an untyped JSON value) and `error` (already reported) fit everywhere, both ways, so one
 *   mistake never produces a second diagnostic and untyped HTTP results stay usable.
 * - `integer` widens to `number`; a `datetime` is an ISO 8601 string in JSON, so it may be used as
 *   a `string` (not the reverse: a string is not known to be a valid timestamp).
 * - `T` fits `T?`, and `null` fits every optional type; `T?` never fits `T` (unwrap with coalesce).
 * - Arrays are covariant (they are values, never mutated in place through another type).
 * - Declared records are nominal: an `Invoice` fits only `Invoice`. A record literal (structural)
 *   fits a declared record when it has every required field and no other, each of a fitting type.
 * - `secret` fits only `secret`: a secret never turns into a plain string.
 */
import type { RecordFieldType, RecordType, Type } from './types.js';
import { BOOLEAN, DATETIME, INTEGER, NUMBER, STRING, arrayOf, optionalOf } from './types.js';

export const PRIMITIVES: ReadonlyMap<string, Type> = new Map<string, Type>([
  ['string', STRING],
  ['number', NUMBER],
  ['integer', INTEGER],
  ['boolean', BOOLEAN],
  ['datetime', DATETIME],
]);

export const isUnknown = (type: Type): boolean => type.kind === 'any' || type.kind === 'error';

export const stripOptional = (type: Type): Type => (type.kind === 'optional' ? type.inner : type);

/** The record each document a store writes has: the value's, or each element's of a list. */
export function storedRecord(type: Type): RecordType | undefined {
  const stored = stripOptional(type);
  const bare = stored.kind === 'array' ? stripOptional(stored.element) : stored;
  return bare.kind === 'record' ? bare : undefined;
}

/**
 * The fields that tell whom a record (or each record of a list) is about, as §5 counts a group's
 * members: those marked `@subject(KIND)` that carry a category `identifying` says names a business
 * or a person (an invoice's number marked as its subject names no one, and would count records).
 */
export function subjectFieldsOf(type: Type, identifying: (category: string) => boolean): readonly string[] {
  const record = storedRecord(type);
  if (!record) return [];
  return [...record.fields.values()].filter((field) => field.subject !== undefined && field.categories.some(identifying)).map((field) => field.name);
}

export const isNumeric = (type: Type): boolean =>
  type.kind === 'primitive' && (type.name === 'integer' || type.name === 'number');

export const isStringLike = (type: Type): boolean =>
  type.kind === 'primitive' && (type.name === 'string' || type.name === 'datetime');

export const isBoolean = (type: Type): boolean => type.kind === 'primitive' && type.name === 'boolean';

export function isAssignable(from: Type, to: Type): boolean {
  if (isUnknown(from) || isUnknown(to)) return true;
  if (to.kind === 'optional') {
    if (from.kind === 'null') return true;
    return isAssignable(stripOptional(from), to.inner);
  }
  switch (from.kind) {
    case 'primitive':
      if (to.kind !== 'primitive') return false;
      return (
        from.name === to.name ||
        (from.name === 'integer' && to.name === 'number') ||
        (from.name === 'datetime' && to.name === 'string')
      );
    case 'secret':
      return to.kind === 'secret';
    case 'array':
      return to.kind === 'array' && isAssignable(from.element, to.element);
    case 'record':
      return to.kind === 'record' && isRecordAssignable(from, to);
    case 'null':
      // The null literal's type is its own: `null == null` compares two values of one type.
      return to.kind === 'null';
    case 'optional':
      return false;
  }
  return false;
}

function isRecordAssignable(from: RecordType, to: RecordType): boolean {
  if (from === to) return true;
  if (from.name !== undefined && to.name !== undefined) return from.name === to.name;
  for (const [name, field] of to.fields) {
    const given = from.fields.get(name);
    if (!given) {
      if (field.type.kind !== 'optional') return false;
      continue;
    }
    if (!isAssignable(given.type, givenType(field))) return false;
  }
  for (const name of from.fields.keys()) if (!to.fields.has(name)) return false;
  return true;
}

/** What a record literal may give a field: a field written `NAME?: T` may be left out, but what is given must be a T. */
export function givenType(field: RecordFieldType): Type {
  return field.neverNull && field.type.kind === 'optional' ? field.type.inner : field.type;
}

/** Whether a value of this type holds a secret anywhere inside it. */
export function containsSecret(type: Type, seen?: Set<RecordType>): boolean {
  switch (type.kind) {
    case 'secret':
      return true;
    case 'array':
      return containsSecret(type.element, seen);
    case 'optional':
      return containsSecret(type.inner, seen);
    case 'record':
      // The set is made only once a record is met: every value leaving a flow is asked this.
      if (seen?.has(type)) return false;
      (seen ??= new Set()).add(type);
      for (const field of type.fields.values()) if (containsSecret(field.type, seen)) return true;
      return false;
    default:
      return false;
  }
}

/**
 * The type both values fit (for array literal elements and coalesce arguments), or undefined when
 * there is none: `integer` and `number` join to `number`, `null` and `T` to `T?`.
 */
export function joinTypes(a: Type, b: Type): Type | undefined {
  if (a.kind === 'error' || b.kind === 'error') return a.kind === 'error' ? b : a;
  if (a.kind === 'null') return b.kind === 'null' ? a : optionalOf(b);
  if (b.kind === 'null') return optionalOf(a);
  if (isAssignable(a, b) && !isUnknown(b)) return b;
  if (isAssignable(b, a) && !isUnknown(a)) return a;
  if (a.kind === 'any' || b.kind === 'any') return a.kind === 'any' ? a : b;
  // A JSON array holds values of any shape (Logic Apps' arrays are untyped): record literals of
  // different fields, and lists of them, join field by field.
  if (a.kind === 'record' && b.kind === 'record' && a.name === undefined && b.name === undefined) return joinRecordLiterals(a, b);
  if (a.kind === 'array' && b.kind === 'array') {
    const element = joinTypes(a.element, b.element);
    return element && arrayOf(element);
  }
  if (a.kind !== 'optional' && b.kind !== 'optional') return undefined;
  const joined = joinTypes(stripOptional(a), stripOptional(b));
  return joined && optionalOf(joined);
}

/**
 * The record both of two record literals fit: a field both have is of the type both its values
 * fit (its categories those of either), one that only one has may be absent (`T?`). Undefined when
 * a field's two types join to none. Declared records stay nominal: they never join so.
 */
function joinRecordLiterals(a: RecordType, b: RecordType): RecordType | undefined {
  const fields = new Map<string, RecordFieldType>();
  for (const name of new Set([...a.fields.keys(), ...b.fields.keys()])) {
    const [left, right] = [a.fields.get(name), b.fields.get(name)];
    if (left && right) {
      const type = joinTypes(left.type, right.type);
      if (!type) return undefined;
      fields.set(name, type === left.type && right.categories.every((c) => left.categories.includes(c)) ? left : { ...left, type, categories: [...new Set([...left.categories, ...right.categories])] });
    } else {
      const field = (left ?? right)!;
      fields.set(name, field.type.kind === 'optional' || isUnknown(field.type) ? field : { ...field, type: optionalOf(field.type) });
    }
  }
  return { kind: 'record', fields };
}
