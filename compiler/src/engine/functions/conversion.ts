/** Conversion functions: types, JSON and XML, base64, data URIs and URI components. */
import { ExpressionError, NotSupportedError } from '../errors.js';
import { arrayLabel } from '../tracing/labels.js';
import { float, FloatNumber, integer, isInteger, isNumber, numberOf, type Value } from '../values.js';
import {
  base64ToBytes,
  base64Utf8,
  binaryContent,
  bytesToBase64,
  isBinaryContent,
  parseJsonText,
  stringOf,
  utf8Base64,
} from './conversion-core.js';
import { define, optionalStringArg, stringArg, typeError, unsupported, type FunctionSpec } from './spec.js';
import { jsonToXml, xmlToJson } from './xml.js';

const XML_CONTENT_TYPE = 'application/xml;charset=utf-8';

/** A number written in a locale's digits: `10,000.333` (en-US), `10.000,333` (de-DE). */
function parseLocaleNumber(name: string, text: string, locale: string | undefined): number | undefined {
  let decimal = '.';
  let group = ',';
  if (locale !== undefined) {
    try {
      const parts = new Intl.NumberFormat(Intl.getCanonicalLocales(locale)[0]).formatToParts(12345.6);
      decimal = parts.find((part) => part.type === 'decimal')?.value ?? '.';
      group = parts.find((part) => part.type === 'group')?.value ?? ',';
    } catch {
      throw new ExpressionError(`The template language function '${name}' expects a valid locale; '${locale}' is not one.`);
    }
  }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*([-+]?)((?:\\d{1,3}(?:${escape(group)}\\d{3})+|\\d*))(?:${escape(decimal)}(\\d*))?(?:[eE]([-+]?\\d+))?\\s*$`);
  const match = pattern.exec(text.replace(/\u00a0/g, ' '));
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const normalized = `${match[1]}${match[2]!.split(group).join('') || '0'}.${match[3] || '0'}${match[4] ? `e${match[4]}` : ''}`;
  const n = Number(normalized);
  // A number past the range of doubles: .NET Core reads it as an infinity, .NET Framework fails;
  // which the service does is undocumented.
  if (!Number.isFinite(n)) throw new NotSupportedError(`The number '${text}' beyond the range of doubles (${name})`, 'whether the service reads it as an infinity or fails is undocumented');
  return n;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function parseInteger(text: string): bigint | undefined {
  const match = /^\s*([-+]?\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const value = BigInt(match[1]!.replace(/^\+/, ''));
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** `data:[type][;base64],data` → its content type and bytes as base64. */
function readDataUri(name: string, uri: string): { contentType: string; base64: string } {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(uri);
  if (!match) throw new ExpressionError(`The template language function '${name}' expects a data URI ('data:…,…'); the provided value is not one.`);
  const contentType = match[1] || 'text/plain;charset=US-ASCII';
  if (match[2]) {
    base64ToBytes(match[3]!, name);
    return { contentType, base64: match[3]! };
  }
  let text: string;
  try {
    text = decodeURIComponent(match[3]!);
  } catch {
    throw new ExpressionError(`The template language function '${name}' was given a data URI whose data is not valid percent-encoding.`);
  }
  return { contentType, base64: utf8Base64(text) };
}

/** `Uri.EscapeDataString`: everything but the RFC 3986 unreserved characters is escaped. */
export function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function unescapeDataString(name: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ExpressionError(`The template language function '${name}' was given text that is not valid percent-encoding.`);
  }
}

function toBoolean(name: string, value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (isNumber(value)) return numberOf(value) !== 0;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw new ExpressionError(`The template language function '${name}' expects a value it can convert to a Boolean ('true', 'false' or a number); the provided value '${stringOf(value)}' of type cannot be converted.`);
}

export const conversionFunctions: FunctionSpec[] = [
  define('conversion', 'array', 1, 1, (args) => [args[0]!], (args) => arrayLabel([args[0]!.label])),
  define('conversion', 'createArray', 1, Infinity, (args) => [...args], (args) => arrayLabel(args.map((arg) => arg.label))),
  define('conversion', 'base64', 1, 1, (args, _s, name) => {
    const value = args[0]!;
    if (isBinaryContent(value)) return value.$content;
    if (value === null) throw typeError(name, 0, 'a string', value);
    return utf8Base64(stringOf(value));
  }),
  define('conversion', 'base64ToBinary', 1, 1, (args, _s, name) => {
    const text = stringArg(name, args, 0);
    return binaryContent('application/octet-stream', bytesToBase64(base64ToBytes(text, name)));
  }),
  define('conversion', 'base64ToString', 1, 1, (args, _s, name) => base64Utf8(stringArg(name, args, 0), name)),
  define('conversion', 'decodeBase64', 1, 1, (args, _s, name) => base64Utf8(stringArg(name, args, 0), name)),
  define('conversion', 'binary', 1, 1, (args, _s, name) => {
    const value = args[0]!;
    if (isBinaryContent(value)) return value;
    if (value === null) throw typeError(name, 0, 'a string', value);
    return binaryContent('application/octet-stream', utf8Base64(stringOf(value)));
  }),
  define('conversion', 'bool', 1, 1, (args, _s, name) => toBoolean(name, args[0]!)),
  define('conversion', 'dataUri', 1, 1, (args, _s, name) => {
    const value = args[0]!;
    if (isBinaryContent(value)) return `data:${value['$content-type'] ?? 'application/octet-stream'};base64,${value.$content}`;
    if (value === null) throw typeError(name, 0, 'a string', value);
    return `data:text/plain;charset=utf-8;base64,${utf8Base64(stringOf(value))}`;
  }),
  define('conversion', 'dataUriToBinary', 1, 1, (args, _s, name) => {
    const { contentType, base64 } = readDataUri(name, stringArg(name, args, 0));
    return binaryContent(contentType, base64);
  }),
  define('conversion', 'decodeDataUri', 1, 1, (args, _s, name) => {
    const { contentType, base64 } = readDataUri(name, stringArg(name, args, 0));
    return binaryContent(contentType, base64);
  }),
  define('conversion', 'dataUriToString', 1, 1, (args, _s, name) => base64Utf8(readDataUri(name, stringArg(name, args, 0)).base64, name)),
  unsupported('conversion', 'decimal', "the service's 128-bit decimals keep 28 digits, which a double cannot"),
  define('conversion', 'decodeUriComponent', 1, 1, (args, _s, name) => unescapeDataString(name, stringArg(name, args, 0))),
  define('conversion', 'uriComponentToString', 1, 1, (args, _s, name) => unescapeDataString(name, stringArg(name, args, 0))),
  define('conversion', 'encodeUriComponent', 1, 1, (args, _s, name) => {
    if (args[0] === null) throw typeError(name, 0, 'a string', null);
    return escapeDataString(stringOf(args[0]!));
  }),
  define('conversion', 'uriComponent', 1, 1, (args, _s, name) => {
    if (args[0] === null) throw typeError(name, 0, 'a string', null);
    return escapeDataString(stringOf(args[0]!));
  }),
  define('conversion', 'uriComponentToBinary', 1, 1, (args, _s, name) =>
    binaryContent('application/octet-stream', utf8Base64(unescapeDataString(name, stringArg(name, args, 0)))),
  ),
  define('conversion', 'float', 1, 2, (args, _s, name) => {
    const value = args[0]!;
    if (isNumber(value)) return float(numberOf(value));
    const text = stringArg(name, args, 0);
    const parsed = parseLocaleNumber(name, text, optionalStringArg(name, args, 1) ?? 'en-US');
    if (parsed === undefined) throw new ExpressionError(`The template language function 'float' was invoked with a parameter that is not valid. The value cannot be converted to the target type 'Float': '${text}'.`);
    return float(parsed);
  }),
  define('conversion', 'isFloat', 1, 2, (args, _s, name) => parseLocaleNumber(name, stringArg(name, args, 0), optionalStringArg(name, args, 1)) !== undefined),
  define('conversion', 'isInt', 1, 1, (args, _s, name) => parseInteger(stringArg(name, args, 0)) !== undefined),
  define('conversion', 'int', 1, 1, (args, _s, name) => {
    const value = args[0]!;
    if (isInteger(value)) return value;
    if (value instanceof FloatNumber) return value.value;
    if (typeof value === 'number') throw new ExpressionError(`The template language function 'int' was invoked with a parameter that is not valid. The value cannot be converted to the target type 'Integer': '${value}'.`);
    if (typeof value === 'boolean') return value ? 1 : 0;
    const text = stringArg(name, args, 0);
    const parsed = parseInteger(text);
    if (parsed === undefined) throw new ExpressionError(`The template language function 'int' was invoked with a parameter that is not valid. The value cannot be converted to the target type 'Integer': '${text}'.`);
    return integer(parsed);
  }),
  define('conversion', 'string', 1, 1, (args) => stringOf(args[0]!)),
  define('conversion', 'json', 1, 1, (args, _s, name) => {
    const value = args[0]!;
    if (value === null) return null;
    if (isBinaryContent(value)) {
      const text = base64Utf8(value.$content, name);
      return (value['$content-type'] ?? '').toLowerCase().includes('xml') ? xmlToJson(text) : parseJsonText(text, name);
    }
    if (typeof value !== 'string') return value;
    return value.trimStart().startsWith('<') ? xmlToJson(value) : parseJsonText(value, name);
  }),
  define('conversion', 'xml', 1, 1, (args, _s, name) => {
    const value = args[0]!;
    if (isBinaryContent(value)) return binaryContent(XML_CONTENT_TYPE, value.$content);
    const text = typeof value === 'string' ? (value.trimStart().startsWith('<') ? value : jsonToXml(parseJsonText(value, name))) : jsonToXml(value);
    xmlToJson(text);
    return binaryContent(XML_CONTENT_TYPE, utf8Base64(text));
  }),
];
