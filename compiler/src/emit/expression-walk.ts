/** Questions about what an expression reads, asked by more than one part of the emitter. */
import type { Expression, NameRef } from '../syntax/tree.js';

/** Whether a name anywhere in the expression (list operations included) passes `test`. */
export function readsName(expression: Expression, test: (name: NameRef) => boolean): boolean {
  const reads = (node: Expression): boolean => readsName(node, test);
  switch (expression.kind) {
    case 'Name':
      return test(expression);
    case 'Member':
      return reads(expression.object);
    case 'Index':
      return reads(expression.object) || reads(expression.index);
    case 'Call':
      return expression.args.some(reads);
    case 'Unary':
      return reads(expression.operand);
    case 'Binary':
      return reads(expression.left) || reads(expression.right);
    case 'String':
      return expression.parts.some((part) => part.kind === 'Interpolation' && reads(part.expression));
    case 'Record':
      return expression.fields.some((field) => reads(field.value));
    case 'Array':
      return expression.elements.some(reads);
    case 'Where':
      return reads(expression.source) || reads(expression.condition);
    case 'Select':
      return reads(expression.source) || reads(expression.projection);
    case 'Conditional':
      return reads(expression.condition) || reads(expression.then) || reads(expression.else);
    case 'Number':
    case 'Boolean':
    case 'Null':
    case 'Missing':
      return false;
  }
}
