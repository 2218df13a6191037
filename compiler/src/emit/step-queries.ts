/**
 * Questions the step emitter asks before it emits: may a value be read in place, may a variable
 * be initialised with it at the top level, may a block fail or change a variable.
 */
import type { Block, Expression, LetStep, Step } from '../syntax/tree.js';
import { rawVariableWrites } from '../semantics/steps.js';
import { childBlocks } from '../semantics/binder.js';
import type { FlowContext } from './flow-context.js';
import type { RunOutcome } from '../semantics/model.js';

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
  // Without an aggregate over a query, no query is only aggregated (and the model's reference
  // index, which the question needs, is not made).
  if (ctx.aggregateSources.size === 0) return false;
  const symbol = ctx.symbolOf(step.name);
  if (!symbol) return false;
  const uses = ctx.model.referencesOf(symbol).filter((id) => id !== step.name);
  return uses.length > 0 && uses.every((id) => ctx.aggregateSources.has(id));
}

/** Whether a block, at any depth, writes a variable (its loop must then run sequentially), a raw action's variable action and an aggregate's groups included. */
export function changesVariables(block: Block): boolean {
  return block.steps.some(changesVariable);
}

/**
 * The first value a block declares, at any depth, that each pass of a loop around it has of its own
 * but that the workflow keeps in a variable of the whole run: a `var`, or an aggregate's groups
 * (steps-aggregate.ts). Passes at once would share it.
 */
export function passOwnVariable(block: Block): { what: 'var' | 'aggregate'; name: string } | undefined {
  for (const step of block.steps) {
    if (step.kind === 'Var') return { what: 'var', name: step.name.name };
    if (step.kind === 'Let' && step.value.kind === 'Aggregate') return { what: 'aggregate', name: step.name.name };
    for (const child of childBlocks(step)) {
      const found = passOwnVariable(child);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Whether a block holds a `fail`, the one failure the emitter guards a loop's passes against; not
 * semantics/control.ts's `mayFail`, which asks whether a flow may end its run as failed at all.
 */
export function containsFail(block: Block): boolean {
  return block.steps.some(stepHoldsFail);
}

// The emitter asks again of the same steps (each step of a loop body whether what follows it must be
// guarded, each loop for its body): the answers are kept, by step, for as long as the tree lives.
const failing = new WeakMap<Step, boolean>();
const writing = new WeakMap<Step, boolean>();

/**
 * Whether a step of a chain (a block's steps, a `parallel`'s branches included) runs on an outcome
 * other than success (`@after`): after a skipped step, only such a step can run.
 */
export function chainWaitsOnOutcome(ctx: FlowContext, steps: readonly Step[]): boolean {
  return steps.some((step) => runsAfterOtherOutcome(ctx, step) || (step.kind === 'Parallel' && step.branches.some((branch) => chainWaitsOnOutcome(ctx, branch.steps))));
}

/**
 * The outcomes of the step before on which a step runs, as the model read its `@after`, where they
 * are other than success alone: `@after(succeeded)` says what every step does without it (as
 * semantics/control.ts reads it), so it asks nothing of the emitter.
 */
export function runsAfterOtherOutcome(ctx: FlowContext, step: Step): readonly RunOutcome[] | undefined {
  const outcomes = ctx.model.runsAfterOf(step);
  return outcomes?.some((outcome) => outcome !== 'succeeded') ? outcomes : undefined;
}

/** Whether a step, at any depth, holds a `fail`. */
export function stepHoldsFail(step: Step): boolean {
  let answer = failing.get(step);
  if (answer === undefined) {
    answer = step.kind === 'Fail' || childBlocks(step).some((block) => block.steps.some(stepHoldsFail));
    failing.set(step, answer);
  }
  return answer;
}

function changesVariable(step: Step): boolean {
  let answer = writing.get(step);
  if (answer === undefined) {
    answer =
      step.kind === 'Set' ||
      step.kind === 'Append' ||
      step.kind === 'Var' ||
      step.kind === 'Fail' ||
      // An aggregate collects its groups in a variable (steps-aggregate.ts), over a list or to count subjects.
      (step.kind === 'Let' && step.value.kind === 'Aggregate') ||
      (step.kind === 'RawAction' && rawVariableWrites(step).length > 0) ||
      childBlocks(step).some((block) => block.steps.some(changesVariable));
    writing.set(step, answer);
  }
  return answer;
}
