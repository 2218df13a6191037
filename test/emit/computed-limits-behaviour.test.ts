/**
 * A limit an expression computes is checked when the step runs, as Jig's analysis reads it (rule 4:
 * what follows runs because it did not fail): an `until`'s `@count(EXPR)` that is no whole number
 * from 1 to 5,000 (Logic Apps limits an Until to 5,000 passes) fails the Until, and a `wait (EXPR)
 * UNIT` whose amount is no positive whole number fails the Wait. The engine, the oracle of every
 * behaviour test, ran an Until of 0 or 6,000 passes and a Wait of -5 minutes (ending before it
 * started) as if they were fine, so a test passed on a flow whose limit Azure refuses.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { expectAllEmittedValid } from './helpers.js';
import { actionsRun, compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

/** `answerFirst`: the respond before the steps, so that a long wait does not outlast the caller's 2 minutes. */
const flow = (body: string, answerFirst = false) => `type Limits {
  n: integer @system.operational
}

@purpose(automation, "Limits a request computes")
@data(system.operational)
@retain(1 day)
flow computed_limits {
  trigger http post body Limits
  var passes: integer = 0
${answerFirst ? '  respond 200 body { passes: passes }\n' : ''}${body}
${answerFirst ? '' : '  respond 200 body { passes: passes }\n'}}
`;

const until = compileJig(flow(`  until false {\n    set passes = passes + 1\n  } @count(trigger.body.n)`));
const wait = compileJig(flow(`  wait (trigger.body.n) minutes`, true));

describe('limits an expression computes', () => {
  it('an until runs at most @count(EXPR) passes, from 1 to 5,000; another count fails it', () => {
    for (const n of [1, 3, 5000]) {
      const record = until({ trigger: { body: { n } } });
      expect([record.status, record.response?.body]).toEqual(['Succeeded', { passes: n }]);
    }
    for (const n of [0, -2, 5001]) {
      const record = until({ trigger: { body: { n } } });
      expect(record.status).toBe('Failed');
      expect(actionsRun(record)).not.toContain('Respond_200');
    }
  });

  it('a wait of EXPR units waits that long when it is a positive whole number, else fails', () => {
    const waited = wait({ trigger: { body: { n: 5 } } });
    expect(waited.status).toBe('Succeeded');
    const action = waited.actions.find((a) => a.type === 'Wait')!;
    expect(Date.parse(action.endTime) - Date.parse(action.startTime)).toBe(5 * 60_000);
    for (const n of [0, -5]) expect(wait({ trigger: { body: { n } } }).status).toBe('Failed');
  });

  it('differential: any integer count or amount runs or fails as the limits say', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 5010 }), (n) => {
        const looped = until({ trigger: { body: { n } } });
        expect(looped.status).toBe(n >= 1 && n <= 5000 ? 'Succeeded' : 'Failed');
        if (n >= 1 && n <= 5000) expect(looped.response?.body).toEqual({ passes: n });
        expect(wait({ trigger: { body: { n } } }).status).toBe(n >= 1 ? 'Succeeded' : 'Failed');
      }),
      { numRuns: 60 },
    );
  });
});
