/**
 * A schedule runs at the times its source says. The engine does not simulate a Recurrence trigger,
 * so the emitted recurrence is read here by the rules Microsoft documents for it
 * (connectors-native-recurrence, logic-apps-workflow-actions-triggers: the service runs at every
 * combination of `hours` and `minutes` on the `weekDays`; `timeZone` "applies only when you specify
 * a start time", else the hours are UTC), and the instants it gives are compared with the ones the
 * source names, computed with the IANA zone of the same Windows zone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { emitText, expectAllEmittedValid } from './helpers.js';

interface Recurrence {
  readonly frequency: string;
  readonly interval: number;
  readonly schedule?: { readonly weekDays?: string[]; readonly hours?: number[]; readonly minutes?: number[] };
  readonly startTime?: string;
  readonly timeZone?: string;
}

const IANA: Record<string, string> = { 'W. Europe Standard Time': 'Europe/Berlin', 'Eastern Standard Time': 'America/New_York', UTC: 'UTC' };
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The UTC instant of a wall-clock time in an IANA zone. */
function instant(year: number, month: number, day: number, hour: number, minute: number, zone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (utc: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
        .formatToParts(new Date(utc))
        .map((p) => [p.type, Number(p.value)]),
    );
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - utc;
  };
  const guess = wall - offsetAt(wall);
  return wall - offsetAt(guess);
}

/** The runs of a daily or weekly recurrence (interval 1) on the days from `from` (a UTC date), as the documentation reads it. */
function runs(recurrence: Recurrence, from: string, days: number): string[] {
  const zone = recurrence.timeZone !== undefined && recurrence.startTime !== undefined ? IANA[recurrence.timeZone]! : 'UTC';
  const result: number[] = [];
  const start = new Date(`${from}T00:00:00Z`);
  for (let d = 0; d < days; d++) {
    const date = new Date(start.getTime() + d * 86_400_000);
    if (recurrence.frequency === 'Week' && !(recurrence.schedule?.weekDays ?? []).includes(DAYS[date.getUTCDay()]!)) continue;
    for (const hour of recurrence.schedule?.hours ?? []) {
      for (const minute of recurrence.schedule?.minutes ?? []) {
        result.push(instant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute, zone));
      }
    }
  }
  return result.sort((a, b) => a - b).map((ms) => new Date(ms).toISOString());
}

/** What the source says: each day's times in the zone. */
function said(days: { date: string; times: [number, number][] }[], zone: string): string[] {
  return days
    .flatMap(({ date, times }) => {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      return times.map(([h, min]) => instant(y, m, d, h, min, zone));
    })
    .sort((a, b) => a - b)
    .map((ms) => new Date(ms).toISOString());
}

function recurrenceOf(trigger: string): Recurrence {
  const text = `@purpose(automation, "Scheduled")
@data(system.operational)
@retain(7 days)
flow scheduled {
  ${trigger}
  store { id: guid(), at: trigger.scheduledTime } in cosmos("jigajob", "runs")
}
`;
  const definition = emitText(text).workflows[0]!.definition as unknown as { triggers: Record<string, { recurrence: Recurrence }> };
  return Object.values(definition.triggers)[0]!.recurrence;
}

afterAll(() => expectAllEmittedValid());

describe('schedules run at the times and in the time zone the source says', () => {
  it('week days at several times in a time zone, in winter and in summer time', () => {
    const recurrence = recurrenceOf('trigger schedule every 1 week on monday, thursday at 09:00, 16:00 in "W. Europe Standard Time"');
    const times: [number, number][] = [[9, 0], [16, 0]];
    // 2025-01-06 is a Monday (UTC+1); 2025-07-07 too (UTC+2).
    expect(runs(recurrence, '2025-01-06', 7)).toEqual(said([{ date: '2025-01-06', times }, { date: '2025-01-09', times }], 'Europe/Berlin'));
    expect(runs(recurrence, '2025-07-07', 7)).toEqual(said([{ date: '2025-07-07', times }, { date: '2025-07-10', times }], 'Europe/Berlin'));
    expect(runs(recurrence, '2025-01-06', 1)).toEqual(['2025-01-06T08:00:00.000Z', '2025-01-06T15:00:00.000Z']);
  });

  it('a daily time in a time zone', () => {
    const recurrence = recurrenceOf('trigger schedule every 1 day at 02:30 in "Eastern Standard Time"');
    expect(runs(recurrence, '2025-03-01', 2)).toEqual(said([{ date: '2025-03-01', times: [[2, 30]] }, { date: '2025-03-02', times: [[2, 30]] }], 'America/New_York'));
    expect(runs(recurrence, '2025-03-01', 1)).toEqual(['2025-03-01T07:30:00.000Z']);
  });

  it('without a time zone, or in UTC, the times are UTC', () => {
    for (const zone of ['', ' in "UTC"']) {
      const recurrence = recurrenceOf(`trigger schedule every 1 day at 06:15${zone}`);
      expect(runs(recurrence, '2025-07-01', 1)).toEqual(['2025-07-01T06:15:00.000Z']);
      expect(recurrence.startTime).toBeUndefined();
    }
  });
});
