/**
 * How long a run may hold data before a step writes it (§8, rule 7). A run keeps what it read in
 * its own state (its trigger's body, each action's outputs) for as long as it runs, and a `wait`
 * keeps it there: a pupil's record received, held 29 days by `wait 29 days`, then stored for 30
 * has been kept 59 days when the document expires. So a store or a message answers to its
 * category's maximum with its retention plus the longest its data may have waited in the run
 * since the run read it, as it does for the time a copy's original was already kept.
 *
 * The longest time before each step is the sum of the waits that may run before it: `wait N UNIT`
 * its duration; `wait until` and `wait (EXPR) UNIT` the run's longest life (any time, any amount,
 * may be given); an `until` whose body
 * waits its `@timeout` (an hour by default), which bounds every pass; a `for each` whose body
 * waits, any number of passes: the run's longest life; the branches of an `if`, a `switch` or a
 * `parallel` their longest, a `try`'s body and then its catch. Nothing lasts past the run's
 * longest life (90 days on Consumption); a connector's webhook (`call connector … webhook`), which
 * waits for the connector's callback, its `@timeout`, else the run's longest life. What else takes
 * time (a call's retries, an asynchronous call's polling, a child flow that answers late) is not
 * counted: README, limits of the analysis.
 * Data enters the run when it is read: the trigger's and the parameters' at its start, a query's,
 * a call's or a child flow's answer when that step runs, a `let` of them with what it reads.
 */
import type { SemanticModel } from '../semantics/model.js';
import type { Block, Expression, FlowDecl, LetStep, LetValue, Node, Step } from '../syntax/tree.js';
import { forEachChild } from '../syntax/visit.js';
import { childBlocks } from '../semantics/binder.js';
import { resolveDuration, ALL_UNITS } from '../semantics/durations.js';
import { WEBHOOK_METHOD } from '../connectors/webhooks.js';

/** A Consumption run's longest life: 90 days, in seconds. */
export const RUN_LIFE_SECONDS = 90 * 86_400;
/** An Until's default time limit, one hour (`limit.timeout` PT1H). */
const UNTIL_DEFAULT_SECONDS = 3_600;

const MAX_DEPTH = 48;

/** For each step of a flow, the longest the run may have run before it starts, in seconds. */
const startsByFlow = new WeakMap<FlowDecl, Map<Step, number>>();

function startsOf(model: SemanticModel, flow: FlowDecl): Map<Step, number> {
  let starts = startsByFlow.get(flow);
  if (starts) return starts;
  starts = new Map();
  walk(model, flow.body, 0, starts);
  startsByFlow.set(flow, starts);
  return starts;
}

const cap = (seconds: number) => Math.min(seconds, RUN_LIFE_SECONDS);

/** Records when each step of `block` may start at the latest, from `start`; returns when the block may end. */
function walk(model: SemanticModel, block: Block, start: number, starts: Map<Step, number>): number {
  let now = start;
  for (const step of block.steps) {
    starts.set(step, now);
    now = cap(now + lasting(model, step, now, starts));
  }
  return now;
}

/** How long a step may last at most (its inner steps recorded from `now`). */
function lasting(model: SemanticModel, step: Step, now: number, starts: Map<Step, number>): number {
  switch (step.kind) {
    case 'Wait': {
      if (!step.duration) return RUN_LIFE_SECONDS;
      const resolved = resolveDuration(step.duration, ALL_UNITS, 'wait');
      return 'duration' in resolved ? resolved.duration.seconds : RUN_LIFE_SECONDS;
    }
    case 'If': {
      const then = walk(model, step.then, now, starts);
      const otherwise = !step.else ? now : step.else.kind === 'If' ? now + lasting(model, step.else, now, starts) : walk(model, step.else, now, starts);
      if (step.else?.kind === 'If') starts.set(step.else, now);
      return Math.max(then, otherwise) - now;
    }
    case 'Switch': {
      const ends = [...step.cases.map((c) => walk(model, c.body, now, starts)), step.default ? walk(model, step.default, now, starts) : now];
      return Math.max(...ends) - now;
    }
    case 'Parallel':
      return Math.max(now, ...step.branches.map((branch) => walk(model, branch, now, starts))) - now;
    case 'Try': {
      const body = walk(model, step.body, now, starts);
      return (step.catch ? walk(model, step.catch, body, starts) : body) - now;
    }
    case 'ForEach': {
      // One pass from now; if a pass may wait, the passes after it start later, up to the run's life.
      const pass = walk(model, step.body, now, starts) - now;
      if (pass === 0) return 0;
      walk(model, step.body, RUN_LIFE_SECONDS, starts);
      return RUN_LIFE_SECONDS;
    }
    case 'Until': {
      const pass = walk(model, step.body, now, starts) - now;
      if (pass === 0) return 0;
      const limit = model.callOptionsOf(step).timeout?.seconds ?? UNTIL_DEFAULT_SECONDS;
      walk(model, step.body, cap(now + limit), starts);
      return limit;
    }
    case 'HttpCallStep':
    case 'Let': {
      // A webhook (`call connector … webhook`) waits for the connector to call back, a person to
      // answer an approval mail: the run holds its data till then, up to its @timeout, else its life.
      const call = step.kind === 'HttpCallStep' ? step.call : step.value.kind === 'HttpCall' ? step.value : undefined;
      if (!call?.connector || call.method?.name !== WEBHOOK_METHOD) return 0;
      return model.callOptionsOf(step).timeout?.seconds ?? RUN_LIFE_SECONDS;
    }
    default:
      return 0;
  }
}

/**
 * The longest the data a value holds may have waited in the run before `step` writes it: from when
 * the oldest of it was read (flow/run-time.ts).
 */
export function heldInRun(model: SemanticModel, flow: FlowDecl, step: Step, value: Node | undefined): number {
  const starts = startsOf(model, flow);
  const at = starts.get(step);
  if (at === undefined || at === 0 || !value) return 0;
  const read = readAt(model, value, starts, 0);
  return read < at ? at - read : 0;
}

/** When the oldest data a node reads was read (Infinity: it reads none, a constant). */
function readAt(model: SemanticModel, node: Node, starts: Map<Step, number>, depth: number): number {
  if (depth > MAX_DEPTH) return 0;
  let oldest = Infinity;
  const visit = (child: Node): void => {
    if (oldest === 0) return;
    if (child.kind === 'Name') {
      oldest = Math.min(oldest, nameReadAt(model, child as Expression & { kind: 'Name' }, starts, depth + 1));
      return;
    }
    forEachChild(child, visit);
  };
  visit(node);
  return oldest;
}

function nameReadAt(model: SemanticModel, name: Expression & { kind: 'Name' }, starts: Map<Step, number>, depth: number): number {
  const symbol = model.symbolOf(name.name);
  const declaring = symbol?.declaringNode;
  if (declaring?.kind === 'Let') {
    const let_ = declaring as LetStep;
    const value: LetValue = let_.value;
    const own = readAt(model, value, starts, depth);
    // A query's, a call's or a child flow's answer is read when the step runs.
    return isExpression(value) ? own : Math.min(own, starts.get(let_) ?? 0);
  }
  if (declaring?.kind === 'ForEach') return readAt(model, (declaring as { iterable: Expression }).iterable, starts, depth);
  // `item` reads the list its where or select goes over, which the same value reads too.
  if (symbol?.kind === 'item') return Infinity;
  // The trigger, a parameter, a var (whatever any set gave it): read from the run's start.
  return 0;
}

const EXPRESSIONS = new Set(['String', 'Number', 'Boolean', 'Null', 'Name', 'Member', 'Index', 'Call', 'Unary', 'Binary', 'Record', 'Array', 'Where', 'Select', 'Conditional', 'Missing']);

function isExpression(value: LetValue): value is Expression {
  return EXPRESSIONS.has(value.kind);
}

/**
 * The longest a run of `flow` must be able to last for its steps to do what the source says: the
 * waits it states (`wait N UNIT`) and the `@timeout`s it gives a webhook or an `until`, along its
 * longest path (the branches of an `if`, a `switch` or a `parallel` at their longest, a `try`'s
 * body then its catch, one pass of a `for each`). A wait whose length the source leaves open
 * (`wait until`, a computed wait, a webhook without `@timeout`) states none: it lasts at most the
 * run's life, whatever that is. Emit compares it with the run's life that the flow's run history
 * retention sets (emit/run-history.ts), in seconds.
 */
export function statedRunSeconds(model: SemanticModel, flow: FlowDecl): number {
  return stated(model, flow.body);
}

function stated(model: SemanticModel, block: Block): number {
  let total = 0;
  for (const step of block.steps) total += statedStep(model, step);
  return total;
}

function statedStep(model: SemanticModel, step: Step): number {
  switch (step.kind) {
    case 'Wait': {
      if (!step.duration) return 0;
      const resolved = resolveDuration(step.duration, ALL_UNITS, 'wait');
      return 'duration' in resolved ? resolved.duration.seconds : 0;
    }
    case 'If':
      return Math.max(stated(model, step.then), !step.else ? 0 : step.else.kind === 'If' ? statedStep(model, step.else) : stated(model, step.else));
    case 'Switch':
      return Math.max(0, ...step.cases.map((c) => stated(model, c.body)), step.default ? stated(model, step.default) : 0);
    case 'Parallel':
      return Math.max(0, ...step.branches.map((branch) => stated(model, branch)));
    case 'Try':
      return stated(model, step.body) + (step.catch ? stated(model, step.catch) : 0);
    case 'ForEach':
      return stated(model, step.body);
    case 'Until':
      return Math.max(stated(model, step.body), model.callOptionsOf(step).timeout?.seconds ?? 0);
    case 'HttpCallStep':
    case 'Let': {
      const call = step.kind === 'HttpCallStep' ? step.call : step.value.kind === 'HttpCall' ? step.value : undefined;
      if (!call?.connector || call.method?.name !== WEBHOOK_METHOD) return 0;
      return model.callOptionsOf(step).timeout?.seconds ?? 0;
    }
    default:
      return 0;
  }
}

/**
 * How long, in seconds, the caller of a Consumption workflow's Request trigger waits for its
 * Response (Microsoft's limits reference, Timeout duration: inbound request, 120 s multitenant).
 */
export const CALLER_WAITS_SECONDS = 120;

/** A number of seconds in words: `3 minutes`, `1 hour 30 minutes`, `2 days`. */
export function describeSeconds(seconds: number): string {
  const units: [number, string][] = [[86_400, 'day'], [3_600, 'hour'], [60, 'minute'], [1, 'second']];
  const parts: string[] = [];
  let left = Math.round(seconds);
  for (const [size, name] of units) {
    const count = Math.floor(left / size);
    if (count === 0 || parts.length === 2) continue;
    parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
    left -= count * size;
  }
  return parts.join(' ') || '0 seconds';
}

/**
 * The least time, in seconds, that the waits a flow states (`wait N UNIT`) have taken, on every
 * path, when `step` starts: the shortest branch of an `if` or a `switch` (none when one may run
 * nothing), the longest branch of a `parallel` (what follows waits for all), a `try`'s body or its
 * catch, whichever is shorter (a failure may skip the body's waits), one pass of an `until` (the body
 * runs at least once, and what follows runs after a pass that succeeded), no pass of a `for each`
 * (its list may be empty), and a step that `@after` runs on another outcome than success as if
 * from its block's start (a failure before a wait skips it). What else takes time (a call, a wait
 * whose length the run computes) counts as none: a lower bound, so what exceeds it surely does.
 */
export function statedWaitBefore(model: SemanticModel, flow: FlowDecl, step: Step): number {
  let earliest = earliestByFlow.get(flow);
  if (!earliest) {
    earliest = new Map();
    walkEarliest(model, flow.body, 0, earliest);
    earliestByFlow.set(flow, earliest);
  }
  return earliest.get(step) ?? 0;
}

const earliestByFlow = new WeakMap<FlowDecl, Map<Step, number>>();

function walkEarliest(model: SemanticModel, block: Block, start: number, earliest: Map<Step, number>): number {
  let now = start;
  for (const step of block.steps) {
    if (model.runsAfterOf(step)?.some((outcome) => outcome !== 'succeeded')) now = start;
    earliest.set(step, now);
    now += least(model, step, now, earliest);
  }
  return now;
}

/** How long a step lasts at least, by the waits it states (its inner steps recorded from `now`). */
function least(model: SemanticModel, step: Step, now: number, earliest: Map<Step, number>): number {
  const block = (inner: Block | undefined) => (inner ? walkEarliest(model, inner, now, earliest) : now);
  switch (step.kind) {
    case 'Wait': {
      if (!step.duration) return 0;
      const resolved = resolveDuration(step.duration, ALL_UNITS, 'wait');
      return 'duration' in resolved ? resolved.duration.seconds : 0;
    }
    case 'If': {
      const then = block(step.then);
      if (step.else?.kind === 'If') earliest.set(step.else, now);
      const otherwise = !step.else ? now : step.else.kind === 'If' ? now + least(model, step.else, now, earliest) : block(step.else);
      return Math.min(then, otherwise) - now;
    }
    case 'Switch':
      return Math.min(...step.cases.map((c) => block(c.body)), block(step.default)) - now;
    case 'Parallel':
      return Math.max(now, ...step.branches.map((branch) => block(branch))) - now;
    case 'Try': {
      // A `scope` contains no failure: what follows it runs after its body ran to its end.
      const body = block(step.body);
      return (step.scope ? body : Math.min(body, block(step.catch))) - now;
    }
    case 'Until':
      return block(step.body) - now;
    default:
      // A `for each`'s list may be empty; an agent's model may call no tool.
      for (const child of childBlocks(step)) block(child);
      return 0;
  }
}
