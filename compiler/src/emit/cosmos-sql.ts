/**
 * The `where` of `query cosmos(…)` → a Cosmos DB SQL filter over the document alias `c`. Values
 * from outside the document (parameters, the trigger, earlier steps) are spliced in at run time
 * with WDL interpolation, strings with their quotes escaped so that data never becomes SQL. The
 * SQL is kept as template parts (text, and the expressions spliced in), so that `templateValue`
 * writes the query text and its literals are never read as interpolations.
 * Anything without an SQL counterpart makes the translation fail; the caller reports it.
 */
import type { BinaryExpression, Expression, NameRef } from '../syntax/tree.js';
import type { Type } from '../semantics/types.js';
import { readsName } from './expression-walk.js';
import type { TemplatePart } from './wdl-strings.js';

/** SQL text with the values it takes at run time. */
export type SqlParts = readonly TemplatePart[];

/** SQL text from literal pieces and other SQL: sql`(${left} AND ${right})`. */
export function sql(strings: TemplateStringsArray, ...values: (string | SqlParts)[]): TemplatePart[] {
  const parts: TemplatePart[] = [strings[0]!];
  values.forEach((value, index) => {
    if (typeof value === 'string') parts.push(value);
    else parts.push(...value);
    parts.push(strings[index + 1]!);
  });
  return parts;
}

/** The SQL as it reads in a test or a message, with each run-time value as `@{…}`. */
export function sqlText(parts: SqlParts): string {
  return parts.map((part) => (typeof part === 'string' ? part : `@{${part.expression}}`)).join('');
}

export interface CosmosSqlScope {
  /** True when the name is the `item` of the query (the document). */
  isDocument(name: NameRef): boolean;
  /** The WDL expression of a value from outside the document. */
  outsideValue(expression: Expression): string;
  typeOf(expression: Expression): Type;
}

/** Thrown (and caught by `toCosmosSql`) on an expression with no SQL form. */
class Untranslatable extends Error {
  constructor(readonly node: Expression) {
    super('untranslatable');
  }
}

const SQL_OPERATORS: Record<BinaryExpression['operator'], string> = {
  or: 'OR',
  and: 'AND',
  '==': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
};

/** Jig built-ins with a Cosmos DB SQL system function of the same meaning. */
const SQL_FUNCTIONS: Record<string, string> = {
  contains: 'CONTAINS',
  startsWith: 'STARTSWITH',
  endsWith: 'ENDSWITH',
  toLower: 'LOWER',
  toUpper: 'UPPER',
  trim: 'TRIM',
  length: 'LENGTH',
  concat: 'CONCAT',
  substring: 'SUBSTRING',
  replace: 'REPLACE',
  indexOf: 'INDEX_OF',
  string: 'ToString',
  int: 'StringToNumber',
  float: 'StringToNumber',
};

export type CosmosSqlResult = { ok: true; sql: SqlParts } | { ok: false; node: Expression };

export function toCosmosSql(where: Expression, scope: CosmosSqlScope): CosmosSqlResult {
  try {
    return { ok: true, sql: new CosmosSqlWriter(scope).write(where) };
  } catch (error) {
    if (error instanceof Untranslatable) return { ok: false, node: error.node };
    throw error;
  }
}

/** A Cosmos SQL string literal (single quotes; a quote and a backslash escaped). */
export function sqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `c.a.b` for a document path, `c["first name"]` for a name that is not an SQL identifier. */
export function documentPath(path: readonly string[]): string {
  return path.map((part, i) => (i === 0 ? part : /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`)).join('');
}

class CosmosSqlWriter {
  constructor(private readonly scope: CosmosSqlScope) {}

  write(node: Expression): SqlParts {
    const path = this.documentPathOf(node);
    if (path) return [documentPath(['c', ...path])];
    if (!this.readsDocument(node)) return this.outside(node);
    switch (node.kind) {
      case 'Binary':
        return sql`(${this.write(node.left)} ${SQL_OPERATORS[node.operator]} ${this.write(node.right)})`;
      case 'Unary':
        return node.operator === 'not' ? sql`NOT (${this.write(node.operand)})` : sql`-(${this.write(node.operand)})`;
      case 'Call': {
        const fn = SQL_FUNCTIONS[node.callee.name];
        if (!fn) throw new Untranslatable(node);
        const args = node.args.flatMap((a, index) => (index === 0 ? this.write(a) : [', ', ...this.write(a)]));
        return sql`${fn}(${args})`;
      }
      case 'String':
        return node.parts
          .map((part): SqlParts => (part.kind === 'Text' ? [sqlString(part.text)] : this.write(part.expression)))
          .reduce((a, b) => sql`CONCAT(${a}, ${b})`);
      default:
        throw new Untranslatable(node);
    }
  }

  /** `item.a.b` → `['a', 'b']`; `item` itself → `[]`; anything else → undefined. */
  private documentPathOf(node: Expression): string[] | undefined {
    if (node.kind === 'Name') return this.scope.isDocument(node) ? [] : undefined;
    if (node.kind === 'Member' && node.member) {
      const base = this.documentPathOf(node.object);
      return base ? [...base, node.member.name] : undefined;
    }
    return undefined;
  }

  private readsDocument(node: Expression): boolean {
    return node.kind === 'Where' || node.kind === 'Select' || readsName(node, (name) => this.scope.isDocument(name));
  }

  /** A value computed by the workflow, spliced into the query text when the action runs. */
  private outside(node: Expression): SqlParts {
    switch (node.kind) {
      case 'String':
        if (node.value !== undefined) return [sqlString(node.value)];
        break;
      case 'Number':
        return [node.text];
      case 'Boolean':
        return [node.value ? 'true' : 'false'];
      case 'Null':
        return ['null'];
      case 'Record':
      case 'Array':
      case 'Missing':
        throw new Untranslatable(node);
      default:
        break;
    }
    const value = this.scope.outsideValue(node);
    const type = this.scope.typeOf(node);
    const inner = type.kind === 'optional' ? type.inner : type;
    if (inner.kind === 'primitive' && inner.name !== 'string' && inner.name !== 'datetime') return [{ expression: value, isString: false }];
    // WDL string literals double their quotes: '''' is one quote, '\''' is backslash-quote.
    return ["'", { expression: `replace(replace(string(${value}), '\\', '\\\\'), '''', '\\''')`, isString: true }, "'"];
  }
}
