/**
 * Questions the step emitter asks before it emits: may a value be read in place, may a variable
 * be initialised with it at the top level, may a block fail or change a variable.
 */
import type { Block, Expression, LetStep, Step } from '../syntax/tree.js';
import { rawVariableWrites } from '../semantics/steps.js';
import { childBlocks } from '../semantics/binder.js';
import type { FlowContext } from './flow-context.js';

/** `trigger.body`, `invoice.lines`, a param: read in place instead of through a Compose. */
export function isPlainPath(ctx: FlowContext, expression: Expression): boolean {
  switch (expression.kind) {
    case 'Name': {
      const kind = ctx.symbolOf(expression.name)?.kind;
      // A var changes later; a let of it must keep the value it had.
      return kind !== undefined && kind !== 'var';
    }
    case 'Member':
      return isPlainPath(ctx, expression.object);
    case 'Index':
      return expression.index.kind === 'Number' && isPlainPath(ctx, expression.object);
    default:
      return false;
  }
}

/** True when an expression reads only parameters, the trigger and literals (fit for InitializeVariable). */
export function readsNoAction(ctx: FlowContext, expression: Expression, composite = true): boolean {
  switch (expression.kind) {
    case 'String':
      return expression.parts.every((p) => p.kind === 'Text' || readsNoAction(ctx, p.expression, false));
    case 'Number':
    case 'Boolean':
    case 'Null':
    case 'Missing':
      return true;
    case 'Name': {
      const kind = ctx.symbolOf(expression.name)?.kind;
      return kind === 'param' || kind === 'trigger';
    }
    case 'Member':
      return readsNoAction(ctx, expression.object, false);
    case 'Index':
      return readsNoAction(ctx, expression.object, false) && readsNoAction(ctx, expression.index, false);
    case 'Call':
      return expression.args.every((a) => readsNoAction(ctx, a, false));
    case 'Unary':
      return readsNoAction(ctx, expression.operand, false);
    case 'Binary':
      return readsNoAction(ctx, expression.left, false) && readsNoAction(ctx, expression.right, false);
    case 'Conditional':
      return [expression.condition, expression.then, expression.else].every((e) => readsNoAction(ctx, e, false));
    case 'Record':
      return composite && expression.fields.every((f) => readsNoAction(ctx, f.value, true));
    case 'Array':
      return expression.elements.every((e) => readsNoAction(ctx, e, composite));
    case 'Where':
    case 'Select':
      return false;
  }
}

/** A query whose every use is as the source of an `aggregate`: it is pushed into their SQL. */
export function isOnlyAggregated(ctx: FlowContext, step: LetStep): boolean {
  const symbol = ctx.symbolOf(step.name);
  if (!symbol) return false;
  const uses = ctx.model.referencesOf(symbol).filter((id) => id !== step.name);
  return uses.length > 0 && uses.every((id) => ctx.aggregateSources.has(id));
}

/** Whether a block, at any depth, writes a variable (its loop must then run sequentially), a raw action's variable action included. */
export function changesVariables(block: Block): boolean {
  return someStep(block.steps, (s) => s.kind === 'Set' || s.kind === 'Append' || s.kind === 'Var' || s.kind === 'Fail' || (s.kind === 'RawAction' && rawVariableWrites(s).length > 0));
}

export function containsFail(block: Block): boolean {
  return mayFail(block.steps);
}

export function mayFail(steps: readonly Step[]): boolean {
  return someStep(steps, (s) => s.kind === 'Fail');
}

function someStep(steps: readonly Step[], test: (step: Step) => boolean): boolean {
  return steps.some((step) => test(step) || childBlocks(step).some((b) => someStep(b.steps, test)));
}
