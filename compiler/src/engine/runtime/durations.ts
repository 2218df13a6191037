/** ISO 8601 durations (`PT1H`, `P1D`, `PT7.5S`) as milliseconds; months count 30 days, years 365. */
import { ExpressionError } from '../errors.js';

export function parseDuration(text: string, what: string): number {
  const match = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!match || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) {
    throw new ExpressionError(`${what} '${text}' is not an ISO 8601 duration (such as PT1H or P1D).`, 'InvalidTemplate');
  }
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return Math.round((((((years! * 365 + months! * 30 + weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds!) * 1000));
}

const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000, month: 2_592_000_000 };

/** A Wait's `{count, unit}`. */
export function intervalMs(count: number, unit: string): number {
  const ms = UNIT_MS[unit.toLowerCase()];
  if (ms === undefined) throw new ExpressionError(`The interval unit '${unit}' is not one of Second, Minute, Hour, Day, Week, Month.`);
  return count * ms;
}

/** A duration as a short text for the run history (`1m 30s`). */
export function durationText(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ');
}
