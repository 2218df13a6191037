/**
 * Integer arithmetic whose value is known when the flow is compiled: of integer literals, and of
 * `let`s whose value is such arithmetic. The service computes with 64-bit integers and does not
 * document what `add`, `sub`, `mul` or `div` give past them (JIG2073), so arithmetic known to leave
 * them is refused here, where the engine would only stop the run that reaches it.
 */
import type { Expression, LetStep } from '../syntax/tree.js';
import type { JigSymbol } from './model.js';

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

export function fitsInteger64(value: bigint): boolean {
  return value >= MIN && value <= MAX;
}

/**
 * The exact value of `expression` when it is integer arithmetic of known operands, computed as WDL
 * does (`div` truncates toward zero, `mod` takes the dividend's sign: BigInt's own); undefined when
 * it reads anything else, divides by zero, or an operand already leaves 64 bits (reported there).
 * `symbolOf` gives the symbol a name was linked to when it was checked.
 */
export function knownInteger(expression: Expression, symbolOf: (expression: Extract<Expression, { kind: 'Name' }>) => JigSymbol | undefined, depth = 0): bigint | undefined {
  if (depth > 64) return undefined;
  const known = (operand: Expression) => knownInteger(operand, symbolOf, depth + 1);
  switch (expression.kind) {
    case 'Number':
      return expression.isInteger && fitsInteger64(BigInt(expression.text)) ? BigInt(expression.text) : undefined;
    case 'Name': {
      const symbol = symbolOf(expression);
      const step = symbol?.kind === 'let' ? (symbol.declaringNode as LetStep | undefined) : undefined;
      // A let's value is an expression or an operation (a call, a query…): only the former is known.
      return step?.kind === 'Let' && isExpression(step.value) ? known(step.value) : undefined;
    }
    case 'Unary': {
      if (expression.operator !== '-') return undefined;
      const operand = known(expression.operand);
      return operand === undefined ? undefined : inRange(-operand);
    }
    case 'Binary': {
      const left = known(expression.left);
      const right = left === undefined ? undefined : known(expression.right);
      if (left === undefined || right === undefined) return undefined;
      return inRange(compute(expression.operator, left, right));
    }
    default:
      return undefined;
  }
}

/** The exact result of an arithmetic operator on two integers, whatever its size; undefined for others. */
export function compute(operator: string, left: bigint, right: bigint): bigint | undefined {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0n ? undefined : left / right;
    case '%':
      return right === 0n ? undefined : left % right;
    default:
      return undefined;
  }
}

function inRange(value: bigint | undefined): bigint | undefined {
  return value !== undefined && fitsInteger64(value) ? value : undefined;
}

const EXPRESSION_KINDS = new Set(['String', 'Number', 'Boolean', 'Null', 'Missing', 'Name', 'Member', 'Index', 'Call', 'Unary', 'Binary', 'Record', 'Array', 'Where', 'Conditional', 'Select']);

function isExpression(value: LetStep['value']): value is Expression {
  return EXPRESSION_KINDS.has(value.kind);
}
