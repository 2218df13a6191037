/**
 * Timestamps as the service's .NET DateTime values: a wall-clock time to 100 ns and a kind, UTC
 * (written with `Z`) or unspecified (written without an offset, as `formatDateTime('03/15/2018')`
 * is). A timestamp with an offset is converted to UTC. Windows time-zone names (the service's)
 * are mapped to IANA zones with windows-iana, and offsets come from Intl.
 */
import { windowsZone } from './windows-zones.js';
import { ExpressionError } from '../errors.js';

export interface DateTimeValue {
  /** The wall-clock time as milliseconds since 1970-01-01 (read as if UTC). */
  readonly ms: number;
  /** 100-nanosecond ticks beyond `ms` (0–9999). */
  readonly subTicks: number;
  readonly kind: 'utc' | 'unspecified';
}

export const MS_PER_DAY = 86_400_000;
/** Milliseconds from 0001-01-01 (.NET's tick origin) to 1970-01-01. */
const EPOCH_OFFSET_MS = 62_135_596_800_000;

export function dateTime(ms: number, kind: DateTimeValue['kind'], subTicks = 0): DateTimeValue {
  if (!Number.isFinite(ms) || ms < -EPOCH_OFFSET_MS || ms > 253_402_300_799_999) {
    throw new ExpressionError('The resulting timestamp is outside the range of dates the service supports (years 1 to 9999).');
  }
  return { ms, subTicks, kind };
}

export function ticksOf(value: DateTimeValue): bigint {
  return (BigInt(value.ms) + BigInt(EPOCH_OFFSET_MS)) * 10_000n + BigInt(value.subTicks);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function fromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, fraction = ''): { ms: number; subTicks: number } | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined;
  const digits = fraction.padEnd(7, '0').slice(0, 7);
  return { ms: date.getTime() + Number(digits.slice(0, 3)), subTicks: Number(digits.slice(3, 7)) };
}

function twelveHour(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  const pm = meridiem.toLowerCase().startsWith('p');
  return (hour % 12) + (pm ? 12 : 0);
}

/** The timestamp a string holds, read as .NET's DateTime.Parse reads it in en-US; undefined if none. */
export function tryParseDateTime(text: string): DateTimeValue | undefined {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  if (m) {
    const parts = fromParts(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '');
    if (!parts) return undefined;
    return withZone(parts, m[8]);
  }
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) {
    const parts = fromParts(+m[1]!, +m[2]!, +m[3]!, twelveHour(+(m[4] ?? 0), m[8]), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '');
    return parts && withZone(parts, m[9]);
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) {
    const parts = fromParts(+m[3]!, +m[1]!, +m[2]!, twelveHour(+(m[4] ?? 0), m[8]), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '');
    return parts && withZone(parts, m[9]);
  }
  // RFC 1123: Tue, 20 Aug 2019 22:15:37 GMT
  m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(GMT|UTC|Z)?$/i.exec(s);
  if (m) {
    const month = monthNumber(m[2]!);
    const parts = month ? fromParts(+m[3]!, month, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : undefined;
    return parts && dateTime(parts.ms, m[7] ? 'utc' : 'unspecified', parts.subTicks);
  }
  // March 15, 2018 [10:00 AM]
  m = /^(?:[A-Za-z]+,\s*)?([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(s);
  if (m) {
    const month = monthNumber(m[1]!);
    const parts = month ? fromParts(+m[3]!, month, +m[2]!, twelveHour(+(m[4] ?? 0), m[7]), +(m[5] ?? 0), +(m[6] ?? 0)) : undefined;
    return parts && dateTime(parts.ms, 'unspecified', parts.subTicks);
  }
  return undefined;
}

function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex((month) => month === lower || (lower.length >= 3 && month.startsWith(lower)));
  return index < 0 ? undefined : index + 1;
}

function withZone(parts: { ms: number; subTicks: number }, zone: string | undefined): DateTimeValue {
  if (!zone) return dateTime(parts.ms, 'unspecified', parts.subTicks);
  if (zone.toUpperCase() === 'Z') return dateTime(parts.ms, 'utc', parts.subTicks);
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offset = (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +(m[3] ?? 0));
  return dateTime(parts.ms - offset * 60_000, 'utc', parts.subTicks);
}

export function parseDateTimeArg(name: string, text: string): DateTimeValue {
  const parsed = tryParseDateTime(text);
  if (!parsed) {
    throw new ExpressionError(
      `The template language function '${name}' expects its timestamp parameter to be a string that contains a date and time; '${text}' could not be read as one.`,
    );
  }
  return parsed;
}

export function addMilliseconds(value: DateTimeValue, ms: number): DateTimeValue {
  return dateTime(value.ms + ms, value.kind, value.subTicks);
}

/** .NET's AddMonths: the day is kept, or the month's last day when the month is shorter. */
export function addMonths(value: DateTimeValue, months: number): DateTimeValue {
  const date = new Date(value.ms);
  const day = date.getUTCDate();
  const target = new Date(date.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return dateTime(target.getTime(), value.kind, value.subTicks);
}

const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: MS_PER_DAY, week: 7 * MS_PER_DAY };

export function addUnits(name: string, value: DateTimeValue, interval: number, unit: string): DateTimeValue {
  const key = unit.toLowerCase().replace(/s$/, '');
  if (key === 'month') return addMonths(value, interval);
  if (key === 'year') return addMonths(value, interval * 12);
  const ms = UNIT_MS[key];
  if (ms === undefined) throw new ExpressionError(`The template language function '${name}' expects a time unit of Second, Minute, Hour, Day, Week, Month or Year, not '${unit}'.`);
  return addMilliseconds(value, interval * ms);
}

// ---- time zones -------------------------------------------------------------------------------

const zoneCache = new Map<string, string>();

/** The IANA zone of a Windows time-zone name (`Pacific Standard Time`), or of an IANA name. */
export function ianaZone(name: string, functionName: string): string {
  const cached = zoneCache.get(name);
  if (cached) return cached;
  let zone: string | undefined;
  if (/^(utc|coordinated universal time|gmt)$/i.test(name.trim())) zone = 'UTC';
  else zone = windowsZone(name) ?? windowsZone(name.replace(/[.]/g, ''));
  if (!zone) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      zone = name;
    } catch {
      throw new ExpressionError(`The template language function '${functionName}' was given the time zone '${name}', which is not a Windows time-zone name the service knows.`);
    }
  }
  zoneCache.set(name, zone);
  return zone;
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in minutes. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  if (zone === 'UTC') return 0;
  let formatter = formatterCache.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatterCache.set(zone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(utcMs)).map((part) => [part.type, part.value]));
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour! % 24, +parts.minute!, +parts.second!);
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** A wall-clock time in a zone as UTC milliseconds. */
export function wallClockToUtc(zone: string, wallMs: number): number {
  let utc = wallMs - zoneOffsetMinutes(zone, wallMs) * 60_000;
  utc = wallMs - zoneOffsetMinutes(zone, utc) * 60_000;
  return utc;
}

/** A UTC instant as the wall-clock time of a zone. */
export function utcToWallClock(zone: string, utcMs: number): number {
  return utcMs + zoneOffsetMinutes(zone, utcMs) * 60_000;
}

/** .NET TimeSpan's constant format: [-][d.]hh:mm:ss[.fffffff]. */
export function timeSpanText(ticks: bigint): string {
  const negative = ticks < 0n;
  let rest = negative ? -ticks : ticks;
  const fraction = rest % 10_000_000n;
  rest /= 10_000_000n;
  const seconds = rest % 60n;
  rest /= 60n;
  const minutes = rest % 60n;
  rest /= 60n;
  const hours = rest % 24n;
  const days = rest / 24n;
  const pad = (n: bigint) => n.toString().padStart(2, '0');
  return `${negative ? '-' : ''}${days > 0n ? `${days}.` : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}${fraction > 0n ? `.${fraction.toString().padStart(7, '0')}` : ''}`;
}
