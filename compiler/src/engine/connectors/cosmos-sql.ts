/**
 * A Cosmos DB SQL subset, so that a simulated container answers a query as Cosmos DB would:
 * `SELECT [VALUE] * | expr [AS name], … FROM c [WHERE …] [GROUP BY …] [ORDER BY … [ASC|DESC]]`,
 * with property paths, literals, arithmetic, comparisons, AND/OR/NOT, `??`, the aggregates COUNT, SUM,
 * AVG, MIN and MAX, and the common system functions. As in Cosmos DB, a missing property is
 * undefined, a comparison of different types is undefined, and WHERE keeps only rows that are
 * true. Anything else is an explicit "not supported by jig run".
 */
import { NotSupportedError } from '../errors.js';
import { isNumber, isObject, numberOf, objectOf, valuesEqual, type Value } from '../values.js';

type SqlValue = Value | undefined;

type Node =
  | { kind: 'literal'; value: SqlValue }
  | { kind: 'path'; root: string; steps: (string | number)[] }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'unary'; op: 'NOT' | '-'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'star' };

interface SelectItem {
  readonly node: Node;
  readonly alias?: string;
}

interface Query {
  readonly value: boolean;
  readonly star: boolean;
  readonly items: readonly SelectItem[];
  readonly alias: string;
  readonly where?: Node;
  readonly groupBy: readonly Node[];
  readonly orderBy?: { node: Node; descending: boolean };
  readonly top?: number;
}

const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s+|('(?:[^'\\]|\\.)*')|("(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(<=|>=|!=|<>|\|\||\?\?|[=<>+\-*/%(),.[\]])|([A-Za-z_][A-Za-z0-9_]*)|(@[A-Za-z_]\w*)|(.)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[0].trim() === '') continue;
    if (match[7]) throw new NotSupportedError(`A Cosmos DB query parameter (${match[7]})`);
    if (match[8]) throw new NotSupportedError(`The Cosmos DB query text '${text}'`, `the character '${match[8]}'`);
    tokens.push(match[0]);
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: string[],
    private readonly text: string,
  ) {}

  private peek(): string | undefined {
    return this.tokens[this.i];
  }
  private isWord(word: string): boolean {
    return this.peek()?.toUpperCase() === word;
  }
  private take(word?: string): string {
    const token = this.tokens[this.i++];
    if (token === undefined || (word !== undefined && token.toUpperCase() !== word)) this.unsupported(`expected ${word ?? 'more'}`);
    return token!;
  }
  private unsupported(detail: string): never {
    throw new NotSupportedError(`The Cosmos DB query '${this.text}'`, detail);
  }

  query(): Query {
    this.take('SELECT');
    let top: number | undefined;
    if (this.isWord('TOP')) {
      this.take();
      top = Number(this.take());
    }
    const value = this.isWord('VALUE');
    if (value) this.take();
    let star = false;
    const items: SelectItem[] = [];
    if (this.peek() === '*') {
      this.take();
      star = true;
    } else {
      for (;;) {
        const node = this.expression();
        let alias: string | undefined;
        if (this.isWord('AS')) {
          this.take();
          alias = this.take();
        }
        items.push({ node, ...(alias !== undefined && { alias }) });
        if (this.peek() !== ',') break;
        this.take();
      }
    }
    this.take('FROM');
    const root = this.take();
    let alias = root;
    if (this.isWord('AS')) this.take();
    if (this.peek() && /^[A-Za-z_]/.test(this.peek()!) && !['WHERE', 'GROUP', 'ORDER', 'JOIN', 'OFFSET'].includes(this.peek()!.toUpperCase())) alias = this.take();
    if (this.isWord('JOIN')) this.unsupported('JOIN');
    let where: Node | undefined;
    if (this.isWord('WHERE')) {
      this.take();
      where = this.expression();
    }
    const groupBy: Node[] = [];
    if (this.isWord('GROUP')) {
      this.take();
      this.take('BY');
      for (;;) {
        groupBy.push(this.expression());
        if (this.peek() !== ',') break;
        this.take();
      }
    }
    let orderBy: Query['orderBy'];
    if (this.isWord('ORDER')) {
      this.take();
      this.take('BY');
      const node = this.expression();
      let descending = false;
      if (this.isWord('ASC') || this.isWord('DESC')) descending = this.take().toUpperCase() === 'DESC';
      orderBy = { node, descending };
    }
    if (this.i < this.tokens.length) this.unsupported(`'${this.peek()}'`);
    return { value, star, items, alias, groupBy, ...(where && { where }), ...(orderBy && { orderBy }), ...(top !== undefined && { top }) };
  }

  /** `a ?? b`, the loosest operator: a, unless it is undefined (a missing property), then b. */
  private expression(): Node {
    let left = this.disjunction();
    while (this.peek() === '??') {
      this.take();
      left = { kind: 'binary', op: '??', left, right: this.disjunction() };
    }
    return left;
  }
  private disjunction(): Node {
    let left = this.conjunction();
    while (this.isWord('OR')) {
      this.take();
      left = { kind: 'binary', op: 'OR', left, right: this.conjunction() };
    }
    return left;
  }
  private conjunction(): Node {
    let left = this.negation();
    while (this.isWord('AND')) {
      this.take();
      left = { kind: 'binary', op: 'AND', left, right: this.negation() };
    }
    return left;
  }
  private negation(): Node {
    if (this.isWord('NOT')) {
      this.take();
      return { kind: 'unary', op: 'NOT', operand: this.negation() };
    }
    return this.comparison();
  }
  private comparison(): Node {
    const left = this.additive();
    const op = this.peek();
    if (op && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(op)) {
      this.take();
      return { kind: 'binary', op: op === '<>' ? '!=' : op, left, right: this.additive() };
    }
    return left;
  }
  private additive(): Node {
    let left = this.multiplicative();
    while (this.peek() === '+' || this.peek() === '-' || this.peek() === '||') {
      const op = this.take();
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }
  private multiplicative(): Node {
    let left = this.unary();
    while (this.peek() === '*' || this.peek() === '/' || this.peek() === '%') {
      const op = this.take();
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }
  private unary(): Node {
    if (this.peek() === '-') {
      this.take();
      return { kind: 'unary', op: '-', operand: this.unary() };
    }
    return this.primary();
  }
  private primary(): Node {
    const token = this.take();
    if (token === '(') {
      const inner = this.expression();
      this.take(')');
      return inner;
    }
    if (token.startsWith("'") || token.startsWith('"')) return { kind: 'literal', value: unquote(token) };
    if (/^\d/.test(token)) return { kind: 'literal', value: Number(token) };
    const upper = token.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', value: upper === 'TRUE' };
    if (upper === 'NULL') return { kind: 'literal', value: null };
    if (upper === 'UNDEFINED') return { kind: 'literal', value: undefined };
    if (this.peek() === '(') {
      this.take();
      const args: Node[] = [];
      if (this.peek() !== ')') {
        for (;;) {
          args.push(this.peek() === '*' ? (this.take(), { kind: 'star' as const }) : this.expression());
          if (this.peek() !== ',') break;
          this.take();
        }
      }
      this.take(')');
      return { kind: 'call', name: upper, args };
    }
    const steps: (string | number)[] = [];
    for (;;) {
      if (this.peek() === '.') {
        this.take();
        steps.push(this.take());
      } else if (this.peek() === '[') {
        this.take();
        const key = this.take();
        steps.push(key.startsWith("'") || key.startsWith('"') ? unquote(key) : Number(key));
        this.take(']');
      } else break;
    }
    return { kind: 'path', root: token, steps };
  }
}

function unquote(token: string): string {
  return token.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r' })[ch] ?? ch);
}

function typeRank(value: SqlValue): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (isNumber(value)) return 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

function compare(op: string, a: SqlValue, b: SqlValue): SqlValue {
  const type = typeRank(a);
  if (type === undefined || type !== typeRank(b)) return undefined;
  if (op === '=') return valuesEqual(a!, b!);
  if (op === '!=') return !valuesEqual(a!, b!);
  if (type === 'object' || type === 'null') return undefined;
  const x = isNumber(a!) ? numberOf(a) : a;
  const y = isNumber(b!) ? numberOf(b) : b;
  if (op === '<') return x! < y!;
  if (op === '<=') return x! <= y!;
  if (op === '>') return x! > y!;
  return x! >= y!;
}

function evaluate(node: Node, row: Record<string, SqlValue>, group?: Record<string, SqlValue>[]): SqlValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'star':
      return 1;
    case 'path': {
      let value: SqlValue = row[node.root];
      for (const step of node.steps) {
        if (typeof step === 'number') value = Array.isArray(value) ? value[step] : undefined;
        else value = isObject(value ?? null) ? (Object.hasOwn(value as object, step) ? (value as Record<string, Value>)[step] : undefined) : undefined;
      }
      return value;
    }
    case 'unary': {
      const operand = evaluate(node.operand, row, group);
      if (node.op === 'NOT') return typeof operand === 'boolean' ? !operand : undefined;
      return isNumber(operand ?? null) ? -numberOf(operand as number) : undefined;
    }
    case 'binary': {
      const left = evaluate(node.left, row, group);
      if (node.op === 'AND') {
        if (left === false) return false;
        const right = evaluate(node.right, row, group);
        return left === true && typeof right === 'boolean' ? right : right === false ? false : undefined;
      }
      if (node.op === 'OR') {
        if (left === true) return true;
        const right = evaluate(node.right, row, group);
        return right === true ? true : left === false && right === false ? false : undefined;
      }
      if (node.op === '??') return left !== undefined ? left : evaluate(node.right, row, group);
      const right = evaluate(node.right, row, group);
      if (['=', '!=', '<', '<=', '>', '>='].includes(node.op)) return compare(node.op, left, right);
      if (node.op === '||') return typeof left === 'string' && typeof right === 'string' ? left + right : undefined;
      if (!isNumber(left ?? null) || !isNumber(right ?? null)) return undefined;
      const [a, b] = [numberOf(left as number), numberOf(right as number)];
      return node.op === '+' ? a + b : node.op === '-' ? a - b : node.op === '*' ? a * b : node.op === '/' ? a / b : a % b;
    }
    case 'call':
      return call(node, row, group);
  }
}

function call(node: Extract<Node, { kind: 'call' }>, row: Record<string, SqlValue>, group?: Record<string, SqlValue>[]): SqlValue {
  if (AGGREGATES.has(node.name)) {
    if (!group) throw new NotSupportedError(`The Cosmos DB aggregate ${node.name} outside a grouped or aggregate query`);
    const values = group.map((member) => evaluate(node.args[0] ?? { kind: 'star' }, member)).filter((value) => value !== undefined);
    if (node.name === 'COUNT') return values.length;
    const numbers = values.filter((value) => isNumber(value!)).map((value) => numberOf(value as number));
    if (node.name === 'SUM') return numbers.reduce((a, b) => a + b, 0);
    if (node.name === 'AVG') return numbers.length === 0 ? undefined : numbers.reduce((a, b) => a + b, 0) / numbers.length;
    const comparable = values.filter((value) => isNumber(value!) || typeof value === 'string');
    if (comparable.length === 0) return undefined;
    return comparable.reduce((best, value) => (compare(node.name === 'MIN' ? '<' : '>', value, best) === true ? value : best));
  }
  const args = node.args.map((arg) => evaluate(arg, row, group));
  const text = (i: number) => (typeof args[i] === 'string' ? (args[i] as string) : undefined);
  switch (node.name) {
    case 'IS_DEFINED':
      return args[0] !== undefined;
    case 'IS_NULL':
      return args[0] === null;
    case 'IS_STRING':
      return typeof args[0] === 'string';
    case 'IS_NUMBER':
      return isNumber(args[0] ?? null);
    case 'IS_BOOL':
      return typeof args[0] === 'boolean';
    case 'CONTAINS':
      return text(0) !== undefined && text(1) !== undefined ? (args[2] === true ? text(0)!.toLowerCase().includes(text(1)!.toLowerCase()) : text(0)!.includes(text(1)!)) : undefined;
    // A third argument true ignores case, as CONTAINS's does.
    case 'STARTSWITH':
      return text(0) !== undefined && text(1) !== undefined ? (args[2] === true ? text(0)!.toLowerCase().startsWith(text(1)!.toLowerCase()) : text(0)!.startsWith(text(1)!)) : undefined;
    case 'ENDSWITH':
      return text(0) !== undefined && text(1) !== undefined ? (args[2] === true ? text(0)!.toLowerCase().endsWith(text(1)!.toLowerCase()) : text(0)!.endsWith(text(1)!)) : undefined;
    case 'LOWER':
      return text(0)?.toLowerCase();
    case 'UPPER':
      return text(0)?.toUpperCase();
    case 'TRIM':
      return text(0)?.trim();
    case 'LENGTH':
      return text(0)?.length;
    case 'CONCAT':
      return args.every((arg) => typeof arg === 'string') ? (args as string[]).join('') : undefined;
    case 'SUBSTRING':
      return text(0) !== undefined && isNumber(args[1] ?? null) && isNumber(args[2] ?? null) ? text(0)!.substr(numberOf(args[1] as number), numberOf(args[2] as number)) : undefined;
    case 'REPLACE':
      return text(0) !== undefined && text(1) !== undefined && text(2) !== undefined ? text(0)!.split(text(1)!).join(text(2)!) : undefined;
    case 'INDEX_OF':
      return text(0) !== undefined && text(1) !== undefined ? text(0)!.indexOf(text(1)!) : undefined;
    case 'TOSTRING':
      return args[0] === undefined ? undefined : typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
    case 'STRINGTONUMBER': {
      const n = text(0) === undefined ? NaN : Number(text(0));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'ARRAY_LENGTH':
      return Array.isArray(args[0]) ? args[0].length : undefined;
    case 'TRUNC':
      return isNumber(args[0] ?? null) ? Math.trunc(numberOf(args[0] as number)) : undefined;
    case 'ARRAY_CONTAINS':
      return Array.isArray(args[0]) ? args[0].some((item) => args[1] !== undefined && valuesEqual(item, args[1])) : undefined;
    default:
      throw new NotSupportedError(`The Cosmos DB function ${node.name}`);
  }
}

function hasAggregate(node: Node): boolean {
  if (node.kind === 'call') return AGGREGATES.has(node.name) || node.args.some(hasAggregate);
  if (node.kind === 'binary') return hasAggregate(node.left) || hasAggregate(node.right);
  if (node.kind === 'unary') return hasAggregate(node.operand);
  return false;
}

function itemName(item: SelectItem, index: number): string {
  if (item.alias) return item.alias;
  if (item.node.kind === 'path' && item.node.steps.length > 0) return String(item.node.steps[item.node.steps.length - 1]);
  return `$${index + 1}`;
}

/** The documents (or values) a query gives over a container's documents. */
export function runCosmosQuery(text: string, documents: readonly Value[]): Value[] {
  const query = new Parser(tokenize(text), text).query();
  const rows = documents.map((document) => ({ [query.alias]: document }) as Record<string, SqlValue>);
  let kept = query.where ? rows.filter((row) => evaluate(query.where!, row) === true) : rows;
  if (query.orderBy) {
    const { node, descending } = query.orderBy;
    kept = [...kept].sort((a, b) => {
      const order = compare('<', evaluate(node, a), evaluate(node, b)) === true ? -1 : compare('>', evaluate(node, a), evaluate(node, b)) === true ? 1 : 0;
      return descending ? -order : order;
    });
  }
  const aggregated = query.groupBy.length > 0 || query.items.some((item) => hasAggregate(item.node));
  const project = (row: Record<string, SqlValue>, group?: Record<string, SqlValue>[]): Value | undefined => {
    if (query.star) return row[query.alias] as Value;
    if (query.value) return evaluate(query.items[0]!.node, row, group) as Value | undefined;
    const entries: [string, Value][] = [];
    query.items.forEach((item, index) => {
      const value = evaluate(item.node, row, group);
      if (value !== undefined) entries.push([itemName(item, index), value]);
    });
    return objectOf(entries);
  };
  let results: (Value | undefined)[];
  if (!aggregated) results = kept.map((row) => project(row));
  else if (query.groupBy.length === 0) results = [project(kept[0] ?? {}, kept)];
  else {
    const groups = new Map<string, Record<string, SqlValue>[]>();
    for (const row of kept) {
      const key = JSON.stringify(query.groupBy.map((node) => evaluate(node, row) ?? '$undefined'));
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    results = [...groups.values()].map((members) => project(members[0]!, members));
  }
  const defined = results.filter((value): value is Value => value !== undefined);
  return query.top !== undefined ? defined.slice(0, query.top) : defined;
}
