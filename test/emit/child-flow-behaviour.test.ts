/**
 * `call flow CHILD` meets the child's answer as the service does: the call fails when the child
 * answers 400 or more, fails before it answers, or ends without running its `respond`; and, as
 * any call, it is sent again under its retry policy (`@retry`, else the service's default: four
 * more times after a 408, a 429 or a 5xx; logic-apps-exception-handling, "Retry policies"), so a
 * child that answers a 5xx, or ends without running its `respond` (which answers 502: Microsoft,
 * "Receive and respond to inbound HTTPS calls", "if all Response actions are skipped, the caller
 * receives a 502 Bad Gateway error"), runs again, and what it did runs again. A
 * child without any `respond` answers 202 at once and is never waited for. The engine ran a
 * child once whatever it answered, and took a child that ended without running its `respond`
 * for a 202 success: tests passed on parents that in Azure ran their child five times.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { World } from '../../compiler/src/engine/index.js';
import { expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

const RETRIES = { default: '', none: ' @retry(none)', twice: ' @retry(fixed, 2 times, 5 seconds)' } as const;
type Retry = keyof typeof RETRIES;

/** A flow started by an Ask, keeping a document of each run (so that a run again is seen). */
const flow = (name: string, purpose: string, body: string) => `
@purpose(automation, "${purpose}")
@data(business.other)
@retain(1 day)
flow ${name} {
  trigger http post body Ask
${body}
}
`;

const CHILDREN: Record<'child' | 'answers_success' | 'silent', [string, string]> = {
  child: ['Answer as asked', '  if trigger.body.failFirst {\n    fail "before answering"\n  }\n  respond trigger.body.status\n  if trigger.body.failAfter {\n    fail "after answering"\n  }'],
  answers_success: ['Answer only a success', '  if trigger.body.status < 400 {\n    respond trigger.body.status\n  }'],
  silent: ['Never answer', '  if trigger.body.failFirst {\n    fail "unheard"\n  }'],
};

const project = (retry: Retry) => `type Ask {
  id:        string  @business.other
  status:    integer @business.other
  failFirst: boolean @business.other
  failAfter: boolean @business.other
}
${Object.entries(CHILDREN)
  .map(([name, [purpose, body]]) => flow(name, purpose, `  store { id: guid(), ask: trigger.body.id } in cosmos("jigajob", "runs")\n${body}`) + flow(PARENT[name as Child], `Ask ${name}`, `  call flow ${name} with trigger.body${RETRIES[retry]}\n  respond 200`))
  .join('')}`;

type Child = 'child' | 'answers_success' | 'silent';
interface Ask { status: number; failFirst: boolean; failAfter: boolean }

/** Jig's meaning: how many times the child runs, and whether the parent's call fails. */
function meaning(child: Child, ask: Ask, retry: Retry): { runs: number; fails: boolean } {
  if (child === 'silent') return { runs: 1, fails: false };
  const answered = child === 'child' ? !ask.failFirst : ask.status < 400;
  // What the caller gets: the child's status, or 502 when it ran no respond.
  const status = answered ? ask.status : 502;
  const retryable = status === 408 || status === 429 || status >= 500;
  const retries = retry === 'default' ? 4 : retry === 'twice' ? 2 : 0;
  return { runs: retryable ? retries + 1 : 1, fails: status >= 400 };
}

const PARENT: Record<Child, string> = { child: 'parent', answers_success: 'parent_of_answers_success', silent: 'parent_of_silent' };
const runs = Object.fromEntries((Object.keys(RETRIES) as Retry[]).map((retry) => [retry, Object.fromEntries((Object.keys(PARENT) as Child[]).map((child) => [child, compileJig(project(retry), PARENT[child])]))])) as Record<Retry, Record<Child, ReturnType<typeof compileJig>>>;

function run(child: Child, ask: Ask, retry: Retry) {
  const world = new World();
  const record = runs[retry][child]({ trigger: { body: { id: 'A1', ...ask } }, world });
  // Each run of the child stores once (the runs share their GUIDs, so count the writes, not the documents).
  const stored = record.effects.stored.filter((store) => store.action.startsWith(`${child}/`));
  expect(stored.length).toBe(record.effects.childRuns.length);
  return { record, runs: record.effects.childRuns.length };
}

describe('call flow meets what the child answers', () => {
  it('a 2xx answer: the child runs once, also when it fails after answering', () => {
    for (const failAfter of [false, true]) {
      const { record, runs: count } = run('child', { status: 201, failFirst: false, failAfter }, 'default');
      expect([record.status, record.response?.statusCode, count]).toEqual(['Succeeded', 200, 1]);
    }
  });

  it('a 4xx answer fails the call, and is not sent again', () => {
    const { record, runs: count } = run('child', { status: 404, failFirst: false, failAfter: false }, 'default');
    expect([record.status, count]).toEqual(['Failed', 1]);
  });

  it('a 5xx answer, or a child that fails before answering, runs the child again under the retry policy: five times by default, once with @retry(none)', () => {
    for (const ask of [{ status: 500, failFirst: false, failAfter: false }, { status: 200, failFirst: true, failAfter: false }]) {
      expect(run('child', ask, 'default').runs).toBe(5);
      expect(run('child', ask, 'twice').runs).toBe(3);
      const once = run('child', ask, 'none');
      expect([once.record.status, once.runs]).toEqual(['Failed', 1]);
    }
  });

  it('a child that ends without running its respond fails the call (502 Bad Gateway), and runs again', () => {
    const skipped = run('answers_success', { status: 409, failFirst: false, failAfter: false }, 'default');
    expect([skipped.record.status, skipped.runs]).toEqual(['Failed', 5]);
    // Every Response skipped: the caller receives 502 (Microsoft), not the 504 of a caller whose time ran out.
    const call = skipped.record.actions.filter((a) => a.type === 'Workflow');
    expect(call.map((a) => a.code)).toEqual(['BadGateway']);
    expect(call[0]!.retryHistory?.map((r) => r.code)).toEqual(['BadGateway', 'BadGateway', 'BadGateway', 'BadGateway']);
    const answered = run('answers_success', { status: 200, failFirst: false, failAfter: false }, 'default');
    expect([answered.record.status, answered.runs]).toEqual(['Succeeded', 1]);
  });

  it('a 3xx or 1xx status, which a Response may not send (Microsoft), fails the Response: the child answers nothing (502), and runs again', () => {
    for (const status of [302, 101]) {
      const { record, runs: count } = run('child', { status, failFirst: false, failAfter: false }, 'default');
      expect([record.status, count]).toEqual(['Failed', 5]);
    }
  });

  it('a child without any respond answers 202 at once, whatever it does: once, never a failure', () => {
    const { record, runs: count } = run('silent', { status: 500, failFirst: true, failAfter: false }, 'default');
    expect([record.status, count]).toEqual(['Succeeded', 1]);
  });

  it('differential: random answers, failures and retry policies, as Jig\'s meaning of call flow says', () => {
    const ask = fc.record({ status: fc.constantFrom(200, 201, 202, 400, 404, 408, 429, 500, 503), failFirst: fc.boolean(), failAfter: fc.boolean() });
    fc.assert(
      fc.property(fc.constantFrom<Child>('child', 'answers_success', 'silent'), ask, fc.constantFrom<Retry>('default', 'none', 'twice'), (child, asked, retry) => {
        const expected = meaning(child, asked, retry);
        const actual = run(child, asked, retry);
        expect({ runs: actual.runs, fails: actual.record.status === 'Failed' }).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
