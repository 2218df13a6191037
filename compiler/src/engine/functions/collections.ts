/** Collection functions over strings, arrays and (for some) objects. */
import { ExpressionError } from '../errors.js';
import { Label } from '../tracing/labels.js';
import { isNumber, isObject, numberOf, objectOf, propertyOf, typeOf, valuesEqual, type Value, type ValueObject } from '../values.js';
import { stringOf } from './conversion-core.js';
import { arrayArg, define, integerArg, stringArg, typeError, type FunctionSpec } from './spec.js';

function stringOrArray(name: string, args: readonly Value[], index: number): string | Value[] {
  const value = args[index] ?? null;
  if (typeof value === 'string' || Array.isArray(value)) return value;
  throw typeError(name, index, 'an array or a string', value);
}

function collections(name: string, args: readonly Value[]): { arrays?: Value[][]; objects?: ValueObject[] } {
  if (args.every(Array.isArray)) return { arrays: args as Value[][] };
  if (args.every(isObject)) return { objects: args as ValueObject[] };
  const bad = args.findIndex((arg) => !Array.isArray(arg) && !isObject(arg));
  throw bad >= 0
    ? typeError(name, bad, 'an array or an object', args[bad]!)
    : new ExpressionError(`The template language function '${name}' expects parameters that are all arrays or all objects.`);
}

function distinct(values: Iterable<Value>): Value[] {
  const out: Value[] = [];
  for (const value of values) if (!out.some((seen) => valuesEqual(seen, value))) out.push(value);
  return out;
}

/** The element of `items` that `first`/`last` return, and what it carries. */
function elementLabel(args: readonly { value: Value; label: Label }[], index: (length: number) => number): Label {
  const collection = args[0]!;
  return Array.isArray(collection.value) && collection.value.length > 0 ? collection.label.item(index(collection.value.length)) : collection.label;
}

function sortKey(name: string, value: Value, by: string | undefined): number | string {
  const key = by === undefined ? value : isObject(value) ? propertyOf(value, by).value : null;
  if (isNumber(key)) return numberOf(key);
  if (typeof key === 'string') return key;
  throw new ExpressionError(
    `The template language function '${name}' can sort only numbers or strings${by === undefined ? '' : ` (by '${by}')`}; found a value of type '${typeOf(key)}'.`,
  );
}

export const collectionFunctions: FunctionSpec[] = [
  define('collection', 'length', 1, 1, (args, _s, name) => stringOrArray(name, args, 0).length),
  define('collection', 'contains', 2, 2, (args, _s, name) => {
    const collection = args[0]!;
    const value = args[1]!;
    if (typeof collection === 'string') {
      if (typeof value !== 'string') throw typeError(name, 1, 'a string when the collection is a string', value);
      return collection.includes(value);
    }
    if (Array.isArray(collection)) return collection.some((item) => valuesEqual(item, value));
    if (isObject(collection)) {
      if (typeof value !== 'string') throw typeError(name, 1, 'a string when the collection is an object', value);
      return propertyOf(collection, value).found;
    }
    throw typeError(name, 0, 'an object, an array or a string', collection);
  }),
  define('collection', 'empty', 1, 1, (args, _s, name) => {
    const value = args[0]!;
    if (value === null) return true;
    if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
    if (isObject(value)) return Object.keys(value).length === 0;
    throw typeError(name, 0, 'an object, an array or a string', value);
  }),
  define(
    'collection',
    'first',
    1,
    1,
    (args, _s, name) => {
      const collection = stringOrArray(name, args, 0);
      return collection.length === 0 ? null : typeof collection === 'string' ? collection[0]! : collection[0]!;
    },
    (args) => elementLabel(args, () => 0),
  ),
  define(
    'collection',
    'last',
    1,
    1,
    (args, _s, name) => {
      const collection = stringOrArray(name, args, 0);
      return collection.length === 0 ? null : typeof collection === 'string' ? collection[collection.length - 1]! : collection[collection.length - 1]!;
    },
    (args) => elementLabel(args, (length) => length - 1),
  ),
  define('collection', 'intersection', 1, Infinity, (args, _s, name) => {
    const { arrays, objects } = collections(name, args);
    if (arrays) return distinct(arrays[0]!.filter((item) => arrays.every((array) => array.some((other) => valuesEqual(other, item)))));
    const all = objects!;
    const keys = Object.keys(all[0]!).filter((key) => all.every((object) => Object.hasOwn(object, key) && valuesEqual(object[key]!, all[0]![key]!)));
    return objectOf(keys.map((key) => [key, all[all.length - 1]![key]!]));
  }),
  define('collection', 'union', 1, Infinity, (args, _s, name) => {
    const { arrays, objects } = collections(name, args);
    if (arrays) return distinct(arrays.flat());
    const merged = new Map<string, Value>();
    for (const object of objects!) for (const [key, value] of Object.entries(object)) merged.set(key, value);
    return objectOf(merged);
  }),
  define('collection', 'join', 2, 2, (args, _s, name) => arrayArg(name, args, 0).map(stringOf).join(stringArg(name, args, 1))),
  define('collection', 'skip', 2, 2, (args, _s, name) => {
    const count = integerArg(name, args, 1);
    if (count < 0) throw new ExpressionError(`The template language function 'skip' expects a count of zero or more, not ${count}.`);
    return arrayArg(name, args, 0).slice(count);
  }),
  define('collection', 'take', 2, 2, (args, _s, name) => {
    const collection = stringOrArray(name, args, 0);
    const count = integerArg(name, args, 1);
    if (count < 0) throw new ExpressionError(`The template language function 'take' expects a count of zero or more, not ${count}.`);
    return collection.slice(0, count);
  }),
  define('collection', 'reverse', 1, 1, (args, _s, name) => [...arrayArg(name, args, 0)].reverse()),
  define('collection', 'sort', 1, 2, (args, _s, name) => {
    const items = arrayArg(name, args, 0);
    const by = args.length > 1 && args[1] !== null ? stringArg(name, args, 1) : undefined;
    const keyed = items.map((item) => ({ item, key: sortKey(name, item, by) }));
    if (new Set(keyed.map(({ key }) => typeof key)).size > 1) throw new ExpressionError(`The template language function 'sort' cannot sort a mix of numbers and strings.`);
    return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ item }) => item);
  }),
  define('collection', 'chunk', 2, 2, (args, _s, name) => {
    const collection = stringOrArray(name, args, 0);
    const size = integerArg(name, args, 1);
    if (size <= 0) throw new ExpressionError(`The template language function 'chunk' expects a chunk length greater than zero, not ${size}.`);
    const out: Value[] = [];
    for (let i = 0; i < collection.length; i += size) out.push(collection.slice(i, i + size));
    return out;
  }),
];
