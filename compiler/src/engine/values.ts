/**
 * The values workflow expressions compute with: JSON values, plus two boxes for the number
 * distinctions JSON cannot carry and the service keeps. `FloatNumber` is a float whose value is
 * integral (`mul(1.5, 2)` is the float 3, and `div` of it divides as floats); a JS number that is
 * not integral is always a float. `LargeInteger` is an integer beyond 2^53 (`ticks()`), kept exact
 * as the service's 64-bit integers are. Both serialize as plain JSON numbers.
 */
import { NotSupportedError } from './errors.js';

export class FloatNumber {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

export class LargeInteger {
  constructor(readonly value: bigint) {}
  toJSON(): number {
    return Number(this.value);
  }
}

export type Value = null | boolean | number | string | FloatNumber | LargeInteger | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

export type ValueType = 'Null' | 'Boolean' | 'Integer' | 'Float' | 'String' | 'Array' | 'Object';

/** The type name the service uses in its messages. */
export function typeOf(value: Value | undefined): ValueType {
  if (value === null || value === undefined) return 'Null';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (value instanceof FloatNumber) return 'Float';
  if (value instanceof LargeInteger) return 'Integer';
  if (Array.isArray(value)) return 'Array';
  return 'Object';
}

export function isNumber(value: Value | undefined): value is number | FloatNumber | LargeInteger {
  return typeof value === 'number' || value instanceof FloatNumber || value instanceof LargeInteger;
}

export function isInteger(value: Value | undefined): value is number | LargeInteger {
  return (typeof value === 'number' && Number.isInteger(value)) || value instanceof LargeInteger;
}

export function isObject(value: Value | undefined): value is ValueObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof FloatNumber) && !(value instanceof LargeInteger);
}

/** The number a numeric value stands for (a large integer rounded). */
export function numberOf(value: number | FloatNumber | LargeInteger): number {
  return typeof value === 'number' ? value : Number(value.value);
}

/** A float result: boxed when integral, so that it stays a float. */
export function float(value: number): number | FloatNumber {
  return Number.isInteger(value) ? new FloatNumber(value) : value;
}

/** An integer result, boxed when beyond the range a JS number holds exactly. */
export function integer(value: bigint): number | LargeInteger {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : new LargeInteger(value);
}

/** The service's integers: 64-bit, two's complement. */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * An integer the service computes (`add`, `sub`, `mul`, `div`, `mod`, IncrementVariable): its
 * integers are 64-bit, and what it does with a result beyond them (wrap, fail, turn to a float) is
 * not documented, so jig run stops and says so rather than give an exact value the service never
 * would. `what` says which computation, for the message.
 */
export function integer64(value: bigint, what: string): number | LargeInteger {
  if (value < INT64_MIN || value > INT64_MAX) throw new NotSupportedError('An integer beyond 64 bits', `${what} is ${value}; the service's integers are 64-bit and what it does beyond them is undocumented`);
  return integer(value);
}

/**
 * A float the service computes (`add`, `sub`, `mul`, `div`, `mod` of a float, IncrementVariable of
 * a Float variable): its floats are doubles, and what it does with a result past their range or no
 * number at all (an infinity, as .NET gives, written as JSON how; a failure) is not documented, so
 * jig run stops and says so rather than write null or `∞` where the service may not. `what` says
 * which computation, for the message.
 */
export function finiteFloat(value: number, what: string): number | FloatNumber {
  if (!Number.isFinite(value)) throw new NotSupportedError('A float beyond the range of doubles', `${what} is ${value}; what the service does with a float past the range of its doubles is undocumented`);
  return float(value);
}

export function bigintOf(value: number | LargeInteger): bigint {
  return typeof value === 'number' ? BigInt(value) : value.value;
}

/** A plain object from entries; `Object.fromEntries` defines keys, so `__proto__` stays data. */
export function objectOf(entries: Iterable<readonly [string, Value]>): ValueObject {
  return Object.fromEntries(entries) as ValueObject;
}

export function ownKeys(value: ValueObject): string[] {
  return Object.keys(value);
}

export function hasOwn(value: ValueObject, key: string): boolean {
  return Object.hasOwn(value, key);
}

/**
 * A property by name: the exact name first, else the one name that matches ignoring case, as the
 * service's template language selects properties. `matchedCase` tells a caller which it was.
 */
export function propertyOf(value: ValueObject, key: string): { found: boolean; value: Value; actualKey?: string } {
  if (Object.hasOwn(value, key)) return { found: true, value: value[key]! };
  const lower = key.toLowerCase();
  for (const candidate of Object.keys(value)) {
    if (candidate.toLowerCase() === lower) return { found: true, value: value[candidate]!, actualKey: candidate };
  }
  return { found: false, value: null };
}

/** A JSON value (from JSON.parse or YAML) as an engine value; undefined becomes null. */
export function fromJson(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return integer(value);
  if (value instanceof FloatNumber || value instanceof LargeInteger) return value;
  if (Array.isArray(value)) return value.map(fromJson);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return objectOf(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)]));
  return String(value);
}

/** The value as plain JSON (boxes unwrapped). */
export function toJson(value: Value): unknown {
  return JSON.parse(JSON.stringify(value) ?? 'null');
}

/**
 * Deep equality as `equals()` decides it: of the same type (an integer equals a float of the same
 * value; a string never equals a number or a Boolean), arrays element by element, objects key by key.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (isNumber(a) && isNumber(b)) {
    if (isInteger(a) && isInteger(b)) return bigintOf(a) === bigintOf(b);
    return numberOf(a) === numberOf(b);
  }
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => valuesEqual(item, b[index]!));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key]!, b[key]!));
}

/** A deep copy, so that a stored output is never changed through a later action's value. */
export function cloneValue(value: Value): Value {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isObject(value)) return objectOf(Object.entries(value).map(([k, v]) => [k, cloneValue(v)]));
  return value;
}
