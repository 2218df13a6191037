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
import { presenceTest, type TemplatePart } from './wdl-strings.js';

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

  /**
   * Where the node stands: a WHERE keeps a row only when its condition is true, so where undefined
   * and false would be the same (the condition itself, or an operand of AND and OR there) a plain
   * comparison keeps what Jig's would; under a NOT, or as a value, undefined is not false.
   */
  write(node: Expression, place: 'condition' | 'negated' | 'value' = 'condition'): SqlParts {
    const path = this.documentPathOf(node);
    if (path) return [documentPath(['c', ...path])];
    if (!this.readsDocument(node)) return this.outside(node);
    switch (node.kind) {
      case 'Binary':
        return this.binary(node, place);
      case 'Unary':
        return node.operator === 'not'
          ? sql`NOT (${this.write(node.operand, place === 'condition' ? 'negated' : place === 'negated' ? 'condition' : 'value')})`
          : sql`-(${this.write(node.operand, 'value')})`;
      case 'Call':
        return this.call(node);
      case 'String':
        return node.parts
          .map((part): SqlParts => (part.kind === 'Text' ? [sqlString(part.text)] : this.write(part.expression, 'value')))
          .reduce((a, b) => sql`CONCAT(${a}, ${b})`);
      default:
        throw new Untranslatable(node);
    }
  }

  /**
   * Cosmos DB SQL is not WDL, so an operator is written for what Jig's means: a missing property
   * is undefined there, a comparison of two types (null with a string) is undefined and NOT of
   * undefined too, so `item.note != "x"` dropped a document whose note is null or left out, which
   * Jig's condition keeps (a field left out reads as null, and null is not "x"). An equality with a
   * side that may be null compares the sides with undefined read as null, and is false, never
   * undefined, when their types differ. `+` joins text with `||` (SQL's `+` adds numbers only) and
   * two integers divide as integers (SQL's numbers are doubles).
   */
  private binary(node: BinaryExpression, place: 'condition' | 'negated' | 'value'): SqlParts {
    const logical = node.operator === 'and' || node.operator === 'or';
    const [left, right] = [this.write(node.left, logical ? place : 'value'), this.write(node.right, logical ? place : 'value')];
    switch (node.operator) {
      case '==':
      case '!=': {
        const [leftNull, rightNull] = [this.mayBeNull(node.left), this.mayBeNull(node.right)];
        if (!leftNull && !rightNull) break;
        // One side null and the other not is unequal in Jig and undefined in SQL: a plain `=` is
        // enough where a WHERE takes undefined as false. Two sides that may both be null are equal
        // when both are, a missing property read as null (`??` replaces only undefined).
        if (leftNull !== rightNull && node.operator === '==' && place === 'condition') break;
        // A value from outside the document is spliced in as SQL null, never undefined.
        const side = (parts: SqlParts, operand: Expression) => (leftNull && rightNull && this.readsDocument(operand) ? sql`(${parts} ?? null)` : parts);
        const equal = sql`((${side(left, node.left)} = ${side(right, node.right)}) ?? false)`;
        return node.operator === '==' ? equal : sql`NOT ${equal}`;
      }
      case '+':
        if (!isText(this.scope.typeOf(node.left)) && !isText(this.scope.typeOf(node.right))) break;
        return sql`(${this.text(node.left, left)} || ${this.text(node.right, right)})`;
      case '/':
        if (isInteger(this.scope.typeOf(node.left)) && isInteger(this.scope.typeOf(node.right))) return sql`TRUNC(${left} / ${right})`;
        break;
      default:
        break;
    }
    return sql`(${left} ${SQL_OPERATORS[node.operator]} ${right})`;
  }

  /**
   * A function, as WDL's computes it: startsWith, endsWith and indexOf ignore case, contains and
   * length of an array are ARRAY_CONTAINS and ARRAY_LENGTH, concat writes a number as text.
   * A form whose SQL would compute something else (an argument that may be null, the text of a
   * boolean, which SQL writes in lower case) has none.
   */
  private call(node: Extract<Expression, { kind: 'Call' }>): SqlParts {
    const name = node.callee.name;
    const fn = SQL_FUNCTIONS[name];
    if (!fn || node.args.some((arg) => this.mayBeNull(arg))) throw new Untranslatable(node);
    const args = node.args.map((arg) => this.write(arg, 'value'));
    const list = (parts: readonly SqlParts[]) => parts.flatMap((part, index) => (index === 0 ? part : [', ', ...part]));
    const isArray = (arg: Expression) => stripOptional(this.scope.typeOf(arg)).kind === 'array';
    switch (name) {
      case 'startsWith':
      case 'endsWith':
        return sql`${fn}(${list(args)}, true)`;
      case 'indexOf':
        return sql`INDEX_OF(${list(args.map((arg) => sql`LOWER(${arg})`))})`;
      case 'contains':
        return isArray(node.args[0]!) ? sql`ARRAY_CONTAINS(${list(args)})` : sql`CONTAINS(${list(args)})`;
      case 'length':
        return isArray(node.args[0]!) ? sql`ARRAY_LENGTH(${list(args)})` : sql`LENGTH(${list(args)})`;
      case 'substring':
        // SQL's SUBSTRING takes a length always: the rest of the text is at most its length.
        return args.length === 2 ? sql`SUBSTRING(${list(args)}, LENGTH(${args[0]!}))` : sql`SUBSTRING(${list(args)})`;
      case 'concat':
        return sql`CONCAT(${list(node.args.map((arg, index) => this.text(arg, args[index]!)))})`;
      case 'string':
        return this.text(node.args[0]!, args[0]!);
      default:
        return sql`${fn}(${list(args)})`;
    }
  }

  /** A value as text, as WDL's concat writes it: a number by ToString; a boolean (True, False) has no SQL form. */
  private text(node: Expression, parts: SqlParts): SqlParts {
    const type = stripOptional(this.scope.typeOf(node));
    if (isText(type)) return parts;
    if (type.kind === 'primitive' && (type.name === 'integer' || type.name === 'number')) return sql`ToString(${parts})`;
    throw new Untranslatable(node);
  }

  /** Whether a value may be null (or, a document's field, left out): an optional, `null` itself, or a value of no known type. */
  private mayBeNull(node: Expression): boolean {
    const kind = this.scope.typeOf(node).kind;
    return kind === 'optional' || kind === 'null' || kind === 'any';
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
    const isText = !(inner.kind === 'primitive' && inner.name !== 'string' && inner.name !== 'datetime');
    // WDL string literals double their quotes: '''' is one quote, '\''' is backslash-quote.
    const escaped = `replace(replace(string(${value}), '\\', '\\\\'), '''', '\\''')`;
    if (type.kind === 'optional' || type.kind === 'null') {
      // A value that may be null is SQL's null then: an interpolation writes nothing for it (`c.n = `),
      // and string() of null is '', which is no null. WDL's if() computes both; neither fails. Text
      // is asked whether it is there without equals(), which may read null as "" (presenceTest).
      return isText
        ? [{ expression: `if(${presenceTest(value, true)}, concat('''', ${escaped}, ''''), 'null')`, isString: true }]
        : [{ expression: `if(equals(${value}, null), 'null', string(${value}))`, isString: true }];
    }
    if (!isText) return [{ expression: value, isString: false }];
    return ["'", { expression: escaped, isString: true }, "'"];
  }
}

function stripOptional(type: Type): Type {
  return type.kind === 'optional' ? type.inner : type;
}

function isText(type: Type): boolean {
  const inner = stripOptional(type);
  return inner.kind === 'primitive' && (inner.name === 'string' || inner.name === 'datetime');
}

function isInteger(type: Type): boolean {
  const inner = stripOptional(type);
  return inner.kind === 'primitive' && inner.name === 'integer';
}
