/**
 * `if C then A else B`, `a and b` and `a or b` compute every operand (WDL's if(), and(), or() are
 * functions), so a test written in one does not keep a failing value from running. The emitted
 * workflow fails the run there, and Jig says so at compile time (JIG2035, a warning), where the
 * value that fails reads what the test tests; an `if` step and a form that cannot fail do guard.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { expectAllEmittedValid, policy } from './helpers.js';
import { runJig } from './run-helpers.js';

const flow = (body: string) => `type Order {
  id:    string   @business.transaction
  skus:  string[] @business.transaction
  qty:   string   @business.transaction
  count: string   @business.transaction
  total: integer  @business.transaction
  parts: integer  @business.transaction
}

@purpose(automation, "Read an order")
@data(business.transaction)
@retain(1 year)
flow read_order {
  trigger http post body Order
${body}
}
`;

/** The text of each JIG2035 warning's range, and whether the file has errors. */
function warnings(text: string): string[] {
  const compilation = compileText('order.jig', text, { policy });
  expect(compilation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compilation.diagnostics.filter((d) => d.code === 'JIG2035').map((d) => text.slice(d.range.start, d.range.end));
}

const EMPTY = { id: 'O1', skus: [], qty: '', count: '', total: 10, parts: 0 };
const FULL = { id: 'O2', skus: ['A', 'B'], qty: '3', count: '4', total: 10, parts: 2 };

afterAll(() => expectAllEmittedValid());

describe('a test inside an expression computes both sides', () => {
  const guarded = flow(`  respond 200 body {
    first: if length(trigger.body.skus) == 0 then "none" else trigger.body.skus[0],
    n: if trigger.body.qty == "" then 0 else int(trigger.body.qty),
    isA: length(trigger.body.skus) > 0 and trigger.body.skus[0] == "A",
    share: trigger.body.parts == 0 or trigger.body.total / trigger.body.parts > 2
  }`);

  it('is reported where the value that fails reads what is tested (JIG2035)', () => {
    expect(warnings(guarded)).toEqual(['trigger.body.skus[0]', 'int(trigger.body.qty)', 'trigger.body.skus[0]', 'trigger.body.total / trigger.body.parts']);
  });

  it('fails the run on the data the test excludes, as the service runs if(), and() and or()', () => {
    expect(runJig(guarded, { trigger: { body: FULL } }).response?.body).toEqual({ first: 'A', n: 3, isA: true, share: true });
    const record = runJig(guarded, { trigger: { body: EMPTY } });
    expect(record.status).toBe('Failed');
    expect(record.actions.find((a) => a.name === 'Respond_200')?.error?.message).toMatch(/array index '0' is outside bounds/);
  });

  it('is not reported where the failing value reads something else, nor for forms that cannot fail', () => {
    expect(
      warnings(
        flow(`  respond 200 body {
    n: if trigger.body.qty == "" then 0 else int(trigger.body.count),
    first: coalesce(first(trigger.body.skus), "none"),
    big: trigger.body.total > 5 and length(trigger.body.skus) > 1
  }`),
      ),
    ).toEqual([]);
  });

  it('an if step guards: only the branch whose condition holds runs', () => {
    const step = flow(`  if length(trigger.body.skus) == 0 {
    respond 200 body { first: "none" }
  } else {
    respond 200 body { first: trigger.body.skus[0] }
  }`);
    expect(warnings(step)).toEqual([]);
    expect(runJig(step, { trigger: { body: EMPTY } }).response?.body).toEqual({ first: 'none' });
    expect(runJig(step, { trigger: { body: FULL } }).response?.body).toEqual({ first: 'A' });
    const coalesced = flow('  respond 200 body { first: coalesce(first(trigger.body.skus), "none") }');
    expect(runJig(coalesced, { trigger: { body: EMPTY } }).response?.body).toEqual({ first: 'none' });
  });
});
