/**
 * Action names. Logic Apps shows them in the designer and in run history, and expressions refer to
 * them (`body('Call_approvals')`), so they must read well and must not move when an unrelated step
 * is inserted: a name is derived from what the step does, never from its position. Only the second
 * and later steps that would get the same name take a numeric suffix.
 */
import type { Expression } from '../syntax/tree.js';
import { MAX_ACTION_NAME_LENGTH, sanitizeName } from '../util/action-names.js';

/** Hands out names unique within one workflow (the service requires that across all scopes). */
export class NameAllocator {
  private readonly used = new Set<string>();
  /**
   * By base name (lower case), the suffix its last allocation took: every smaller one was taken then
   * and names are never released, so the next search starts there (a flow of many stores into one
   * container asked for `_2`, `_3`… each time from `_2`).
   */
  private readonly lastSuffix = new Map<string, number>();

  /** Reserves a name exactly as written (a raw action's), before any other is handed out. */
  claim(name: string): void {
    this.used.add(name.toLowerCase());
  }

  /** Reserves a name built from words; a taken name gets `_2`, `_3`… */
  allocate(...words: readonly string[]): string {
    const base = truncate(sanitizeName(words.filter((w) => w.length > 0).join('_')), MAX_ACTION_NAME_LENGTH - 4);
    const key = base.toLowerCase();
    let candidate = base;
    let n = this.lastSuffix.get(key);
    if (n !== undefined) candidate = `${base}_${n}`;
    for (n ??= 1; this.used.has(candidate.toLowerCase()); ) candidate = `${base}_${++n}`;
    if (n > 1) this.lastSuffix.set(key, n);
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}

function truncate(name: string, length: number): string {
  return name.length <= length ? name : name.slice(0, length).replace(/[_-]+$/, '');
}

const OPERATOR_WORDS: Record<string, string> = {
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '+': 'plus',
  '-': 'minus',
  '*': 'times',
  '/': 'div',
  '%': 'mod',
  and: 'and',
  or: 'or',
};

/**
 * A short readable description of an expression for a name: `invoice.amount > 10000` reads
 * `amount_gt_10000`. Field paths keep their last member, since that is what a reader recognises.
 */
export function describeExpression(expression: Expression, depth = 0): string {
  if (depth > 3) return '';
  switch (expression.kind) {
    case 'Name':
      return expression.name.name;
    case 'Member':
      return expression.member?.name ?? describeExpression(expression.object, depth + 1);
    case 'Index':
      return describeExpression(expression.object, depth + 1);
    case 'String':
      return expression.value ?? expression.parts.map((p) => (p.kind === 'Text' ? p.text : '')).join(' ');
    case 'Number':
      return expression.text.replace('.', '_');
    case 'Boolean':
      return String(expression.value);
    case 'Null':
      return 'null';
    case 'Call':
      return [expression.callee.name, ...expression.args.map((a) => describeExpression(a, depth + 1))].join('_');
    case 'Unary':
      return `${expression.operator === 'not' ? 'not' : 'minus'}_${describeExpression(expression.operand, depth + 1)}`;
    case 'Binary':
      return [
        describeExpression(expression.left, depth + 1),
        OPERATOR_WORDS[expression.operator] ?? '',
        describeExpression(expression.right, depth + 1),
      ].join('_');
    case 'Where':
    case 'Select':
      return describeExpression(expression.source, depth + 1);
    case 'Conditional':
      return describeExpression(expression.then, depth + 1);
    case 'Record':
      return expression.fields[0]?.name.name ?? 'record';
    case 'Array':
      return 'list';
    case 'Missing':
      return '';
  }
}

/** The first words of a text, for names such as `Fail_Invoice_has_no_lines`. */
export function firstWords(text: string, count = 6): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .slice(0, count)
    .join('_');
}
