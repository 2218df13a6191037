/**
 * Walking the syntax tree: the children of every node kind, in source order, listed once (in
 * someChild), so that the binder, the emitter and the language server never list them again.
 */
import type { Block, Expression, HttpCall, JigFile, Node, Step, StringLiteral } from './tree.js';

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

type ChildTest<A> = (child: Node, argument: A) => boolean;

/**
 * Whether `test(child, argument)` holds for a direct child of `node` (in forEachChild's order,
 * stopping at the first). This is the one list of every node kind's children, in the order they
 * are written. The argument is passed through so that callers on hot paths need no closure: this
 * runs for every node of every walk, hence a switch that reads each child by its name (a table of
 * property names read as `node[key]` cost several times as much). A tree the parser recovered
 * from an error may lack a child its type promises: every child is read as possibly missing.
 */
function someChild<A>(node: Node, test: ChildTest<A>, argument: A): boolean {
  switch (node.kind) {
    case 'Identifier':
    case 'Number':
    case 'Boolean':
    case 'Null':
    case 'Missing':
    case 'Duration':
    case 'DocComment':
    case 'JsonNumber':
    case 'JsonLiteral':
      return false;
    case 'Name':
      return one(node.name, test, argument);
    case 'Member':
      return one(node.object, test, argument) || one(node.member, test, argument);
    case 'String':
      return someInterpolated(node, test, argument);
    case 'Call':
      return one(node.callee, test, argument) || each(node.args, test, argument);
    case 'Binary':
      return one(node.left, test, argument) || one(node.right, test, argument);
    case 'RecordField':
      return one(node.name, test, argument) || one(node.value, test, argument);
    case 'Record':
      return each(node.fields, test, argument);
    case 'Block':
      return each(node.steps, test, argument);
    case 'Let':
      return (
        one(node.name, test, argument)
        || one(node.type, test, argument)
        || one(node.value, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Index':
      return one(node.object, test, argument) || one(node.index, test, argument);
    case 'Annotation':
      return one(node.name, test, argument) || each(node.args, test, argument);
    case 'DottedName':
      return each(node.parts, test, argument);
    case 'NamedType':
      return one(node.name, test, argument);
    case 'Array':
      return each(node.elements, test, argument);
    case 'Unary':
      return one(node.operand, test, argument);
    case 'If':
      return (
        one(node.condition, test, argument)
        || one(node.then, test, argument)
        || one(node.else, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Where':
      return one(node.source, test, argument) || one(node.condition, test, argument);
    case 'Conditional':
      return one(node.condition, test, argument) || one(node.then, test, argument) || one(node.else, test, argument);
    case 'Select':
      return one(node.source, test, argument) || one(node.projection, test, argument);
    case 'File':
      return each(node.declarations, test, argument);
    case 'PolicyPin':
      return one(node.doc, test, argument) || one(node.policyId, test, argument);
    case 'Param':
      return (
        one(node.doc, test, argument)
        || each(node.annotations, test, argument)
        || one(node.name, test, argument)
        || one(node.type, test, argument)
        || one(node.defaultValue, test, argument)
      );
    case 'TypeDecl':
      return one(node.doc, test, argument) || one(node.name, test, argument) || each(node.fields, test, argument);
    case 'Field':
      return (
        one(node.doc, test, argument)
        || one(node.name, test, argument)
        || one(node.type, test, argument)
        || each(node.categories, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Flow':
      return (
        one(node.doc, test, argument)
        || each(node.annotations, test, argument)
        || one(node.name, test, argument)
        || one(node.trigger, test, argument)
        || one(node.body, test, argument)
      );
    case 'ArrayType':
      return one(node.element, test, argument);
    case 'OptionalType':
      return one(node.inner, test, argument);
    case 'HttpTrigger':
      return one(node.bodyType, test, argument) || one(node.schema, test, argument);
    case 'ScheduleTrigger':
      return one(node.every, test, argument) || each(node.days, test, argument) || one(node.timeZone, test, argument);
    case 'MailTrigger':
      return one(node.connector, test, argument) || one(node.folder, test, argument);
    case 'MessageTrigger':
      return one(node.source, test, argument) || one(node.bodyType, test, argument);
    case 'RawTrigger':
      return one(node.name, test, argument) || one(node.body, test, argument);
    case 'ChatTrigger':
      return false;
    case 'ParseJson':
      return one(node.content, test, argument) || one(node.type, test, argument) || one(node.schema, test, argument);
    case 'InlineCode':
      return one(node.code, test, argument);
    case 'TableOperation':
      return one(node.from, test, argument) || one(node.columns, test, argument);
    case 'TimeOperation':
      return (
        one(node.amount, test, argument)
        || one(node.unit, test, argument)
        || one(node.base, test, argument)
        || one(node.sourceZone, test, argument)
        || one(node.destinationZone, test, argument)
        || one(node.format, test, argument)
      );
    case 'DocumentOperation':
      return (
        one(node.liquidKind, test, argument)
        || one(node.content, test, argument)
        || one(node.tokens, test, argument)
        || one(node.overlap, test, argument)
        || one(node.encoding, test, argument)
        || one(node.map?.name, test, argument)
        || each(node.parameters, test, argument)
      );
    case 'Var':
      return (
        one(node.name, test, argument)
        || one(node.type, test, argument)
        || one(node.value, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Set':
      return (
        one(node.target, test, argument)
        || one(node.value, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Append':
      return (
        one(node.value, test, argument)
        || one(node.target, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Store':
      return (
        one(node.value, test, argument)
        || one(node.target, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'StoreTarget':
      return one(node.store, test, argument) || each(node.args, test, argument);
    case 'Query':
      return (
        one(node.source, test, argument)
        || one(node.name, test, argument)
        || one(node.where, test, argument)
        || one(node.returns, test, argument)
      );
    case 'Delete':
      return (
        one(node.id, test, argument)
        || one(node.target, test, argument)
        || one(node.partition, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Aggregate':
      return one(node.source, test, argument) || one(node.by, test, argument) || each(node.outputs, test, argument);
    case 'AggregateOutput':
      return one(node.name, test, argument) || one(node.fn, test, argument) || one(node.field, test, argument);
    case 'HttpCall':
      return (
        one(node.connector, test, argument)
        || one(node.service, test, argument)
        || one(node.method, test, argument)
        || one(node.url, test, argument)
        || one(node.apiPath, test, argument)
        || one(node.subscriptionKey, test, argument)
        || one(node.triggerName, test, argument)
        || each(node.queries, test, argument)
        || each(node.headers, test, argument)
        || one(node.auth, test, argument)
        || one(node.body, test, argument)
        || one(node.returns, test, argument)
      );
    case 'Header':
      return one(node.name, test, argument) || one(node.value, test, argument);
    case 'FlowCall':
      return one(node.flow, test, argument) || one(node.argument, test, argument);
    case 'HttpCallStep':
      return one(node.call, test, argument) || each(node.annotations, test, argument);
    case 'FlowCallStep':
      return one(node.call, test, argument) || each(node.annotations, test, argument);
    case 'SendMail':
      return (
        one(node.connector, test, argument)
        || one(node.to, test, argument)
        || one(node.subject, test, argument)
        || one(node.body, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'SendMessage':
      return (
        one(node.value, test, argument)
        || one(node.target, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'ForEach':
      return (
        one(node.variable, test, argument)
        || one(node.iterable, test, argument)
        || one(node.body, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Switch':
      return (
        one(node.subject, test, argument)
        || each(node.cases, test, argument)
        || one(node.default, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Case':
      return one(node.value, test, argument) || one(node.body, test, argument);
    case 'Until':
      return (
        one(node.condition, test, argument)
        || one(node.body, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Try':
      return (
        one(node.body, test, argument)
        || one(node.catch, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Wait':
      return one(node.duration, test, argument) || one(node.until, test, argument) || one(node.amount, test, argument) || one(node.unit, test, argument) || each(node.annotations, test, argument);
    case 'Respond':
      return (
        one(node.status, test, argument)
        || each(node.headers, test, argument)
        || one(node.body, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'Fail':
      return one(node.message, test, argument) || each(node.annotations, test, argument);
    case 'Stop':
      return one(node.status, test, argument) || each(node.annotations, test, argument);
    case 'Parallel':
      return each(node.branches, test, argument) || each(node.annotations, test, argument);
    case 'Agent':
      return (
        one(node.result, test, argument)
        || one(node.request, test, argument)
        || one(node.options, test, argument)
        || each(node.tools, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'AgentTool':
      return one(node.name, test, argument) || one(node.description, test, argument) || one(node.schema, test, argument) || one(node.body, test, argument);
    case 'RawAction':
      return (
        one(node.result, test, argument)
        || one(node.name, test, argument)
        || one(node.body, test, argument)
        || each(node.annotations, test, argument)
      );
    case 'JsonObject':
      return each(node.members, test, argument);
    case 'JsonMember':
      return one(node.key, test, argument) || one(node.value, test, argument);
    case 'JsonArray':
      return each(node.elements, test, argument);
    default:
      return unknownKind(node);
  }
}

function one<A>(child: Node | undefined, test: ChildTest<A>, argument: A): boolean {
  return child !== undefined && test(child, argument);
}

function each<A>(children: readonly Node[] | undefined, test: ChildTest<A>, argument: A): boolean {
  if (children === undefined) return false;
  // An indexed loop: an iterator would allocate per call.
  for (let i = 0; i < children.length; i++) if (test(children[i]!, argument)) return true;
  return false;
}

function someInterpolated<A>(literal: StringLiteral, test: ChildTest<A>, argument: A): boolean {
  for (const part of literal.parts) if (part.kind === 'Interpolation' && test(part.expression, argument)) return true;
  return false;
}

function unknownKind(node: never): never {
  throw new Error(`no such node kind: ${(node as Node).kind}`);
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
  // Every property of a node that holds a node holds a child, and a node is a child of one parent.
  const record = parent as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
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
    case 'Agent':
      for (const tool of step.tools) forEachStep(tool.body, visit);
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

/**
 * What a `call http` or `call connector` sends: its URL or path, queries, headers and body (an
 * agent's model request: its deployment and messages).
 */
export function requestParts(call: HttpCall): Expression[] {
  const parts = [call.url, ...(call.queries ?? []).map((query) => query.value), ...(call.headers ?? []).map((header) => header.value)];
  // A call api's subscription key goes to the gateway with the request.
  if (call.subscriptionKey) parts.push(call.subscriptionKey);
  // Its authentication's credentials go to the host (Basic, Raw, a client certificate) or buy a token that does.
  if (call.auth) parts.push(call.auth);
  if (call.body) parts.push(call.body);
  return parts;
}
