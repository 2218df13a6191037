/**
 * The engine's run semantics, one behaviour a test: runAfter and statuses, scopes and failure
 * propagation, every control action, variables, data operations, the simulated clock, calls
 * answered by mocks with retry policies and timeouts, child workflows, the workflow functions
 * that read a run, and what run history hides.
 */
import { describe, expect, it } from 'vitest';
import { runWorkflow, World, type RunOptions } from '../../compiler/src/engine/index.js';

type Actions = Record<string, unknown>;

function run(actions: Actions, options: RunOptions & { parameters?: Record<string, unknown>; definition?: Record<string, unknown> } = {}) {
  const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions, ...options.definition };
  return runWorkflow({ name: 'test', definition, parameterValues: {} }, options);
}

const compose = (inputs: unknown, runAfter: Record<string, string[]> = {}) => ({ type: 'Compose', inputs, runAfter });
const status = (record: ReturnType<typeof run>, name: string) => record.actions.filter((a) => a.name === name).map((a) => a.status);
const outputs = (record: ReturnType<typeof run>, name: string) => record.actions.find((a) => a.name === name)?.outputs;

describe('runAfter and statuses', () => {
  it('runs actions in runAfter order and skips those whose condition is not met', () => {
    const record = run({
      Fail: compose("@div(1, 0)"),
      OnSuccess: compose('ok', { Fail: ['Succeeded'] }),
      OnFailure: compose('handled', { Fail: ['Failed'] }),
    });
    expect(status(record, 'Fail')).toEqual(['Failed']);
    expect(status(record, 'OnSuccess')).toEqual(['Skipped']);
    expect(status(record, 'OnFailure')).toEqual(['Succeeded']);
    expect(record.actions.find((a) => a.name === 'OnSuccess')?.error?.message).toMatch(/Expected status values 'Succeeded' and actual value 'Failed'/);
    // One branch ends in a skip caused by a failure: the run fails.
    expect(record.status).toBe('Failed');
    expect(record.error).toEqual({ code: 'ActionFailed', message: 'An action failed. No dependent actions succeeded.' });
  });

  it('succeeds when every failure is handled', () => {
    const record = run({ Fail: compose('@div(1, 0)'), Handle: compose('handled', { Fail: ['Failed'] }) });
    expect(record.status).toBe('Succeeded');
  });

  it('takes a skipped branch end from what made it skip', () => {
    const record = run({ Work: compose('ok'), Catch: compose('x', { Work: ['Failed', 'TimedOut'] }) });
    expect(status(record, 'Catch')).toEqual(['Skipped']);
    expect(record.status).toBe('Succeeded');
  });

  // Microsoft ("Handle errors and exceptions", Manage the run after behavior): "if a branch ends
  // with a Skipped action, that branch's completion status is based on that skipped action's
  // predecessor status". A join skipped after several predecessors takes it from all of them: it
  // failed where one of them failed, or was skipped by a failure, whatever the others did.
  it('takes a skipped join after several predecessors from all of them', () => {
    const join = (predecessors: Actions) => run({ ...predecessors, Join: compose('joined', Object.fromEntries(Object.keys(predecessors).map((name) => [name, ['Succeeded']]))) });
    const failedAndSucceeded = join({ Bad: compose('@div(1, 0)'), Good: compose('ok') });
    expect([status(failedAndSucceeded, 'Join'), failedAndSucceeded.status]).toEqual([['Skipped'], 'Failed']);
    // A predecessor skipped because the step before it succeeded (it waited for a failure) ended nothing badly.
    const skippedBySuccessAndSucceeded = join({ Work: compose('ok'), OnFailure: compose('x', { Work: ['Failed'] }), Good: compose('ok') });
    expect([status(skippedBySuccessAndSucceeded, 'Join'), skippedBySuccessAndSucceeded.status]).toEqual([['Skipped'], 'Succeeded']);
    const skippedByFailureAndSucceeded = join({ Bad: compose('@div(1, 0)'), After: compose('x', { Bad: ['Succeeded'] }), Good: compose('ok') });
    expect([status(skippedByFailureAndSucceeded, 'Join'), skippedByFailureAndSucceeded.status]).toEqual([['Skipped'], 'Failed']);
  });

  it('matches statuses ignoring case and refuses runAfter to an unknown action', () => {
    expect(run({ A: compose(1), B: compose(2, { A: ['SUCCEEDED'] }) }).status).toBe('Succeeded');
    const bad = run({ A: compose(1, { Nope: ['Succeeded'] }) });
    expect(bad.status).toBe('Failed');
    expect(bad.error?.message).toMatch(/runs after 'Nope', which is not an action of the same scope/);
  });
});

describe('scopes', () => {
  it('fails a scope whose action fails, and runs the catch scope', () => {
    const record = run({
      Try: { type: 'Scope', runAfter: {}, actions: { Bad: compose('@int(\'x\')') } },
      Catch: { type: 'Scope', runAfter: { Try: ['Failed', 'TimedOut'] }, actions: { Log: compose("@result('Try')[0]['status']") } },
    });
    expect(status(record, 'Try')).toEqual(['Failed']);
    expect(status(record, 'Catch')).toEqual(['Succeeded']);
    expect(outputs(record, 'Log')).toBe('Failed');
    expect(record.status).toBe('Succeeded');
  });

  it('runs If branches and the designer structured conditions', () => {
    const record = run({
      Check: { type: 'If', runAfter: {}, expression: { and: [{ greater: ['@length(\'abc\')', 2] }, { not: { equals: ['a', 'b'] } }] }, actions: { Yes: compose('yes') }, else: { actions: { No: compose('no') } } },
    });
    expect(status(record, 'Yes')).toEqual(['Succeeded']);
    expect(status(record, 'No')).toEqual([]);
    expect(record.actions.find((a) => a.name === 'Check')?.inputs).toEqual({ expressionResult: true });
  });

  it('fails an If whose expression is not a Boolean', () => {
    expect(status(run({ Check: { type: 'If', runAfter: {}, expression: "@'true'", actions: {} } }), 'Check')).toEqual(['Failed']);
  });

  it('runs the matching Switch case, else the default', () => {
    const definition = (subject: unknown) => ({
      Route: { type: 'Switch', runAfter: {}, expression: subject, cases: { A: { case: 'urgent', actions: { Page: compose('page') } }, B: { case: 2, actions: { Two: compose(2) } } }, default: { actions: { Triage: compose('triage') } } },
    });
    expect(status(run(definition('urgent')), 'Page')).toEqual(['Succeeded']);
    expect(status(run(definition('@add(1, 1)')), 'Two')).toEqual(['Succeeded']);
    expect(status(run(definition('other')), 'Triage')).toEqual(['Succeeded']);
    expect(status(run(definition("@json('{}')")), 'Route')).toEqual(['Failed']);
  });
});

describe('loops', () => {
  it('runs Foreach over the items, with items() and the iteration indexes in the history', () => {
    const record = run({
      Init: { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'seen', type: 'Array', value: [] }] } },
      Each: {
        type: 'Foreach',
        runAfter: { Init: ['Succeeded'] },
        foreach: '@createArray(1, 2, 3)',
        actions: { Add: { type: 'AppendToArrayVariable', runAfter: {}, inputs: { name: 'seen', value: "@mul(items('Each'), 10)" } } },
        runtimeConfiguration: { concurrency: { repetitions: 1 } },
      },
      Done: compose("@variables('seen')", { Each: ['Succeeded'] }),
    });
    expect(outputs(record, 'Done')).toEqual([10, 20, 30]);
    expect(record.actions.filter((a) => a.name === 'Add').map((a) => a.repetition)).toEqual([{ Each: 0 }, { Each: 1 }, { Each: 2 }]);
  });

  it('fails a Foreach over something that is not an array, and one whose iteration fails', () => {
    expect(run({ Each: { type: 'Foreach', runAfter: {}, foreach: "@json('{}')", actions: {} } }).actions[0]!.error?.message).toMatch(/is of type 'Object'. The result must be a valid array/);
    const record = run({ Each: { type: 'Foreach', runAfter: {}, foreach: '@createArray(1, 0)', actions: { Div: compose("@div(1, items('Each'))") } } });
    expect(status(record, 'Div')).toEqual(['Succeeded', 'Failed']);
    expect(status(record, 'Each')).toEqual(['Failed']);
    // The passes after a failed one run (jig run's reading: Microsoft documents this of an Until only).
    const later = run({ Each: { type: 'Foreach', runAfter: {}, foreach: '@createArray(0, 1, 2)', actions: { Div: compose("@div(1, items('Each'))") } } });
    expect(status(later, 'Div')).toEqual(['Failed', 'Succeeded', 'Succeeded']);
    expect(status(later, 'Each')).toEqual(['Failed']);
  });

  it('says when concurrent iterations write a variable', () => {
    const record = run({
      Init: { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'n', type: 'Integer', value: 0 }] } },
      Each: { type: 'Foreach', runAfter: { Init: ['Succeeded'] }, foreach: '@range(0, 3)', actions: { Inc: { type: 'IncrementVariable', runAfter: {}, inputs: { name: 'n' } } } },
    });
    expect(record.actions.find((a) => a.name === 'Each')?.notes?.[0]).toMatch(/run 20 at a time and write variables/);
  });

  it('runs Foreach iterations concurrently on the clock: five 1-minute waits, two at a time, take 3 minutes', () => {
    const record = run({
      Each: { type: 'Foreach', runAfter: {}, foreach: '@range(0, 5)', actions: { Pause: { type: 'Wait', runAfter: {}, inputs: { interval: { count: 1, unit: 'Minute' } } } }, runtimeConfiguration: { concurrency: { repetitions: 2 } } },
      After: compose('@utcNow()', { Each: ['Succeeded'] }),
    });
    expect(outputs(record, 'After')).toBe('2025-01-01T00:03:00.0000000Z');
  });

  it('runs a For each nested in another one iteration at a time, as Microsoft documents it', () => {
    const pause = { type: 'Wait', runAfter: {}, inputs: { interval: { count: 1, unit: 'Minute' } } };
    const record = run({
      Outer: { type: 'Foreach', runAfter: {}, foreach: '@range(0, 2)', actions: { Inner: { type: 'Foreach', runAfter: {}, foreach: '@range(0, 3)', actions: { Pause: pause } } } },
      After: compose('@utcNow()', { Outer: ['Succeeded'] }),
    });
    // The outer iterations run at once, each inner loop's three pauses one after another.
    expect(outputs(record, 'After')).toBe('2025-01-01T00:03:00.0000000Z');
  });

  it('runs Until at least once, with iterationIndexes, until its condition holds', () => {
    const record = run({
      Init: { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'n', type: 'Integer', value: 0 }] } },
      Loop: {
        type: 'Until',
        runAfter: { Init: ['Succeeded'] },
        expression: "@equals(variables('n'), 3)",
        limit: { count: 60, timeout: 'PT1H' },
        actions: { Inc: { type: 'IncrementVariable', runAfter: {}, inputs: { name: 'n', value: 1 } }, Index: compose("@iterationIndexes('Loop')", { Inc: ['Succeeded'] }) },
      },
    });
    expect(record.actions.filter((a) => a.name === 'Index').map((a) => a.outputs)).toEqual([0, 1, 2]);
    expect(record.actions.find((a) => a.name === 'Loop')?.notes).toEqual(['3 iterations']);
  });

  it('stops Until at its count and at its timeout', () => {
    const byCount = run({ Loop: { type: 'Until', runAfter: {}, expression: '@false', limit: { count: 4 }, actions: { Tick: compose(1) } } });
    expect(status(byCount, 'Tick')).toHaveLength(4);
    expect(byCount.actions.find((a) => a.name === 'Loop')?.notes?.[1]).toMatch(/limit of 4 iterations/);
    const byTime = run({ Loop: { type: 'Until', runAfter: {}, expression: '@false', limit: { count: 100, timeout: 'PT10M' }, actions: { Pause: { type: 'Wait', runAfter: {}, inputs: { interval: { count: 3, unit: 'Minute' } } } } } });
    expect(status(byTime, 'Pause')).toHaveLength(4);
    expect(byTime.actions.find((a) => a.name === 'Loop')?.notes?.[1]).toMatch(/time limit \(PT10M\)/);
  });
});

describe('SetVariable', () => {
  it('refuses a value that reads the variable it sets, as the service refuses to save it', () => {
    const record = run({
      Init: { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'total', type: 'Integer', value: 8 }] } },
      Halve: { type: 'SetVariable', runAfter: { Init: ['Succeeded'] }, inputs: { name: 'total', value: "@div(variables('total'), 2)" } },
    });
    expect(status(record, 'Halve')).toEqual(['Failed']);
    expect(record.actions.find((a) => a.name === 'Halve')?.error?.message).toContain("Self reference is not supported when updating the value of variable 'total'");
  });
});

describe('Until, as Microsoft documents it (logic-apps-control-flow-loops, "Until loop considerations")', () => {
  const init = { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'n', type: 'Integer', value: 0 }] } };
  /** A loop whose body counts, then fails in the passes `failing` names (by the count). */
  const loop = (failing: string, extra: Record<string, unknown> = {}) => ({
    Init: init,
    Loop: {
      type: 'Until',
      runAfter: { Init: ['Succeeded'] },
      expression: "@greaterOrEquals(variables('n'), 3)",
      limit: { count: 60, timeout: 'PT1H' },
      actions: {
        Count: { type: 'IncrementVariable', runAfter: {}, inputs: { name: 'n', value: 1 } },
        MaybeFail: compose(`@int(if(contains(createArray(${failing}), variables('n')), 'not a number', '1'))`, { Count: ['Succeeded'] }),
      },
      ...extra,
    },
    After: compose("@variables('n')", { Loop: ['Succeeded'] }),
  });

  it('runs the next iteration after one that failed, and succeeds when the last one succeeded', () => {
    const record = run(loop('1, 2'));
    expect(status(record, 'MaybeFail')).toEqual(['Failed', 'Failed', 'Succeeded']);
    expect(status(record, 'Loop')).toEqual(['Succeeded']);
    expect(outputs(record, 'After')).toBe(3);
    expect(record.status).toBe('Succeeded');
  });

  it('fails when its last iteration failed', () => {
    const record = run(loop('3'));
    expect(status(record, 'Count')).toHaveLength(3);
    expect(status(record, 'Loop')).toEqual(['Failed']);
    expect(status(record, 'After')).toEqual(['Skipped']);
    expect(record.status).toBe('Failed');
  });

  it('succeeds at its limit, and times out there with FailWhenLimitsReached (Azure/logicapps#439)', () => {
    const atLimit = { expression: '@false', limit: { count: 2 } };
    expect(status(run(loop('0', atLimit)), 'Loop')).toEqual(['Succeeded']);
    const failing = run(loop('0', { ...atLimit, operationOptions: 'FailWhenLimitsReached' }));
    expect(status(failing, 'Loop')).toEqual(['TimedOut']);
    expect(status(failing, 'After')).toEqual(['Skipped']);
    expect(failing.status).toBe('Failed');
  });

  it('stops at a failed iteration with FailWhenIterationFailed', () => {
    const record = run(loop('1', { operationOptions: 'FailWhenIterationFailed' }));
    expect(status(record, 'Count')).toHaveLength(1);
    expect(status(record, 'Loop')).toEqual(['Failed']);
  });
});

describe('ending a run', () => {
  it('Terminate ends the run with its status and error, and nothing after it runs', () => {
    const record = run({
      Stop: { type: 'Terminate', runAfter: {}, inputs: { runStatus: 'Failed', runError: { code: 'JigFail', message: "Order @{concat('A', '1')} has no lines" } } },
      Later: compose('never', { Stop: ['Succeeded'] }),
    });
    expect(record.status).toBe('Failed');
    expect(record.error).toEqual({ code: 'JigFail', message: 'Order A1 has no lines' });
    expect(status(record, 'Later')).toEqual([]);
  });

  it('Response answers the caller once; the run goes on', () => {
    const record = run({
      Reply: { type: 'Response', kind: 'Http', runAfter: {}, inputs: { statusCode: 201, headers: { 'x-id': '7' }, body: { ok: true } } },
      Again: { type: 'Response', kind: 'Http', runAfter: { Reply: ['Succeeded'] }, inputs: { statusCode: 200 } },
    });
    expect(record.response).toEqual({ action: 'Reply', statusCode: 201, headers: { 'x-id': '7' }, body: { ok: true } });
    expect(status(record, 'Again')).toEqual(['Failed']);
  });
});

describe('variables', () => {
  const init = (name: string, type: string, value: unknown) => ({ type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name, type, value }] } });
  it('sets, increments, decrements and appends', () => {
    const record = run({
      I: init('i', 'Integer', 5),
      F: { ...init('f', 'Float', 0), runAfter: { I: ['Succeeded'] } },
      S: { ...init('s', 'String', 'a'), runAfter: { F: ['Succeeded'] } },
      Inc: { type: 'IncrementVariable', runAfter: { S: ['Succeeded'] }, inputs: { name: 'i', value: 3 } },
      Dec: { type: 'DecrementVariable', runAfter: { Inc: ['Succeeded'] }, inputs: { name: 'i' } },
      IncF: { type: 'IncrementVariable', runAfter: { Dec: ['Succeeded'] }, inputs: { name: 'f', value: 1 } },
      App: { type: 'AppendToStringVariable', runAfter: { IncF: ['Succeeded'] }, inputs: { name: 's', value: 'b' } },
      Set: { type: 'SetVariable', runAfter: { App: ['Succeeded'] }, inputs: { name: 'i', value: "@add(length(variables('s')), 105)" } },
      Out: compose("@createArray(variables('i'), div(variables('f'), 2), variables('s'))", { Set: ['Succeeded'] }),
    });
    expect(outputs(record, 'Out')).toEqual([107, 0.5, 'ab']);
    expect(record.status).toBe('Succeeded');
  });

  it('refuses a value of the wrong type, an unknown variable and a second initialization', () => {
    expect(run({ I: init('i', 'Integer', 'seven') }).actions[0]!.error?.message).toMatch(/of type 'Integer' cannot be initialized with a value of type 'String'/);
    expect(run({ S: { type: 'SetVariable', runAfter: {}, inputs: { name: 'nope', value: 1 } } }).actions[0]!.error?.message).toMatch(/'nope' is not initialized/);
    const twice = run({ A: init('i', 'Integer', 1), B: { ...init('i', 'Integer', 2), runAfter: { A: ['Succeeded'] } } });
    expect(status(twice, 'B')).toEqual(['Failed']);
    expect(run({ I: init('i', 'Integer', 1), Inc: { type: 'IncrementVariable', runAfter: { I: ['Succeeded'] }, inputs: { name: 'i', value: 1.5 } } }).actions[1]!.status).toBe('Failed');
  });
});

describe('data operations', () => {
  const people = "@json('[{\"name\": \"Ann\", \"age\": 31}, {\"name\": \"Bo\", \"age\": 17}]')";
  it('Select, Query, Join and Table', () => {
    const record = run({
      Pick: { type: 'Select', runAfter: {}, inputs: { from: people, select: { who: "@toUpper(item()?['name'])" } } },
      Adults: { type: 'Query', runAfter: {}, inputs: { from: people, where: "@greaterOrEquals(item()?['age'], 18)" } },
      Names: { type: 'Join', runAfter: {}, inputs: { from: "@createArray('a', 'b')", joinWith: ';' } },
      Csv: { type: 'Table', runAfter: {}, inputs: { from: people, format: 'CSV' } },
      Html: { type: 'Table', runAfter: {}, inputs: { from: people, format: 'HTML', columns: [{ header: 'Name', value: "@item()?['name']" }] } },
    });
    expect(outputs(record, 'Pick')).toEqual({ body: [{ who: 'ANN' }, { who: 'BO' }] });
    expect(outputs(record, 'Adults')).toEqual({ body: [{ name: 'Ann', age: 31 }] });
    expect(outputs(record, 'Names')).toEqual({ body: 'a;b' });
    expect(outputs(record, 'Csv')).toEqual({ body: 'name,age\r\nAnn,31\r\nBo,17' });
    expect(outputs(record, 'Html')).toEqual({ body: '<table><thead><tr><th>Name</th></tr></thead><tbody><tr><td>Ann</td></tr><tr><td>Bo</td></tr></tbody></table>' });
  });

  it('ParseJson parses text and validates against its schema', () => {
    const schema = { type: 'object', properties: { accepted: { type: 'boolean' } }, required: ['accepted'] };
    const ok = run({ Parse: { type: 'ParseJson', runAfter: {}, inputs: { content: '{"accepted": true}', schema } } });
    expect(outputs(ok, 'Parse')).toEqual({ body: { accepted: true } });
    const bad = run({ Parse: { type: 'ParseJson', runAfter: {}, inputs: { content: '{"accepted": "yes"}', schema } } });
    expect(bad.actions[0]).toMatchObject({ status: 'Failed', error: { code: 'ValidationFailed' } });
  });
});

describe('the clock', () => {
  it('Wait advances utcNow() by an interval and until a timestamp', () => {
    const record = run(
      {
        Pause: { type: 'Wait', runAfter: {}, inputs: { interval: { count: 90, unit: 'Second' } } },
        Now: compose('@utcNow()', { Pause: ['Succeeded'] }),
        Until: { type: 'Wait', runAfter: { Now: ['Succeeded'] }, inputs: { until: { timestamp: '2030-01-01T00:00:00Z' } } },
        Later: compose('@utcNow()', { Until: ['Succeeded'] }),
      },
      { startTime: Date.parse('2030-01-01T00:00:00Z') - 3600_000 },
    );
    expect(outputs(record, 'Now')).toBe('2029-12-31T23:01:30.0000000Z');
    expect(outputs(record, 'Later')).toBe('2030-01-01T00:00:00.0000000Z');
    expect(record.endTime).toBe('2030-01-01T00:00:00.0000000Z');
  });
});

describe('calls, mocks and retries', () => {
  const call = (extra: Record<string, unknown> = {}) => ({ Call: { type: 'Http', runAfter: {}, inputs: { method: 'POST', uri: 'https://api.example.com/pay', body: { amount: 5 }, ...extra } } });

  it('gives an unmocked call an empty success, and says so', () => {
    const record = run(call());
    expect(record.actions[0]).toMatchObject({ status: 'Succeeded', mocked: 'empty', outputs: { statusCode: 200, headers: {}, body: null } });
    expect(record.actions[0]!.notes?.[0]).toMatch(/no mock/);
    expect(record.effects.requests).toEqual([{ action: 'Call', method: 'POST', uri: 'https://api.example.com/pay', body: { amount: 5 } }]);
  });

  it('retries a 500 four times by default, exponentially, and records each attempt', () => {
    const record = run(call(), { mocks: { actions: { Call: { responses: [{ status: 500 }] } } } });
    const action = record.actions[0]!;
    expect(action.status).toBe('Failed');
    expect(action.code).toBe('InternalServerError');
    expect(action.retryHistory).toHaveLength(4);
    // Middles of the documented ranges: 5–7.5 s, 7.5–15 s, 15–30 s, 30–45 s: 77.5 s in all.
    expect(action.endTime).toBe('2025-01-01T00:01:17.5000000Z');
  });

  it('succeeds on the retry a sequence of responses allows', () => {
    const record = run(call({ retryPolicy: { type: 'fixed', count: 2, interval: 'PT30S' } }), {
      mocks: { actions: { Call: { responses: [{ status: 503 }, { error: 'connection reset' }, { status: 200, body: { paid: true } }] } } },
    });
    expect(record.actions[0]).toMatchObject({ status: 'Succeeded', outputs: { statusCode: 200, body: { paid: true } } });
    expect(record.actions[0]!.retryHistory?.map((r) => r.code)).toEqual(['ServiceUnavailable', 'BadGateway']);
    expect(record.actions[0]!.endTime).toBe('2025-01-01T00:01:00.0000000Z');
  });

  it('does not retry a 400 nor with policy none', () => {
    expect(run(call(), { mocks: { actions: { Call: { responses: [{ status: 400 }] } } } }).actions[0]!.retryHistory).toBeUndefined();
    expect(run(call({ retryPolicy: { type: 'none' } }), { mocks: { actions: { Call: { responses: [{ status: 500 }] } } } }).actions[0]!.retryHistory).toBeUndefined();
  });

  it('waits as an exponential policy says: the middle of each doubling range, within its bounds', () => {
    const policy = { type: 'exponential', count: 3, interval: 'PT10S', minimumInterval: 'PT5S', maximumInterval: 'PT25S' };
    const record = run(call({ retryPolicy: policy }), { mocks: { actions: { Call: { responses: [{ status: 429 }] } } } });
    const action = record.actions[0]!;
    expect(action.retryHistory).toHaveLength(3);
    // Waits of 5–10 s, 10–20 s and 20–25 s (capped by the maximum): 7.5 + 15 + 22.5 = 45 s.
    expect(action.endTime).toBe('2025-01-01T00:00:45.0000000Z');
    expect(action).toMatchObject({ status: 'Failed', code: 'TooManyRequests' });
  });

  it('fails an action whose retry policy the service would refuse', () => {
    const record = run(call({ retryPolicy: { type: 'sometimes' } }), { mocks: { actions: { Call: { responses: [{ status: 500 }] } } } });
    expect(record.status).toBe('Failed');
    expect(JSON.stringify(record)).toContain("The retryPolicy type must be none, fixed or exponential, not 'sometimes'.");
    // A count is 1 to 90 (Microsoft, "Handle errors and exceptions", retryPolicy `count`): 0 is `none`'s to say.
    const zero = run(call({ retryPolicy: { type: 'fixed', count: 0, interval: 'PT10S' } }), { mocks: { actions: { Call: { responses: [{ status: 500 }] } } } });
    expect(zero.status).toBe('Failed');
    expect(JSON.stringify(zero)).toContain("The retryPolicy count must be an integer from 1 to 90, not '0'.");
  });

  it('times out an action past its limit, and a request past two minutes', () => {
    const slow = run({ Call: { ...call().Call, limit: { timeout: 'PT10S' } } }, { mocks: { actions: { Call: { responses: [{ status: 200, delayMs: 20_000 }] } } } });
    expect(slow.actions[0]).toMatchObject({ status: 'TimedOut', code: 'ActionTimedOut' });
    const hung = run(call({ retryPolicy: { type: 'none' } }), { mocks: { actions: { Call: { responses: [{ status: 200, delayMs: 600_000 }] } } } });
    expect(hung.actions[0]!.error?.message).toMatch(/timed out after 120 seconds/);
  });

  it('matches a mock by connector operation, and refuses one the connector would never answer', () => {
    const query = {
      Query: {
        type: 'ApiConnection',
        runAfter: {},
        inputs: { host: { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } }, method: 'get', path: "/v5/cosmosdb/@{encodeURIComponent('acct')}/dbs/@{encodeURIComponent('db')}/colls/@{encodeURIComponent('c')}/query", queries: { queryText: 'SELECT * FROM c' } },
      },
    };
    const definition = { parameters: { $connections: { type: 'Object', defaultValue: {} } } };
    const ok = run(query, { definition, mocks: { operations: { 'documentdb.QueryDocumentsV5': { responses: [{ body: { value: [{ id: '1' }] } }] } } } });
    expect(ok.actions[0]).toMatchObject({ status: 'Succeeded', mocked: 'mock', outputs: { body: { value: [{ id: '1' }] } } });
    const bad = run(query, { definition, mocks: { operations: { 'documentdb.QueryDocumentsV5': { responses: [{ body: { Documents: [] } }] } } } });
    expect(bad.status).toBe('Failed');
    expect(bad.error?.message).toMatch(/answers what documentdb.QueryDocumentsV5 never returns: .*'Documents'/);
  });

  it('stores documents in the simulated Cosmos DB and answers queries from it', () => {
    const host = { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } };
    const world = new World({ 'db/people': [{ id: 'a', age: 30 }, { id: 'b', age: 12, optOut: true }] });
    const record = run(
      {
        Store: { type: 'ApiConnection', runAfter: {}, inputs: { host, method: 'post', path: '/v2/cosmosdb/acct/dbs/db/colls/people/docs', body: { id: 'c', age: 40, ttl: 60 } } },
        Query: { type: 'ApiConnection', runAfter: { Store: ['Succeeded'] }, inputs: { host, method: 'get', path: '/v5/cosmosdb/acct/dbs/db/colls/people/query', queries: { queryText: 'SELECT c.id FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false) AND c.age >= 18' } } },
      },
      { world, definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } } } },
    );
    expect(record.effects.stored).toEqual([{ action: 'Store', connector: 'documentdb', database: 'db', container: 'people', document: { id: 'c', age: 40, ttl: 60 }, ttl: 60 }]);
    expect(outputs(record, 'Query')).toMatchObject({ body: { value: [{ id: 'a' }, { id: 'c' }] } });
  });

  it('refuses a document whose id is no string, empty, or holds / \\ ? or #, as Cosmos DB does', () => {
    const host = { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } };
    const store = (id: unknown) =>
      run(
        { Store: { type: 'ApiConnection', runAfter: {}, inputs: { host, method: 'post', path: '/v2/cosmosdb/acct/dbs/db/colls/people/docs', body: { id } } } },
        { world: new World({}), definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } } } },
      );
    for (const id of [5, null, '', 'a/b', 'a\\b', 'a?b', 'a#b']) expect(status(store(id), 'Store'), String(id)).toEqual(['Failed']);
    expect(status(store('a b'), 'Store')).toEqual(['Succeeded']);
  });

  it('deletes a document from the simulated Cosmos DB, and answers 404 for one that is not there', () => {
    const host = { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } };
    const world = new World({ 'db/people': [{ id: 'a b' }, { id: 'c' }] });
    const remove = (id: string) => ({ type: 'ApiConnection', inputs: { host, method: 'delete', path: `/v2/cosmosdb/acct/dbs/db/colls/people/docs/@{encodeURIComponent('${id}')}`, retryPolicy: { type: 'none' } } });
    const record = run(
      {
        Delete: { ...remove('a b'), runAfter: {} },
        Again: { ...remove('a b'), runAfter: { Delete: ['Succeeded'] } },
      },
      { world, definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } } } },
    );
    expect(record.actions.map((action) => [action.name, action.status, action.code])).toEqual([
      ['Delete', 'Succeeded', 'NoContent'],
      ['Again', 'Failed', 'NotFound'],
    ]);
    expect(world.documents('db', 'people')).toEqual([{ id: 'c' }]);
  });
});

describe('the Request trigger', () => {
  it('refuses a body its schema does not allow with 400 when schema validation is on, and no action runs', () => {
    const trigger = (operationOptions?: string) => ({
      manual: { type: 'Request', kind: 'Http', inputs: { schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } }, ...(operationOptions && { operationOptions }) },
    });
    const actions = { Echo: { type: 'Compose', runAfter: {}, inputs: "@triggerBody()?['id']" } };
    const refused = runWorkflow({ name: 'wf', definition: { triggers: trigger('EnableSchemaValidation'), actions }, parameterValues: {} }, { trigger: { body: { id: 7 } } });
    expect(refused).toMatchObject({ status: 'Failed', error: { code: 'TriggerInputSchemaMismatch' }, response: { statusCode: 400 }, actions: [] });
    expect(refused.trigger.status).toBe('Failed');
    expect(refused.error?.message).toMatch(/\/id must be string/);
    const accepted = runWorkflow({ name: 'wf', definition: { triggers: trigger('EnableSchemaValidation'), actions }, parameterValues: {} }, { trigger: { body: { id: 'A' } } });
    expect(accepted.status).toBe('Succeeded');
    // Without the option, Logic Apps validates nothing: the run starts.
    const unchecked = runWorkflow({ name: 'wf', definition: { triggers: trigger(), actions }, parameterValues: {} }, { trigger: { body: { id: 7 } } });
    expect(unchecked.status).toBe('Succeeded');
  });
});

describe('workflow functions and history', () => {
  it('reads trigger(), body(), outputs(), actions(), workflow() and parameters()', () => {
    const record = run(
      {
        First: compose({ n: "@triggerBody()?['n']" }),
        Second: compose("@concat(string(body('First')), '|', outputs('First')?['n'], '|', actions('First')?['status'], '|', workflow()?['name'], '|', parameters('who'), '|', trigger()?['name'])", { First: ['Succeeded'] }),
      },
      { trigger: { body: { n: 4 } }, definition: { parameters: { who: { type: 'String', defaultValue: 'ann' } } } },
    );
    expect(outputs(record, 'Second')).toBe('|4|Succeeded|test|ann|manual');
  });

  it('hides what secureData hides, and secure parameters everywhere', () => {
    const record = run(
      {
        Call: { type: 'Http', runAfter: {}, inputs: { method: 'GET', uri: 'https://api.example.com', headers: { key: "@parameters('key')" } } },
        Echo: compose("key=@{parameters('key')}", { Call: ['Succeeded'] }),
        Hidden: { ...compose('secret stuff', { Echo: ['Succeeded'] }), runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } } },
      },
      { parameters: { key: 's3cr3t-value' }, definition: { parameters: { key: { type: 'SecureString' } } } },
    );
    expect(JSON.stringify(record)).not.toContain('s3cr3t-value');
    expect(outputs(record, 'Echo')).toBe('key=***');
    const hidden = record.actions.find((a) => a.name === 'Hidden')!;
    expect(hidden.secured).toEqual({ inputs: true, outputs: true });
    expect(hidden.inputs).toBeUndefined();
    expect(hidden.outputs).toBeUndefined();
  });

  it("hides, as Microsoft documents, the inputs of an action that reads outputs another's own secureData hides, one step only", () => {
    const secure = (properties: string[]) => ({ runtimeConfiguration: { secureData: { properties } } });
    const record = run(
      {
        // Reads the trigger, whose outputs are hidden: its inputs are hidden too, its outputs not.
        Http_read: { type: 'Http', runAfter: {}, inputs: { method: 'POST', uri: 'https://api.example.com', body: "@triggerBody()?['name']" } },
        Loop_trigger: { type: 'Foreach', runAfter: { Http_read: ['Succeeded'] }, foreach: "@triggerBody()?['kids']", actions: {} },
        // A Compose with secure inputs hides its outputs, but not its readers'.
        Let_kids: { ...compose("@triggerBody()?['kids']", { Loop_trigger: ['Succeeded'] }), ...secure(['inputs']) },
        Loop_compose: { type: 'Foreach', runAfter: { Let_kids: ['Succeeded'] }, foreach: "@outputs('Let_kids')", actions: {} },
        // A Compose that reads hidden outputs hides its inputs and outputs, without a setting.
        Copy: compose("@triggerBody()?['kids']", { Loop_compose: ['Succeeded'] }),
        // Hiding spreads one step: what reads Http_read (hidden only by spreading) shows.
        After: compose("@outputs('Http_read')?['statusCode']", { Copy: ['Succeeded'] }),
        // A loop over a loop's item: no secureData of its own stands behind it.
        Outer: {
          type: 'Foreach',
          runAfter: { After: ['Succeeded'] },
          foreach: "@triggerBody()?['families']",
          actions: { Inner: { type: 'Foreach', runAfter: {}, foreach: "@items('Outer')?['kids']", actions: {} } },
        },
      },
      {
        trigger: { body: { name: 'Ann', kids: ['Bo', 'Cy'], families: [{ kids: ['Di'] }] } },
        definition: { triggers: { manual: { type: 'Request', kind: 'Http', ...secure(['inputs', 'outputs']) } } },
      },
    );
    const secured = (name: string) => record.actions.find((a) => a.name === name)!.secured;
    expect(record.trigger.outputs).toBeUndefined();
    expect(secured('Http_read')).toEqual({ inputs: true, outputs: false });
    expect(secured('Loop_trigger')).toEqual({ inputs: true, outputs: false });
    expect(secured('Let_kids')).toEqual({ inputs: true, outputs: true });
    expect(secured('Loop_compose')).toBeUndefined();
    expect(secured('Copy')).toEqual({ inputs: true, outputs: true });
    expect(secured('After')).toBeUndefined();
    expect(secured('Inner')).toBeUndefined();
    expect(record.actions.find((a) => a.name === 'Loop_compose')!.inputs).toEqual(['Bo', 'Cy']);
    expect(record.actions.find((a) => a.name === 'Inner')!.inputs).toEqual(['Di']);
  });

  it('runs a child workflow of the same build and reads its response', () => {
    const child = { name: 'child', definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Reply: { type: 'Response', runAfter: {}, inputs: { statusCode: 200, body: { doubled: "@mul(triggerBody()?['n'], 2)" } } } } }, parameterValues: {} };
    const record = run(
      { Call: { type: 'Workflow', runAfter: {}, inputs: { host: { triggerName: 'manual', workflow: { id: "@parameters('workflowId_child')" } }, body: { n: 21 } } } },
      { parameters: { workflowId_child: '/workflows/child' }, definition: { parameters: { workflowId_child: { type: 'String' } } }, childWorkflow: (id) => (id.endsWith('/child') ? child : undefined) },
    );
    expect(outputs(record, 'Call')).toMatchObject({ statusCode: 200, body: { doubled: 42 } });
    expect(record.effects.childRuns[0]!.run.status).toBe('Succeeded');
  });

  it('uses a static result when the action enables it', () => {
    const record = run(
      { Call: { type: 'Http', runAfter: {}, inputs: { method: 'GET', uri: 'https://x.example.com' }, runtimeConfiguration: { staticResult: { name: 'Call0', staticResultOptions: 'Enabled' } } } },
      { definition: { staticResults: { Call0: { status: 'Succeeded', outputs: { statusCode: 'OK', body: { mocked: true } } } } } },
    );
    expect(record.actions[0]).toMatchObject({ status: 'Succeeded', outputs: { body: { mocked: true } } });
  });

  it("runs an Agent only by a mock of its answer, which is its outputs (outputs('A')?['lastAssistantMessage']); its tools do not run", () => {
    const agent = { type: 'Agent', runAfter: {}, inputs: { parameters: { deploymentId: 'gpt-4o', messages: [] }, modelConfigurations: { model1: { referenceName: 'agent' } } }, tools: { t: { description: 'd', actions: { Never: { type: 'Compose', inputs: 1 } } } } };
    const stopped = run({ A: agent });
    expect(stopped.status).toBe('NotSupported');
    expect(stopped.notSupported).toMatch(/Agent.*without a mock is not supported by jig run/);
    const record = run(
      { A: agent, Reply: { type: 'Compose', runAfter: { A: ['Succeeded'] }, inputs: "@outputs('A')?['lastAssistantMessage']" } },
      { mocks: { actions: { A: { responses: [{ status: 200, body: { lastAssistantMessage: 'done' } }] } } } },
    );
    expect(outputs(record, 'Reply')).toBe('done');
    expect(record.actions.map((action) => action.name)).toEqual(['A', 'Reply']);
  });

  it('stops at an action type it does not run, and says so', () => {
    const record = run({ Code: { type: 'JavaScriptCode', runAfter: {}, inputs: { code: 'return 1' } } });
    expect(record.status).toBe('NotSupported');
    expect(record.notSupported).toMatch(/JavaScriptCode.*not supported by jig run/);
  });
});

describe('the simulated Cosmos DB SQL', () => {
  const documents = [
    { id: '1', industry: 'retail', amount: 10 },
    { id: '2', industry: 'retail', amount: 30, optOut: false },
    { id: '3', industry: 'health', amount: 5, optOut: true },
    { id: '4', industry: 'health', amount: 7 },
  ];
  const query = (text: string) => {
    const host = { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } };
    const record = run(
      { Q: { type: 'ApiConnection', runAfter: {}, inputs: { host, method: 'get', path: '/v5/cosmosdb/a/dbs/db/colls/c/query', queries: { queryText: text } } } },
      { world: new World({ 'db/c': documents }), definition: { parameters: { $connections: { type: 'Object', defaultValue: {} } } } },
    );
    if (record.status !== 'Succeeded') throw new Error(record.notSupported ?? record.actions[0]?.error?.message);
    return (record.actions[0]!.outputs as { body: { value: unknown[] } }).body.value;
  };
  it('groups and aggregates what the opt-out filter keeps, as Jig pushes aggregates down', () => {
    expect(query('SELECT c.industry AS industry, COUNT(1) AS n, SUM(c.amount) AS total, AVG(c.amount) AS average FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false) GROUP BY c.industry')).toEqual([
      { industry: 'retail', n: 2, total: 40, average: 20 },
      { industry: 'health', n: 1, total: 7, average: 7 },
    ]);
  });
  it('treats a comparison of different types as undefined, and filters it out', () => {
    expect(query("SELECT VALUE c.id FROM c WHERE c.amount > '6'")).toEqual([]);
    expect(query("SELECT * FROM c WHERE STARTSWITH(c.industry, 'he') AND c.amount >= 6 ORDER BY c.amount DESC")).toEqual([documents[3]]);
  });
  it('reads ?? as Cosmos DB does: the left value unless it is undefined (null stays null)', () => {
    // optOut is missing on 1 and 4: undefined ?? null is null; false and true stay what they are.
    expect(query('SELECT VALUE c.id FROM c WHERE ((c.optOut ?? null) = null) ?? false')).toEqual(['1', '4']);
    expect(query('SELECT VALUE c.id FROM c WHERE NOT ((c.optOut = true) ?? false)')).toEqual(['1', '2', '4']);
  });
  it('has the functions Jig writes: STARTSWITH and ENDSWITH that ignore case when told, TRUNC, ARRAY_LENGTH', () => {
    expect(query("SELECT VALUE c.id FROM c WHERE STARTSWITH(c.industry, 'HE', true)")).toEqual(['3', '4']);
    expect(query("SELECT VALUE c.id FROM c WHERE STARTSWITH(c.industry, 'HE')")).toEqual([]);
    expect(query("SELECT VALUE c.id FROM c WHERE ENDSWITH(c.industry, 'AIL', true)")).toEqual(['1', '2']);
    expect(query('SELECT VALUE TRUNC(c.amount / 4) FROM c')).toEqual([2, 7, 1, 1]);
    expect(query('SELECT VALUE TRUNC(-7 / 2) FROM c WHERE c.id = "1"')).toEqual([-3]);
    expect(query('SELECT VALUE ARRAY_LENGTH(c.industry) FROM c')).toEqual([]);
  });
  it('stops at SQL it does not know, and says so', () => {
    expect(() => query('SELECT * FROM c JOIN t IN c.tags')).toThrow(/not supported by jig run/);
  });
});
