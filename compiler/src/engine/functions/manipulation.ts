/** Manipulation functions: properties of JSON objects, `coalesce`, and the sum and count of `xpath`. */
import { ExpressionError } from '../errors.js';
import { Label } from '../tracing/labels.js';
import { float, objectOf, propertyOf } from '../values.js';
import { base64Utf8, isBinaryContent } from './conversion-core.js';
import { define, objectArg, stringArg, typeError, type FunctionSpec } from './spec.js';
import { evaluateXpath } from './xml.js';

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
  // The result of sum() and count() is an XPath number: a double.
  define('manipulation', 'xpath', 2, 2, (args, _s, name) => {
    const xml = args[0]!;
    const text = isBinaryContent(xml) ? base64Utf8(xml.$content, name) : typeof xml === 'string' ? xml : undefined;
    if (text === undefined) throw typeError(name, 0, 'XML', xml);
    return float(evaluateXpath(text, stringArg(name, args, 1)));
  }),
];
