/**
 * Control dependence: which conditions decide whether a step runs, or how often. A step inside an
 * `if`, a `switch` case, a `for each` or an `until` runs because of what the condition, the
 * subject or the list holds; a step in a `catch` runs because something in the `try` failed; and
 * every step after one that may stop the run (a `fail` under a condition, inside a `try` too: a
 * Terminate ends the run, not the scope) runs only because that condition did not hold. Data reaches a sink through these as surely as through a value: sending
 * a fixed text only when a person's salary exceeds a threshold tells the receiver about the
 * salary. The policy's sharing and secondary-use rules, and a variable changed under such a step,
 * count the categories of these conditions (README, "Control flow carries data").
 */
import type { Block, Expression, FlowDecl, Step } from '../syntax/tree.js';

export interface ControlSource {
  /** Why the step depends on it. */
  readonly kind: 'if' | 'switch' | 'for each' | 'until' | 'catch';
  /** The condition, subject or list; for `catch`, the `try` block whose failure it handles. */
  readonly node: Expression | Block;
  /** The step that holds the condition. */
  readonly step: Step;
}

const NONE: readonly ControlSource[] = [];

/** For every step of the flow, the conditions it depends on (an empty list for most). */
export function controlDependences(flow: FlowDecl): Map<Step, readonly ControlSource[]> {
  const map = new Map<Step, readonly ControlSource[]>();
  visitBlock(flow.body?.steps ?? [], NONE, map);
  return map;
}

interface Outcome {
  /** Whether the block may end the run (a `fail` not caught by a `try`). */
  readonly mayStop: boolean;
  /** The conditions under which it does. */
  readonly stops: readonly ControlSource[];
}

const RUNS_ON: Outcome = { mayStop: false, stops: NONE };

function visitBlock(steps: readonly Step[], inherited: readonly ControlSource[], map: Map<Step, readonly ControlSource[]>): Outcome {
  let control = inherited;
  let mayStop = false;
  let stops: ControlSource[] | undefined;
  for (const step of steps) {
    map.set(step, control);
    const outcome = visitStep(step, control, map);
    if (!outcome.mayStop) continue;
    mayStop = true;
    if (outcome.stops.length === 0) continue;
    // What follows runs only where the run did not stop: it depends on the stopping conditions.
    control = [...control, ...outcome.stops];
    (stops ??= []).push(...outcome.stops);
  }
  return { mayStop, stops: stops ?? NONE };
}

function nested(source: ControlSource, control: readonly ControlSource[], blocks: readonly (readonly Step[])[], map: Map<Step, readonly ControlSource[]>): Outcome {
  const inner = [...control, source];
  let mayStop = false;
  const stops: ControlSource[] = [];
  for (const steps of blocks) {
    const outcome = visitBlock(steps, inner, map);
    mayStop ||= outcome.mayStop;
    stops.push(...outcome.stops);
  }
  return mayStop ? { mayStop, stops: [source, ...stops] } : RUNS_ON;
}

function visitStep(step: Step, control: readonly ControlSource[], map: Map<Step, readonly ControlSource[]>): Outcome {
  switch (step.kind) {
    case 'Fail':
      return { mayStop: true, stops: NONE };
    case 'If': {
      const otherwise = step.else ? (step.else.kind === 'Block' ? step.else.steps : [step.else]) : [];
      return nested({ kind: 'if', node: step.condition, step }, control, [step.then?.steps ?? [], otherwise], map);
    }
    case 'Switch':
      return nested(
        { kind: 'switch', node: step.subject, step },
        control,
        [...step.cases.map((branch) => branch.body?.steps ?? []), step.default?.steps ?? []],
        map,
      );
    case 'ForEach':
      return nested({ kind: 'for each', node: step.iterable, step }, control, [step.body?.steps ?? []], map);
    case 'Until':
      return nested({ kind: 'until', node: step.condition, step }, control, [step.body?.steps ?? []], map);
    case 'Try': {
      // A `scope` contains no failure: what stops the run in it stops what follows, as inline.
      if (step.scope) return visitBlock(step.body?.steps ?? [], control, map);
      // A failing action inside `try` is caught: it decides whether `catch` runs. A `fail` is not:
      // its Terminate ends the whole run, scopes or not, so what follows runs only if it did not.
      const body = visitBlock(step.body?.steps ?? [], control, map);
      if (!step.catch) return body;
      const handler = nested({ kind: 'catch', node: step.body, step }, control, [step.catch.steps], map);
      if (!body.mayStop) return handler;
      return { mayStop: true, stops: [...body.stops, ...handler.stops] };
    }
    case 'Parallel': {
      // Every branch runs under the same conditions; what follows waits for all of them.
      let mayStop = false;
      const stops: ControlSource[] = [];
      for (const branch of step.branches) {
        const outcome = visitBlock(branch.steps, control, map);
        mayStop ||= outcome.mayStop;
        stops.push(...outcome.stops);
      }
      return mayStop ? { mayStop, stops } : RUNS_ON;
    }
    default:
      return RUNS_ON;
  }
}
