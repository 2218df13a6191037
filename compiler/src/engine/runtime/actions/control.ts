/** Control actions: Scope, If, Switch, Foreach, Until, Terminate, Response, Wait. */
import { ExpressionError } from '../../errors.js';
import { lookupFunction } from '../../functions/index.js';
import { stringOf } from '../../functions/conversion-core.js';
import { joinLabels, type Traced, untraced } from '../../tracing/labels.js';
import { isInteger, isNumber, isObject, numberOf, objectOf, typeOf, valuesEqual, type Value } from '../../values.js';
import type { ActionContext, ActionResult } from '../context.js';
import { intervalMs, parseDuration } from '../durations.js';
import { Frame } from '../frames.js';
import type { ActionStatus } from '../history.js';
import { RESPONSE_STATUSES, isResponseStatus } from '../../../util/response-status.js';
import { dropsResponseHeader } from '../../../util/http-headers.js';

function actionsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function runBody(context: ActionContext, actions: unknown, frame = context.frame, start = context.start): { status: ActionStatus; end: number } {
  return context.run.runScope(actionsOf(actions), [...context.scope, context.name], frame, start);
}

export function scope(context: ActionContext): ActionResult {
  const outcome = runBody(context, context.definition['actions']);
  return scopeResult(outcome);
}

function scopeResult(outcome: { status: ActionStatus; end: number }, extra: Partial<ActionResult> = {}): ActionResult {
  return {
    ...extra,
    status: outcome.status,
    end: outcome.end,
    ...(outcome.status === 'Failed' && { code: 'ActionFailed', error: { code: 'ActionFailed', message: 'An action failed. No dependent actions succeeded.' } }),
  };
}

const CONDITION_FUNCTIONS = new Set(['equals', 'greater', 'greaterorequals', 'less', 'lessorequals', 'contains', 'startswith', 'endswith']);

/** The designer's structured condition: `{"and": [{"equals": ["@a", "@b"]}, {"not": {…}}]}`. */
function evaluateCondition(context: ActionContext, condition: unknown): Traced {
  if (typeof condition === 'string') return context.run.evaluate(condition, context.frame, context.start);
  if (typeof condition === 'boolean') return untraced(condition);
  if (!isObject(condition as Value)) throw new ExpressionError(`The expression of '${context.name}' is neither a string nor a condition object.`);
  const [[operator, operands]] = Object.entries(condition as Record<string, unknown>) as [[string, unknown]];
  const op = operator.toLowerCase();
  if (op === 'and' || op === 'or') {
    const parts = (Array.isArray(operands) ? operands : []).map((part) => evaluateCondition(context, part));
    const values = parts.map((part) => part.value === true);
    return { value: op === 'and' ? values.every(Boolean) : values.some(Boolean), label: joinLabels(parts.map((part) => part.label)) };
  }
  if (op === 'not') {
    const inner = evaluateCondition(context, operands);
    return { value: inner.value !== true, label: inner.label };
  }
  if (CONDITION_FUNCTIONS.has(op) && Array.isArray(operands)) {
    const args = operands.map((operand) => context.run.evaluate(operand, context.frame, context.start));
    const fn = lookupFunction(op)!;
    return { value: fn.run!(args.map((arg) => arg.value), context.run, fn.name), label: joinLabels(args.map((arg) => arg.label)) };
  }
  throw new ExpressionError(`The condition of '${context.name}' uses '${operator}', which is not and, or, not or a comparison.`);
}

export function ifAction(context: ActionContext): ActionResult {
  const result = evaluateCondition(context, context.definition['expression']);
  if (typeof result.value !== 'boolean') {
    throw new ExpressionError(`The 'expression' of the If action '${context.name}' must give a Boolean, not a value of type '${typeOf(result.value)}'.`);
  }
  context.run.observeControl(context, result.label);
  const branch = result.value ? context.definition['actions'] : (context.definition['else'] as Record<string, unknown> | undefined)?.['actions'];
  const outcome = runBody(context, branch);
  return scopeResult(outcome, { inputs: { value: objectOf([['expressionResult', result.value]]), label: result.label } });
}

export function switchAction(context: ActionContext): ActionResult {
  const subject = context.run.evaluate(context.definition['expression'], context.frame, context.start);
  if (typeof subject.value !== 'string' && !isInteger(subject.value)) {
    throw new ExpressionError(`The 'expression' of the Switch action '${context.name}' must give a string or an integer, not a value of type '${typeOf(subject.value)}'.`);
  }
  context.run.observeControl(context, subject.label);
  const cases = actionsOf(context.definition['cases']);
  const match = Object.entries(cases).find(([, spec]) => valuesEqual(((spec ?? {}) as Record<string, Value>)['case'] ?? null, subject.value));
  const actions = match ? ((match[1] ?? {}) as Record<string, unknown>)['actions'] : (context.definition['default'] as Record<string, unknown> | undefined)?.['actions'];
  const outcome = runBody(context, actions);
  return scopeResult(outcome, { inputs: { value: subject.value, label: subject.label }, notes: [match ? `case '${match[0]}'` : 'default'] });
}

const DEFAULT_CONCURRENCY = 20;
/** The most passes an Until may have (Logic Apps limits and configuration: Until iterations). */
const MAX_UNTIL_COUNT = 5000;
const MAX_FOREACH_ITEMS = 100_000;

export function foreach(context: ActionContext): ActionResult {
  const items = context.run.evaluate(context.definition['foreach'], context.frame, context.start);
  if (!Array.isArray(items.value)) {
    throw new ExpressionError(
      `The execution of template action '${context.name}' failed: the result of the evaluation of 'foreach' expression '${String(context.definition['foreach'])}' is of type '${typeOf(items.value)}'. The result must be a valid array.`,
    );
  }
  if (items.value.length > MAX_FOREACH_ITEMS) throw new ExpressionError(`The Foreach '${context.name}' has ${items.value.length} items; at most ${MAX_FOREACH_ITEMS} are allowed.`);
  const options = String(context.definition['operationOptions'] ?? '').toLowerCase();
  const repetitions = ((context.definition['runtimeConfiguration'] as Record<string, unknown> | undefined)?.['concurrency'] as Record<string, unknown> | undefined)?.['repetitions'];
  // A For each inside another runs its iterations one at a time, whatever it says, as Microsoft
  // documents it (logic-apps-control-flow-loops: "a nested For each action's iterations always run
  // sequentially, not in parallel").
  const nested = context.scope.some((name) => context.run.isForeach(name));
  const concurrency = options.includes('sequential') || nested ? 1 : typeof repetitions === 'number' ? repetitions : DEFAULT_CONCURRENCY;
  const slots = Array.from({ length: Math.max(1, Math.min(concurrency, items.value.length || 1)) }, () => context.start);
  let failed = false;
  let end = context.start;
  const notes: string[] = [];
  const races = concurrency > 1 && items.value.length > 1 && writesVariables(context.definition['actions']);
  const values = items.value;
  const order = races ? racingOrder(values.length, concurrency) : [...values.keys()];
  const pass = (index: number) => () => {
    if (context.run.terminated) return;
    const slot = slots.indexOf(Math.min(...slots));
    const item: Traced = { value: values[index]!, label: items.label.item(index) };
    const frame = new Frame(context.frame, { name: context.name, kind: 'foreach', index, item });
    const outcome = context.run.withItem(item, () => runBody(context, context.definition['actions'], frame, slots[slot]!));
    frame.publishTo(context.frame);
    slots[slot] = outcome.end;
    end = Math.max(end, outcome.end);
    if (outcome.status === 'Failed') failed = true;
  };
  // The passes of each window of `concurrency` start together: what they read of the world
  // (Cosmos DB) is what the window found, not what its other passes write (World.concurrently).
  const world = concurrency > 1 ? context.run.world : undefined;
  for (let start = 0; start < order.length && !context.run.terminated; start += concurrency) {
    const window = order.slice(start, start + concurrency).map(pass);
    if (world && window.length > 1) world.concurrently(window);
    else for (const run of window) run();
  }
  if (races) {
    notes.push(
      `iterations run ${concurrency} at a time and write variables: in Azure their order is not fixed, and jig run ran each ${concurrency} last first (set concurrency to 1, as Jig does)`,
    );
  }
  return scopeResult({ status: failed ? 'Failed' : 'Succeeded', end }, { inputs: items, notes });
}

/**
 * The order in which concurrent iterations that write variables run: each window of
 * `concurrency` iterations last first (for 5 items two at a time: 1 0 3 2 4). Microsoft says such
 * a loop's variables are unpredictable ("By default, the iterations in a For each loop run in
 * parallel. When you use variables in loops, run the loop sequentially so that variables return
 * predictable results": logic-apps-create-variables-store-values). Running them in index order
 * would give exactly the sequential loop's values, so a workflow missing its `repetitions: 1`
 * would pass every test; this order is one the service may take (the iterations of a window start
 * together and may end in any order) and differs from the sequential one wherever order matters.
 */
function racingOrder(count: number, concurrency: number): number[] {
  const order: number[] = [];
  for (let start = 0; start < count; start += concurrency) {
    for (let index = Math.min(start + concurrency, count) - 1; index >= start; index--) order.push(index);
  }
  return order;
}

function writesVariables(actions: unknown): boolean {
  return Object.values(actionsOf(actions)).some((action) => {
    const a = (action ?? {}) as Record<string, unknown>;
    return /variable$/i.test(String(a['type'])) || writesVariables(a['actions']) || writesVariables((a['else'] as Record<string, unknown> | undefined)?.['actions']);
  });
}

/**
 * An Until runs its body, then tests its condition, and repeats until it holds or a limit is
 * reached. As Microsoft documents it ("Until loop considerations", logic-apps-control-flow-
 * loops): a failed iteration does not stop the loop, the next one runs, and the loop takes the
 * status of its last iteration; reaching a limit ends it as Succeeded, or, with
 * `operationOptions: FailWhenLimitsReached`, as TimedOut (Azure/logicapps#439, where the
 * product team confirms the option). `FailWhenIterationFailed` (the OperationOptions enum of
 * Microsoft.Azure.Workflows.Sdk: "fail when [the] current iteration of until [fails]") stops the
 * loop at a failed iteration, which fails it.
 */
export function until(context: ActionContext): ActionResult {
  const limit = (context.definition['limit'] ?? {}) as Record<string, unknown>;
  const countValue = limit['count'] === undefined ? 60 : context.run.evaluate(limit['count'], context.frame, context.start).value;
  if (!isNumber(countValue)) throw new ExpressionError(`The limit count of the Until '${context.name}' must be a number.`);
  const count = numberOf(countValue);
  // Logic Apps limits an Until to 5,000 passes, and a count is a whole number of them; one outside
  // fails the Until, as Jig's analysis reads a computed `@count(EXPR)` (semantics/control.ts).
  if (!Number.isInteger(count) || count < 1 || count > MAX_UNTIL_COUNT) {
    throw new ExpressionError(`The limit count of the Until '${context.name}' must be a whole number from 1 to ${MAX_UNTIL_COUNT}, not ${count}.`);
  }
  const timeout = parseDuration(limit['timeout'] === undefined ? 'PT1H' : String(context.run.evaluate(limit['timeout'], context.frame, context.start).value), `The limit timeout of '${context.name}'`);
  const options = String(context.definition['operationOptions'] ?? '').toLowerCase();
  const failAtLimit = options.includes('failwhenlimitsreached');
  const failWithIteration = options.includes('failwheniterationfailed');
  let time = context.start;
  let index = 0;
  let last: Frame | undefined;
  let status: ActionStatus = 'Succeeded';
  let limitReached = false;
  const notes: string[] = [];
  for (;;) {
    const frame = new Frame(context.frame, { name: context.name, kind: 'until', index });
    const outcome = runBody(context, context.definition['actions'], frame, time);
    frame.publishTo(context.frame);
    last = frame;
    time = outcome.end;
    index++;
    status = outcome.status;
    if (status === 'Failed') notes.push(`iteration ${index} failed`);
    if (context.run.terminated) return { status: 'Succeeded', end: time };
    if (status === 'Failed' && failWithIteration) break;
    const condition = context.run.evaluate(context.definition['expression'], last, time);
    if (typeof condition.value !== 'boolean') throw new ExpressionError(`The 'expression' of the Until '${context.name}' must give a Boolean, not a value of type '${typeOf(condition.value)}'.`);
    context.run.observeControl(context, condition.label);
    if (condition.value) break;
    if (index >= count) {
      notes.push(`stopped at its limit of ${count} iterations without its condition becoming true`);
      limitReached = true;
      break;
    }
    if (time - context.start >= timeout) {
      notes.push(`stopped at its time limit (${String(limit['timeout'] ?? 'PT1H')}) without its condition becoming true`);
      limitReached = true;
      break;
    }
  }
  notes.unshift(`${index} iteration${index === 1 ? '' : 's'}`);
  if (limitReached && failAtLimit && status === 'Succeeded') {
    return { status: 'TimedOut', end: time, code: 'ActionTimedOut', error: { code: 'ActionTimedOut', message: `The Until '${context.name}' reached its limits without its condition becoming true.` }, notes };
  }
  return scopeResult({ status, end: time }, { notes });
}

export function terminate(context: ActionContext): ActionResult {
  if (context.scope.some((name) => context.run.isLoop(name))) {
    throw new ExpressionError(`The Terminate action '${context.name}' is inside a loop, which the service refuses.`, 'InvalidTemplate');
  }
  const inputs = context.run.evaluate(context.definition['inputs'] ?? {}, context.frame, context.start);
  const fields = (isObject(inputs.value) ? inputs.value : {}) as Record<string, Value>;
  const status = String(fields['runStatus'] ?? 'Succeeded');
  const normalized = status.toLowerCase() === 'failed' ? 'Failed' : status.toLowerCase() === 'cancelled' ? 'Cancelled' : 'Succeeded';
  const runError = isObject(fields['runError'] ?? null) ? (fields['runError'] as Record<string, Value>) : undefined;
  context.run.observeSink(context, 'fail', 'run history', inputs.label);
  context.run.terminated = {
    status: normalized,
    ...(runError && { error: { code: stringOf(runError['code'] ?? 'Terminated'), message: stringOf(runError['message'] ?? '') } }),
  };
  return { status: 'Succeeded', inputs };
}

export function response(context: ActionContext): ActionResult {
  const triggerType = context.run.triggerType().toLowerCase();
  if (triggerType !== 'request' && triggerType !== 'httpwebhook') {
    throw new ExpressionError(`The Response action '${context.name}' needs a Request trigger; this workflow starts with '${context.run.triggerType()}'.`);
  }
  if (context.run.record.response) {
    return { status: 'Failed', code: 'ActionResponseSkipped', error: { code: 'ActionResponseSkipped', message: `The response to the request was already sent by '${context.run.record.response.action}'.` } };
  }
  // Past the inbound request limit the caller has stopped waiting: the service fails the Response
  // with this message and the caller gets a timeout, not the response (Azure/logicapps#1340, where
  // a Response after a run longer than the limit fails so; WorkflowRun.callerDeadline).
  if (context.start > context.run.callerDeadline) {
    const message = `The execution of template action '${context.name}' is failed: the client application timed out waiting for a response from service. This means that workflow took longer to respond than the alloted timeout value. The connection maintained between the client application and service will be closed and client application will get an HTTP status code 504 Gateway Timeout.`;
    return { status: 'Failed', code: 'ActionResponseTimedOut', error: { code: 'ActionResponseTimedOut', message } };
  }
  const inputs = context.run.evaluate(context.definition['inputs'] ?? {}, context.frame, context.start);
  const fields = (isObject(inputs.value) ? inputs.value : {}) as Record<string, Value>;
  const statusCode = fields['statusCode'] ?? 200;
  const code = typeof statusCode === 'string' ? Number(statusCode) : isNumber(statusCode) ? numberOf(statusCode) : NaN;
  if (!isResponseStatus(code)) throw new ExpressionError(`The status code of the Response '${context.name}' must be ${RESPONSE_STATUSES}.`);
  context.run.record.response = {
    action: context.name,
    statusCode: code,
    // Microsoft: Logic Apps removes some headers from the response, without a warning (util/http-headers.ts).
    headers: Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(fields['headers'] ?? {})) as Record<string, unknown>).filter(([name]) => !dropsResponseHeader(name))),
    body: JSON.parse(JSON.stringify(fields['body'] ?? null)),
  };
  context.run.observeSink(context, 'respond', 'the caller', inputs.label.field('body'));
  return { status: 'Succeeded', inputs };
}

export function wait(context: ActionContext): ActionResult {
  const inputs = context.run.evaluate(context.definition['inputs'] ?? {}, context.frame, context.start);
  const fields = (isObject(inputs.value) ? inputs.value : {}) as Record<string, Value>;
  let end: number;
  if (isObject(fields['interval'] ?? null)) {
    const interval = fields['interval'] as Record<string, Value>;
    const count = interval['count'] ?? null;
    // A count that is no positive whole number fails the Wait, as Jig's analysis reads a computed
    // `wait (EXPR) UNIT` (rule 4); the reference's count is an Integer, a number of units to wait.
    if (!isNumber(count) || !Number.isInteger(numberOf(count)) || numberOf(count) < 1) {
      throw new ExpressionError(`The Wait '${context.name}' needs a positive whole number of units to wait, not ${isNumber(count) ? numberOf(count) : `a value of type '${typeOf(count)}'`}.`);
    }
    end = context.start + intervalMs(numberOf(count), stringOf(interval['unit'] ?? null));
  } else if (isObject(fields['until'] ?? null)) {
    const timestamp = Date.parse(stringOf((fields['until'] as Record<string, Value>)['timestamp'] ?? null));
    if (Number.isNaN(timestamp)) throw new ExpressionError(`The Wait '${context.name}' needs a timestamp to wait until.`);
    end = Math.max(context.start, timestamp);
  } else {
    throw new ExpressionError(`The Wait '${context.name}' needs inputs.interval or inputs.until.`);
  }
  return { status: 'Succeeded', inputs, end };
}
