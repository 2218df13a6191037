/** Manipulation functions: properties of JSON objects, `coalesce`; `xpath` is not supported. */
import { ExpressionError } from '../errors.js';
import { Label } from '../tracing/labels.js';
import { objectOf, propertyOf } from '../values.js';
import { define, objectArg, stringArg, unsupported, type FunctionSpec } from './spec.js';

/** The object's label with one field's label replaced (or removed). */
function withField(object: Label, key: string, value: Label | undefined): Label {
  const fields = new Map(object.fields ?? []);
  if (value) fields.set(key, value);
  else fields.delete(key);
  return Label.of(object.own, { fields, ...(object.rest && { rest: object.rest }) });
}

export const manipulationFunctions: FunctionSpec[] = [
  define(
    'manipulation',
    'addProperty',
    3,
    3,
    (args, _s, name) => {
      const object = objectArg(name, args, 0);
      const key = stringArg(name, args, 1);
      if (propertyOf(object, key).found) throw new ExpressionError(`The template language function 'addProperty' cannot add the property '${key}': the object already has it.`);
      return objectOf([...Object.entries(object), [key, args[2]!]]);
    },
    (args) => withField(args[0]!.label, String(args[1]!.value), args[2]!.label.plus(args[1]!.label.all())),
  ),
  define(
    'manipulation',
    'setProperty',
    3,
    3,
    (args, _s, name) => {
      const object = objectArg(name, args, 0);
      const key = stringArg(name, args, 1);
      const existing = propertyOf(object, key);
      const actual = existing.actualKey ?? key;
      if (!existing.found) return objectOf([...Object.entries(object), [key, args[2]!]]);
      return objectOf(Object.entries(object).map(([k, v]) => [k, k === actual ? args[2]! : v]));
    },
    (args) => withField(args[0]!.label, String(args[1]!.value), args[2]!.label.plus(args[1]!.label.all())),
  ),
  define(
    'manipulation',
    'removeProperty',
    2,
    2,
    (args, _s, name) => {
      const object = objectArg(name, args, 0);
      const key = stringArg(name, args, 1);
      const existing = propertyOf(object, key);
      if (!existing.found) return object;
      const actual = existing.actualKey ?? key;
      return objectOf(Object.entries(object).filter(([k]) => k !== actual));
    },
    (args) => withField(args[0]!.label, String(args[1]!.value), undefined),
  ),
  define(
    'manipulation',
    'coalesce',
    1,
    Infinity,
    (args) => args.find((arg) => arg !== null) ?? null,
    (args) => args.find((arg) => arg.value !== null)?.label ?? Label.EMPTY,
  ),
  unsupported('manipulation', 'xpath', 'jig run has no XPath engine'),
];
