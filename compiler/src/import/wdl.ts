/**
 * The strings of a definition, read with the engine's parser of the template language (one
 * grammar for `jig run` and `jig import`), and an expression printed again: as written for an
 * escape hatch, canonically (function names in lower case) for the parity check.
 */
import { parseTemplate, type ExpressionNode, type Template } from '../engine/index.js';

export type { ExpressionNode, Template } from '../engine/index.js';

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON string of a definition read as the service reads it; undefined when it does not parse. */
export function readTemplate(text: string): Template | undefined {
  try {
    return parseTemplate(text);
  } catch {
    return undefined;
  }
}

/** The text of a literal number as the expression wrote it. */
export function numberText(node: ExpressionNode & { kind: 'literal' }, source: string): string {
  return source.slice(node.start, node.end);
}

export interface PrintOptions {
  /** Function names in lower case (the service matches them ignoring case). */
  readonly lowerCaseNames?: boolean;
  /** Every property or element read printed null-safe (`?[…]`). */
  readonly nullSafe?: boolean;
}

/** An expression as text; `source` is the text it was parsed from (for numbers as written). */
export function printExpression(node: ExpressionNode, source: string, options: PrintOptions = {}): string {
  const print = (inner: ExpressionNode): string => printExpression(inner, source, options);
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
      if (value === null || typeof value === 'boolean') return String(value);
      return numberText(node, source);
    }
    case 'call':
      return `${options.lowerCaseNames ? node.name.toLowerCase() : node.name}(${node.args.map(print).join(', ')})`;
    case 'array':
      return `[${node.items.map(print).join(', ')}]`;
    case 'access':
      return `${print(node.target)}${node.nullSafe || options.nullSafe ? '?' : ''}[${print(node.key)}]`;
  }
}
