/**
 * Control dependence: which conditions decide whether a step runs, or how often. A step inside an
 * `if`, a `switch` case, a `for each` or an `until` runs because of what the condition, the
 * subject or the list holds; a step in a `catch` runs because something in the `try` failed; and
 * every step after one that may stop the run runs only because it did not: a `fail` under a
 * condition (inside a `try` too: a Terminate ends the run, not the scope), and a `call flow` to a
 * child that may fail (outside a `try`, its failure fails the caller's run, and depends on what
 * the child reads), a step that `@after` runs after the step before it failed or was skipped (on
 * what the steps before it read, as a catch on its try), and a step whose own expressions fail on some values (`int()` of text, a
 * division by zero, an index out of range, a `parse json` its type refuses: `failuresOf`), which
 * fails its action as a failing child does, and a `respond` after one that may have answered (a run
 * answers once). Data reaches a sink through these as surely as through a value: sending
 * a fixed text only when a person's salary exceeds a threshold tells the receiver about the
 * salary. The policy's sharing and secondary-use rules, and a variable changed under such a step,
 * count the categories of these conditions (README, "Control flow carries data").
 */
import type { Block, CallExpression, DeleteStep, Expression, FlowCall, FlowDecl, HttpCall, LetValue, Node, Step } from '../syntax/tree.js';
import type { Type } from './types.js';
import { forEachChild, forEachStep } from '../syntax/visit.js';
import { computedCount } from '../syntax/tree.js';
import { readsKeptData } from './store-reads.js';
import { valuesOfUrl } from './url-texts.js';
import { storeCell } from './categories.js';

export interface ControlSource {
  /** Why the step depends on it. */
  readonly kind: 'if' | 'switch' | 'for each' | 'until' | 'catch' | 'after' | 'call flow' | 'failure' | 'agent' | 'race' | 'timing' | 'retry';
  /**
   * The condition, subject or list; for `catch`, the `try` block whose failure it handles; for
   * `after`, the steps of its block before a step that `@after` runs on another outcome than success; for
   * `call flow`, the call, whose child's failure stops the run; for `failure`, what decides
   * whether an expression of the step fails (a conversion's call, a divisor, an index read), or a
   * `delete`, which fails when its container holds no such document.
   */
  readonly node: LetValue | Block | DeleteStep;
  /** The step that holds the condition. */
  readonly step: Step;
  /**
   * For `race` (a `parallel`'s branches racing: racingSteps) and `timing` (a `respond` after the
   * caller stopped waiting), what decided how long a step took; for `retry` (a caller that sends
   * the call again when the run answers no success), what decided that it did not: the source it
   * stands for.
   */
  readonly via?: ControlSource;
}

const NONE: readonly ControlSource[] = [];

/**
 * For every step of the flow, the conditions it depends on (an empty list for most).
 * `childMayFail` tells whether the flow a `call flow` calls may fail (it holds a `fail`);
 * `typeOf` gives a value's type (an optional one may be null at run time).
 */
export function controlDependences(
  flow: FlowDecl,
  childMayFail: (call: FlowCall) => boolean,
  typeOf: (value: Expression) => Type,
  readsStores: (call: HttpCall) => boolean,
  retried = false,
): Map<Step, readonly ControlSource[]> {
  const walk: Walk = { map: new Map(), childMayFail, typeOf, readsStores, failures: new Map(), elapsed: [], elapsedSeen: new Set() };
  const steps = flow.body?.steps ?? [];
  // A top-level `var` whose value reads only the trigger and parameters is initialised at the
  // start of the workflow (InitializeVariable must stand there): if its value fails, nothing runs,
  // whatever step is written before it.
  let hoisted: ControlSource[] | undefined;
  for (const step of steps) if (step.kind === 'Var') for (const failure of failuresOf(step, walk)) (hoisted ??= []).push(failure);
  visitBlock(steps, hoisted ?? NONE, walk);
  if (retried) rerunBy(flow, walk);
  return walk.map;
}

/**
 * A caller that waits for the flow's answer (`call flow`, a request to its trigger's URL) sends its
 * call again when the answer is no success (a 5xx, a 408 or a 429; the service's default retry
 * policy, four more times), and so starts the whole run again: every step of it runs once more,
 * and whoever a step sends to hears it as often as the run failed to answer. So each step depends
 * on what decides whether the caller gets a success: whatever decides whether a `respond` runs
 * (its conditions, every failure before it) and what its own expressions read (a computed status
 * of 500). A child flow that sends a pupil's id, then fails for the pupils under 13, tells the CRM
 * who is under 13 by how often it hears the id. A flow without a `respond` answers at once (202),
 * so its failure is no caller's.
 */
function rerunBy(flow: FlowDecl, walk: Walk): void {
  let answer: readonly ControlSource[] | undefined;
  forEachStep(flow.body, (step) => {
    if (step.kind !== 'Respond') return;
    answer = joined(joined(answer, walk.map.get(step)), failuresOf(step, walk));
  });
  if (!answer || answer.length === 0) return;
  const rerun = answer.map((source) => through('retry', source));
  for (const [step, control] of walk.map) walk.map.set(step, joined(control, rerun)!);
}

/**
 * Whether a flow may fail as its caller sees it: it holds a `fail`, calls a flow (which may), has
 * an expression that fails on some values (`failuresOf`; a `for each` over a list that may be null
 * aside, which needs types: its loop's list is read by the flow's own checks), or answers with an
 * error status (`respond 400`: the caller's Workflow action fails on a status of 400 or more,
 * though the child's own run succeeds).
 */
export function mayFail(flow: FlowDecl, readsStores: (call: HttpCall) => boolean = readsStoresAsWritten): boolean {
  const walk: Walk = { map: new Map(), childMayFail: () => true, readsStores, failures: new Map(), elapsed: [], elapsedSeen: new Set() };
  let found = false;
  forEachStep(flow.body, (step) => {
    if (found) return;
    if (step.kind === 'Fail' || step.kind === 'FlowCallStep' || (step.kind === 'Let' && step.value.kind === 'FlowCall')) found = true;
    // A run stopped as cancelled fails its caller's Workflow action as a failed one does.
    else if (step.kind === 'Stop' && step.status.name !== 'succeeded') found = true;
    // A computed status may be 400 or more, or out of range, which fails the Response.
    else if (step.kind === 'Respond' && (step.status.kind !== 'Number' || step.status.value >= 400)) found = true;
    else if (failuresOf(step, walk).length > 0) found = true;
  });
  return found;
}

interface Walk {
  readonly map: Map<Step, readonly ControlSource[]>;
  readonly childMayFail: (call: FlowCall) => boolean;
  /** A value's type; without it (`mayFail`, which asks of a flow alone) every type is unknown. */
  readonly typeOf?: (value: Expression) => Type;
  /** Whether a request reads the project's stores (store-reads.ts): it fails when what it asks for is not there. */
  readonly readsStores: (call: HttpCall) => boolean;
  /** Each step's own failures, made once: a loop's body is walked twice, and a condition's categories are kept by source. */
  readonly failures: Map<Step, readonly ControlSource[]>;
  /**
   * The conditions under which a `respond` walked so far ran (empty: one ran under none): a run
   * answers once, so a later `respond` fails, and the run with it, when an earlier one answered.
   */
  responded?: readonly ControlSource[];
  /**
   * What decided how long the run took so far: the conditions, loops and failures of every step
   * walked (each once, by identity). A caller over HTTP stops waiting for the answer after 2
   * minutes, and a `respond` that runs later fails (JIG4123), ending the run: whether the steps
   * after it run depends on these.
   */
  readonly elapsed: ControlSource[];
  readonly elapsedSeen: Set<ControlSource>;
}

interface Outcome {
  /** The conditions under which the block ends the run (a `fail`: not even a `try` catches it). */
  readonly ends: readonly ControlSource[] | undefined;
  /** The conditions under which an action of it fails (a child flow's call): a `try` catches it. */
  readonly fails: readonly ControlSource[] | undefined;
}

const RUNS_ON: Outcome = { ends: undefined, fails: undefined };

/**
 * The union of two lists of conditions. Kept free of repeats: every respond, failure and loop's
 * second walk joins what came before it again, and with repeats kept the lists doubled at each of
 * them (nested loops of responds grew past what V8 can hold).
 */
const joined = (a: readonly ControlSource[] | undefined, b: readonly ControlSource[] | undefined): readonly ControlSource[] | undefined => {
  if (a === undefined) return b;
  if (b === undefined || b.length === 0) return a;
  let union: ControlSource[] | undefined;
  for (const source of b) {
    if (holds(union ?? a, source)) continue;
    (union ??= [...a]).push(source);
  }
  return union ?? a;
};

const holds = (list: readonly ControlSource[], source: ControlSource): boolean =>
  list.some((other) => other === source || (other.node === source.node && other.kind === source.kind && other.step === source.step));

/**
 * @param outer for a `parallel`'s branch, the steps before the `parallel` (in its block, or before
 *   that block where it starts one): a branch starts after the last of them, and `@after` on its
 *   first step names that one's outcome.
 */
function visitBlock(steps: readonly Step[], inherited: readonly ControlSource[], walk: Walk, outer?: Block): Outcome {
  let control = inherited;
  let ends: readonly ControlSource[] | undefined;
  let fails: readonly ControlSource[] | undefined;
  for (const [index, step] of steps.entries()) {
    const before: Block | undefined = index > 0 ? { kind: 'Block', steps: steps.slice(0, index), range: { start: steps[0]!.range.start, end: steps[index - 1]!.range.end } } : outer;
    // A step that runs after the step before it failed, timed out or was skipped (`@after`) runs
    // because of how the steps before it in its block ended, which what they read may decide, as a
    // catch runs because of its try (a skipped step: one before it failed).
    if (before && runsAfterOtherOutcome(step)) control = joined(control, [{ kind: 'after', node: before, step }])!;
    walk.map.set(step, control);
    if (takesTime(step)) {
      took(walk, control);
      took(walk, timeOf(step));
    }
    const outcome = visitStep(step, control, walk, before);
    let own = failuresOf(step, walk);
    if (step.kind === 'Respond') {
      // A second answer fails on whatever decided that the first ran; after one that answered under
      // no condition it fails whenever it runs, so on the conditions it runs under, which the
      // blocks around it (an `if`, a `parallel`) add as they pass its failure on.
      if (walk.responded) own = joined(own, walk.responded.length > 0 ? walk.responded : [answeredBefore(step)])!;
      walk.responded = joined(walk.responded ?? NONE, control);
      // And an answer fails once the caller stopped waiting (2 minutes, JIG4123): on whatever
      // decided how long the run took before it, whatever its status. The caller sees that too (an
      // answer, or none in time): the answer carries it.
      if (walk.elapsed.length > 0) {
        const timed = walk.elapsed.map((source) => through('timing', source));
        own = joined(own, timed)!;
        walk.map.set(step, joined(control, timed)!);
      }
    }
    ends = joined(ends, outcome.ends);
    fails = joined(joined(fails, outcome.fails), own.length > 0 ? own : undefined);
    // What follows runs only where the run did not stop: it depends on the stopping conditions.
    const stops = joined(joined(outcome.ends, outcome.fails), own.length > 0 ? own : undefined);
    if (stops && stops.length > 0) control = joined(control, stops)!;
  }
  return { ends, fails };
}

/**
 * The failure of a `respond` after one that answered under no condition: it reads nothing of its
 * own (an empty block), but it stops what follows, as any failure does, wherever it runs.
 */
const answered = new WeakMap<Step, ControlSource>();
function answeredBefore(step: Step): ControlSource {
  let source = answered.get(step);
  if (!source) answered.set(step, (source = { kind: 'failure', node: { kind: 'Block', steps: [], range: step.range }, step }));
  return source;
}

/** A source as what decided how long a step took, for a race or an answer's timing (one object each, so that lists stay free of repeats). */
const wrapped = { race: new WeakMap<ControlSource, ControlSource>(), timing: new WeakMap<ControlSource, ControlSource>(), retry: new WeakMap<ControlSource, ControlSource>() };
function through(kind: 'race' | 'timing' | 'retry', source: ControlSource): ControlSource {
  if (source.kind === 'race' || source.kind === 'timing' || source.kind === 'retry') return source;
  let result = wrapped[kind].get(source);
  if (!result) wrapped[kind].set(source, (result = { kind, node: source.node, step: source.step, via: source }));
  return result;
}

/** Adds to what decided how long the run took (`Walk.elapsed`). */
function took(walk: Walk, sources: readonly ControlSource[] | undefined): void {
  if (!sources) return;
  for (const source of sources) {
    if (walk.elapsedSeen.has(source)) continue;
    walk.elapsedSeen.add(source);
    walk.elapsed.push(source);
  }
}

/**
 * What decides how long a step takes, besides the conditions it runs under and its own failures: a
 * loop's list or condition and an `until`'s count (how many passes, even of an empty body), an
 * `if`'s or a `switch`'s (which branch), a child flow's run (what it reads: every category it
 * declares). A service's time to answer what it is sent is its own (README, what the analysis
 * cannot see).
 */
const timing = new WeakMap<Step, readonly ControlSource[]>();
function timeOf(step: Step): readonly ControlSource[] | undefined {
  let sources = timing.get(step);
  if (sources) return sources;
  switch (step.kind) {
    case 'Wait':
      // A computed wait lasts what its amount or time says.
      if (step.amount) sources = [{ kind: 'failure', node: step.amount, step }];
      else if (step.until) sources = [{ kind: 'failure', node: step.until, step }];
      break;
    case 'ForEach':
      sources = [{ kind: 'for each', node: step.iterable, step }];
      break;
    case 'Until': {
      const count = computedCount(step);
      sources = [{ kind: 'until', node: step.condition, step }, ...(count ? [{ kind: 'until' as const, node: count, step }] : [])];
      break;
    }
    case 'FlowCallStep':
      sources = [{ kind: 'call flow', node: step.call, step }];
      break;
    case 'Let':
      if (step.value.kind === 'FlowCall') sources = [{ kind: 'call flow', node: step.value, step }];
      break;
  }
  if (sources) timing.set(step, sources);
  return sources;
}

/**
 * Whether a step may take long enough to matter to a caller's 2 minutes (a wait, a loop, a request,
 * a store, a child flow, an agent, code, a raw action): whether it ran, and how often, decides how
 * long the run took. The others (a `let` of an expression, a variable action, a branch's choice, an
 * answer, an end) take what computing a value takes; the steps they hold are judged on their own.
 */
function takesTime(step: Step): boolean {
  switch (step.kind) {
    case 'Let':
      return TIMED_VALUES.has(step.value.kind);
    case 'Var':
    case 'Set':
    case 'Append':
    case 'If':
    case 'Switch':
    case 'Try':
    case 'Parallel':
    case 'Respond':
    case 'Fail':
    case 'Stop':
      return false;
    default:
      return true;
  }
}

const TIMED_VALUES = new Set<string>(['HttpCall', 'FlowCall', 'Query', 'InlineCode', 'DocumentOperation', 'Aggregate']);

/**
 * The steps of a `parallel`'s branches whose outcome is decided by which branch got there first: a
 * `set` or `append` of a variable that another branch writes or reads (the last writer wins, and
 * a read sees whichever write came before it), a `store` or `delete` in a container another branch
 * writes into (the last write of a document wins, and Jig does not tell their ids apart), and a
 * `respond` when another branch answers too (the first answers, the second fails).
 */
function racingSteps(branches: readonly Block[]): Step[] {
  const writes = branches.map(() => new Map<string, Step[]>());
  const reads = branches.map(() => new Set<string>());
  const responds = branches.map(() => [] as Step[]);
  branches.forEach((branch, index) => {
    const wrote = (key: string, step: Step) => writes[index]!.set(key, [...(writes[index]!.get(key) ?? []), step]);
    forEachStep(branch, (inner) => {
      if (inner.kind === 'Set' || inner.kind === 'Append') wrote(inner.target.name, inner);
      // A container's key cannot be a variable's name (`store:` is no name).
      if (inner.kind === 'Store' || inner.kind === 'Delete') wrote(storeCell(inner.target), inner);
      if (inner.kind === 'Respond') responds[index]!.push(inner);
      if (inner.kind === 'Let' && inner.value.kind === 'Query') reads[index]!.add(storeCell(inner.value.source));
      walkNames(inner, (name) => reads[index]!.add(name));
    });
  });
  const racing: Step[] = [];
  branches.forEach((_, index) => {
    const others = branches.map((__, other) => other).filter((other) => other !== index);
    for (const [name, steps] of writes[index]!) {
      if (others.some((other) => writes[other]!.has(name) || reads[other]!.has(name))) racing.push(...steps);
    }
    if (others.some((other) => responds[other]!.length > 0)) racing.push(...responds[index]!);
  });
  return racing;
}

/** Each name a step's own expressions read (not those of the steps nested in it). */
function walkNames(step: Step, found: (name: string) => void): void {
  const visit = (node: Node): void => {
    if (node.kind === 'Block') return;
    if (node.kind === 'Name') found((node as { name: { name: string } }).name.name);
    forEachChild(node, visit);
  };
  forEachChild(step, visit);
}

/** Whether a step's `@after` names an outcome other than success (read from the syntax: a malformed one counts). */
function runsAfterOtherOutcome(step: Step): boolean {
  const after = step.annotations.find((annotation) => annotation.name.name === 'after');
  return after !== undefined && !after.args.every((arg) => arg.kind === 'DottedName' && arg.text === 'succeeded');
}

function nested(source: ControlSource, control: readonly ControlSource[], blocks: readonly (readonly Step[])[], walk: Walk): Outcome {
  const inner = [...control, source];
  let ends: readonly ControlSource[] | undefined;
  let fails: readonly ControlSource[] | undefined;
  // The blocks are alternatives (an if's branches, a switch's cases): a respond in one has not run
  // when another starts; after them, any of them may have answered.
  const before = walk.responded;
  let after = before;
  for (const steps of blocks) {
    walk.responded = before;
    const outcome = visitBlock(steps, inner, walk);
    ends = joined(ends, outcome.ends);
    fails = joined(fails, outcome.fails);
    if (walk.responded !== before) after = joined(after, walk.responded);
  }
  walk.responded = after;
  return { ends: ends && [source, ...ends], fails: fails && [source, ...fails] };
}

/** @param before the steps before it (visitBlock's `outer` for a `parallel`'s branches). */
function visitStep(step: Step, control: readonly ControlSource[], walk: Walk, before: Block | undefined): Outcome {
  switch (step.kind) {
    case 'Fail':
    case 'Stop':
      return { ends: NONE, fails: undefined };
    case 'FlowCallStep':
      return calling(step, step.call, walk);
    case 'Let':
      return step.value.kind === 'FlowCall' ? calling(step, step.value, walk) : RUNS_ON;
    case 'If': {
      const otherwise = step.else ? (step.else.kind === 'Block' ? step.else.steps : [step.else]) : [];
      return nested({ kind: 'if', node: step.condition, step }, control, [step.then?.steps ?? [], otherwise], walk);
    }
    case 'Switch':
      return nested(
        { kind: 'switch', node: step.subject, step },
        control,
        [...step.cases.map((branch) => branch.body?.steps ?? []), step.default?.steps ?? []],
        walk,
      );
    case 'ForEach':
      return loop({ kind: 'for each', node: step.iterable, step }, control, step.body?.steps ?? [], walk);
    case 'Agent':
      // The model chooses which tool runs, how often and with what (rule 4): each tool's steps run
      // under its answer, the tools alternatives of one another, as a switch's cases are.
      return nested({ kind: 'agent', node: step.request, step }, control, step.tools.map((tool) => tool.body?.steps ?? []), walk);
    case 'Until': {
      // A computed `@count(EXPR)` decides how many passes the body makes, as the condition does.
      const count = computedCount(step);
      const limited = count ? [...control, { kind: 'until' as const, node: count, step }] : control;
      return loop({ kind: 'until', node: step.condition, step }, limited, step.body?.steps ?? [], walk);
    }
    case 'Try': {
      // A `scope` contains no failure: what stops the run in it stops what follows, as inline.
      if (step.scope) return visitBlock(step.body?.steps ?? [], control, walk);
      // A failing action inside `try` is caught: it decides whether `catch` runs. A `fail` is not:
      // its Terminate ends the whole run, scopes or not, so what follows runs only if it did not.
      const body = visitBlock(step.body?.steps ?? [], control, walk);
      if (!step.catch) return { ends: body.ends, fails: undefined };
      const handler = nested({ kind: 'catch', node: step.body, step }, control, [step.catch.steps], walk);
      return { ends: joined(body.ends, handler.ends), fails: handler.fails };
    }
    case 'Parallel': {
      // Every branch runs under the same conditions; what follows waits for all of them. A `fail`
      // in one branch ends the run, the other branches with it: a step of another branch that runs
      // after it (a `wait` is enough to order them) runs only if it did not.
      const outcomes = step.branches.map((branch) => visitBlock(branch.steps, control, walk, before));
      step.branches.forEach((branch, index) => {
        let siblings: readonly ControlSource[] | undefined;
        outcomes.forEach((outcome, other) => {
          if (other !== index) siblings = joined(siblings, outcome.ends);
        });
        if (siblings && siblings.length > 0) outcomes[index] = visitBlock(branch.steps, joined(control, siblings)!, walk, before);
      });
      let ends: readonly ControlSource[] | undefined;
      let fails: readonly ControlSource[] | undefined;
      for (const outcome of outcomes) {
        ends = joined(ends, outcome.ends);
        fails = joined(fails, outcome.fails);
      }
      // A branch that starts on another outcome than success of the step before (`@after`) is
      // skipped when that step ended otherwise, and what follows the `parallel` with it: whether
      // it runs depends on how the steps before ended, as the branch does.
      const onOutcome = step.branches.flatMap((branch) => (before && branch.steps[0] && runsAfterOtherOutcome(branch.steps[0]) ? [{ kind: 'after' as const, node: before, step: branch.steps[0] }] : []));
      if (onOutcome.length > 0) fails = joined(fails, onOutcome);
      // Branches race where their outcome is which got there first (racingSteps): it is decided by
      // how long each took, so by whatever decided that in any branch (rule 4).
      const racing = racingSteps(step.branches);
      if (racing.length > 0) {
        let race: readonly ControlSource[] | undefined;
        for (const branch of step.branches) {
          forEachStep(branch, (inner) => {
            if (takesTime(inner)) race = joined(joined(race, walk.map.get(inner)), timeOf(inner));
          });
        }
        if (race && race.length > 0) {
          const raced = race.map((source) => through('race', source));
          for (const inner of racing) walk.map.set(inner, joined(walk.map.get(inner), raced)!);
        }
      }
      return { ends, fails };
    }
    default:
      return RUNS_ON;
  }
}

/**
 * A `fail` in a loop skips the rest of every later pass (the Terminate follows the loop), so each
 * step of the body, those before the `fail` included, runs only if no earlier pass stopped: the
 * body is walked again under what stops it. (A failing action ends only its own pass of a `for
 * each`; an `until` may stop at it, so there both count.)
 */
function loop(source: ControlSource, control: readonly ControlSource[], steps: readonly Step[], walk: Walk): Outcome {
  const outcome = nested(source, control, [steps], walk);
  const stops = source.kind === 'until' ? joined(outcome.ends, outcome.fails) : outcome.ends;
  // Each list starts with the loop itself, which the body already depends on.
  const inner = (stops ?? NONE).filter((stop) => stop !== source);
  if (inner.length === 0) return outcome;
  return nested(source, joined(control, inner)!, [steps], walk);
}

/**
 * Whether a request reads the project's stores, judged from its URL as written (a literal, an
 * interpolated string's literal start): for a flow asked about alone, without its file's names.
 */
function readsStoresAsWritten(call: HttpCall): boolean {
  return readsKeptData(call, (url) => valuesOfUrl(url, () => undefined, () => []));
}

/** A child flow that may fail fails the call, and the caller's run with it: what follows depends on what the child read. */
function calling(step: Step, call: FlowCall, walk: Walk): Outcome {
  return walk.childMayFail(call) ? { ends: undefined, fails: [{ kind: 'call flow', node: call, step }] } : RUNS_ON;
}

/**
 * What decides whether a built-in function's call fails, by function: the arguments whose values
 * may make it fail (their indices), none for a function total on values of its types. Failing:
 * conversions of text (`int("x")`, `float`, `bool`, `json`, `base64ToString`), dates read from
 * text (a datetime at run time is a string the function parses; `utcNow`'s format; a time zone's
 * name), a substring or a range out of bounds, a negative count, `min`/`max` of an empty array,
 * `rand` whose minimum is not below its maximum, `replace` of an empty text, `addProperty` of a
 * property the object has. A function this table does not name fails on any of its arguments:
 * one added to the language is not safe until its failures are written here (rule 1).
 */
const ALL = 'all';
const FAILS_ON: ReadonlyMap<string, typeof ALL | readonly number[]> = new Map<string, typeof ALL | readonly number[]>([
  ...['int', 'float', 'bool', 'json', 'base64ToString'].map((name) => [name, ALL] as const),
  ...['parseDateTime', 'formatDateTime', 'addDays', 'addHours', 'addMinutes', 'addSeconds', 'startOfDay', 'dayOfWeek', 'ticks', 'utcNow', 'convertToUtc', 'convertFromUtc'].map((name) => [name, ALL] as const),
  ...['substring', 'range', 'skip', 'take', 'min', 'max', 'rand'].map((name) => [name, ALL] as const),
  ['replace', [1]],
  // The object may already have the property; any object is not a record (setProperty and removeProperty: below).
  ['addProperty', [0, 1]],
  ...['length', 'concat', 'toLower', 'toUpper', 'trim', 'contains', 'startsWith', 'endsWith', 'indexOf', 'split', 'join'].map((name) => [name, []] as const),
  ...['first', 'last', 'empty', 'coalesce', 'union', 'string', 'encodeUriComponent', 'base64', 'guid'].map((name) => [name, []] as const),
]);

/** The arguments of a built-in's call whose values decide whether it fails. */
function failingArguments(call: CallExpression, typeOf: ((value: Expression) => Type) | undefined): readonly Expression[] {
  const name = call.callee.name;
  // setProperty and removeProperty fail only on a value that is no object: one typed as a record is one.
  if (name === 'setProperty' || name === 'removeProperty') {
    const object = call.args[0];
    return object && typeOf?.(object).kind !== 'record' ? [object] : [];
  }
  const deciding = FAILS_ON.get(name) ?? ALL;
  if (deciding === ALL) return call.args;
  return deciding.flatMap((index) => call.args[index] ?? []);
}

/**
 * What decides whether one node fails on the data, not counting its children: a failing
 * function's call (the call itself when all its arguments decide, else those that do), the divisor
 * of `/` and `%`, an element read (`a[i]` out of range), the content a `parse json` (or a blob
 * read) checks against its type. Empty for a node that cannot fail on its own.
 */
export function failingParts(node: Node, typeOf?: (value: Expression) => Type): readonly LetValue[] {
  switch (node.kind) {
    case 'Call': {
      const deciding = failingArguments(node, typeOf);
      return deciding.length === node.args.length && deciding.length > 0 ? [node] : deciding;
    }
    case 'Binary':
      return node.operator === '/' || node.operator === '%' ? [node.right] : NO_PARTS;
    case 'Index':
      return [node];
    case 'ParseJson':
      return [node.content];
    case 'InlineCode':
      // Code may throw on any value it reads, and Jig does not see which it reads.
      return [node];
    case 'TimeOperation':
      // A base time that is no time, an amount out of range, an unknown zone or format fails the
      // action: each part it reads decides (the current time alone cannot fail).
      return [node.amount, node.base, node.sourceZone, node.destinationZone, node.format].filter((part): part is Expression => part !== undefined);
    case 'TableOperation':
      // Rows that are no array of objects fail the action, and so may a column's value: they decide.
      return node.columns ? [node.from, node.columns] : [node.from];
    case 'DocumentOperation':
      // Parse a document fails on content it cannot read, an XSLT map on content that is no XML (or
      // on what its parameters make of it); a Chunk text splits any text.
      if (node.operation === 'transform xml') return [node.content, ...(node.parameters ?? []).map((parameter) => parameter.value)];
      // A Liquid map fails on content that is no JSON or XML, as its kind says.
      if (node.operation === 'transform liquid') return [node.content];
      return node.operation === 'parse document' ? [node.content] : NO_PARTS;
    case 'Query':
      return node.source.store.name === 'blob' ? [node] : NO_PARTS;
    default:
      return NO_PARTS;
  }
}

const NO_PARTS: readonly LetValue[] = [];

/**
 * Where a step's own expressions (not those of the steps nested in it) may fail on the data, each
 * with what decides it: a failing function's call (its arguments), a divisor (`/`, `%` by zero),
 * an element read (`a[i]` out of range: the list and the index), the content a `parse json` (or a
 * blob read, whose content goes through Parse JSON) checks against its type, the list of a `for
 * each` that may be null, a `delete` (whether its container holds the document), the time of a
 * `wait until`, a computed wait's amount, an until's count, a response's status. A service refusing what it is sent is not counted (README, "Control flow carries
 * data").
 */
function failuresOf(step: Step, walk: Walk): readonly ControlSource[] {
  let found = walk.failures.get(step);
  if (found) return found;
  const sources: ControlSource[] = [];
  const add = (node: LetValue) => sources.push({ kind: 'failure', node, step });
  const visit = (node: Node): void => {
    switch (node.kind) {
      case 'Block':
      case 'Annotation':
      case 'If':
        // Nested steps (an `else if` too) are visited on their own.
        return;
      case 'HttpCall':
        // A store answers 404 for a document, a blob or an item that is not there: whether the
        // request fails is what the store holds, as a delete's is.
        if (walk.readsStores(node)) add(node);
        break;
    }
    failingParts(node, walk.typeOf).forEach(add);
    forEachChild(node, visit);
  };
  forEachChild(step, visit);
  // A delete of a document that is not there fails (Cosmos DB answers 404): whether it fails is
  // what the container holds, as a blob read's is.
  if (step.kind === 'Delete') sources.push({ kind: 'failure', node: step, step });
  // A Wait until fails on a time that is no timestamp, and one past the run's longest life (90
  // days on Consumption) times the run out: what follows runs because of the time it read.
  if (step.kind === 'Wait' && step.until) add(step.until);
  // So does a computed wait: a count that is no whole number fails it, and a long one times the
  // run out; what follows runs because of what the amount read.
  if (step.kind === 'Wait' && step.amount) add(step.amount);
  // An Until whose computed count is no whole number from 1 to 5,000 fails: what follows runs because of it.
  const count = computedCount(step);
  if (count) add(count);
  // A Response whose computed status is no whole number from 100 to 599 fails: what follows runs because of it.
  if (step.kind === 'Respond' && step.status.kind !== 'Number') add(step.status);
  if (step.kind === 'ForEach' && step.iterable && walk.typeOf?.(step.iterable).kind === 'optional') add(step.iterable);
  found = sources.length > 0 ? sources : NONE;
  walk.failures.set(step, found);
  return found;
}
