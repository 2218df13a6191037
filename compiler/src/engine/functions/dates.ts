/** Date and time functions. Results are written in the round-trip format 'o' unless a format is given. */
import { ExpressionError } from '../errors.js';
import { integer, type Value } from '../values.js';
import { formatDateTime, parseWithPattern } from './date-format.js';
import {
  addMilliseconds,
  addUnits,
  dateTime,
  ianaZone,
  MS_PER_DAY,
  parseDateTimeArg,
  ticksOf,
  timeSpanText,
  tryParseDateTime,
  utcToWallClock,
  wallClockToUtc,
  type DateTimeValue,
} from './datetime-core.js';
import { define, integerArg, optionalStringArg, stringArg, type FunctionSpec } from './spec.js';

function timestampArg(name: string, args: readonly Value[], index: number): DateTimeValue {
  return parseDateTimeArg(name, stringArg(name, args, index));
}

function write(name: string, value: DateTimeValue, args: readonly Value[], formatIndex: number): string {
  return formatDateTime(value, optionalStringArg(name, args, formatIndex), 'en-US', name);
}

function adder(name: string, unitMs: number): FunctionSpec {
  return define('date', name, 2, 3, (args) => write(name, addMilliseconds(timestampArg(name, args, 0), integerArg(name, args, 1) * unitMs), args, 2));
}

function startOf(name: string, truncate: (date: Date) => void): FunctionSpec {
  return define('date', name, 1, 2, (args) => {
    const value = timestampArg(name, args, 0);
    const date = new Date(value.ms);
    truncate(date);
    return write(name, dateTime(date.getTime(), value.kind), args, 1);
  });
}

function now(state: { now(): number }): DateTimeValue {
  return dateTime(state.now(), 'utc');
}

/** Day-first and named-month patterns tried for `parseDateTime` without a format. */
const LOCALE_PATTERNS = ['dd/MM/yyyy', 'd/M/yyyy', 'dd.MM.yyyy', 'd.M.yyyy', 'dd-MM-yyyy', 'd MMMM yyyy', 'dddd d MMMM yyyy', 'dddd, d MMMM yyyy', 'd MMM yyyy', 'dd/MM/yyyy HH:mm:ss', 'dd/MM/yyyy HH:mm'];

function parseInLocale(name: string, text: string, locale: string): DateTimeValue {
  const lower = locale.toLowerCase();
  if (lower === 'en-us' || lower === 'en') {
    const parsed = tryParseDateTime(text);
    if (parsed) return parsed;
  } else {
    const iso = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? tryParseDateTime(text) : undefined;
    if (iso) return iso;
    for (const pattern of LOCALE_PATTERNS) {
      const parsed = parseWithPattern(text.trim(), pattern, locale, name);
      if (parsed) return parsed;
    }
  }
  throw new ExpressionError(`The template language function '${name}' could not read '${text}' as a date and time in the locale '${locale}'.`);
}

export const dateFunctions: FunctionSpec[] = [
  adder('addDays', MS_PER_DAY),
  adder('addHours', 3_600_000),
  adder('addMinutes', 60_000),
  adder('addSeconds', 1000),
  define('date', 'addToTime', 3, 4, (args, _s, name) => write(name, addUnits(name, timestampArg(name, args, 0), integerArg(name, args, 1), stringArg(name, args, 2)), args, 3)),
  define('date', 'subtractFromTime', 3, 4, (args, _s, name) => write(name, addUnits(name, timestampArg(name, args, 0), -integerArg(name, args, 1), stringArg(name, args, 2)), args, 3)),
  define('date', 'getFutureTime', 2, 3, (args, state, name) => write(name, addUnits(name, now(state), integerArg(name, args, 0), stringArg(name, args, 1)), args, 2)),
  define('date', 'getPastTime', 2, 3, (args, state, name) => write(name, addUnits(name, now(state), -integerArg(name, args, 0), stringArg(name, args, 1)), args, 2)),
  define('date', 'utcNow', 0, 1, (args, state, name) => write(name, now(state), args, 0)),
  define('date', 'convertFromUtc', 2, 3, (args, _s, name) => {
    const value = timestampArg(name, args, 0);
    const zone = ianaZone(stringArg(name, args, 1), name);
    return write(name, dateTime(utcToWallClock(zone, value.ms), 'unspecified', value.subTicks), args, 2);
  }),
  define('date', 'convertToUtc', 2, 3, (args, _s, name) => {
    const value = timestampArg(name, args, 0);
    const zone = ianaZone(stringArg(name, args, 1), name);
    const utc = value.kind === 'utc' ? value.ms : wallClockToUtc(zone, value.ms);
    return write(name, dateTime(utc, 'utc', value.subTicks), args, 2);
  }),
  define('date', 'convertTimeZone', 3, 4, (args, _s, name) => {
    const value = timestampArg(name, args, 0);
    const source = ianaZone(stringArg(name, args, 1), name);
    const target = ianaZone(stringArg(name, args, 2), name);
    const utc = value.kind === 'utc' ? value.ms : wallClockToUtc(source, value.ms);
    return write(name, dateTime(utcToWallClock(target, utc), 'unspecified', value.subTicks), args, 3);
  }),
  define('date', 'dateDifference', 2, 2, (args, _s, name) => timeSpanText(ticksOf(timestampArg(name, args, 1)) - ticksOf(timestampArg(name, args, 0)))),
  define('date', 'dayOfMonth', 1, 1, (args, _s, name) => new Date(timestampArg(name, args, 0).ms).getUTCDate()),
  define('date', 'dayOfWeek', 1, 1, (args, _s, name) => new Date(timestampArg(name, args, 0).ms).getUTCDay()),
  define('date', 'dayOfYear', 1, 1, (args, _s, name) => {
    const date = new Date(timestampArg(name, args, 0).ms);
    return Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / MS_PER_DAY) + 1;
  }),
  define('date', 'formatDateTime', 1, 3, (args, _s, name) =>
    formatDateTime(timestampArg(name, args, 0), optionalStringArg(name, args, 1), optionalStringArg(name, args, 2) ?? 'en-US', name),
  ),
  define('date', 'parseDateTime', 1, 3, (args, _s, name) => {
    const text = stringArg(name, args, 0);
    const locale = optionalStringArg(name, args, 1) ?? 'en-US';
    const format = optionalStringArg(name, args, 2);
    const value = format === undefined ? parseInLocale(name, text, locale) : parseWithPattern(text, format, locale, name);
    if (!value) throw new ExpressionError(`The template language function 'parseDateTime' could not read '${text}' with the format '${format}'.`);
    return formatDateTime(value, 'o', 'en-US', name);
  }),
  startOf('startOfDay', (date) => date.setUTCHours(0, 0, 0, 0)),
  startOf('startOfHour', (date) => date.setUTCMinutes(0, 0, 0)),
  startOf('startOfMonth', (date) => {
    date.setUTCDate(1);
    date.setUTCHours(0, 0, 0, 0);
  }),
  define('date', 'ticks', 1, 1, (args, _s, name) => integer(ticksOf(timestampArg(name, args, 0)))),
];
