/**
 * XML for `xml()` and `json(xml(…))`, converted as the service (Json.NET) converts: an element's
 * attributes become `@name` properties, its text `#text` (or the value itself when the element has
 * nothing else), repeated child elements an array, the declaration `?xml`. Namespaces, DTDs and
 * processing instructions other than the declaration are not supported.
 */
import { ExpressionError, NotSupportedError } from '../errors.js';
import { isObject, objectOf, type Value } from '../values.js';
import { stringOf } from './conversion-core.js';

interface XmlElement {
  readonly name: string;
  readonly attributes: [string, string][];
  readonly children: (XmlElement | string)[];
}

interface XmlDocument {
  readonly declaration?: [string, string][];
  readonly root: XmlElement;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

export function parseXml(text: string): XmlDocument {
  let i = 0;
  const fail = (problem: string): never => {
    throw new ExpressionError(`The provided XML is not valid: ${problem} at position ${i + 1}.`);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const readAttributes = (): [string, string][] => {
    const attributes: [string, string][] = [];
    for (;;) {
      skipSpace();
      const match = /^([A-Za-z_:][\w.:-]*)\s*=\s*("[^"]*"|'[^']*')/.exec(text.slice(i));
      if (!match) return attributes;
      attributes.push([match[1]!, decodeEntities(match[2]!.slice(1, -1))]);
      i += match[0].length;
    }
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('a comment is not closed');
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', i)) {
        throw new NotSupportedError('An XML document type declaration (DOCTYPE)');
      } else return;
    }
  };
  const readElement = (depth: number): XmlElement => {
    if (depth > 200) fail('the XML nests too deeply');
    const open = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i));
    if (!open) fail('expected an element');
    i += open![0].length;
    const name = open![1]!;
    const attributes = readAttributes();
    skipSpace();
    if (text.startsWith('/>', i)) {
      i += 2;
      return { name, attributes, children: [] };
    }
    if (text[i] !== '>') fail(`expected '>' to close <${name}`);
    i++;
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (i >= text.length) fail(`<${name}> is not closed`);
      if (text.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(text.slice(i));
        if (!close || close[1] !== name) fail(`expected </${name}>`);
        i += close![0].length;
        return { name, attributes, children };
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('a comment is not closed');
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('a CDATA section is not closed');
        children.push(text.slice(i + 9, end));
        i = end + 3;
        continue;
      }
      if (text[i] === '<') {
        children.push(readElement(depth + 1));
        continue;
      }
      const end = text.indexOf('<', i);
      children.push(decodeEntities(text.slice(i, end < 0 ? text.length : end)));
      i = end < 0 ? text.length : end;
    }
  };
  let declaration: [string, string][] | undefined;
  skipSpace();
  if (text.startsWith('<?xml', i)) {
    i += 5;
    declaration = readAttributes();
    skipSpace();
    if (!text.startsWith('?>', i)) fail("expected '?>'");
    i += 2;
  }
  skipMisc();
  const root = readElement(0);
  skipMisc();
  if (i < text.length) fail('unexpected text after the root element');
  return { ...(declaration && { declaration }), root };
}

function elementValue(element: XmlElement): Value {
  const texts = element.children.filter((child): child is string => typeof child === 'string');
  const elements = element.children.filter((child): child is XmlElement => typeof child !== 'string');
  const text = texts.join('');
  const meaningfulText = elements.length > 0 ? text.trim() : text;
  if (element.attributes.length === 0 && elements.length === 0) return meaningfulText === '' ? null : meaningfulText;
  const entries: [string, Value][] = element.attributes.map(([name, value]) => [`@${name}`, value]);
  if (meaningfulText !== '') entries.push(['#text', meaningfulText]);
  const byName = new Map<string, Value[]>();
  for (const child of elements) {
    const list = byName.get(child.name) ?? [];
    list.push(elementValue(child));
    byName.set(child.name, list);
  }
  for (const [name, values] of byName) entries.push([name, values.length === 1 ? values[0]! : values]);
  return objectOf(entries);
}

/** XML text as JSON, as `json(xml(…))` gives it. */
export function xmlToJson(text: string): Value {
  const document = parseXml(text);
  const entries: [string, Value][] = [];
  if (document.declaration) entries.push(['?xml', objectOf(document.declaration.map(([name, value]) => [`@${name}`, value]))]);
  entries.push([document.root.name, elementValue(document.root)]);
  return objectOf(entries);
}

function escapeXml(text: string, attribute = false): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute ? escaped.replace(/"/g, '&quot;') : escaped;
}

function elementXml(name: string, value: Value): string {
  if (Array.isArray(value)) return value.map((item) => elementXml(name, item)).join('');
  if (value === null) return `<${name} />`;
  if (!isObject(value)) return `<${name}>${escapeXml(stringOf(value))}</${name}>`;
  let attributes = '';
  let content = '';
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('@')) attributes += ` ${key.slice(1)}="${escapeXml(stringOf(inner), true)}"`;
    else if (key === '#text') content += escapeXml(stringOf(inner));
    else content += elementXml(key, inner);
  }
  return content === '' ? `<${name}${attributes} />` : `<${name}${attributes}>${content}</${name}>`;
}

/** A JSON object with one root property as XML text, as `xml(json(…))` gives it. */
export function jsonToXml(value: Value): string {
  if (!isObject(value)) throw new ExpressionError(`The template language function 'xml' expects an object with one root property, or XML text.`);
  const keys = Object.keys(value).filter((key) => key !== '?xml');
  if (keys.length !== 1 || Array.isArray(value[keys[0]!])) {
    throw new ExpressionError(`The template language function 'xml' expects an object with exactly one root property that is not an array.`);
  }
  return elementXml(keys[0]!, value[keys[0]!]!);
}

/** The text of an element and of everything in it, as XPath's string-value. */
function stringValue(node: XmlElement | string): string {
  return typeof node === 'string' ? node : node.children.map(stringValue).join('');
}

/** XPath 1.0's number(): optional spaces, an optional minus, digits with an optional decimal point; else NaN. */
function xpathNumber(text: string): number {
  return /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
}

/**
 * The part of XPath 1.0 that `xpath()` is used for in workflows Jig emits (an aggregate's sum:
 * `sum(/r/v)`) and in the functions reference's example: `sum(PATH)` and `count(PATH)` over an
 * absolute path of element names (`*` for any), which give a number. Anything else is an explicit
 * NotSupportedError, never a guess.
 */
export function evaluateXpath(xml: string, expression: string): number {
  const match = /^\s*(sum|count)\(\s*((?:\/(?:[A-Za-z_][\w.-]*|\*))+)\s*\)\s*$/.exec(expression);
  if (!match) throw new NotSupportedError(`The XPath expression '${expression}' (jig run evaluates only sum(/a/b) and count(/a/b) over element names)`);
  const steps = match[2]!.split('/').slice(1);
  const document = parseXml(xml);
  let nodes: XmlElement[] = steps[0] === '*' || steps[0] === document.root.name ? [document.root] : [];
  for (const step of steps.slice(1)) {
    nodes = nodes.flatMap((node) => node.children.filter((child): child is XmlElement => typeof child !== 'string' && (step === '*' || child.name === step)));
  }
  if (match[1] === 'count') return nodes.length;
  const values = nodes.map((node) => xpathNumber(stringValue(node)));
  if (values.some(Number.isNaN)) throw new NotSupportedError(`An XPath sum over a value that is not a number (XPath gives NaN, which JSON cannot carry)`);
  return values.reduce((total, value) => total + value, 0);
}
