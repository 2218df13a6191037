/**
 * .NET date and time format strings: the standard one-letter formats (en-US patterns; other
 * cultures' standard patterns are not supported) and custom patterns (`yyyy-MM-dd HH:mm`,
 * `dddd MMMM d`, quoted text, `\` escapes) with day and month names in any locale Intl knows.
 * Also the reverse, reading a timestamp by a custom pattern, for `parseDateTime`.
 */
import { ExpressionError, NotSupportedError } from '../errors.js';
import { dateTime, type DateTimeValue } from './datetime-core.js';

const STANDARD_EN_US: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

/** Formats that do not depend on the culture. */
const INVARIANT_STANDARD = new Set(['o', 'O', 'r', 'R', 's', 'u']);

interface CultureNames {
  readonly months: readonly string[];
  readonly monthsShort: readonly string[];
  readonly days: readonly string[];
  readonly daysShort: readonly string[];
  readonly am: string;
  readonly pm: string;
}

const namesCache = new Map<string, CultureNames>();

export function cultureNames(locale: string, functionName: string): CultureNames {
  const key = locale.toLowerCase();
  const cached = namesCache.get(key);
  if (cached) return cached;
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0]!;
  } catch {
    throw new ExpressionError(`The template language function '${functionName}' expects a valid locale; '${locale}' is not one.`);
  }
  const utc = { timeZone: 'UTC' } as const;
  const month = (style: 'long' | 'short') => Array.from({ length: 12 }, (_, i) => new Intl.DateTimeFormat(canonical, { ...utc, month: style }).format(Date.UTC(2021, i, 15)));
  // 2021-08-01 was a Sunday: index 0 is Sunday, as .NET's DayOfWeek counts.
  const day = (style: 'long' | 'short') => Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(canonical, { ...utc, weekday: style }).format(Date.UTC(2021, 7, 1 + i)));
  const period = (hour: number) =>
    new Intl.DateTimeFormat(canonical, { ...utc, hour: 'numeric', hour12: true }).formatToParts(Date.UTC(2021, 0, 1, hour)).find((part) => part.type === 'dayPeriod')?.value ?? (hour < 12 ? 'AM' : 'PM');
  const english = canonical.toLowerCase().startsWith('en');
  const names: CultureNames = {
    months: month('long'),
    // .NET's abbreviations carry no trailing period in en-US ("Jan"), as Intl's do not either.
    monthsShort: month('short'),
    days: day('long'),
    daysShort: day('short'),
    am: english ? 'AM' : period(9),
    pm: english ? 'PM' : period(15),
  };
  namesCache.set(key, names);
  return names;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Splits a custom pattern into specifiers (runs of one letter) and literal text. */
function tokens(pattern: string): { spec?: string; text?: string }[] {
  const out: { spec?: string; text?: string }[] = [];
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    if (ch === "'" || ch === '"') {
      const close = pattern.indexOf(ch, i + 1);
      if (close < 0) throw new ExpressionError(`The date and time format '${pattern}' has a quote that is not closed.`);
      out.push({ text: pattern.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    if (ch === '\\') {
      out.push({ text: pattern[i + 1] ?? '' });
      i += 2;
      continue;
    }
    if (ch === '%') {
      i++;
      continue;
    }
    if (/[dfFghHKmMstyz]/.test(ch)) {
      let j = i;
      while (pattern[j] === ch) j++;
      out.push({ spec: pattern.slice(i, j) });
      i = j;
      continue;
    }
    out.push({ text: ch });
    i++;
  }
  return out;
}

/** The custom pattern a format string stands for. */
function patternOf(format: string, locale: string, functionName: string): string {
  if (format.length !== 1) return format;
  if (!INVARIANT_STANDARD.has(format) && !locale.toLowerCase().startsWith('en-us') && locale.toLowerCase() !== 'en') {
    throw new NotSupportedError(`The standard date format '${format}' in the locale '${locale}'`, 'only en-US standard formats are known; write a custom pattern');
  }
  const pattern = STANDARD_EN_US[format];
  if (!pattern) throw new ExpressionError(`The template language function '${functionName}' was given the format '${format}', which is not a valid date and time format.`);
  return pattern;
}

export function formatDateTime(value: DateTimeValue, format: string | undefined, locale: string, functionName: string): string {
  const pattern = patternOf(format ?? 'o', locale, functionName);
  const date = new Date(value.ms);
  const names = /ddd|MMM|tt?/.test(pattern) ? cultureNames(locale, functionName) : undefined;
  const fraction = pad(date.getUTCMilliseconds(), 3) + pad(value.subTicks, 4);
  let out = '';
  for (const token of tokens(pattern)) {
    if (token.text !== undefined) {
      out += token.text;
      continue;
    }
    const spec = token.spec!;
    const n = spec.length;
    switch (spec[0]) {
      case 'd':
        out += n === 1 ? date.getUTCDate() : n === 2 ? pad(date.getUTCDate(), 2) : n === 3 ? names!.daysShort[date.getUTCDay()] : names!.days[date.getUTCDay()];
        break;
      case 'M':
        out += n === 1 ? date.getUTCMonth() + 1 : n === 2 ? pad(date.getUTCMonth() + 1, 2) : n === 3 ? names!.monthsShort[date.getUTCMonth()] : names!.months[date.getUTCMonth()];
        break;
      case 'y': {
        const year = date.getUTCFullYear();
        out += n === 1 ? year % 100 : n === 2 ? pad(year % 100, 2) : pad(year, n);
        break;
      }
      case 'H':
        out += n === 1 ? date.getUTCHours() : pad(date.getUTCHours(), 2);
        break;
      case 'h': {
        const hour = date.getUTCHours() % 12 || 12;
        out += n === 1 ? hour : pad(hour, 2);
        break;
      }
      case 'm':
        out += n === 1 ? date.getUTCMinutes() : pad(date.getUTCMinutes(), 2);
        break;
      case 's':
        out += n === 1 ? date.getUTCSeconds() : pad(date.getUTCSeconds(), 2);
        break;
      case 'f':
        if (n > 7) throw new ExpressionError(`The date and time format '${format}' is not valid: at most seven 'f'.`);
        out += fraction.slice(0, n);
        break;
      case 'F': {
        if (n > 7) throw new ExpressionError(`The date and time format '${format}' is not valid: at most seven 'F'.`);
        const digits = fraction.slice(0, n).replace(/0+$/, '');
        // A trailing '.' before an empty F is dropped, as .NET drops it.
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't': {
        const period = date.getUTCHours() < 12 ? names!.am : names!.pm;
        out += n === 1 ? period[0] : period;
        break;
      }
      case 'K':
        out += value.kind === 'utc' ? 'Z' : '';
        break;
      case 'z':
        // The service runs in UTC: a local offset is always zero.
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        break;
      case 'g':
        out += 'A.D.';
        break;
      default:
        out += spec;
    }
  }
  return out;
}

/** Reads a timestamp written in a custom pattern (`ddMMyyyy`, `MM/dd/yyyy HH\h`). */
export function parseWithPattern(text: string, format: string, locale: string, functionName: string): DateTimeValue | undefined {
  const pattern = patternOf(format, locale, functionName);
  const names = cultureNames(locale, functionName);
  let i = 0;
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = '';
  let pm: boolean | undefined;
  let utc = false;
  const digits = (min: number, max: number): number | undefined => {
    const match = new RegExp(`^\\d{${min},${max}}`).exec(text.slice(i));
    if (!match) return undefined;
    i += match[0].length;
    return Number(match[0]);
  };
  const name = (list: readonly string[]): number | undefined => {
    const rest = text.slice(i).toLowerCase();
    const index = list.map((entry, k) => [entry.toLowerCase(), k] as const).sort((a, b) => b[0].length - a[0].length).find(([entry]) => rest.startsWith(entry));
    if (!index) return undefined;
    i += index[0].length;
    return index[1];
  };
  for (const token of tokens(pattern)) {
    if (token.text !== undefined) {
      if (!text.startsWith(token.text, i)) return undefined;
      i += token.text.length;
      continue;
    }
    const spec = token.spec!;
    const n = spec.length;
    let read: number | undefined;
    switch (spec[0]) {
      case 'd':
        if (n <= 2) read = day = digits(n, 2) ?? NaN;
        else read = name(n === 3 ? names.daysShort : names.days);
        break;
      case 'M':
        if (n <= 2) read = month = digits(n, 2) ?? NaN;
        else read = month = (name(n === 3 ? names.monthsShort : names.months) ?? NaN) + 1;
        break;
      case 'y':
        read = year = digits(n <= 2 ? n : 4, n <= 2 ? 2 : 4) ?? NaN;
        if (n <= 2) year += 2000;
        break;
      case 'H':
      case 'h':
        read = hour = digits(n, 2) ?? NaN;
        break;
      case 'm':
        read = minute = digits(n, 2) ?? NaN;
        break;
      case 's':
        read = second = digits(n, 2) ?? NaN;
        break;
      case 'f':
      case 'F': {
        const match = /^\d+/.exec(text.slice(i));
        fraction = match ? match[0].slice(0, n) : '';
        i += fraction.length;
        read = 0;
        break;
      }
      case 't': {
        const rest = text.slice(i).toLowerCase();
        if (rest.startsWith(names.pm.toLowerCase())) {
          pm = true;
          i += names.pm.length;
        } else if (rest.startsWith(names.am.toLowerCase())) {
          pm = false;
          i += names.am.length;
        } else return undefined;
        read = 0;
        break;
      }
      case 'K':
      case 'z':
        if (text[i] === 'Z') {
          utc = true;
          i++;
        }
        read = 0;
        break;
      default:
        return undefined;
    }
    if (read === undefined || Number.isNaN(read)) return undefined;
  }
  if (i !== text.length) return undefined;
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined;
  return dateTime(date.getTime(), utc ? 'utc' : 'unspecified', Number(fraction.padEnd(7, '0').slice(3, 7)));
}
