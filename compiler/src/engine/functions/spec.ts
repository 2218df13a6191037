/**
 * How a function of the template language is declared: its arity, its family (as Microsoft's
 * reference groups them), and either a value function (values in, value out; the result carries
 * the union of what its arguments carried unless `label` says otherwise) or a traced one that
 * reads the run and returns a value with its categories.
 */
import { ExpressionError } from '../errors.js';
import type { RuntimeState } from '../expressions/runtime-state.js';
import type { Label, Traced } from '../tracing/labels.js';
import { isInteger, isNumber, isObject, numberOf, typeOf, type Value, type ValueObject } from '../values.js';

export type Family = 'string' | 'collection' | 'logical' | 'conversion' | 'math' | 'date' | 'workflow' | 'uri' | 'manipulation';

export interface FunctionSpec {
  readonly name: string;
  readonly family: Family;
  readonly min: number;
  readonly max: number;
  readonly run?: (args: Value[], state: RuntimeState, name: string) => Value;
  /** What the result carries, when not every category of every argument. */
  readonly label?: (args: readonly Traced[], result: Value) => Label;
  readonly traced?: (args: readonly Traced[], state: RuntimeState, name: string) => Traced;
  /** Set for a function jig run does not implement: why (evaluating it is an explicit error). */
  readonly notSupported?: string;
}

export function define(family: Family, name: string, min: number, max: number, run: FunctionSpec['run'], label?: FunctionSpec['label']): FunctionSpec {
  return { name, family, min, max, run, ...(label && { label }) };
}

export function unsupported(family: Family, name: string, why: string): FunctionSpec {
  return { name, family, min: 0, max: Infinity, notSupported: why };
}

function ordinal(index: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth'][index] ?? `${index + 1}th`;
}

export function typeError(name: string, index: number, expected: string, value: Value): ExpressionError {
  return new ExpressionError(
    `The template language function '${name}' expects its ${ordinal(index)} parameter to be ${expected}. The provided value is of type '${typeOf(value)}'.`,
  );
}

export function stringArg(name: string, args: readonly Value[], index: number): string {
  const value = args[index] ?? null;
  if (typeof value !== 'string') throw typeError(name, index, 'a string', value);
  return value;
}

export function optionalStringArg(name: string, args: readonly Value[], index: number): string | undefined {
  return args.length > index && args[index] !== null ? stringArg(name, args, index) : undefined;
}

export function integerArg(name: string, args: readonly Value[], index: number): number {
  const value = args[index] ?? null;
  if (!isInteger(value)) throw typeError(name, index, 'an integer', value);
  return numberOf(value);
}

export function numberArg(name: string, args: readonly Value[], index: number): number {
  const value = args[index] ?? null;
  if (!isNumber(value)) throw typeError(name, index, 'an integer or a float', value);
  return numberOf(value);
}

export function booleanArg(name: string, args: readonly Value[], index: number): boolean {
  const value = args[index] ?? null;
  if (typeof value !== 'boolean') throw typeError(name, index, 'a Boolean', value);
  return value;
}

export function arrayArg(name: string, args: readonly Value[], index: number): Value[] {
  const value = args[index] ?? null;
  if (!Array.isArray(value)) throw typeError(name, index, 'an array', value);
  return value;
}

export function objectArg(name: string, args: readonly Value[], index: number): ValueObject {
  const value = args[index] ?? null;
  if (!isObject(value)) throw typeError(name, index, 'an object', value);
  return value;
}
