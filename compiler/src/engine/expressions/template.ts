/**
 * A JSON string of a workflow definition, read as the service reads it: `"@expr"` is an
 * expression whose value replaces the string; `"…@{expr}…"` interpolates, and always gives a
 * string; a string that starts with `"@@"` is text, its first `@` dropped, and nothing after it
 * is read (`"@@{x} @{y}"` is the text `@{x} @{y}`); elsewhere `@@{` stands for a literal `@{`.
 * Any other `@` is text (`"a@b.com"`). This is how the designer reads them
 * (ExpressionParser.parseTemplateExpression in Azure/LogicAppsUX, libs/logic-apps-shared/src/
 * parsers/lib/expression/parser.ts), and how Jig's emitter writes them (emit/wdl-strings.ts).
 */
import { ExpressionError } from '../errors.js';
import type { ExpressionNode } from './ast.js';
import { parseExpression } from './parser.js';

export type TemplatePart = string | { readonly text: string; readonly node: ExpressionNode };

export type Template =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly text: string; readonly node: ExpressionNode }
  | { readonly kind: 'interpolation'; readonly parts: readonly TemplatePart[] };

const cache = new Map<string, Template>();

export function parseTemplate(source: string): Template {
  const cached = cache.get(source);
  if (cached) return cached;
  const template = readTemplate(source);
  if (cache.size > 20_000) cache.clear();
  cache.set(source, template);
  return template;
}

/** Whether a string holds an expression at all (a cheap test before parsing). */
export function mayHoldExpression(source: string): boolean {
  return source.includes('@');
}

function readTemplate(source: string): Template {
  if (!source.includes('@')) return { kind: 'text', text: source };
  if (source.startsWith('@') && !source.startsWith('@@') && !source.startsWith('@{')) {
    const text = source.slice(1);
    return { kind: 'expression', text, node: parseExpression(text) };
  }
  if (source.startsWith('@@')) return { kind: 'text', text: source.slice(1) };
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  let interpolated = false;
  while (i < source.length) {
    if (source.startsWith('@@{', i)) {
      text += '@{';
      i += 3;
      continue;
    }
    if (source.startsWith('@{', i)) {
      const end = closingBrace(source, i + 2);
      const inner = source.slice(i + 2, end);
      if (text) parts.push(text);
      text = '';
      parts.push({ text: inner, node: parseExpression(inner) });
      interpolated = true;
      i = end + 1;
      continue;
    }
    text += source[i];
    i++;
  }
  if (text) parts.push(text);
  if (!interpolated) return { kind: 'text', text: parts.join('') };
  return { kind: 'interpolation', parts };
}

/** The index of the `}` closing an interpolation that starts at `from`, skipping quoted text. */
function closingBrace(source: string, from: number): number {
  let inString = false;
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (inString) {
      if (ch === "'") {
        if (source[i + 1] === "'") i++;
        else inString = false;
      }
      continue;
    }
    if (ch === "'") inString = true;
    else if (ch === '}') return i;
  }
  throw new ExpressionError(`The template language expression in '${source}' is not valid: '@{' is not closed by '}'.`);
}
