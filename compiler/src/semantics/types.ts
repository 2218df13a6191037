/**
 * Jig's types. Records are nominal (declared with `type`) or structural (a record literal); a
 * field's categories belong to the field, so reading `invoice.amount` yields the categories of
 * `amount` only, while reading `invoice` whole yields every category of its fields.
 */
import type { FieldDecl, TypeDecl } from '../syntax/tree.js';

export type PrimitiveName = 'string' | 'number' | 'integer' | 'boolean' | 'datetime';

export type Type =
  | PrimitiveType
  | SecretType
  | ArrayType
  | OptionalType
  | RecordType
  | NullType
  | AnyType
  | ErrorType;

export interface PrimitiveType {
  readonly kind: 'primitive';
  readonly name: PrimitiveName;
}

/** `secret`: a string that is never inlined, never logged (a securestring parameter). */
export interface SecretType {
  readonly kind: 'secret';
}

export interface ArrayType {
  readonly kind: 'array';
  readonly element: Type;
}

export interface OptionalType {
  readonly kind: 'optional';
  readonly inner: Type;
}

export interface RecordFieldType {
  readonly name: string;
  readonly type: Type;
  /** The categories the field itself carries (for a record-typed field: none of its own). */
  readonly categories: readonly string[];
  /** The declaration, for hover and go-to-definition (absent for built-in and literal records). */
  readonly declaration?: FieldDecl;
  readonly doc?: string;
  /** For a field of a source that mixes business and personal accounts (`Mail`): that source, whose categories it carries. */
  readonly mixedSource?: { readonly id: string; readonly description: string; readonly categories: readonly string[] };
  /** `@subject(KIND)`: the field identifies the data subjects of KIND in stored documents (§6). */
  readonly subject?: string;
  /**
   * Written `NAME?: T`: the field may be left out but is never null. Its type is still `T?` (a
   * field left out reads as null), so only the schema a record becomes tells the two apart.
   */
  readonly neverNull?: true;
}

export interface RecordType {
  readonly kind: 'record';
  /** The declared name (`Invoice`), the built-in name (`Mail`), or undefined for a literal record. */
  readonly name?: string;
  readonly fields: ReadonlyMap<string, RecordFieldType>;
  readonly declaration?: TypeDecl;
}

/** The type of `null`: assignable to any optional type. */
export interface NullType {
  readonly kind: 'null';
}

/** An untyped JSON value (an HTTP response without `returns`, a child flow's result). */
export interface AnyType {
  readonly kind: 'any';
}

/** The type of an expression that already has an error: it never produces a second diagnostic. */
export interface ErrorType {
  readonly kind: 'error';
}

export const STRING: PrimitiveType = { kind: 'primitive', name: 'string' };
export const NUMBER: PrimitiveType = { kind: 'primitive', name: 'number' };
export const INTEGER: PrimitiveType = { kind: 'primitive', name: 'integer' };
export const BOOLEAN: PrimitiveType = { kind: 'primitive', name: 'boolean' };
export const DATETIME: PrimitiveType = { kind: 'primitive', name: 'datetime' };
export const SECRET: SecretType = { kind: 'secret' };
export const NULL: NullType = { kind: 'null' };
export const ANY: AnyType = { kind: 'any' };
export const ERROR: ErrorType = { kind: 'error' };

export const arrayOf = (element: Type): ArrayType => ({ kind: 'array', element });
export const optionalOf = (inner: Type): OptionalType =>
  inner.kind === 'optional' ? inner : { kind: 'optional', inner };

/** How a type is written in Jig (`Invoice[]`, `string?`, `{ a: number }`). */
export function typeToString(type: Type): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'secret':
      return 'secret';
    case 'array': {
      const element = typeToString(type.element);
      return type.element.kind === 'optional' ? `(${element})[]` : `${element}[]`;
    }
    case 'optional':
      return `${typeToString(type.inner)}?`;
    case 'record':
      return type.name ?? `{ ${[...type.fields.values()].map((f) => `${f.name}: ${typeToString(f.type)}`).join(', ')} }`;
    case 'null':
      return 'null';
    case 'any':
      return 'any';
    case 'error':
      return 'unknown';
  }
}
