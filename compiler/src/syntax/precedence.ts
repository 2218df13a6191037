/**
 * Binding strength of the operators, shared by the parser (which climbs it) and the printer (which
 * adds parentheses only where the tree needs them), so the two can never disagree.
 */
import type { BinaryOperator } from './tree.js';

export const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  or: 1,
  and: 2,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

/** `where` and `select` bind loosest of all. */
export const LIST_OPERATOR_PRECEDENCE = 0;
/** `not` binds looser than a comparison and tighter than `and`: `not a == b` is `not (a == b)`. */
export const NOT_PRECEDENCE = 3;
/** What `not` applies to: a comparison or anything tighter. */
export const NOT_OPERAND_PRECEDENCE = 4;
/** Comparisons do not chain: `a < b < c` is an error, not `(a < b) < c`. */
export const COMPARISON_PRECEDENCE = 4;
export const NEGATION_PRECEDENCE = 7;
export const POSTFIX_PRECEDENCE = 8;
