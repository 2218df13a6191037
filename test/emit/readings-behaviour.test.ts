/**
 * What README says jig run reads where Microsoft's reference is silent or shows no case. A time
 * written with an offset, as README's built-in functions section reads it: the instant it names,
 * in UTC. Microsoft's reference shows the date functions on UTC times only (and says of the
 * default format `o` only that it "preserves time zone information"), so this is jig run's
 * reading, written down where a flow's meaning could depend on it: the day, weekday and text of
 * `startOfDay`, `dayOfWeek` and `formatDateTime`, the `add…` functions' results, `addToTime` of
 * months. A flow that means a local day says its zone (`convertFromUtc`), and then the offset
 * the time was written with does not matter: checked in a flow Jig emits, run in the engine.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateString } from '../../compiler/src/engine/index.js';
import { expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

describe('a time with an offset', () => {
  it('is read as its UTC instant by the date functions (jig run\'s reading, README)', () => {
    const at = "'2025-03-10T01:00:00+02:00'";
    expect(evaluateString(`@startOfDay(${at})`)).toEqual({ value: '2025-03-09T00:00:00.0000000Z' });
    expect(evaluateString(`@dayOfWeek(${at})`)).toEqual({ value: 0 });
    expect(evaluateString(`@formatDateTime(${at}, 'yyyy-MM-dd')`)).toEqual({ value: '2025-03-09' });
    expect(evaluateString(`@addDays(${at}, 1)`)).toEqual({ value: '2025-03-10T23:00:00.0000000Z' });
    expect(evaluateString(`@equals(ticks(${at}), ticks('2025-03-09T23:00:00Z'))`)).toEqual({ value: true });
    expect(evaluateString("@addToTime('2025-01-31T23:30:00-02:00', 1, 'Month')")).toEqual({ value: '2025-03-01T01:30:00.0000000Z' });
  });

  it('gives the local day a flow names by its zone, whatever offset the time is written with', () => {
    const run = compileJig(`type Visit {
  at: datetime @business.transaction
}

@purpose(automation, "The weekday of a visit in Amsterdam")
@data(business.transaction)
@retain(1 day)
flow visit_day {
  trigger http post body Visit
  respond 200 body { day: dayOfWeek(convertFromUtc(trigger.body.at, "W. Europe Standard Time")), utc: dayOfWeek(trigger.body.at) }
}
`);
    // Monday 10 March 2025, 00:30 in Amsterdam (UTC+1): Sunday in UTC.
    for (const at of ['2025-03-10T00:30:00+01:00', '2025-03-09T23:30:00Z', '2025-03-09T18:30:00-05:00']) {
      expect(run({ trigger: { body: { at } } }).response?.body, at).toEqual({ day: 1, utc: 0 });
    }
  });
});

describe('text and conversions, as the README function table reads them', () => {
  it('contains is case-sensitive, split of "" is one empty element, substring past the end fails, int and float read text as the reference does', () => {
    expect(evaluateString("@contains('ABC', 'b')")).toEqual({ value: false });
    expect(evaluateString("@split('', ',')")).toEqual({ value: [''] });
    expect(evaluateString("@substring('abc', 1, 5)")).toMatchObject({ error: expect.stringMatching(/out of range/) });
    expect(evaluateString("@int('3.0')")).toMatchObject({ error: expect.stringMatching(/cannot be converted/) });
    expect(evaluateString("@float('1,5')")).toMatchObject({ error: expect.stringMatching(/cannot be converted/) });
    expect(evaluateString("@float('10,000.333')")).toEqual({ value: 10000.333 });
  });
});
