/** Logical comparison functions. `equals` is type-strict: a string never equals a number or a Boolean; null beside "" is not supported. */
import { ExpressionError, NotSupportedError } from '../errors.js';
import { isNumber, numberOf, typeOf, valuesEqual, type Value } from '../values.js';
import { booleanArg, define, type FunctionSpec } from './spec.js';

function compare(name: string, a: Value, b: Value): number {
  if (isNumber(a) && isNumber(b)) return numberOf(a) - numberOf(b);
  if (typeof a === 'string' && typeof b === 'string') return compareTexts(name, a, b);
  throw new ExpressionError(
    `The template language function '${name}' expects two parameters of matching types: numbers or strings. The provided values are of types '${typeOf(a)}' and '${typeOf(b)}'.`,
  );
}

const INVARIANT = new Intl.Collator('en', { sensitivity: 'variant' });
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Two strings' order. Microsoft's reference says `less` and the others compare strings, and its
 * examples are lowercase words ('apple', 'banana'); how the service orders other text is not
 * documented: ordinally (`'B' < 'a'`), ignoring case, or by a culture (`'a' < 'B'`). The order
 * is given where those three agree, and the run stops (NotSupported) where they do not.
 */
function compareTexts(name: string, a: string, b: string): number {
  const order = ordinal(a, b);
  if (order === ordinal(a.toUpperCase(), b.toUpperCase()) && order === sign(INVARIANT.compare(a, b))) return order;
  throw new NotSupportedError(`Ordering the texts '${a}' and '${b}' (${name})`, "the service's order of text (case, accents, punctuation, culture) is not documented, and orders differ on these");
}

function comparison(name: string, holds: (order: number) => boolean): FunctionSpec {
  return define('logical', name, 2, 2, (args) => holds(compare(name, args[0]!, args[1]!)));
}

export const logicalFunctions: FunctionSpec[] = [
  define('logical', 'and', 1, Infinity, (args, _s, name) => args.map((_, i) => booleanArg(name, args, i)).every(Boolean)),
  define('logical', 'or', 1, Infinity, (args, _s, name) => args.map((_, i) => booleanArg(name, args, i)).some(Boolean)),
  define('logical', 'not', 1, 1, (args, _s, name) => !booleanArg(name, args, 0)),
  define('logical', 'equals', 2, 2, (args) => {
    const [a, b] = [args[0]!, args[1]!];
    // Microsoft's reference says both that comparisons convert null to "" and that comparing null
    // is not comparing "": which one equals() does is not documented (Jig's == never asks it).
    if ((a === null && b === '') || (a === '' && b === null)) {
      throw new NotSupportedError('Comparing null with an empty string (equals)', 'Microsoft documents both that comparisons convert null to "" and that comparing null is not comparing ""');
    }
    return valuesEqual(a, b);
  }),
  comparison('greater', (order) => order > 0),
  comparison('greaterOrEquals', (order) => order >= 0),
  comparison('less', (order) => order < 0),
  comparison('lessOrEquals', (order) => order <= 0),
  define(
    'logical',
    'if',
    3,
    3,
    (args, _s, name) => (booleanArg(name, args, 0) ? args[1]! : args[2]!),
    // The condition decides which value comes out: the result carries what it read too.
    (args) => (args[0]!.value === true ? args[1]! : args[2]!).label.plus(args[0]!.label.all()),
  ),
];
