/** Shared helpers of the syntax tests: parsing a text, dropping ranges, slicing by range. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ParseResult } from '../../compiler/src/syntax/parser.js';
import { SourceFile, type TextRange } from '../../compiler/src/syntax/source.js';
import type { Expression } from '../../compiler/src/syntax/tree.js';

export const fixturesDir = join(import.meta.dirname, 'fixtures');

export function parseText(text: string, fileName = 'test.jig'): ParseResult {
  return parse(new SourceFile(fileName, text));
}

export function readFixture(name: string): string {
  return readFileSync(join(fixturesDir, name), 'utf8');
}

export function fixtureNames(): string[] {
  return readdirSync(fixturesDir).filter((name) => name.endsWith('.jig')).sort();
}

const rangeKeys = new Set(['range', 'unitRange', 'operatorRange', 'argsRange']);

/** The tree without positions, for comparing the trees of two layouts of the same file. */
export function withoutRanges(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRanges);
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (rangeKeys.has(key)) continue;
      result[key] = withoutRanges(inner);
    }
    return result;
  }
  return value;
}

export function slice(text: string, range: TextRange): string {
  return text.slice(range.start, range.end);
}

/** An expression as a compact s-expression, to assert structure and precedence. */
export function sexpr(node: Expression): string {
  switch (node.kind) {
    case 'String':
      return node.value !== undefined ? JSON.stringify(node.value) : `(str ${node.parts.map((p) => (p.kind === 'Text' ? JSON.stringify(p.text) : sexpr(p.expression))).join(' ')})`;
    case 'Number':
      return node.text;
    case 'Boolean':
      return String(node.value);
    case 'Null':
      return 'null';
    case 'Name':
      return node.name.name;
    case 'Member':
      return `(. ${sexpr(node.object)} ${node.member?.name ?? '?'})`;
    case 'Index':
      return `([] ${sexpr(node.object)} ${sexpr(node.index)})`;
    case 'Call':
      return `(${node.callee.name}${node.args.map((a) => ` ${sexpr(a)}`).join('')})`;
    case 'Unary':
      return `(${node.operator} ${sexpr(node.operand)})`;
    case 'Binary':
      return `(${node.operator} ${sexpr(node.left)} ${sexpr(node.right)})`;
    case 'Record':
      return `{${node.fields.map((f) => `${f.name.name}: ${sexpr(f.value)}`).join(', ')}}`;
    case 'Array':
      return `[${node.elements.map(sexpr).join(', ')}]`;
    case 'Where':
      return `(where ${sexpr(node.source)} ${sexpr(node.condition)})`;
    case 'Select':
      return `(select ${sexpr(node.source)} ${sexpr(node.projection)})`;
    case 'Conditional':
      return `(if ${sexpr(node.condition)} ${sexpr(node.then)} ${sexpr(node.else)})`;
    case 'Missing':
      return '<missing>';
  }
}
