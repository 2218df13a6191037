/** Retention periods as policy files write them (`7 years`) and as messages print them (`1 year`). */
import type { RetentionLimit } from './model.js';

const DAYS_PER_UNIT = { days: 1, weeks: 7, months: 30, years: 365 } as const;

/** `7 years` (the schema has checked the form) as a RetentionLimit. */
export function parseRetention(period: string, provisional: boolean): RetentionLimit {
  const [amountText, unitText] = period.split(' ') as [string, string];
  const unit = (unitText.endsWith('s') ? unitText : `${unitText}s`) as RetentionLimit['unit'];
  const amount = Number(amountText);
  return { amount, unit, days: amount * DAYS_PER_UNIT[unit], provisional };
}

/** `1 year`, `30 days`: the way Jig source writes a duration. */
export function formatPeriod(amount: number, unit: string): string {
  return `${amount} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

/** A length in days as Jig source would write it: whole years, months or weeks where it is one. */
export function formatDays(days: number): string {
  // A part of a day (an hour a run waited): the days and the hours begun.
  if (!Number.isInteger(days)) {
    const hours = Math.ceil(days * 24 - 1e-9);
    if (hours % 24 === 0) return formatDays(hours / 24);
    const whole = Math.floor(hours / 24);
    return whole === 0 ? formatPeriod(hours, 'hours') : `${formatDays(whole)} and ${formatPeriod(hours % 24, 'hours')}`;
  }
  for (const unit of ['years', 'months', 'weeks'] as const) {
    if (days % DAYS_PER_UNIT[unit] === 0) return formatPeriod(days / DAYS_PER_UNIT[unit], unit);
  }
  return formatPeriod(days, 'days');
}
