/**
 * Walking the syntax tree: the children of every node kind, in source order, in one table, so that
 * the binder, the emitter and the language server never list them again.
 */
import type { Block, Expression, JigFile, Node, Step, StringLiteral } from './tree.js';

type NodeKind = Node['kind'];

/** The properties of each node kind that hold child nodes, in the order they are written. */
const childKeys: Readonly<Record<NodeKind, readonly string[]>> = {
  File: ['declarations'],
  PolicyPin: ['doc', 'policyId'],
  Param: ['doc', 'annotations', 'name', 'type', 'defaultValue'],
  TypeDecl: ['doc', 'name', 'fields'],
  Field: ['doc', 'name', 'type', 'categories', 'annotations'],
  Flow: ['doc', 'annotations', 'name', 'trigger', 'body'],
  NamedType: ['name'],
  ArrayType: ['element'],
  OptionalType: ['inner'],
  Annotation: ['name', 'args'],
  DottedName: ['parts'],
  Duration: [],
  Identifier: [],
  DocComment: [],
  HttpTrigger: ['bodyType', 'schema'],
  ScheduleTrigger: ['every', 'days', 'timeZone'],
  MailTrigger: ['connector', 'folder'],
  MessageTrigger: ['source', 'bodyType'],
  RawTrigger: ['name', 'body'],
  Block: ['steps'],
  Let: ['name', 'type', 'value', 'annotations'],
  ParseJson: ['content', 'type'],
  Var: ['name', 'type', 'value', 'annotations'],
  Set: ['target', 'value', 'annotations'],
  Append: ['value', 'target', 'annotations'],
  Store: ['value', 'target', 'annotations'],
  StoreTarget: ['store', 'args'],
  Query: ['source', 'name', 'where', 'returns'],
  Delete: ['id', 'target', 'partition', 'annotations'],
  Aggregate: ['source', 'by', 'outputs'],
  AggregateOutput: ['name', 'fn', 'field'],
  HttpCall: ['method', 'url', 'headers', 'body', 'returns'],
  Header: ['name', 'value'],
  FlowCall: ['flow', 'argument'],
  HttpCallStep: ['call', 'annotations'],
  FlowCallStep: ['call', 'annotations'],
  SendMail: ['connector', 'to', 'subject', 'body', 'annotations'],
  SendMessage: ['value', 'target', 'annotations'],
  If: ['condition', 'then', 'else', 'annotations'],
  ForEach: ['variable', 'iterable', 'body', 'annotations'],
  Switch: ['subject', 'cases', 'default', 'annotations'],
  Case: ['value', 'body'],
  Until: ['condition', 'body', 'annotations'],
  Try: ['body', 'catch', 'annotations'],
  Wait: ['duration', 'annotations'],
  Respond: ['status', 'body', 'annotations'],
  Fail: ['message', 'annotations'],
  Parallel: ['branches', 'annotations'],
  RawAction: ['result', 'name', 'body', 'annotations'],
  JsonObject: ['members'],
  JsonMember: ['key', 'value'],
  JsonArray: ['elements'],
  JsonNumber: [],
  JsonLiteral: [],
  String: [],
  Number: [],
  Boolean: [],
  Null: [],
  Name: ['name'],
  Member: ['object', 'member'],
  Index: ['object', 'index'],
  Call: ['callee', 'args'],
  Unary: ['operand'],
  Binary: ['left', 'right'],
  Record: ['fields'],
  RecordField: ['name', 'value'],
  Array: ['elements'],
  Where: ['source', 'condition'],
  Select: ['source', 'projection'],
  Conditional: ['condition', 'then', 'else'],
  Missing: [],
};

/**
 * Calls `visit` on each direct child of `node`, in source order, with one exception: a flow's
 * trigger comes before its body although it is written inside the body's braces (the trigger is
 * the flow's, not a step of the block).
 */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  someChild(node, visitThenGoOn, visit);
}

const visitThenGoOn = (child: Node, visit: (child: Node) => void): boolean => {
  visit(child);
  return false;
};

/**
 * Whether `test(child, argument)` holds for a direct child of `node` (in forEachChild's order,
 * stopping at the first). The argument is passed through so that callers on hot paths need no
 * closure: this runs for every node of every walk.
 */
function someChild<A>(node: Node, test: (child: Node, argument: A) => boolean, argument: A): boolean {
  if (node.kind === 'String') {
    for (const part of (node as StringLiteral).parts) if (part.kind === 'Interpolation' && test(part.expression, argument)) return true;
    return false;
  }
  const record = node as unknown as Record<string, unknown>;
  const keys = childKeys[node.kind];
  // Indexed loops: iterators would allocate per call.
  for (let k = 0; k < keys.length; k++) {
    const value = record[keys[k]!];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      const children = value as Node[];
      for (let i = 0; i < children.length; i++) if (test(children[i]!, argument)) return true;
    } else if (test(value as Node, argument)) return true;
  }
  return false;
}

/**
 * Whether the tree under `node` is more than `levels` nodes deep. Recursive, but never deeper than
 * `levels`; it allocates nothing, for it runs over every file (parser.ts) and almost always says no.
 */
export function deeperThan(node: Node, levels: number): boolean {
  return levels === 0 || someChild(node, deeperThanLevels, levels - 1);
}

const deeperThanLevels = (child: Node, levels: number): boolean => deeperThan(child, levels);

/**
 * Puts `replacement` where `child` stands among `parent`'s children: how the parser cuts out a part
 * of a freshly built tree that is too deep to compile (parser.ts), before any other stage sees it.
 */
export function replaceChild(parent: Node, child: Node, replacement: Node): void {
  if (parent.kind === 'String') {
    for (const part of (parent as StringLiteral).parts) {
      if (part.kind === 'Interpolation' && part.expression === child) (part as { expression: Node }).expression = replacement;
    }
    return;
  }
  const record = parent as unknown as Record<string, unknown>;
  for (const key of childKeys[parent.kind]) {
    const value = record[key];
    if (value === child) {
      record[key] = replacement;
      return;
    }
    if (Array.isArray(value)) {
      const index = (value as Node[]).indexOf(child);
      if (index >= 0) {
        (value as Node[])[index] = replacement;
        return;
      }
    }
  }
}

/** The direct children of `node`, in source order. */
export function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  forEachChild(node, (child) => children.push(child));
  return children;
}

/**
 * Visits `root` and everything below it, parents before children, in source order. `visit`
 * returns false to skip a node's children. Iterative, so a deeply nested tree cannot overflow
 * the stack; the two parallel stacks and the one push callback keep it from allocating per node.
 */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => boolean | void): void {
  const nodes: Node[] = [root];
  const parents: (Node | undefined)[] = [undefined];
  let current: Node = root;
  const push = (child: Node): void => {
    nodes.push(child);
    parents.push(current);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    if (visit(node, parent) === false) continue;
    const first = nodes.length;
    current = node;
    forEachChild(node, push);
    // Children were pushed in source order; reverse them so the first is popped first.
    for (let i = first, j = nodes.length - 1; i < j; i++, j--) {
      const n = nodes[i]!;
      nodes[i] = nodes[j]!;
      nodes[j] = n;
      const p = parents[i];
      parents[i] = parents[j];
      parents[j] = p;
    }
  }
}

/**
 * Visits every step inside `block`, at any depth, in the order `walk` meets them. Steps sit only
 * in blocks, cases and (`else if`) other steps, so it follows those alone and never enters
 * annotations or expressions, which hold most of a tree's nodes. Recursive: the parser bounds
 * the nesting of blocks and `else if`s (MAX_NESTING_DEPTH).
 */
export function forEachStep(block: Block, visit: (step: Step) => void): void {
  // A tree the parser recovered from an error may lack a block its type promises.
  const steps = block?.steps ?? [];
  for (let i = 0; i < steps.length; i++) visitStep(steps[i]!, visit);
}

function visitStep(step: Step, visit: (step: Step) => void): void {
  visit(step);
  switch (step.kind) {
    case 'If':
      forEachStep(step.then, visit);
      if (step.else) {
        if (step.else.kind === 'Block') forEachStep(step.else, visit);
        else visitStep(step.else, visit);
      }
      return;
    case 'ForEach':
    case 'Until':
      forEachStep(step.body, visit);
      return;
    case 'Switch':
      for (const branch of step.cases) forEachStep(branch.body, visit);
      if (step.default) forEachStep(step.default, visit);
      return;
    case 'Try':
      forEachStep(step.body, visit);
      if (step.catch) forEachStep(step.catch, visit);
      return;
    case 'Parallel':
      for (const branch of step.branches) forEachStep(branch, visit);
      return;
    default:
      return;
  }
}

export interface NodeAtOffset {
  /** The innermost node whose range holds the offset. */
  readonly node: Node;
  /** Its ancestors, from the file down to its parent. */
  readonly ancestors: readonly Node[];
}

/**
 * The innermost node at `offset` and its ancestors. A node holds the offsets from its start to
 * its end inclusive, so that a cursor just after a name still finds it (as editors expect); where
 * a node ends exactly where the next starts, the one that starts there wins.
 */
export function findNodeAt(file: JigFile, offset: number): NodeAtOffset {
  const ancestors: Node[] = [];
  let node: Node = file;
  for (;;) {
    let inside: Node | undefined;
    let touching: Node | undefined;
    forEachChild(node, (child) => {
      if (inside) return;
      const { start, end } = child.range;
      if (start <= offset && offset < end) inside = child;
      else if (start <= offset && offset === end) touching = child;
    });
    const next = inside ?? touching;
    if (!next) return { node, ancestors };
    ancestors.push(node);
    node = next;
  }
}

/** The expressions inside a string's `${…}`, in order. */
export function interpolations(literal: StringLiteral): Expression[] {
  const expressions: Expression[] = [];
  for (const part of literal.parts) if (part.kind === 'Interpolation') expressions.push(part.expression);
  return expressions;
}
