/**
 * `@after(OUTCOME, …)` after a step that becomes several actions in a chain (a call that answers a
 * type: Http, then Parse JSON): the step failed when any of them failed, whichever, and was skipped
 * when all were. The last action alone cannot tell a failure of an earlier one (which leaves it
 * Skipped) from a skipped step, so the runAfter waits for every action of the chain; run in the
 * engine, each outcome runs exactly the steps that name it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Mock } from '../../compiler/src/engine/runtime/mocks.js';
import { chainOutcomes } from '../../compiler/src/emit/action-list.js';
import type { RunStatus } from '../../compiler/src/emit/builders.js';
import { emitText, expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

const URL = 'https://status.azurewebsites.net/api/total';
const BEFORE = 'https://status.azurewebsites.net/api/before';

const flow = (outcomes: string) => `type Answer {
  total: number @business.other
}

@purpose(automation, "Run after a call on its outcome")
@data(business.other)
@retain(1 day)
flow after_outcome {
  trigger http post
  var trace: string[] = []
  try {
    call http post "${BEFORE}"
    let answer = call http post "${URL}" returns Answer
    append "after" to trace
      @after(${outcomes})
  } catch {
    append "caught" to trace
  }
  respond 200 body { trace: trace }
}
`;

type Case = 'succeeded' | 'failed' | 'unparsed' | 'skipped';
const answer = (status: number, body?: unknown): Mock => ({ responses: [{ status, body }] });
const mocks: Record<Case, Record<string, Mock>> = {
  succeeded: { [`http:POST ${URL}`]: answer(200, { total: 3 }) },
  failed: { [`http:POST ${URL}`]: answer(400) },
  // The call succeeds, its answer is not an Answer: Parse JSON fails.
  unparsed: { [`http:POST ${URL}`]: answer(200, { total: 'three' }) },
  skipped: { [`http:POST ${BEFORE}`]: answer(400) },
};
// What the step ended in, for each case: an answer that is not its type is the step's failure.
const outcomeOf: Record<Case, string> = { succeeded: 'succeeded', failed: 'failed', unparsed: 'failed', skipped: 'skipped' };

afterAll(() => expectAllEmittedValid());

describe('@after on the outcome of a step that becomes several actions', () => {
  for (const asked of [['failed'], ['succeeded'], ['skipped'], ['failed', 'skipped'], ['succeeded', 'failed'], ['failed', 'timedout']]) {
    it(`@after(${asked.join(', ')}) runs exactly on ${asked.join(' or ')}`, () => {
      const run = compileJig(flow(asked.join(', ')));
      for (const [name, operations] of Object.entries(mocks) as [Case, Record<string, Mock>][]) {
        const record = run({ trigger: { body: {} }, mocks: { operations: { [`http:POST ${BEFORE}`]: answer(200), ...operations } } });
        const trace = (record.response?.body as { trace: string[] }).trace;
        expect({ name, ran: trace.includes('after') }).toEqual({ name, ran: asked.includes(outcomeOf[name]) });
      }
    });
  }
});

describe('the runAfter of what follows a chain of actions', () => {
  const STATUSES: RunStatus[] = ['Succeeded', 'Failed', 'TimedOut', 'Skipped'];
  /** Every way a chain of n actions can end, each with the step's outcome as a status. */
  const endings = (n: number): { actions: RunStatus[]; step: RunStatus }[] => [
    { actions: Array(n).fill('Succeeded'), step: 'Succeeded' },
    { actions: Array(n).fill('Skipped'), step: 'Skipped' },
    ...(['Failed', 'TimedOut'] as RunStatus[]).flatMap((how) =>
      Array.from({ length: n }, (_, at) => ({ actions: Array.from({ length: n }, (_, i): RunStatus => (i < at ? 'Succeeded' : i === at ? how : 'Skipped')), step: how })),
    ),
  ];
  it('admits exactly the endings of the outcomes asked for, for chains of 2 to 5 actions and every set of outcomes', () => {
    for (let n = 2; n <= 5; n++) {
      const names = Array.from({ length: n }, (_, i) => `A${i}`);
      for (let mask = 1; mask < 16; mask++) {
        const asked = STATUSES.filter((_, i) => mask & (1 << i));
        const predecessors = chainOutcomes(names, asked);
        for (const { actions, step } of endings(n)) {
          const runs = predecessors.every((p, i) => p.statuses.includes(actions[i]!));
          expect({ n, asked, actions, runs }).toEqual({ n, asked, actions, runs: asked.includes(step) });
        }
      }
    }
  });
});

/**
 * Found by the control-flow property with `@after` in its generator: in a loop, what follows a step
 * that may `fail` runs inside an If (`Unless_failed`) that runs only after that step's success.
 * When the step failed otherwise (a call in its other branch), the source skips the steps after
 * it, and one with `@after(skipped)` then runs; but the If is skipped, and every action in it with
 * it, whatever its `runAfter` says. Such an `@after` is refused (JIG4113); one on other outcomes,
 * which only the steps inside the If can end in, runs as the source says.
 */
describe('@after in the rest of a loop pass after a step that may fail', () => {
  const stopOrCall = `    if trigger.body.stop {
      fail "stopped"
    } else {
      call http post "${BEFORE}" @retry(none)
    }`;
  /** A loop whose pass runs `first` (by default a step that may fail), then `rest`. */
  const loop = (rest: string, first = stopOrCall) => `type Pass {
  items: string[] @business.other
  stop:  boolean  @business.other
}

@purpose(automation, "Passes that may fail")
@data(business.other)
@retain(1 day)
flow guarded_passes {
  trigger http post body Pass
  var trace: string[] = []
  for each item in trigger.body.items {
${first}
${rest}
  }
  respond 200 body { trace: trace }
}
`;

  it('refuses @after(skipped) there, on a step or on a branch of a parallel, and says why', () => {
    for (const rest of [
      '    append "b" to trace\n    append "a" to trace @after(skipped)',
      '    append "b" to trace\n    append "a" to trace @after(succeeded, skipped)',
      '    append "b" to trace\n    parallel {\n      append "c" to trace @after(skipped)\n    } and {\n      append "d" to trace\n    }',
    ]) {
      const { diagnostics } = emitText(loop(rest));
      expect(diagnostics.map((d) => d.code)).toEqual(['JIG4113']);
      expect(diagnostics[0]!.message).toContain("never runs on 'skipped'");
    }
  });

  // Found by the control-flow property: the steps after a `fail` itself were dropped, since the
  // run ends where a `fail` runs; but a `fail` skipped after a failed call ends nothing, and a later
  // step with `@after(skipped)` runs in the source.
  it('refuses @after(skipped) after a fail itself, where the steps after it were dropped', () => {
    const rest = (after: string) =>
      loop(`    parallel {\n      append "b" to trace\n    } and {\n      append "c" to trace\n      append "a" to trace${after}\n    }`, `    call http post "${BEFORE}" @retry(none)\n    fail "stopped"`);
    const refused = emitText(rest(' @after(skipped)')).diagnostics;
    expect(refused.map((d) => d.code)).toEqual(['JIG4113']);
    expect(refused[0]!.message).toContain("never runs on 'skipped'");
    // Without an `@after`, nothing after the `fail` can run: it is not written.
    const { diagnostics, workflows } = emitText(rest(''));
    expect(diagnostics).toEqual([]);
    expect(JSON.stringify(workflows[0]!.definition)).not.toMatch(/"Unless_failed"|"value":"[abc]"/);
  });

  // `@after(succeeded)` is what every step does without it (semantics/control.ts reads it so): the
  // emitter asks the model for the outcomes other than success, not whether an annotation named
  // `after` is written. Before, it was refused there (JIG4113) and made the steps after a `fail`
  // be written, guarded.
  it('takes @after(succeeded) there as the step it is without it: no JIG4113, the run as the source says', () => {
    const afterStop = loop('    append "a" to trace @after(succeeded)');
    const afterFail = loop(`    fail "stopped"\n    append "a" to trace @after(succeeded)`, `    call http post "${BEFORE}" @retry(none)`);
    for (const text of [afterStop, afterFail]) expect(emitText(text).diagnostics).toEqual([]);
    // After a `fail` itself nothing can run: nothing after it is written, as without the annotation.
    expect(JSON.stringify(emitText(afterFail).workflows[0]!.definition)).not.toMatch(/"Unless_failed"|"value":"a"/);
    const ok = { [`http:POST ${BEFORE}`]: answer(200) };
    const passes = compileJig(afterStop);
    const trace = (record: ReturnType<typeof passes>) => (record.response?.body as { trace: string[] } | undefined)?.trace;
    expect(trace(passes({ trigger: { body: { items: ['x', 'y'], stop: false } }, mocks: { operations: ok } }))).toEqual(['a', 'a']);
    const stopped = passes({ trigger: { body: { items: ['x'], stop: true } }, mocks: { operations: ok } });
    expect({ status: stopped.status, trace: trace(stopped) }).toEqual({ status: 'Failed', trace: undefined });
    const failed = passes({ trigger: { body: { items: ['x'], stop: false } }, mocks: { operations: { [`http:POST ${BEFORE}`]: answer(400) } } });
    expect(failed.actions.filter((a) => a.type === 'AppendToArrayVariable' && a.status === 'Succeeded')).toEqual([]);
  });

  it('runs @after(failed) there as the source says: the If runs, and the step after a failed call in it', () => {
    const run = compileJig(loop(`    call http post "${URL}" @retry(none)\n    append "a" to trace @after(failed)`));
    const record = run({ trigger: { body: { items: ['x'], stop: false } }, mocks: { operations: { [`http:POST ${BEFORE}`]: answer(200), [`http:POST ${URL}`]: answer(400) } } });
    expect(record.actions.filter((a) => a.type === 'AppendToArrayVariable' && a.status === 'Succeeded').map((a) => (a.inputs as { value: unknown }).value)).toEqual(['a']);
  });
});
