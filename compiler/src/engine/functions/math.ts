/** Math functions: integer arithmetic stays integer (64-bit, exact; beyond, jig run stops: values integer64), anything with a float is float. */
import { ExpressionError } from '../errors.js';
import { bigintOf, finiteFloat, FloatNumber, integer64, isInteger, isNumber, LargeInteger, numberOf, type Value } from '../values.js';
import { arrayArg, define, integerArg, typeError, type FunctionSpec } from './spec.js';

function numericArg(name: string, args: readonly Value[], index: number): number | FloatNumber | LargeInteger {
  const value = args[index] ?? null;
  if (!isNumber(value)) throw typeError(name, index, 'an integer or a float', value);
  return value;
}

function arithmetic(name: string, onIntegers: (a: bigint, b: bigint) => bigint, onFloats: (a: number, b: number) => number, checkZero = false): FunctionSpec {
  return define('math', name, 2, 2, (args) => {
    const a = numericArg(name, args, 0);
    const b = numericArg(name, args, 1);
    if (checkZero && numberOf(b) === 0) throw new ExpressionError(`The template language function '${name}' cannot divide by zero.`);
    if (isInteger(a) && isInteger(b)) return integer64(onIntegers(bigintOf(a), bigintOf(b)), `${name}(${bigintOf(a)}, ${bigintOf(b)})`);
    return finiteFloat(onFloats(numberOf(a), numberOf(b)), `${name}(${numberOf(a)}, ${numberOf(b)})`);
  });
}

function extreme(name: string, pick: (a: number, b: number) => boolean): FunctionSpec {
  return define('math', name, 1, Infinity, (args) => {
    const values = args.length === 1 && Array.isArray(args[0]) ? arrayArg(name, args, 0) : args;
    if (values.length === 0) throw new ExpressionError(`The template language function '${name}' expects a non-empty array or at least one number.`);
    let best: number | FloatNumber | LargeInteger | undefined;
    values.forEach((value, index) => {
      if (!isNumber(value)) throw typeError(name, args.length === 1 ? 0 : index, 'an integer, a float or an array of them', value);
      if (best === undefined || pick(numberOf(value), numberOf(best))) best = value;
    });
    return best ?? null;
  });
}

export const mathFunctions: FunctionSpec[] = [
  arithmetic('add', (a, b) => a + b, (a, b) => a + b),
  arithmetic('sub', (a, b) => a - b, (a, b) => a - b),
  arithmetic('mul', (a, b) => a * b, (a, b) => a * b),
  // Integer division truncates toward zero, as C#'s does; the remainder has the dividend's sign.
  arithmetic('div', (a, b) => a / b, (a, b) => a / b, true),
  arithmetic('mod', (a, b) => a % b, (a, b) => a % b, true),
  extreme('min', (a, b) => a < b),
  extreme('max', (a, b) => a > b),
  define('math', 'rand', 2, 2, (args, state, name) => {
    const min = integerArg(name, args, 0);
    const max = integerArg(name, args, 1);
    if (min >= max) throw new ExpressionError(`The template language function 'rand' expects its minimum value (${min}) to be less than its maximum value (${max}).`);
    return state.random(min, max);
  }),
  define('math', 'range', 2, 2, (args, _state, name) => {
    const start = integerArg(name, args, 0);
    const count = integerArg(name, args, 1);
    if (count < 0 || count > 100_000) throw new ExpressionError(`The template language function 'range' expects its count (${count}) to be between 0 and 100000.`);
    if (start + count > 2_147_483_647) throw new ExpressionError(`The template language function 'range' expects the sum of its start index and count to be at most 2147483647.`);
    return Array.from({ length: count }, (_, i) => start + i);
  }),
];
