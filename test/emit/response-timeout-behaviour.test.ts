/**
 * A caller over HTTP waits for a run's Response only as long as the service's inbound request
 * limit: 120 s on Consumption, 235 s by default on Standard (Microsoft's limits reference, Timeout
 * duration). A Response that runs later fails (ActionResponseTimedOut: "the client application
 * timed out waiting for a response from service", Azure/logicapps#1340), so the run fails and what
 * follows the `respond` is skipped; a parent flow waits for its child's answer however long it
 * takes (Microsoft, "Receive and respond to inbound HTTPS calls"). The engine answered every late
 * Response, so a flow that waits before it answered passed `jig test` (the example
 * timesheet_totals did: three minutes of retries, then its respond). Jig warns (JIG4123) where the
 * waits the flow states before a `respond`, on every path to it, already pass 2 minutes.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorkflow, workflowsOf, type RunRecord } from '../../compiler/src/engine/index.js';
import { emitText, expectAllEmittedValid } from './helpers.js';
import { actionsRun, compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

const flow = (steps: string, name = 'late_answer') => `type Visit {
  id:    string    @business.other
  flags: boolean[] @business.other
  items: string[]  @business.other
}

@purpose(automation, "Answer the caller, then keep the visit")
@data(business.other)
@retain(1 day)
flow ${name} {
  trigger http post body Visit
${steps}
  respond 200 body { id: trigger.body.id }
  store trigger.body in cosmos("jigajob", "visits")
}
`;

const visit = { id: 'V-1', flags: [true, true], items: [] };
const responseOf = (record: RunRecord) => record.actions.find((action) => action.type === 'Response')!;
const warnings = (text: string) => emitText(text).diagnostics.map((d) => d.code);

describe('a respond after the caller stopped waiting', () => {
  it('fails past 2 minutes, and what follows it is skipped; within them the caller is answered', () => {
    const late = compileJig(flow('  wait 3 minutes'))({ trigger: { body: visit } });
    expect(responseOf(late)).toMatchObject({ status: 'Failed', code: 'ActionResponseTimedOut' });
    expect(late.response).toBeUndefined();
    expect(late.status).toBe('Failed');
    expect(late.effects.stored).toEqual([]);
    const inTime = compileJig(flow('  wait 2 minutes'))({ trigger: { body: visit } });
    expect([inTime.status, inTime.response?.statusCode, inTime.effects.stored.length]).toEqual(['Succeeded', 200, 1]);
  });

  it('warns (JIG4123) where the waits before it pass 2 minutes on every path, not where one path is shorter', () => {
    expect(warnings(flow('  wait 3 minutes'))).toEqual(['JIG4123']);
    expect(warnings(flow('  wait 1 minute\n  wait 61 seconds'))).toEqual(['JIG4123']);
    expect(warnings(flow('  wait 2 minutes'))).toEqual([]);
    expect(warnings(flow('  if trigger.body.flags[0] {\n    wait 3 minutes\n  }'))).toEqual([]);
    expect(warnings(flow('  parallel {\n    wait 3 minutes\n  } and {\n    wait 1 minute\n  }'))).toEqual(['JIG4123']);
  });

  it('fails when calls, not stated waits, take the run past the limit: no warning, the engine times it', () => {
    const text = flow('  call http post "https://status.azurewebsites.net/api/busy" @retry(fixed, 2 times, 70 seconds)');
    expect(warnings(text)).toEqual([]);
    const busy = { operations: { 'http:POST https://status.azurewebsites.net/api/busy': { responses: [{ status: 503 }, { status: 503 }, { status: 200 }] } } };
    const record = compileJig(text)({ trigger: { body: visit }, mocks: busy });
    expect(responseOf(record)).toMatchObject({ status: 'Failed', code: 'ActionResponseTimedOut' });
  });

  it('does not fail in a child flow: its parent waits for the answer however long the run takes', () => {
    const text = `${flow('  wait 3 minutes', 'late_child')}
@purpose(automation, "Ask a child flow")
@data(business.other)
@retain(1 day)
flow parent {
  trigger http post body Visit
  let answer = call flow late_child with trigger.body
  store { id: answer.id } in cosmos("jigajob", "answers")
}
`;
    const record = compileJig(text, 'parent')({ trigger: { body: visit } });
    const child = record.effects.childRuns[0]!.run;
    expect([child.status, child.response?.statusCode, record.status]).toEqual(['Succeeded', 200, 'Succeeded']);
    expect(actionsRun(record).filter((name) => name.startsWith('Store'))).toHaveLength(1);
  });

  it("waits a Standard app's 235 seconds for a workflow read from a Standard workflow.json", () => {
    const definition = {
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: {} } },
      actions: {
        Wait: { type: 'Wait', runAfter: {}, inputs: { interval: { count: 230, unit: 'Second' } } },
        Response: { type: 'Response', kind: 'Http', runAfter: { Wait: ['Succeeded'] }, inputs: { statusCode: 200 } },
      },
    };
    const standard = workflowsOf({ definition, kind: 'Stateful' }, 'standard')[0]!;
    const consumption = workflowsOf({ definition }, 'consumption')[0]!;
    expect(runWorkflow(standard).response?.statusCode).toBe(200);
    expect(responseOf(runWorkflow(consumption)).code).toBe('ActionResponseTimedOut');
  });
});

/** Steps of waits, in if/else, parallel, scope, try/catch and for each: the stated waits before the respond. */
type WaitStep =
  | { kind: 'wait'; seconds: number }
  | { kind: 'if'; then: WaitStep[]; else?: WaitStep[] }
  | { kind: 'parallel'; branches: WaitStep[][] }
  | { kind: 'scope'; body: WaitStep[] }
  | { kind: 'try'; body: WaitStep[]; catch?: WaitStep[] }
  | { kind: 'forEach'; body: WaitStep[] };

function waitSteps(depth: number): fc.Arbitrary<WaitStep[]> {
  const wait = fc.integer({ min: 1, max: 9 }).map((tens): WaitStep => ({ kind: 'wait', seconds: tens * 10 }));
  if (depth === 0) return fc.array(wait, { minLength: 1, maxLength: 3 });
  const inner = waitSteps(depth - 1);
  const step = fc.oneof(
    { weight: 3, arbitrary: wait },
    { weight: 1, arbitrary: fc.record({ then: inner, else: fc.option(inner, { nil: undefined }) }).map((s): WaitStep => ({ kind: 'if', ...s })) },
    { weight: 1, arbitrary: fc.array(inner, { minLength: 2, maxLength: 3 }).map((branches): WaitStep => ({ kind: 'parallel', branches })) },
    { weight: 1, arbitrary: inner.map((body): WaitStep => ({ kind: 'scope', body })) },
    { weight: 1, arbitrary: fc.record({ body: inner, catch: fc.option(inner, { nil: undefined }) }).map((s): WaitStep => ({ kind: 'try', ...s })) },
    { weight: 1, arbitrary: inner.map((body): WaitStep => ({ kind: 'forEach', body })) },
  );
  return fc.array(step, { minLength: 1, maxLength: 3 });
}

/** Each `if` tests a flag of its own (numbered as printed), so that every combination of branches is a run's. */
function print(steps: WaitStep[], indent: string, loops = { count: 0, flags: 0 }): string {
  return steps
    .map((s) => {
      switch (s.kind) {
        case 'wait':
          return `${indent}wait ${s.seconds} seconds`;
        case 'if':
          return `${indent}if trigger.body.flags[${loops.flags++}] {\n${print(s.then, indent + '  ', loops)}\n${indent}}${s.else ? ` else {\n${print(s.else, indent + '  ', loops)}\n${indent}}` : ''}`;
        case 'parallel':
          return `${indent}parallel {\n${s.branches.map((b) => print(b, indent + '  ', loops)).join(`\n${indent}} and {\n`)}\n${indent}}`;
        case 'scope':
          return `${indent}scope {\n${print(s.body, indent + '  ', loops)}\n${indent}}`;
        case 'try':
          return `${indent}try {\n${print(s.body, indent + '  ', loops)}\n${indent}}${s.catch ? ` catch {\n${print(s.catch, indent + '  ', loops)}\n${indent}}` : ''}`;
        case 'forEach':
          return `${indent}for each item${loops.count++} in trigger.body.items {\n${print(s.body, indent + '  ', loops)}\n${indent}}`;
      }
    })
    .join('\n');
}

describe('JIG4123 against the engine', () => {
  // The inputs are every combination of the flags (each `if` its own) with no item and with one:
  // every path a run may take. Where the warning stands, the Response times out on each of them.
  // The converse holds where no `try` counts its body out (a failure may skip it; here nothing
  // fails): the warning stands exactly where every run answers too late.
  it('warns where every run of the flow answers too late, and, without a try, only there', () => {
    fc.assert(
      fc.property(waitSteps(2), (steps) => {
        const text = flow(print(steps, '  '));
        const flags = (text.match(/flags\[/g) ?? []).length;
        fc.pre(flags <= 6);
        const combinations = Array.from({ length: 2 ** flags }, (_, bits) => Array.from({ length: flags }, (_, i) => (bits & (1 << i)) !== 0));
        const inputs = combinations.flatMap((flagValues) => [[], ['x']].map((items) => ({ id: 'V', flags: flagValues, items })));
        const warned = warnings(text).includes('JIG4123');
        const run = compileJig(text);
        const late = inputs.map((body) => responseOf(run({ trigger: { body } })).code === 'ActionResponseTimedOut');
        if (warned || !text.includes('try {')) expect({ text, warned }).toEqual({ text, warned: late.every(Boolean) });
      }),
      { numRuns: 80 },
    );
  });
});
