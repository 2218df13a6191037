/**
 * Durations as Jig writes them (`N UNIT`, singular or plural) and where each unit is allowed:
 * `wait` and `trigger schedule every` take every unit, `@retain` only calendar units of a day or
 * more (a retention is a policy period, not a timer).
 */
import type { Duration } from '../syntax/tree.js';
import type { ResolvedDuration } from './model.js';

export type DurationUnit = ResolvedDuration['unit'];

const SECONDS_PER_UNIT: Readonly<Record<DurationUnit, number>> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86_400,
  weeks: 7 * 86_400,
  // Months and years are counted as the policy model counts them (30 and 365 days).
  months: 30 * 86_400,
  years: 365 * 86_400,
};

export const ALL_UNITS: readonly DurationUnit[] = Object.keys(SECONDS_PER_UNIT) as DurationUnit[];
export const RETENTION_UNITS: readonly DurationUnit[] = ['days', 'weeks', 'months', 'years'];
/** The units of a Date Time action's interval: the designer's (LogicAppsUX datetime.ts, frequencyValues), no years. */
export const TIME_OPERATION_UNITS: readonly DurationUnit[] = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months'];

/** How many seconds N UNIT is (months and years as the policy counts them). */
export function secondsOf(amount: number, unit: DurationUnit): number {
  return amount * SECONDS_PER_UNIT[unit];
}

/** The plural unit for a unit as written (`day` or `days` → `days`), or undefined if it is none. */
export function normalizeUnit(written: string): DurationUnit | undefined {
  const lower = written.toLowerCase();
  const plural = lower.endsWith('s') ? lower : `${lower}s`;
  return (ALL_UNITS as readonly string[]).includes(plural) ? (plural as DurationUnit) : undefined;
}

export type DurationCheck = { readonly duration: ResolvedDuration } | { readonly problem: string; readonly range: Duration['range'] };

/**
 * Reads a duration for a use that allows `units`; the problem, when there is one, is a complete
 * sentence for the `invalid-duration` diagnostic.
 */
export function resolveDuration(node: Duration, units: readonly DurationUnit[], use: string): DurationCheck {
  const unit = normalizeUnit(node.unit);
  if (!unit || !units.includes(unit)) {
    return {
      problem: `'${node.unit}' is not a unit for ${use}; use one of ${units.join(', ')}.`,
      range: node.unitRange,
    };
  }
  if (!Number.isInteger(node.amount) || node.amount <= 0 || !Number.isFinite(node.amount)) {
    return { problem: `The amount of ${use} must be a positive whole number, not ${node.amount}.`, range: node.range };
  }
  return {
    duration: { amount: node.amount, unit, seconds: node.amount * SECONDS_PER_UNIT[unit], range: node.range },
  };
}
