/**
 * `formatNumber`: .NET's standard numeric formats (C, D, E, F, G, N, P, R, X, each with a
 * precision) and custom patterns (`0`, `#`, `,`, `.`, `%`, quoted text), with the locale's
 * separators and currency from Intl.
 */
import { ExpressionError } from '../errors.js';
import { isInteger, type Value } from '../values.js';
import { doubleText } from './conversion-core.js';

/** The currency of a locale's region, for the `C` format (Intl needs one to be named). */
const CURRENCY_BY_REGION: Record<string, string> = {
  US: 'USD', GB: 'GBP', IS: 'ISK', DE: 'EUR', FR: 'EUR', ES: 'EUR', IT: 'EUR', NL: 'EUR', BE: 'EUR', AT: 'EUR', IE: 'EUR', PT: 'EUR', FI: 'EUR',
  JP: 'JPY', CN: 'CNY', IN: 'INR', CA: 'CAD', AU: 'AUD', NZ: 'NZD', CH: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', BR: 'BRL', MX: 'MXN', KR: 'KRW', ZA: 'ZAR',
};

interface LocaleSymbols {
  readonly locale: string;
  readonly decimal: string;
  readonly group: string;
}

function symbolsOf(locale: string): LocaleSymbols {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0]!;
  } catch {
    throw new ExpressionError(`The template language function 'formatNumber' expects a valid locale; '${locale}' is not one.`);
  }
  const parts = new Intl.NumberFormat(canonical).formatToParts(12345.6);
  return {
    locale: canonical,
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
  };
}

function grouped(digits: string, group: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

function fixed(value: number, decimals: number, symbols: LocaleSymbols, useGroups: boolean): string {
  const text = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = text.split('.') as [string, string?];
  const sign = value < 0 && Number(text) !== 0 ? '-' : '';
  return `${sign}${useGroups ? grouped(whole, symbols.group) : whole}${fraction ? `${symbols.decimal}${fraction}` : ''}`;
}

export function formatNumber(value: number, format: string, locale: string, original: Value): string {
  const symbols = symbolsOf(locale);
  const standard = /^([CcDdEeFfGgNnPpRrXx])(\d{0,2})$/.exec(format);
  if (standard) {
    const kind = standard[1]!.toUpperCase();
    const precision = standard[2] === '' ? undefined : Number(standard[2]);
    switch (kind) {
      case 'C': {
        const region = symbols.locale.split('-')[1]?.toUpperCase();
        const currency = region ? CURRENCY_BY_REGION[region] : undefined;
        if (!currency) throw new ExpressionError(`The template language function 'formatNumber' cannot tell the currency of the locale '${locale}' for the format 'C'.`);
        return new Intl.NumberFormat(symbols.locale, { style: 'currency', currency, minimumFractionDigits: precision ?? 2, maximumFractionDigits: precision ?? 2 }).format(value);
      }
      case 'D':
        if (!isInteger(original)) throw new ExpressionError(`The template language function 'formatNumber' format 'D' applies to integers only.`);
        return `${value < 0 ? '-' : ''}${String(Math.abs(value)).padStart(precision ?? 0, '0')}`;
      case 'E': {
        const [mantissa, exponent] = value.toExponential(precision ?? 6).split('e') as [string, string];
        const e = Number(exponent);
        return `${mantissa.replace('.', symbols.decimal)}${standard[1] === 'e' ? 'e' : 'E'}${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(3, '0')}`;
      }
      case 'F':
        return fixed(value, precision ?? 2, symbols, false);
      case 'N':
        return fixed(value, precision ?? 2, symbols, true);
      case 'P':
        return `${fixed(value * 100, precision ?? 2, symbols, true)} %`;
      case 'G':
      case 'R':
        return precision === undefined || kind === 'R' ? doubleText(value).replace('.', symbols.decimal) : Number(value.toPrecision(precision)).toString().replace('.', symbols.decimal);
      case 'X': {
        if (!isInteger(original)) throw new ExpressionError(`The template language function 'formatNumber' format 'X' applies to integers only.`);
        const hex = (value < 0 ? (BigInt(value) & 0xffffffffffffffffn) : BigInt(value)).toString(16);
        return (standard[1] === 'x' ? hex : hex.toUpperCase()).padStart(precision ?? 0, '0');
      }
    }
  }
  return customFormat(value, format, symbols);
}

/** A custom pattern such as `0,0.00`, `#,##0.##`, `0.0%` or `'$'0.00`. */
function customFormat(value: number, pattern: string, symbols: LocaleSymbols): string {
  // A second section (`;`) is for negative numbers.
  const sections = pattern.split(';');
  const section = value < 0 && sections[1] ? sections[1] : sections[0]!;
  const negativeSection = value < 0 && sections[1] !== undefined;
  let literalPrefix = '';
  let literalSuffix = '';
  let numberPart = '';
  let percent = false;
  let inNumber = false;
  let seenNumber = false;
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === "'" || ch === '"') {
      const close = section.indexOf(ch, i + 1);
      const text = section.slice(i + 1, close < 0 ? undefined : close);
      if (seenNumber) literalSuffix += text;
      else literalPrefix += text;
      i = close < 0 ? section.length : close;
      inNumber = false;
      continue;
    }
    if (ch === '\\') {
      const text = section[i + 1] ?? '';
      if (seenNumber) literalSuffix += text;
      else literalPrefix += text;
      i++;
      continue;
    }
    if ('0#,.'.includes(ch)) {
      if (seenNumber && !inNumber) throw new ExpressionError(`The template language function 'formatNumber' cannot read the format '${pattern}'.`);
      numberPart += ch;
      inNumber = true;
      seenNumber = true;
      continue;
    }
    if (ch === '%') percent = true;
    inNumber = false;
    if (seenNumber) literalSuffix += ch;
    else literalPrefix += ch;
  }
  const [wholePattern, fractionPattern = ''] = numberPart.split('.') as [string, string?];
  const useGroups = /[0#],+[0#]/.test(wholePattern);
  const minWhole = (wholePattern.match(/0/g) ?? []).length;
  const minFraction = (fractionPattern.match(/0/g) ?? []).length;
  const maxFraction = (fractionPattern.match(/[0#]/g) ?? []).length;
  const scaled = Math.abs(percent ? value * 100 : value);
  let text = scaled.toFixed(maxFraction);
  let [whole, fraction = ''] = text.split('.') as [string, string?];
  while (fraction.length > minFraction && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  if (whole === '0' && minWhole === 0) whole = '';
  whole = whole.padStart(minWhole, '0');
  text = `${useGroups ? grouped(whole, symbols.group) : whole}${fraction ? `${symbols.decimal}${fraction}` : ''}`;
  const sign = value < 0 && !negativeSection && Number(scaled.toFixed(maxFraction)) !== 0 ? '-' : '';
  return `${sign}${literalPrefix}${text}${literalSuffix}`;
}
