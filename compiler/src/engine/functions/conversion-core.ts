/**
 * Conversions every family needs: a value as the text the service writes for it (`string()` and
 * `@{…}` interpolation), .NET's shortest round-trip form of a double, UTF-8 base64, and a JSON
 * reader that keeps what JSON.parse loses (`2.0` is a float, `9007199254740993` exact).
 */
import { ExpressionError } from '../errors.js';
import { FloatNumber, LargeInteger, isObject, objectOf, type Value } from '../values.js';

/** The text of a value: null is empty, Booleans are `True`/`False`, objects and arrays compact JSON. */
export function stringOf(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : doubleText(value);
  if (value instanceof FloatNumber) return doubleText(value.value);
  if (value instanceof LargeInteger) return value.value.toString();
  if (isBinaryContent(value)) {
    try {
      return decoder.decode(base64ToBytes(value.$content, 'string'));
    } catch {
      return value.$content;
    }
  }
  return JSON.stringify(value);
}

/**
 * A double as .NET Core writes it (`double.ToString()`): the shortest digits that read back as
 * the same double, in fixed notation for exponents from -4 to 14 and in `E+XX` notation beyond.
 */
export function doubleText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (value === 0) return '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 15) {
    const digits = mantissa.replace('-', '').replace('.', '');
    const sign = value < 0 ? '-' : '';
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
  }
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}E${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : BASE64[c & 63]!;
  }
  return out;
}

export function base64ToBytes(text: string, functionName: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw new ExpressionError(`The template language function '${functionName}' was invoked with a parameter that is not valid. The value cannot be decoded from base64 representation.`);
  }
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean.replace(/=+$/, '')) {
    buffer = (buffer << 6) | BASE64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

export function utf8Base64(text: string): string {
  return bytesToBase64(encoder.encode(text));
}

export function base64Utf8(text: string, functionName: string): string {
  try {
    return decoder.decode(base64ToBytes(text, functionName));
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    throw new ExpressionError(`The template language function '${functionName}' was invoked with a value that is not UTF-8 text once decoded from base64.`);
  }
}

/** Binary content as the service represents it in JSON. */
export function binaryContent(contentType: string, base64: string): Value {
  return objectOf([
    ['$content-type', contentType],
    ['$content', base64],
  ]);
}

export function isBinaryContent(value: Value): value is { '$content-type': string; $content: string } {
  return isObject(value) && typeof value['$content'] === 'string' && Object.keys(value).every((key) => key === '$content' || key === '$content-type');
}

/** JSON text as a value, keeping floats written with a point or exponent as floats. */
export function parseJsonText(text: string, functionName: string): Value {
  return new JsonReader(text, functionName).readDocument();
}

class JsonReader {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly functionName: string,
  ) {}

  readDocument(): Value {
    this.space();
    const value = this.value(0);
    this.space();
    if (this.i < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(problem: string): never {
    throw new ExpressionError(
      `The template language function '${this.functionName}' parameter is not valid. The provided value '${this.text.length > 200 ? `${this.text.slice(0, 200)}…` : this.text}' cannot be parsed: ${problem} at position ${this.i + 1}.`,
    );
  }

  private space(): void {
    while (this.i < this.text.length && /[\s]/.test(this.text[this.i]!)) this.i++;
  }

  private value(depth: number): Value {
    if (depth > 500) this.fail('the JSON nests too deeply');
    const ch = this.text[this.i];
    if (ch === '{') return this.object(depth);
    if (ch === '[') return this.array(depth);
    if (ch === '"') return this.string();
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    return this.fail(ch === undefined ? 'the JSON ends too early' : `unexpected character '${ch}'`);
  }

  private object(depth: number): Value {
    this.i++;
    const entries: [string, Value][] = [];
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return objectOf(entries);
    }
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.space();
      entries.push([key, this.value(depth + 1)]);
      this.space();
      const next = this.text[this.i];
      this.i++;
      if (next === '}') return objectOf(entries);
      if (next !== ',') this.fail("expected ',' or '}'");
    }
  }

  private array(depth: number): Value {
    this.i++;
    const items: Value[] = [];
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return items;
    }
    for (;;) {
      this.space();
      items.push(this.value(depth + 1));
      this.space();
      const next = this.text[this.i];
      this.i++;
      if (next === ']') return items;
      if (next !== ',') this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.i;
    const match = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/.exec(this.text.slice(start));
    if (!match) this.fail('a string is not closed or has a bad escape');
    this.i += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private number(): Value {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(this.text.slice(this.i));
    if (!match) this.fail('a malformed number');
    this.i += match[0].length;
    const literal = match[0];
    if (/[.eE]/.test(literal)) {
      const n = Number(literal);
      return Number.isInteger(n) ? new FloatNumber(n) : n;
    }
    const n = Number(literal);
    if (Number.isSafeInteger(n)) return n;
    return new LargeInteger(BigInt(literal));
  }
}
