/**
 * Pieces of Jig text the importer writes: names made from Logic Apps names, string literals, and
 * the JSON of an escape hatch. The whole file is laid out by `jig fmt` afterwards, so these only
 * need to be correct, not pretty.
 */
import { KEYWORDS } from '../syntax/tree.js';

const RESERVED = new Set<string>([...KEYWORDS, 'item']);

/** Words of a Logic Apps name (`Parse_JSON`, `Send an email (V2)`, `getItemById`). */
function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** `Parse_JSON` → `parseJson`; a keyword or a name that starts with a digit gets a suffix or prefix. */
export function camelName(name: string, fallback = 'value'): string {
  const parts = words(name);
  if (parts.length === 0) return fallback;
  const text = parts.map((word, i) => (i === 0 ? lowerFirst(word) : upperFirst(word.toLowerCase() === word.toUpperCase() ? word : word.toLowerCase()))).join('');
  return safeName(text);
}

/** `Parse_JSON` → `ParseJson`: a type name. */
export function pascalName(name: string, fallback = 'Value'): string {
  const parts = words(name);
  if (parts.length === 0) return fallback;
  const text = parts.map((word) => upperFirst(word.toLowerCase())).join('');
  return /^[0-9]/.test(text) ? `T${text}` : text;
}

/** A name as close to `name` as Jig allows: `[A-Za-z_][A-Za-z0-9_]*`, not a reserved word. */
export function jigIdentifier(name: string): string {
  let text = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_]+/g, '_');
  if (text === '' || text === '_') text = 'value';
  return safeName(text);
}

function safeName(text: string): string {
  if (/^[0-9]/.test(text)) return `_${text}`;
  return RESERVED.has(text) ? `${text}_` : text;
}

function lowerFirst(word: string): string {
  // An acronym at the start reads as one word: `HTTP` → `http`, `JSONBody` stays camel.
  if (/^[A-Z0-9]+$/.test(word)) return word.toLowerCase();
  return word.charAt(0).toLowerCase() + word.slice(1);
}

function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Hands out names unique among those already used (case-insensitively, as Logic Apps compares them). */
export class Names {
  private readonly used = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const name of taken) this.used.add(name.toLowerCase());
  }

  take(preferred: string): string {
    let name = preferred;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${preferred}${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

/** A Jig string literal whose value is `text`: no interpolation, every special character escaped. */
export function stringLiteral(text: string): string {
  let result = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') result += '\\"';
    else if (ch === '\\') result += '\\\\';
    else if (ch === '$') result += '\\$';
    else if (ch === '\n') result += '\\n';
    else if (ch === '\t') result += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) result += `\\u{${code.toString(16).toUpperCase()}}`;
    else result += ch;
  }
  return `${result}"`;
}

/** A field, header or record key: as it is when it is a Jig name, else quoted. */
export function keyText(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : stringLiteral(key);
}

/** The JSON of a raw action in Jig's words: its strings as Jig strings (`$` escaped), two spaces an indent. */
export function jsonText(value: unknown, indent = ''): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean' || value === null || value === undefined) return String(value ?? null);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((element) => inner + jsonText(element, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, member]) => `${inner}${stringLiteral(key)}: ${jsonText(member, inner)}`).join(',\n')}\n${indent}}`;
}
