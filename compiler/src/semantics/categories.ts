/**
 * The data categories of every expression: the union of the categories of the fields it reads,
 * each with the first place it came from.
 *
 * - Reading a field of a declared record yields that field's categories; reading a whole record
 *   yields all of its fields', recursively through record and array fields.
 * - A field of an anonymous record (a record literal, an aggregate row) or of an untyped value
 *   yields the categories of the whole value: nothing says which part came from where.
 * - A record literal written where a declared record is expected also takes the categories of
 *   the fields it fills.
 * - A let, a loop variable and `item` carry what they were bound to; a var carries the union of
 *   its initialiser and of every `set` and `append` to it anywhere in the flow, which is why the
 *   bindings are iterated to a fixpoint (a var read before a later `set` still carries its data).
 * - A query carries its element type's categories, an HTTP response its `returns` type's (an
 *   untyped one none: nothing is known of it), a child flow's result the categories its `@data`
 *   declares, an aggregate only `aggregate.anonymized`. Literals carry none; params carry none (they are
 *   deployment settings, not data about anyone).
 */
import type { Expression, FlowCall, LetValue, Node, RecordLiteral } from '../syntax/tree.js';
import type { TextRange } from '../syntax/source.js';
import type { CategoryFlow, CategoryOrigin } from './model.js';
import type { RecordFieldType, RecordType, Type } from './types.js';
import type { MutableSymbol } from './binder.js';
import { stripOptional } from './relations.js';

export const AGGREGATE_CATEGORY = 'aggregate.anonymized';

/** A symbol and a value whose categories flow into it (`let x = v`, `set x = v`, `for each x in v`…). */
export interface CategoryBinding {
  readonly symbol: MutableSymbol;
  readonly value: Expression | LetValue;
}

export interface CategoryInputs {
  typeOf(node: Expression | LetValue): Type;
  symbolOfName(node: Expression & { kind: 'Name' }): MutableSymbol | undefined;
  /** What a child flow may return: the categories its `@data` declares (nothing finer is known). */
  flowResultCategories(call: FlowCall): CategoryFlow;
  readonly bindings: readonly CategoryBinding[];
}

const EMPTY: CategoryFlow = new Map();

function add(into: Map<string, CategoryOrigin>, from: CategoryFlow): void {
  for (const [category, origin] of from) if (!into.has(category)) into.set(category, origin);
}

/**
 * The union of the category flows of several nodes, each category with its first origin. Most nodes
 * carry nothing, so a single non-empty flow is shared rather than copied.
 */
export function unionOfCategories<T>(
  nodes: readonly (T | undefined)[],
  categoriesOf: (node: T) => CategoryFlow,
): CategoryFlow {
  let result: CategoryFlow = EMPTY;
  let owned: Map<string, CategoryOrigin> | undefined;
  for (const node of nodes) {
    if (node === undefined) continue;
    const flow = categoriesOf(node);
    if (flow.size === 0) continue;
    if (result.size === 0) result = flow;
    else {
      owned ??= new Map(result);
      add(owned, flow);
      result = owned;
    }
  }
  return result;
}

/** How an expression reads in an origin's description (`invoice.contactName`). */
export function describePath(node: Expression | LetValue): string {
  switch (node.kind) {
    case 'Name':
      return node.name.name;
    case 'Member':
      return `${describePath(node.object)}.${node.member?.name ?? ''}`;
    case 'Index':
      return `${describePath(node.object)}[…]`;
    case 'Call':
      return `${node.callee.name}(…)`;
    case 'Query':
      return `query ${node.source.store.name}(${node.source.args.map((arg) => JSON.stringify(arg.value ?? '')).join(', ')})`;
    case 'HttpCall':
      return `the response of call http ${node.method.name}`;
    case 'Aggregate':
      return `aggregate … by ${node.by.name}`;
    default:
      return 'the expression';
  }
}

export class CategoryAnalysis {
  private cache = new Map<Node, CategoryFlow>();
  /**
   * Shapes placed at a read whose categories depend on types only (a declared field, a query, a
   * response, the trigger), by the node read: kept across the fixpoint passes, which otherwise
   * rebuild them every pass.
   */
  private readonly placed = new Map<Node, CategoryFlow>();

  constructor(private readonly inputs: CategoryInputs) {}

  /** The symbols whose categories the current pass has read. */
  private read = new Set<MutableSymbol>();

  /**
   * Propagates categories through the bindings until a pass leaves nothing stale (categories
   * only grow, so this ends). A value cached during a pass is stale only when a symbol it read
   * grows later in the pass; then another pass follows with a fresh cache. A symbol that grows
   * before anything reads it stales nothing: a further pass would compute the same values again
   * and change nothing, so the pass is final and what it cached too.
   */
  run(): void {
    for (let stale = true; stale; ) {
      stale = false;
      this.cache = new Map();
      this.read = new Set();
      for (const { symbol, value } of this.inputs.bindings) {
        const before = symbol.categories.size;
        add(symbol.categories, this.categoriesOf(value));
        if (symbol.categories.size !== before && this.read.has(symbol)) stale = true;
      }
    }
  }

  categoriesOf(node: Expression | LetValue): CategoryFlow {
    let result = this.cache.get(node);
    if (!result) {
      result = this.compute(node);
      this.cache.set(node, result);
    }
    return result;
  }

  private union(nodes: readonly (Expression | LetValue | undefined)[]): CategoryFlow {
    return unionOfCategories(nodes, this.categoriesOfNode);
  }

  /** `categoriesOf`, made once: a union is taken at most nodes. */
  private readonly categoriesOfNode = (node: Expression | LetValue): CategoryFlow => this.categoriesOf(node);

  /**
   * A record literal carries what its values read; written where a declared record is expected
   * (a var's type, a child flow's body), each value also takes the categories of the field it
   * fills, since that is what the receiving side holds it as.
   */
  private record(node: RecordLiteral): CategoryFlow {
    const result = new Map(this.union(node.fields.map((field) => field.value)));
    const type = this.inputs.typeOf(node);
    if (type.kind !== 'record' || type.name === undefined) return result;
    for (const field of node.fields) {
      const declared = type.fields.get(field.name.name);
      if (declared) add(result, this.placed.get(field) ?? this.place(field, this.fieldShape(declared), field.value.range, `${type.name}.${declared.name}`));
    }
    return result;
  }

  private compute(node: Expression | LetValue): CategoryFlow {
    switch (node.kind) {
      case 'Number':
      case 'Boolean':
      case 'Null':
      case 'Missing':
        return EMPTY;
      case 'FlowCall':
        return this.inputs.flowResultCategories(node);
      case 'String':
        return this.union(node.parts.map((part) => (part.kind === 'Interpolation' ? part.expression : undefined)));
      case 'Name': {
        const symbol = this.inputs.symbolOfName(node);
        if (!symbol) return EMPTY;
        // `trigger` is the flow's source: its categories are those of the fields of its type.
        if (symbol.kind === 'trigger') return this.placed.get(node) ?? this.place(node, this.typeShape(symbol.type), node.range, 'trigger');
        this.read.add(symbol);
        return symbol.categories;
      }
      case 'Member': {
        const objectType = stripOptional(this.inputs.typeOf(node.object));
        const field = node.member && objectType.kind === 'record' && objectType.name !== undefined ? objectType.fields.get(node.member.name) : undefined;
        if (!field) return this.categoriesOf(node.object);
        return this.placed.get(node) ?? this.place(node, this.fieldShape(field), node.range, describePath(node));
      }
      case 'Index':
        return this.union([node.object, node.index]);
      case 'Call':
        return this.union(node.args);
      case 'Unary':
        return this.categoriesOf(node.operand);
      case 'Binary':
        return this.union([node.left, node.right]);
      case 'Record':
        return this.record(node);
      case 'Array':
        return this.union(node.elements);
      case 'Where':
        return this.union([node.source, node.condition]);
      case 'Select':
        return this.categoriesOf(node.projection);
      case 'Query':
        return this.placed.get(node) ?? this.place(node, this.typeShape(this.inputs.typeOf(node)), node.range, describePath(node));
      case 'HttpCall':
        if (!node.returns) return EMPTY;
        return this.placed.get(node) ?? this.place(node, this.typeShape(this.inputs.typeOf(node)), node.range, describePath(node));
      case 'Aggregate':
        return new Map([[AGGREGATE_CATEGORY, { range: node.range, description: describePath(node) }]]);
    }
  }

  /** What reading `field` yields (`fieldCategories`), at no place yet. */
  private fieldShape(field: RecordFieldType): CategoryFlow {
    let shape = fieldShapes.get(field);
    if (!shape) {
      shape = fieldCategories(field, SHAPE_RANGE, '');
      fieldShapes.set(field, shape);
    }
    return shape;
  }

  /** What reading a whole value of `type` yields (`deepCategories`), at no place yet. */
  private typeShape(type: Type): CategoryFlow {
    let shape = typeShapes.get(type);
    if (!shape) {
      shape = deepCategories(type, SHAPE_RANGE, '');
      typeShapes.set(type, shape);
    }
    return shape;
  }

  private place(read: Node, shape: CategoryFlow, range: TextRange, path: string): CategoryFlow {
    const flow = placeShape(shape, range, path);
    this.placed.set(read, flow);
    return flow;
  }
}

const SHAPE_RANGE: TextRange = { start: 0, end: 0 };

/**
 * What reading each field or type whole yields, with an empty path, then placed at each read:
 * computed once (the fixpoint passes and every read of the same field share it), and across files
 * for the types they share (`Mail`, the built-in types). Fields and types are never changed once
 * declared, and a file's own are gone with it.
 */
const fieldShapes = new WeakMap<RecordFieldType, CategoryFlow>();
const typeShapes = new WeakMap<Type, CategoryFlow>();

/** A shape (origins at no place, descriptions relative to the value read) as read at `range` via `path`. */
function placeShape(shape: CategoryFlow, range: TextRange, path: string): CategoryFlow {
  if (shape.size === 0) return EMPTY;
  const result = new Map<string, CategoryOrigin>();
  for (const [category, origin] of shape) {
    const description = path + origin.description;
    result.set(category, origin.mixedSource ? { range, description, mixedSource: origin.mixedSource } : { range, description });
  }
  return result;
}

/** The categories of one field read at `range`: its own, and those of everything inside it. */
function fieldCategories(field: RecordFieldType, range: TextRange, path: string, seen = new Set<RecordType>()): CategoryFlow {
  const result = new Map<string, CategoryOrigin>();
  for (const category of field.categories) {
    if (result.has(category)) continue;
    const mixedSource = field.mixedSource?.categories.includes(category) ? field.mixedSource.id : undefined;
    result.set(category, mixedSource ? { range, description: path, mixedSource } : { range, description: path });
  }
  add(result, deepCategories(field.type, range, path, seen));
  return result;
}

/** Every category inside a value of this type, as if read whole at `range`. */
export function deepCategories(type: Type, range: TextRange, path: string, seen = new Set<RecordType>()): CategoryFlow {
  switch (type.kind) {
    case 'optional':
      return deepCategories(type.inner, range, path, seen);
    case 'array':
      return deepCategories(type.element, range, `${path}[]`, seen);
    case 'record': {
      // A recursive type (`next: Node?`) adds nothing new the second time round.
      if (seen.has(type)) return EMPTY;
      seen.add(type);
      const result = new Map<string, CategoryOrigin>();
      for (const field of type.fields.values()) add(result, fieldCategories(field, range, `${path}.${field.name}`, seen));
      seen.delete(type);
      return result;
    }
    default:
      return EMPTY;
  }
}
