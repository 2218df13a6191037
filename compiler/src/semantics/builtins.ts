/**
 * The built-in functions of Jig: a typed table over Workflow Definition Language functions. The
 * checker reads it to type calls, the emitter to name the WDL function (`wdl`), and the language
 * server for completion, hover and signature help (`signatureOf`, `doc`).
 *
 * Parameter types are written as predicates (with a display form) because several WDL functions
 * are generic (`first` takes any array) or accept more than one type (`length` counts a string or
 * an array); the return type may depend on the argument types (`first(T[])` is a `T`).
 */
import type { Type } from './types.js';
import { ANY, BOOLEAN, DATETIME, INTEGER, NUMBER, STRING, arrayOf, optionalOf } from './types.js';
import { isAssignable, isNumeric, isUnknown, joinTypes, stripOptional } from './relations.js';

export interface BuiltinParameter {
  readonly name: string;
  /** How the type reads in signature help (`string`, `T[]`, `string | T[]`). */
  readonly display: string;
  readonly accepts: (type: Type) => boolean;
  /** May be left out (only trailing parameters are optional). */
  readonly optional?: boolean;
  /** Takes any number of further arguments of the same type (always the last parameter). */
  readonly rest?: boolean;
}

export interface BuiltinFunction {
  /** The Jig name (`toLower`). */
  readonly name: string;
  /** The Workflow Definition Language function it compiles to (`toLower`). */
  readonly wdl: string;
  readonly parameters: readonly BuiltinParameter[];
  /** How the return type reads in signature help. */
  readonly returnDisplay: string;
  /** The return type for the given (already checked) argument types. */
  readonly returns: (args: readonly Type[]) => Type;
  /** One line for hover and completion. */
  readonly doc: string;
}

const fits = (expected: Type) => (type: Type) => isAssignable(type, expected);
const anyValue = (type: Type) => type.kind !== 'secret';
const anyArray = (type: Type) => isUnknown(type) || type.kind === 'array';
const textOrArray = (type: Type) => anyArray(type) || isAssignable(type, STRING);
/**
 * What concat() joins: text, or a number or boolean, which the service writes as text; or null,
 * or a value that may be absent, which it writes as nothing (`concat('a', null)` is `'a'`).
 */
const textOrScalar = (type: Type) => {
  if (type.kind === 'null') return true;
  const bare = stripOptional(type);
  return isAssignable(bare, STRING) || isAssignable(bare, NUMBER) || isAssignable(bare, BOOLEAN);
};
const numberOrNumbers = (type: Type) => isAssignable(type, NUMBER) || isAssignable(type, arrayOf(NUMBER));

const param = (name: string, display: string, accepts: (type: Type) => boolean, extra: Partial<BuiltinParameter> = {}): BuiltinParameter => ({
  name,
  display,
  accepts,
  ...extra,
});
const text = (name: string, extra?: Partial<BuiltinParameter>) => param(name, 'string', fits(STRING), extra);
const whole = (name: string, extra?: Partial<BuiltinParameter>) => param(name, 'integer', fits(INTEGER), extra);
/**
 * A timestamp: a `datetime`, or text, which WDL's date functions read as one (a run's timestamps
 * are strings: a trigger's field, a service's answer); text that is no timestamp fails the call,
 * which the policy counts (control.ts).
 */
const timestamp = (name: string) => param(name, 'datetime | string', fits(STRING));
const format = param('format', 'string', fits(STRING), { optional: true });

const fixed = (type: Type) => () => type;

/** The element type of an array argument (`any` for an untyped value, a string's element is a string). */
function elementOf(type: Type): Type {
  const bare = stripOptional(type);
  if (bare.kind === 'array') return bare.element;
  if (bare.kind === 'primitive') return STRING;
  return ANY;
}

/** An element that an empty array (or string) does not have: WDL's first and last give null then. */
function elementOrNull(type: Type): Type {
  const element = elementOf(type);
  return element.kind === 'any' ? element : optionalOf(element);
}

/** `integer` when every number involved is an integer, else `number`. */
function numericResult(args: readonly Type[]): Type {
  const numbers = args.map((arg) => (stripOptional(arg).kind === 'array' ? elementOf(arg) : arg));
  return numbers.every((type) => isAssignable(type, INTEGER) && !isUnknown(type)) ? INTEGER : NUMBER;
}

/** `coalesce` returns the first non-null argument: non-optional as soon as one argument is. */
function coalesceResult(args: readonly Type[]): Type {
  let joined: Type | undefined;
  for (const arg of args) joined = joined ? (joinTypes(joined, stripOptional(arg)) ?? ANY) : stripOptional(arg);
  if (!joined || joined.kind === 'null') return ANY;
  return args.some((arg) => arg.kind !== 'optional' && arg.kind !== 'null') ? joined : optionalOf(joined);
}

function define(fn: BuiltinFunction): [string, BuiltinFunction] {
  return [fn.name, fn];
}

export const BUILTINS: ReadonlyMap<string, BuiltinFunction> = new Map([
  // Strings
  define({ name: 'length', wdl: 'length', parameters: [param('value', 'string | T[]', textOrArray)], returnDisplay: 'integer', returns: fixed(INTEGER), doc: 'The number of characters of a string or of elements of an array.' }),
  define({ name: 'concat', wdl: 'concat', parameters: [param('texts', 'string? | number? | boolean?', textOrScalar, { rest: true })], returnDisplay: 'string', returns: fixed(STRING), doc: 'Joins strings into one, in order; a number or a boolean is written as text (`concat("n", 1)` is `"n1"`), and null or an absent value as nothing (`concat("n", null)` is `"n"`), as the service does.' }),
  define({ name: 'toLower', wdl: 'toLower', parameters: [text('text')], returnDisplay: 'string', returns: fixed(STRING), doc: 'The string in lower case.' }),
  define({ name: 'toUpper', wdl: 'toUpper', parameters: [text('text')], returnDisplay: 'string', returns: fixed(STRING), doc: 'The string in upper case.' }),
  define({ name: 'trim', wdl: 'trim', parameters: [text('text')], returnDisplay: 'string', returns: fixed(STRING), doc: 'The string without leading and trailing white space.' }),
  define({ name: 'contains', wdl: 'contains', parameters: [param('collection', 'string | T[]', textOrArray), param('value', 'T', anyValue)], returnDisplay: 'boolean', returns: fixed(BOOLEAN), doc: 'Whether a string contains a substring, or an array an element.' }),
  define({ name: 'startsWith', wdl: 'startsWith', parameters: [text('text'), text('prefix')], returnDisplay: 'boolean', returns: fixed(BOOLEAN), doc: 'Whether a string starts with a prefix (case-insensitive, as in WDL).' }),
  define({ name: 'endsWith', wdl: 'endsWith', parameters: [text('text'), text('suffix')], returnDisplay: 'boolean', returns: fixed(BOOLEAN), doc: 'Whether a string ends with a suffix (case-insensitive, as in WDL).' }),
  define({ name: 'replace', wdl: 'replace', parameters: [text('text'), text('old'), text('new')], returnDisplay: 'string', returns: fixed(STRING), doc: 'The string with every occurrence of `old` replaced by `new` (case-sensitive).' }),
  define({ name: 'substring', wdl: 'substring', parameters: [text('text'), whole('start'), whole('length', { optional: true })], returnDisplay: 'string', returns: fixed(STRING), doc: 'The part of a string from `start` (0-based), `length` characters long or to the end.' }),
  define({ name: 'indexOf', wdl: 'indexOf', parameters: [text('text'), text('search')], returnDisplay: 'integer', returns: fixed(INTEGER), doc: 'The 0-based position of a substring (case-insensitive), or -1.' }),
  define({ name: 'split', wdl: 'split', parameters: [text('text'), text('separator')], returnDisplay: 'string[]', returns: fixed(arrayOf(STRING)), doc: 'The parts of a string between the separators.' }),
  define({ name: 'join', wdl: 'join', parameters: [param('items', 'T[]', anyArray), text('separator')], returnDisplay: 'string', returns: fixed(STRING), doc: 'The elements of an array joined into one string with a separator.' }),
  // Collections
  define({ name: 'first', wdl: 'first', parameters: [param('collection', 'T[] | string', textOrArray)], returnDisplay: 'T?', returns: ([arg]) => elementOrNull(arg ?? ANY), doc: 'The first element of an array (or first character of a string); null when it is empty.' }),
  define({ name: 'last', wdl: 'last', parameters: [param('collection', 'T[] | string', textOrArray)], returnDisplay: 'T?', returns: ([arg]) => elementOrNull(arg ?? ANY), doc: 'The last element of an array (or last character of a string); null when it is empty.' }),
  define({ name: 'empty', wdl: 'empty', parameters: [param('value', 'string | T[] | record', (type) => anyValue(type) && !isNumeric(stripOptional(type)))], returnDisplay: 'boolean', returns: fixed(BOOLEAN), doc: 'Whether a string, an array or a record is empty (or null).' }),
  define({ name: 'coalesce', wdl: 'coalesce', parameters: [param('values', 'T?', anyValue, { rest: true })], returnDisplay: 'T', returns: coalesceResult, doc: 'The first of its arguments that is not null.' }),
  define({ name: 'min', wdl: 'min', parameters: [param('values', 'number | number[]', numberOrNumbers, { rest: true })], returnDisplay: 'number', returns: numericResult, doc: 'The smallest of several numbers, or of an array of numbers.' }),
  define({ name: 'range', wdl: 'range', parameters: [param('start', 'integer', fits(INTEGER)), whole('count')], returnDisplay: 'integer[]', returns: fixed(arrayOf(INTEGER)), doc: 'The integers from `start`, `count` of them (`range(0, 3)` is `[0, 1, 2]`).' }),
  define({ name: 'skip', wdl: 'skip', parameters: [param('items', 'T[]', anyArray), whole('count')], returnDisplay: 'T[]', returns: ([arg]) => arrayOf(elementOf(arg ?? ANY)), doc: 'The array without its first `count` elements.' }),
  define({ name: 'take', wdl: 'take', parameters: [param('items', 'T[]', anyArray), whole('count')], returnDisplay: 'T[]', returns: ([arg]) => arrayOf(elementOf(arg ?? ANY)), doc: 'The first `count` elements of the array.' }),
  define({ name: 'union', wdl: 'union', parameters: [param('items', 'T[]', anyArray, { rest: true })], returnDisplay: 'T[]', returns: ([arg]) => arrayOf(elementOf(arg ?? ANY)), doc: 'The elements of the arrays, each once, in order.' }),
  define({ name: 'max', wdl: 'max', parameters: [param('values', 'number | number[]', numberOrNumbers, { rest: true })], returnDisplay: 'number', returns: numericResult, doc: 'The largest of several numbers, or of an array of numbers.' }),
  // Dates and times (timestamps are ISO 8601 strings in JSON)
  define({ name: 'utcNow', wdl: 'utcNow', parameters: [format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'The current time in UTC, optionally formatted.' }),
  define({ name: 'addDays', wdl: 'addDays', parameters: [timestamp('timestamp'), whole('days'), format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'A timestamp plus a number of days (negative to subtract).' }),
  define({ name: 'addHours', wdl: 'addHours', parameters: [timestamp('timestamp'), whole('hours'), format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'A timestamp plus a number of hours (negative to subtract).' }),
  define({ name: 'addMinutes', wdl: 'addMinutes', parameters: [timestamp('timestamp'), whole('minutes'), format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'A timestamp plus a number of minutes (negative to subtract).' }),
  define({ name: 'addSeconds', wdl: 'addSeconds', parameters: [timestamp('timestamp'), whole('seconds'), format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'A timestamp plus a number of seconds (negative to subtract).' }),
  define({ name: 'startOfDay', wdl: 'startOfDay', parameters: [timestamp('timestamp'), format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'Midnight at the start of the timestamp\'s day.' }),
  define({ name: 'convertToUtc', wdl: 'convertToUtc', parameters: [timestamp('timestamp'), text('sourceTimeZone'), format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'A timestamp in a time zone (a Windows zone name, `"W. Europe Standard Time"`) converted to UTC.' }),
  define({ name: 'convertFromUtc', wdl: 'convertFromUtc', parameters: [timestamp('timestamp'), text('destinationTimeZone'), format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'A UTC timestamp converted to a time zone (a Windows zone name).' }),
  define({ name: 'dayOfWeek', wdl: 'dayOfWeek', parameters: [timestamp('timestamp')], returnDisplay: 'integer', returns: fixed(INTEGER), doc: 'The day of the week of a timestamp, 0 for Sunday to 6 for Saturday.' }),
  define({ name: 'ticks', wdl: 'ticks', parameters: [timestamp('timestamp')], returnDisplay: 'integer', returns: fixed(INTEGER), doc: 'A timestamp as 100-nanosecond intervals since 0001-01-01 (to compare or subtract times).' }),
  define({ name: 'formatDateTime', wdl: 'formatDateTime', parameters: [timestamp('timestamp'), format], returnDisplay: 'string', returns: fixed(STRING), doc: 'A timestamp as text in a .NET format (`"yyyy-MM-dd"`); ISO 8601 by default.' }),
  define({ name: 'parseDateTime', wdl: 'parseDateTime', parameters: [text('text'), text('locale', { optional: true }), format], returnDisplay: 'datetime', returns: fixed(DATETIME), doc: 'Reads a timestamp from text (ISO 8601, or the given format and locale).' }),
  // Conversions
  define({ name: 'string', wdl: 'string', parameters: [param('value', 'any', anyValue)], returnDisplay: 'string', returns: fixed(STRING), doc: 'A value as text (records and arrays as JSON).' }),
  define({ name: 'int', wdl: 'int', parameters: [param('value', 'string | number', (type) => isAssignable(type, NUMBER) || isAssignable(type, STRING))], returnDisplay: 'integer', returns: fixed(INTEGER), doc: 'A string or number as an integer.' }),
  define({ name: 'float', wdl: 'float', parameters: [param('value', 'string | number', (type) => isAssignable(type, NUMBER) || isAssignable(type, STRING))], returnDisplay: 'number', returns: fixed(NUMBER), doc: 'A string or integer as a floating-point number.' }),
  define({ name: 'bool', wdl: 'bool', parameters: [param('value', 'any', anyValue)], returnDisplay: 'boolean', returns: fixed(BOOLEAN), doc: 'A value as a boolean (`"true"`, non-zero numbers are true).' }),
  define({ name: 'json', wdl: 'json', parameters: [text('text')], returnDisplay: 'any', returns: fixed(ANY), doc: 'A JSON text read as a value, of no known type (use `parse json … as T` to check it against a type).' }),
  define({ name: 'encodeUriComponent', wdl: 'encodeUriComponent', parameters: [text('text')], returnDisplay: 'string', returns: fixed(STRING), doc: 'The string with the characters a URL may not hold escaped (`a b` → `a%20b`).' }),
  define({ name: 'base64', wdl: 'base64', parameters: [text('text')], returnDisplay: 'string', returns: fixed(STRING), doc: 'A string encoded in base64.' }),
  define({ name: 'base64ToString', wdl: 'base64ToString', parameters: [text('base64')], returnDisplay: 'string', returns: fixed(STRING), doc: 'A base64 string decoded to text.' }),
  define({ name: 'rand', wdl: 'rand', parameters: [whole('min'), whole('max')], returnDisplay: 'integer', returns: fixed(INTEGER), doc: 'A random integer from `min` (included) to `max` (excluded).' }),
  define({ name: 'setProperty', wdl: 'setProperty', parameters: [param('object', 'record', anyValue), text('property'), param('value', 'any', anyValue)], returnDisplay: 'any', returns: fixed(ANY), doc: 'The object with the property set to the value (added when absent), of no known type.' }),
  define({ name: 'addProperty', wdl: 'addProperty', parameters: [param('object', 'record', anyValue), text('property'), param('value', 'any', anyValue)], returnDisplay: 'any', returns: fixed(ANY), doc: 'The object with a new property (the run fails when it has one of that name), of no known type.' }),
  define({ name: 'removeProperty', wdl: 'removeProperty', parameters: [param('object', 'record', anyValue), text('property')], returnDisplay: 'any', returns: fixed(ANY), doc: 'The object without the property, of no known type.' }),
  // The results of a scoped action's top-level actions (azure-docs workflow-definition-language-functions-reference, "result"):
  // each one's name, status, inputs, outputs and error, so whatever they read or were answered (categories.ts: unknown).
  define({ name: 'result', wdl: 'result', parameters: [text('action')], returnDisplay: 'any[]', returns: fixed(arrayOf(ANY)), doc: 'The results of the top-level actions of a `try`, `scope`, `for each` or `until` named by its `@action` (`result("Try")` in its catch): each one\'s `name`, `status`, `inputs`, `outputs` and `error`, of no known type.' }),
  // The action's own run (azure-docs workflow-definition-language-functions-reference, "action": its name, inputs,
  // outputs, status…), which Microsoft allows only in its trackedProperties, a webhook's unsubscribe or an Until's
  // condition: Jig writes it in a tracked property alone (steps.ts, JIG2079); what it reads is unknown (categories.ts).
  define({ name: 'action', wdl: 'action', parameters: [], returnDisplay: 'any', returns: fixed(ANY), doc: 'The run of the action whose tracked property reads it (`action().inputs`, `action().outputs`, `status`, …), of no known type; only in `@tracked`.' }),
  // A Standard logic app's app setting (azure-docs logic-apps-create-parameters-workflows, "appsetting"; functions reference:
  // "appsetting"): its value is the app's, set at deployment and known only then, so it is unknown (rule 1), as a
  // parameter without a value is (categories.ts). Only a Standard workflow can read one.
  define({ name: 'agentParameters', wdl: 'agentParameters', parameters: [text('name')], returnDisplay: 'any', returns: fixed(ANY), doc: "What the agent's model passes the tool that runs, by the name its schema gives (`agentParameters(\"city\")`), only in a tool's steps: of no known type whatever the schema says, and for the policy it may hold anything the flow declares." }),
  define({ name: 'appsetting', wdl: 'appsetting', parameters: [text('name')], returnDisplay: 'string', returns: fixed(STRING), doc: 'The value of a Standard logic app\'s app setting (`appsetting("Service-Url")`), known only at deployment: for the policy it may hold anything the flow declares.' }),
  // The URL at which a connector calls a waiting webhook back (functions reference, "listCallbackUrl"): the service's,
  // about no one; only a webhook action has one (emit/limits.ts, JIG4115).
  define({ name: 'listCallbackUrl', wdl: 'listCallbackUrl', parameters: [], returnDisplay: 'string', returns: fixed(STRING), doc: 'The URL at which the connector calls this webhook back (only in a `call connector "KEY" webhook …`).' }),
  define({ name: 'guid', wdl: 'guid', parameters: [], returnDisplay: 'string', returns: fixed(STRING), doc: 'A new globally unique identifier, as text.' }),
  define({ name: 'base64ToBinary', wdl: 'base64ToBinary', parameters: [text('base64')], returnDisplay: 'any', returns: fixed(ANY), doc: 'A base64 string decoded to binary content (a file\'s bytes for a connector), of no known type.' }),
  // The run's workflow: its name, id, tags and run (`workflow().run.name`), what the service says of the run, about no one.
  define({ name: 'workflow', wdl: 'workflow', parameters: [], returnDisplay: 'any', returns: fixed(ANY), doc: 'The workflow and its run (`workflow().run.name` is the run\'s id), of no known type.' }),
  // XML: what the service reads and queries as XML, of no known type for Jig (the engine implements both: engine/functions/xml.ts).
  define({ name: 'xml', wdl: 'xml', parameters: [param('value', 'string | record', anyValue)], returnDisplay: 'any', returns: fixed(ANY), doc: 'XML text, or an object of one root property, read as XML, of no known type (the run fails on text that is no XML).' }),
  define({ name: 'xpath', wdl: 'xpath', parameters: [param('xml', 'any', anyValue), text('expression')], returnDisplay: 'any', returns: fixed(ANY), doc: 'The nodes or the value an XPath expression selects in XML, of no known type (the run fails on an expression that is none).' }),
]);

/** `name(param: type, param?: type, ...rest: type): returns`, as signature help shows it. */
export function signatureOf(fn: BuiltinFunction): string {
  const params = fn.parameters.map((p) => `${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}: ${p.display}`);
  return `${fn.name}(${params.join(', ')}): ${fn.returnDisplay}`;
}

/** The argument counts a function takes, for the wrong-arity message (`2 arguments`, `1 to 3 arguments`). */
export function arityOf(fn: BuiltinFunction): { readonly min: number; readonly max: number } {
  const min = fn.parameters.filter((p) => !p.optional && !p.rest).length + (fn.parameters.some((p) => p.rest) ? 1 : 0);
  const max = fn.parameters.some((p) => p.rest) ? Infinity : fn.parameters.length;
  return { min, max };
}

/** The parameter that receives the argument at `index` (the rest parameter for every further one). */
export function parameterAt(fn: BuiltinFunction, index: number): BuiltinParameter | undefined {
  const last = fn.parameters[fn.parameters.length - 1];
  return fn.parameters[index] ?? (last?.rest ? last : undefined);
}
