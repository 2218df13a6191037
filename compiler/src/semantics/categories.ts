/**
 * The data categories of every value, each with the first place it came from. Categories belong
 * to values, not to names or declared types: a declared type may add categories to a value, never
 * remove the ones that flow into it (README, "How the analysis sees data").
 *
 * A value's categories are kept as a shape, so that reading a field yields what is in that field
 * and not what its neighbours hold: `any` is what may be anywhere in the value, `fields` what is
 * known to sit in each field, `element` what is in each element of an array. Reading `v.f` yields
 * `v.any` and what is in `f`; a sink receives the value flattened, everything in it.
 *
 * - Reading a field of a declared record also yields the field's declared categories (a type
 *   adds); a record literal written where a declared record is expected takes the declared
 *   categories of the fields it fills.
 * - A let, a loop variable and `item` carry what they were bound to (a loop variable and `item` an
 *   element of it); a var the union of its initialiser and of every `set` and `append` to it
 *   anywhere in the flow, and of the conditions each of those runs under (control.ts), which is
 *   why the bindings are iterated to a fixpoint.
 * - What Jig cannot know is never safe: an untyped HTTP response, an untyped request body, a
 *   parameter known only at deploy time carry every category the flow declares in `@data`.
 * - An HTTP response carries what the request sent (a service may echo it) as well as its
 *   `returns` type's; a child flow's result every category the child declares and what it
 *   answers (the project's answer cell of the child).
 * - Data that lives in the project rather than in this file is named by a placeholder that the
 *   flow stage resolves against the whole project (flow/project-data.ts): a query of a container
 *   yields what the project's flows store there (a list's new item and a queue's message, what
 *   they store in the list and send to the queue), a flow's request body what its callers pass.
 * - An aggregate carries only `aggregate.anonymized` (its key and min/max are §5's to judge);
 *   literals, `utcNow()`, `guid()` and secrets (credentials, confined by JIG2050) carry none.
 */
import type { Block, CallExpression, DeleteStep, Expression, FlowCall, FlowDecl, HttpCall, LetStep, LetValue, MessageTrigger, Node, QueryOperation, RawActionStep, RawTrigger, RecordLiteral, Step, StoreTarget } from '../syntax/tree.js';
import type { TextRange } from '../syntax/source.js';
import type { CategoryFlow, CategoryOrigin } from './model.js';
import type { MixedSource } from '../policy/model.js';
import type { RecordFieldType, RecordType, Type } from './types.js';
import type { MutableSymbol } from './binder.js';
import type { ControlSource } from './control.js';
import { stripOptional } from './relations.js';
import { forEachChild, requestParts } from '../syntax/visit.js';
import { topicsOfSource } from '../connectors/eventgrid.js';
import { entityOfPath } from '../connectors/servicebus.js';
import { EVERY_CELL, EVERY_HISTORY, answerCell } from './store-reads.js';
import { targetText } from './targets.js';

export const AGGREGATE_CATEGORY = 'aggregate.anonymized';

/**
 * Placeholders are kept among the categories of a value under keys no category can have (they
 * start with `?`). `?foreign` marks data that did not come from the flow's own trigger (a
 * query, a response, a child flow's result, something unknown): replying to the sender of a
 * mail may answer the data subject with their own mail, never with anyone else's data.
 */
export const FOREIGN = '?foreign';
/**
 * Marks a value that may hold a secret: a `secret` parameter, what a request that sent one answers
 * (a service may echo what it was sent, or answer a token bought with it), what reads the run's own
 * state where the flow holds one (`result(…)`, `action()`, inline code, a raw action), and what
 * Key Vault answers. Not a category: it is confined to a call's request (policy/rules/secrets.ts),
 * and the emitter hides every action whose data holds it (emit/privacy.ts).
 */
export const SECRET = '?secret';
/**
 * Where a secret a value may hold came from: not one that only decided whether its step runs (a
 * catch after a call that sent a secret), which tells no more than the step's status does.
 */
export function secretIn(categories: CategoryFlow): CategoryOrigin | undefined {
  const origin = categories.get(SECRET);
  return origin && !origin.control ? origin : undefined;
}

/** What `@declassify(secret, "reason")` names: the value holds no secret (the author says why). */
export const SECRET_DECLASSIFIED = 'secret';
/**
 * How the reason of a `@declassify(secret, …)` that `jig import` writes begins: an assumption the
 * imported JSON cannot support (what an authenticated call to a URL known only at run time
 * answers), a hole until the author confirms it. It drops nothing (semantics/checker.ts) and is
 * reported as a hole (policy/secrets.ts, JIG3017), not as a declassification.
 */
export const IMPORT_ASSUMPTION = "jig import's assumption, to confirm:";
/** Whether a declassification is `jig import`'s assumption that its value holds no secret, not the author's word. */
export function isImportAssumption(declassification: { readonly category: string; readonly reason: string }): boolean {
  return declassification.category === SECRET_DECLASSIFIED && declassification.reason.trimStart().toLowerCase().startsWith(IMPORT_ASSUMPTION.toLowerCase());
}
/** The pseudo-field of a shape that holds what sits in fields it does not list. */
export const WHOLE = '*';
/** In a cell placeholder, what sits in fields other than those listed after it. */
export const REST = '~';
/** The field of a flow's input cell that holds the conditions its callers call it under. */
export const CONTROL = '^';

export const isPlaceholder = (key: string): boolean => key.charCodeAt(0) === 63; /* ? */

/** The project-wide cell of a container: what every flow of the project stores in it. */
export function storeCell(target: StoreTarget): string {
  const store = target.store.name;
  return `store:${store}/${target.args.map((arg, index) => sameContainer(store, index, arg.value ?? '')).join('/')}`;
}

/**
 * One spelling for every way of writing one container, so that what one flow stores there is
 * what another reads: Cosmos DB's ids are case-sensitive, but SharePoint's addresses and list
 * names, SQL's names (by default collation) and Blob's accounts and containers (lower case only)
 * are not, and a site's address may end in a slash. A Blob account is one whether written as its
 * name or its host (`acct`, `acct.blob.core.windows.net`), and a Blob container is its first
 * segment: `blob("acct", "kids/2024")` stores into the folder `2024` of the container `kids`, which
 * `query blob("acct", "kids") name "2024/…"` reads. Merging two spellings can only add categories.
 */
function sameContainer(store: string, index: number, argument: string): string {
  if (store === 'cosmos') return argument;
  const lower = argument.toLowerCase();
  if (store === 'sharepoint') return lower.replace(/\/+$/, '');
  if (store !== 'blob') return lower;
  if (index === 0) return lower.trim().replace(/\.$/, '').replace(/\.blob\.core\.(windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/, '');
  return lower.replace(/^\/+/, '').split('/')[0]!;
}

/**
 * The project-wide cell of a Service Bus queue or topic: what every flow of the project sends to
 * it, which a flow its messages trigger reads (a subscription reads its topic, whether named as the
 * trigger's third argument or by its path `TOPIC/subscriptions/NAME`, and a dead-letter queue its
 * entity: connectors/servicebus.ts `entityOfPath`). Entity names are case-insensitive; the
 * namespace written is left out, since the workflow's `servicebus` connection, not the name,
 * decides which namespace a step reaches (policy/destinations.ts), so two entities of one name may
 * be one. Merging can only add categories.
 */
export function messageCell(target: StoreTarget): string {
  return `message:${target.store.name}/${entityOfPath(target.args[1]?.value ?? '')}`;
}

/**
 * The project-wide cell of an Event Grid custom topic: the events the project's flows post to its
 * endpoint (`NAME.REGION-1.eventgrid.azure.net`), which a flow triggered by the topic reads; `*`
 * for every topic (a trigger on a resource group).
 */
export const eventCell = (topic: string): string => `message:eventgrid/${topic}`;

/**
 * The project-wide cell of a flow's request body: what every caller passes it, by `call flow` or by
 * a request to its trigger's URL (which names the workflow, as Logic Apps does, ignoring case).
 */
export const inputCell = (flow: string): string => `input:${flow.toLowerCase()}`;

/**
 * The project cell whose writes start a flow's runs: its input cell (when another flow may call
 * it: `mayBeCalled`), or the list, queue or topic its trigger reads.
 */
export function startingCellOf(flow: FlowDecl, mayBeCalled: (name: string) => boolean = () => true): string | undefined {
  const trigger = flow.trigger;
  if (trigger?.kind === 'HttpTrigger') return mayBeCalled(flow.name.name) ? inputCell(flow.name.name) : undefined;
  return trigger?.kind === 'MessageTrigger' ? triggerCellOf(trigger) : undefined;
}

/** The cell a list, queue or topic trigger reads: undefined for a service whose writes Jig does not follow. */
export function triggerCellOf(trigger: MessageTrigger): string | undefined {
  const service = trigger.source.store.name;
  const topic = service === 'eventgrid' ? topicsOfSource(trigger.source.args[0]?.value ?? '') : undefined;
  if (service !== 'sharepoint' && service !== 'servicebus' && topic === undefined) return undefined;
  return service === 'sharepoint' ? storeCell(trigger.source) : topic !== undefined ? eventCell(topic) : messageCell(trigger.source);
}

/** The placeholder of what a cell holds in field `field`. */
export const fieldPlaceholder = (cell: string, field: string): string => `?${cell}#${field}`;
/** The placeholder of what a cell holds in every field but `listed`. */
export const restPlaceholder = (cell: string, listed: readonly string[]): string => `?${cell}#${REST}${listed.join(',')}`;

/**
 * The fields of a value read from a cell: each listed field holds what the cell holds there, and
 * the fields not listed (`WHOLE`) what it holds anywhere else, so that the value read whole holds
 * all the cell holds. `foreign`: the value did not come from the flow's own trigger.
 */
function cellFields(cell: string, listed: readonly string[], origin: CategoryOrigin, foreign: boolean): Map<string, Shape> {
  const placeholder = (key: string): Shape => makeShape(new Map(foreign ? [[key, origin], [FOREIGN, origin]] : [[key, origin]]));
  const fields = new Map<string, Shape>([[WHOLE, placeholder(restPlaceholder(cell, listed))]]);
  for (const name of listed) fields.set(name, placeholder(fieldPlaceholder(cell, name)));
  return fields;
}

/** A value's categories, by where they sit in it. */
export interface Shape {
  /** What may be anywhere in the value. */
  readonly any: CategoryFlow;
  /** What is known to sit in each field; `WHOLE` holds fields that are not listed. */
  readonly fields?: ReadonlyMap<string, Shape>;
  /** What is in each element of an array. */
  readonly element?: Shape;
  /**
   * What decided which elements a list holds (a `where` condition): a receiver of the list, or of
   * one element picked from it, learns it; a field read from its elements does not hold it.
   */
  readonly selection?: CategoryFlow;
}

const EMPTY: CategoryFlow = new Map();

/**
 * Every shape is made here, with all four properties (those it lacks undefined) in one order: V8
 * then gives every shape one hidden class, and the reads of `shape.fields` and the rest, on every
 * value the analysis follows, stay monomorphic instead of meeting a dozen layouts (a literal and a
 * spread of each combination of properties each make their own).
 */
export function makeShape(any: CategoryFlow, fields?: ReadonlyMap<string, Shape>, element?: Shape, selection?: CategoryFlow): Shape {
  return { any, fields, element, selection };
}

export const EMPTY_SHAPE: Shape = makeShape(EMPTY);

/**
 * Every category's origin is made here, for the reason shapes are (makeShape): all four properties
 * in one order, those it lacks undefined. Origins were made by a dozen literals and spreads
 * (`{ range, description }`, `{ ...origin, control: true }`, one with `mixedSource`, copies that
 * relabel them), each its own hidden class, so that reading `origin.control` to rank two origins and
 * the store of a relabelled `description` (once per category of every value read) went megamorphic.
 */
export function makeOrigin(range: TextRange, description: string, mixedSource?: string, control?: true): CategoryOrigin {
  return { range, description, mixedSource, control };
}
/** Deeper shapes are folded into `any`: a var built from itself (`set v = { a: v }`) stays finite. */
const MAX_DEPTH = 6;

/** A symbol and a value whose categories flow into it, and how. */
export interface CategoryBinding {
  readonly symbol: MutableSymbol;
  readonly value: Expression | LetValue;
  /**
   * `value`: takes the value (let, var, set); `element`: an element of it (for each, item);
   * `append`: adds it as an element or to a string; `unknown`: a raw action writes it, whatever
   * it writes (rule 1; `value` is then the raw action's name, which reads nothing).
   */
  readonly kind: 'value' | 'element' | 'append' | 'unknown';
  /** The step that binds, whose conditions the bound symbol carries too. */
  readonly step?: Step;
}

export interface CategoryInputs {
  typeOf(node: Expression | LetValue): Type;
  symbolOfName(node: Expression & { kind: 'Name' }): MutableSymbol | undefined;
  /** The flow a node stands in. */
  flowAt(offset: number): FlowDecl | undefined;
  /** Every category a flow's `@data` declares, with their descendants in the taxonomy. */
  declaredClosure(flow: FlowDecl | undefined): readonly string[];
  /** What a child flow may return: the categories its `@data` declares, with their descendants. */
  flowResultCategories(call: FlowCall): readonly string[];
  /** Whether any flow of the project could call flow NAME (its name stands anywhere but its declaration). */
  mayBeCalled(name: string): boolean;
  /** Whether a parameter's value is known only at deploy time (no default, or from the environment or Key Vault). */
  isDeployTimeParam(param: MutableSymbol): boolean;
  /** The categories a step's `@declassify` drops from the value it makes (`secret`: SECRET_DECLASSIFIED). */
  declassified(step: LetStep): readonly string[];
  /** Whether a flow's run holds a secret: it reads a `secret` param, or holds a raw action or trigger (whose JSON may read one). */
  holdsSecret(flow: FlowDecl | undefined): boolean;
  /**
   * Whether what a raw trigger answers may be a secret: its own JSON may be answered one (through a
   * connection Jig cannot identify or Key Vault's, store-reads.ts rawReadsCredentials), or may read
   * a `secret` param of the file. Not what the run's actions hold: the trigger fires before them.
   */
  rawTriggerAnswersSecret(trigger: RawTrigger): boolean;
  /** Whether `appsetting(NAME)` may read a secret param's value: NAME is one (a Standard app keeps it in that setting), or computed. */
  readsSecretSetting(call: CallExpression): boolean;
  /** Whether what a request answers may be a credential (store-reads.ts `readsCredentialsBy`: Key Vault, Resource Manager's list… actions, …). */
  readsCredentials(call: HttpCall): boolean;
  /** The prefixes of the project's cells a request reads (semantics/store-reads.ts), or undefined. */
  cellsReadBy(call: HttpCall): readonly string[] | undefined;
  /** The policy's mixed source a door may read, whatever its type says (the mailbox: SemanticModel.mixedSourceReadBy), or undefined. */
  mixedSourceReadBy(door: HttpCall | RawActionStep | RawTrigger): MixedSource | undefined;
  controlOf(step: Step): readonly ControlSource[];
  /** What the agent's model may say, for an `agentParameters(…)` in one of its tools' steps. */
  agentModelOf(call: Expression): MutableSymbol | undefined;
  /** The symbol `trigger` names in a flow. */
  triggerSymbolOf(flow: FlowDecl): MutableSymbol | undefined;
  readonly bindings: readonly CategoryBinding[];
}

/** Whether `origin` should replace `existing`: data held outranks data only told through a condition. */
const outranks = (origin: CategoryOrigin, existing: CategoryOrigin | undefined): boolean =>
  existing === undefined || (existing.control === true && origin.control !== true);

function add(into: Map<string, CategoryOrigin>, from: CategoryFlow): void {
  for (const [category, origin] of from) if (outranks(origin, into.get(category))) into.set(category, origin);
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
    else if (result !== flow) {
      owned ??= new Map(result);
      add(owned, flow);
      result = owned;
    }
  }
  return result;
}

function union2(a: CategoryFlow, b: CategoryFlow): CategoryFlow {
  if (b.size === 0 || a === b) return a;
  if (a.size === 0) return b;
  let grows = false;
  for (const [key, origin] of b) if (outranks(origin, a.get(key))) grows = true;
  if (!grows) return a;
  const result = new Map(a);
  add(result, b);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Shapes

const flattened = new WeakMap<Shape, CategoryFlow>();

/** Everything in a value: what a sink that receives it whole receives. */
export function flatten(shape: Shape): CategoryFlow {
  if (!shape.fields && !shape.element && !shape.selection) return shape.any;
  let result = flattened.get(shape);
  if (!result) {
    // What sits in a field first: its origin names the field read, the most precise place.
    result = EMPTY;
    if (shape.fields) for (const field of shape.fields.values()) result = union2(result, flatten(field));
    if (shape.element) result = union2(result, flatten(shape.element));
    result = union2(result, shape.any);
    if (shape.selection) result = union2(result, shape.selection);
    flattened.set(shape, result);
  }
  return result;
}

/** Shapes of values that hold their categories anywhere, one a category flow: most operators' and calls' (and unions often return one of their inputs). */
const anyShapes = new WeakMap<CategoryFlow, Shape>();

function anyShape(categories: CategoryFlow): Shape {
  if (categories.size === 0) return EMPTY_SHAPE;
  let shape = anyShapes.get(categories);
  if (!shape) anyShapes.set(categories, (shape = makeShape(categories)));
  return shape;
}

/** `shape` with `extra` anywhere in it. */
export function withAny(shape: Shape, extra: CategoryFlow): Shape {
  const any = union2(shape.any, extra);
  return any === shape.any ? shape : makeShape(any, shape.fields, shape.element, shape.selection);
}

function isEmpty(shape: Shape): boolean {
  return shape.any.size === 0 && !shape.fields && !shape.element && !shape.selection;
}

/** The least shape holding both. */
export function joinShapes(a: Shape, b: Shape, depth = 0): Shape {
  if (a === b || isEmpty(b)) return a;
  if (isEmpty(a)) return depth === 0 ? b : limitDepth(b, depth);
  if (depth >= MAX_DEPTH) return makeShape(union2(flatten(a), flatten(b)));
  const any = union2(a.any, b.any);
  let fields = a.fields;
  if (b.fields) {
    // Copied only once a field changes: most joins add nothing new.
    let joined: Map<string, Shape> | undefined;
    for (const [name, shape] of b.fields) {
      const before = (joined ?? a.fields)?.get(name);
      const after = before ? joinShapes(before, shape, depth + 1) : limitDepth(shape, depth + 1);
      if (after === before) continue;
      joined ??= new Map(a.fields ?? []);
      joined.set(name, after);
    }
    if (joined) fields = joined;
  }
  const element = a.element && b.element ? joinShapes(a.element, b.element, depth + 1) : (a.element ?? (b.element && limitDepth(b.element, depth + 1)));
  const selection = a.selection && b.selection ? union2(a.selection, b.selection) : (a.selection ?? b.selection);
  if (any === a.any && fields === a.fields && element === a.element && selection === a.selection) return a;
  return makeShape(any, fields, element, selection);
}

function limitDepth(shape: Shape, depth: number): Shape {
  if (depth < MAX_DEPTH || (!shape.fields && !shape.element)) return shape;
  return makeShape(flatten(shape));
}

/** What reading field `name` of a value yields. */
export function memberOf(shape: Shape, name: string): Shape {
  const field = shape.fields?.get(name) ?? shape.fields?.get(WHOLE);
  return field ? withAny(field, shape.any) : shape.any.size === 0 ? EMPTY_SHAPE : makeShape(shape.any);
}

/** What reading an element of an array yields. */
export function elementOf(shape: Shape): Shape {
  return shape.element ? withAny(shape.element, shape.any) : shape.any.size === 0 ? EMPTY_SHAPE : makeShape(shape.any);
}

/** A list whose elements were selected by a condition reading `condition`. */
function selectedBy(list: Shape, condition: CategoryFlow): Shape {
  if (condition.size === 0) return list;
  return makeShape(list.any, list.fields, list.element, list.selection ? union2(list.selection, condition) : condition);
}

/** Whether two shapes hold the same keys everywhere (origins aside): the fixpoint's test. */
function sameKeys(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  const fa = flatten(a);
  const fb = flatten(b);
  if (fa.size !== fb.size || a.any.size !== b.any.size || (a.selection?.size ?? 0) !== (b.selection?.size ?? 0)) return false;
  if ((a.fields?.size ?? 0) !== (b.fields?.size ?? 0) || !a.element !== !b.element) return false;
  if (a.fields) for (const [name, shape] of a.fields) {
    const other = b.fields?.get(name);
    if (!other || !sameKeys(shape, other)) return false;
  }
  return !a.element || sameKeys(a.element, b.element!);
}

/** `shape` without the categories dropped (each named, no parent stands for its children); placeholders keep a note of them. */
function without(shape: Shape, dropped: readonly string[]): Shape {
  const categoriesDropped = dropped.filter((category) => category !== SECRET_DECLASSIFIED);
  const filter = (flow: CategoryFlow): CategoryFlow => {
    const result = new Map<string, CategoryOrigin>();
    for (const [key, origin] of flow) {
      if (isPlaceholder(key)) {
        if (key === FOREIGN) result.set(key, origin);
        else if (key === SECRET) {
          if (!dropped.includes(SECRET_DECLASSIFIED)) result.set(key, origin);
        } else result.set(`${key.split('!')[0]}!${[...new Set([...(key.split('!')[1]?.split(',') ?? []), ...categoriesDropped])].join(',')}`, origin);
      } else if (!dropped.includes(key)) result.set(key, origin);
    }
    return result;
  };
  const fields = shape.fields && new Map([...shape.fields].map(([name, field]) => [name, without(field, dropped)]));
  return makeShape(filter(shape.any), fields, shape.element && without(shape.element, dropped), shape.selection && filter(shape.selection));
}

// ---------------------------------------------------------------------------------------------
// The analysis

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
      return `query ${targetText(node.source)}`;
    case 'HttpCall':
      if (node.agent) return `the answer of the agent's model (connection "${node.connector?.value ?? ''}")`;
      if (node.workflow) return 'the response of call workflow';
      if (node.azureFunction) return 'the response of call function';
      if (node.apiPath) return 'the response of call api';
      return node.connector ? `the response of call ${node.service ? 'service' : 'connector'} "${node.connector.value ?? ''}"` : `the response of call http ${node.method?.name ?? ''}`;
    case 'FlowCall':
      return `the result of flow ${node.flow.name}`;
    case 'Aggregate':
      return `aggregate … by ${node.by.name}`;
    case 'ParseJson':
      return `parse json ${describePath(node.content)}`;
    case 'DocumentOperation':
      return `${node.operation} ${describePath(node.content)}`;
    case 'InlineCode':
      return 'the result of javascript';
    case 'TimeOperation':
      return `${node.operation} time`;
    case 'TableOperation':
      return `${node.format} table ${describePath(node.from)}`;
    default:
      return 'the expression';
  }
}

export class CategoryAnalysis {
  private readonly cache = new Map<Node, Shape>();
  /** Shapes placed at a read whose categories depend on types only, kept across fixpoint passes. */
  private readonly placed = new Map<Node, Shape>();
  /** The shape each let, var, loop variable and `item` holds. */
  private readonly symbolShapes = new Map<MutableSymbol, Shape>();
  private readonly unknownByFlow = new Map<FlowDecl | undefined, CategoryFlow>();
  private readonly triggerShapes = new Map<MutableSymbol, Shape>();
  /**
   * While the fixpoint runs: what each cached answer (a shape, a condition's, a block's, a step's
   * conditions') read of the symbols' shapes, itself or through the answers it used, and the answers
   * that read each symbol, dropped when it grows. The others stay: dropping every answer at every
   * growth made half of all shapes be computed twice.
   */
  private tracking = true;
  private readonly readBy = new Map<object, Set<MutableSymbol>>();
  private readonly readers = new Map<MutableSymbol, object[]>();
  /** The symbols the answer being computed has read so far. */
  private reading: Set<MutableSymbol> | undefined;
  private readonly triggerObjects = new Map<MutableSymbol, Shape>();
  private readonly controlByStep = new Map<readonly ControlSource[], CategoryFlow>();
  private readonly conditions = new Map<ControlSource, CategoryFlow>();
  /** The symbols the conditions of a step read, by the list of conditions the steps of a block share. */
  private readonly controlReads = new Map<readonly ControlSource[], MutableSymbol[]>();
  private readonly blocks = new Map<Block, CategoryFlow>();
  private readonly callerControl = new Map<FlowDecl, CategoryFlow>();

  constructor(private readonly inputs: CategoryInputs) {}

  /**
   * Propagates shapes through the bindings to a fixpoint, with a worklist: a binding is evaluated
   * again only when a symbol it reads has grown (shapes only grow, and depth is bounded, so this
   * ends). What a binding reads is found in its text: the names in its value and in the conditions
   * its step runs under. A cached answer is dropped when a symbol it read grows.
   */
  run(): void {
    const bindings = this.inputs.bindings;
    const readers = new Map<MutableSymbol, number[]>();
    bindings.forEach((binding, index) => {
      for (const symbol of this.symbolsRead(binding)) {
        let list = readers.get(symbol);
        if (!list) readers.set(symbol, (list = []));
        list.push(index);
      }
    });
    // Sweeps in source order over what is queued: first everything, then what a growth made stale.
    const queued = new Uint8Array(bindings.length).fill(1);
    for (let pending = bindings.length; pending > 0; ) {
      for (let index = 0; index < bindings.length; index++) {
        if (!queued[index]) continue;
        queued[index] = 0;
        pending--;
        const binding = bindings[index]!;
        const before = this.symbolShapes.get(binding.symbol) ?? EMPTY_SHAPE;
        const after = joinShapes(before, this.bound(binding));
        if (after === before || sameKeys(before, after)) continue;
        this.symbolShapes.set(binding.symbol, after);
        this.forgetReadersOf(binding.symbol);
        for (const reader of readers.get(binding.symbol) ?? []) {
          if (queued[reader]) continue;
          queued[reader] = 1;
          pending++;
        }
      }
    }
    // No symbol grows from here on: every cached answer stays.
    this.tracking = false;
    this.readBy.clear();
    this.readers.clear();
    for (const [symbol, shape] of this.symbolShapes) add(symbol.categories, flatten(shape));
  }

  /** Drops the cached answers that read a symbol's shape, which has grown. */
  private forgetReadersOf(symbol: MutableSymbol): void {
    const stale = this.readers.get(symbol);
    if (!stale) return;
    this.readers.delete(symbol);
    for (const key of stale) {
      this.cache.delete(key as Node);
      this.controlByStep.delete(key as readonly ControlSource[]);
      this.conditions.delete(key as ControlSource);
      this.blocks.delete(key as Block);
      this.readBy.delete(key);
    }
  }

  /** Notes that the answer being computed reads a symbol's shape. */
  private readSymbol(symbol: MutableSymbol): void {
    if (this.tracking) (this.reading ??= new Set()).add(symbol);
  }

  /** Notes that the answer being computed uses a cached one, and so reads what that one read. */
  private reuse(key: object): void {
    const read = this.readBy.get(key);
    if (read) for (const symbol of read) (this.reading ??= new Set()).add(symbol);
  }

  /** Caches an answer computed by `compute`, noting what it read (while the fixpoint runs). */
  private remembered<K extends object, V>(cache: Map<K, V>, key: K, compute: (key: K) => V): V {
    if (!this.tracking) {
      const value = compute(key);
      cache.set(key, value);
      return value;
    }
    const outer = this.reading;
    this.reading = undefined;
    let value: V;
    let read: Set<MutableSymbol> | undefined;
    try {
      value = compute(key);
      // Set by compute through readSymbol and reuse (TypeScript still sees the undefined above).
      read = this.reading as Set<MutableSymbol> | undefined;
    } finally {
      this.reading = outer;
    }
    cache.set(key, value);
    if (read) {
      this.readBy.set(key, read);
      for (const symbol of read) {
        let list = this.readers.get(symbol);
        if (!list) this.readers.set(symbol, (list = []));
        list.push(key);
        (this.reading ??= new Set()).add(symbol);
      }
    }
    return value;
  }

  /** The lets, vars, loop variables and `item`s whose shapes a binding's evaluation reads. */
  private symbolsRead(binding: CategoryBinding): Set<MutableSymbol> {
    const symbols = new Set<MutableSymbol>();
    const visit = (node: Node): void => {
      if (node.kind === 'Name') {
        const symbol = this.inputs.symbolOfName(node as Expression & { kind: 'Name' });
        if (symbol && (symbol.kind === 'let' || symbol.kind === 'var' || symbol.kind === 'loop' || symbol.kind === 'item')) symbols.add(symbol);
        return;
      }
      if (node.kind === 'Call' && node.callee.name === 'agentParameters') {
        const model = this.inputs.agentModelOf(node);
        if (model) symbols.add(model);
      }
      forEachChild(node, visit);
    };
    visit(binding.value);
    if (binding.step) {
      const sources = this.inputs.controlOf(binding.step);
      if (sources.length > 0) {
        let read = this.controlReads.get(sources);
        if (!read) {
          const before = new Set(symbols);
          for (const source of sources) visit(source.node);
          read = [...symbols].filter((symbol) => !before.has(symbol));
          this.controlReads.set(sources, read);
        }
        for (const symbol of read) symbols.add(symbol);
      }
    }
    return symbols;
  }

  private bound(binding: CategoryBinding): Shape {
    let shape: Shape;
    if (binding.kind === 'unknown') {
      const description = `${binding.symbol.name}, written by a raw action`;
      shape = makeShape(binding.step?.kind === 'RawAction' ? this.rawDoor(binding.step, binding.value, description) : this.unknownReadingStores(binding.value, description));
    }
    else if (binding.kind === 'element') shape = elementOf(this.shapeOf(binding.value));
    else if (binding.kind === 'append') {
      const value = this.shapeOf(binding.value);
      shape = stripOptional(binding.symbol.type).kind === 'array' ? makeShape(EMPTY, undefined, value) : makeShape(flatten(value));
    } else shape = this.shapeOf(binding.value);
    if (binding.step) {
      if (binding.step.kind === 'Let') {
        const dropped = this.inputs.declassified(binding.step);
        if (dropped.length > 0) shape = without(shape, dropped);
      }
      shape = withAny(shape, this.controlCategories(binding.step));
    }
    return shape;
  }

  categoriesOf(node: Expression | LetValue): CategoryFlow {
    return flatten(this.shapeOf(node));
  }

  shapeOf(node: Expression | LetValue): Shape {
    const result = this.cache.get(node);
    if (!result) return this.remembered(this.cache, node, this.computeShape);
    if (this.tracking) this.reuse(node);
    return result;
  }

  private readonly computeShape = (node: Node): Shape => this.compute(node as Expression | LetValue);

  /** What the trigger brings into its flow: the request or the mail (a schedule brings nothing but its time, read or not). */
  triggerCategories(trigger: MutableSymbol): CategoryFlow {
    const placed = this.triggerShapes.get(trigger) ?? this.placedTrigger(trigger);
    return placed.fields?.has('body') ? flatten(memberOf(placed, 'body')) : EMPTY;
  }

  private placedTrigger(trigger: MutableSymbol): Shape {
    const at: Node | undefined = trigger.declaringNode ?? trigger.flow;
    const range = at?.range ?? SHAPE_RANGE;
    const placed = placeShape(this.triggerShape(trigger), range, 'trigger', (description) => this.unknown(at ?? trigger.flow!, description));
    this.triggerShapes.set(trigger, placed);
    return placed;
  }

  /**
   * The categories of the conditions a step runs under (control.ts), and, in a flow that another
   * flow may call, the conditions its callers call it under: a child runs only because they held,
   * so each of its steps tells them as its own conditions would.
   */
  controlCategories(step: Step, except?: (source: ControlSource) => boolean): CategoryFlow {
    const callers = this.callerConditions(step);
    const all = this.inputs.controlOf(step);
    const sources = except ? all.filter((source) => !except(source)) : all;
    if (sources.length === 0) return callers;
    if (sources !== all) return union2(unionOfCategories(sources, this.conditionCategoriesOf), callers);
    // The steps of a block share one list of conditions, and the lists share their conditions.
    let result = this.controlByStep.get(sources);
    if (!result) result = this.remembered(this.controlByStep, sources, this.unionOfConditions);
    else if (this.tracking) this.reuse(sources);
    return union2(result, callers);
  }

  /**
   * What the conditions read that a flow's run exists because of, resolved against the project: the
   * `CONTROL` field of its input cell (the conditions its callers call it under), or of the cell its
   * trigger reads (a Service Bus message, an Event Grid event, a SharePoint item exists only because
   * the conditions its sender wrote it under held, so every step of the run it starts tells them,
   * whether or not it reads the message).
   */
  private callerConditions(step: Step): CategoryFlow {
    const flow = this.inputs.flowAt(step.range.start);
    if (!flow) return EMPTY;
    let result = this.callerControl.get(flow);
    if (!result) {
      const cell = startingCellOf(flow, (name) => this.inputs.mayBeCalled(name));
      const description = cell?.startsWith('input:') ? `the conditions a flow calls ${flow.name.name} under` : `the conditions under which what starts ${flow.name.name} was written`;
      result = cell === undefined ? EMPTY : new Map([[fieldPlaceholder(cell, CONTROL), makeOrigin(flow.name.range, description, undefined, true)]]);
      this.callerControl.set(flow, result);
    }
    return result;
  }

  private readonly unionOfConditions = (sources: readonly ControlSource[]): CategoryFlow => unionOfCategories(sources, this.conditionCategoriesOf);

  private readonly conditionCategoriesOf = (source: ControlSource): CategoryFlow => {
    const result = this.conditions.get(source);
    if (!result) return this.remembered(this.conditions, source, this.computeConditionCategories);
    if (this.tracking) this.reuse(source);
    return result;
  };

  private readonly computeConditionCategories = (source: ControlSource): CategoryFlow => this.conditionCategories(source);

  /** What a condition reads, each category described as coming through it. */
  private conditionCategories(source: ControlSource): CategoryFlow {
    const node = source.node;
    const read = node.kind === 'Block' ? this.blockCategories(node) : node.kind === 'Delete' ? this.deleteCategories(node) : this.categoriesOf(node);
    if (read.size === 0) return EMPTY;
    const through =
      source.via && source.kind === 'race' ? `${this.sourceText(source.via)}, in a branch of the parallel, which decides which branch gets there first`
      : source.via && source.kind === 'timing' ? `${this.sourceText(source.via)}, which decides how long the run took before the respond (an answer after the caller stopped waiting fails, and the run with it)`
      : source.via && source.kind === 'retry' ? `${this.sourceText(source.via)}, which decides whether the flow's caller is answered, and else sends its call again, running every step again`
      : this.sourceText(source);
    const result = new Map<string, CategoryOrigin>();
    for (const [category, origin] of read) result.set(category, makeOrigin(origin.range, `${origin.description}, through ${through}`, origin.mixedSource, true));
    return result;
  }

  /** How a source decides whether a step runs, for a finding's explanation. */
  private sourceText(source: ControlSource): string {
    const node = source.node;
    return (
      source.kind === 'catch' ? 'the try block that catch handles'
      : source.kind === 'after' ? 'the steps before it, on whose outcome it runs (@after)'
      : source.kind === 'call flow' ? 'the flow called before it, whose failure would stop the run'
      : source.kind === 'agent' ? "the agent's model, which chooses the tools that run and when"

      : node.kind === 'Delete' ? `the delete from ${targetText(node.target)} before it, which fails when the document is not there and would stop the run`
      : node.kind === 'HttpCall' ? `${describePath(node)} before it, which fails when what it reads is not there and would stop the run`
      : source.kind === 'failure' ? `${describePath(node as LetValue)} before it, which fails on some values and would stop the run`
      : `the ${source.kind} it runs under`
    );
  }

  /** Everything the steps of a block read: what its failure may depend on. */
  blockCategories(block: Block): CategoryFlow {
    const known = this.blocks.get(block);
    if (!known) return this.remembered(this.blocks, block, this.computeBlockCategories);
    if (this.tracking) this.reuse(block);
    return known;
  }

  private readonly computeBlockCategories = (block: Block): CategoryFlow => {
    const expressions: (Expression | LetValue)[] = [];
    const deletes: DeleteStep[] = [];
    const collect = (node: Node): void => {
      if (isValue(node)) expressions.push(node);
      else {
        if (node.kind === 'Delete') deletes.push(node as DeleteStep);
        forEachChild(node, collect);
      }
    };
    collect(block);
    let result = unionOfCategories(expressions, this.categoriesOfNode);
    for (const step of deletes) result = union2(result, this.containerCategories(step));
    return result;
  };

  /** What decides whether a `delete` fails: its id and partition key, and whether its container holds the document. */
  private deleteCategories(step: DeleteStep): CategoryFlow {
    return union2(this.union([step.id, step.partition]), this.containerCategories(step));
  }

  /** What a container holds: what the project's flows store there, read whole. */
  private containerCategories(step: DeleteStep): CategoryFlow {
    const origin = makeOrigin(step.target.range, `what ${targetText(step.target)} holds`);
    return new Map([[restPlaceholder(storeCell(step.target), []), origin], [FOREIGN, origin]]);
  }

  private union(nodes: readonly (Expression | LetValue | undefined)[]): CategoryFlow {
    return unionOfCategories(nodes, this.categoriesOfNode);
  }

  /** `categoriesOf`, made once: a union is taken at most nodes. */
  private readonly categoriesOfNode = (node: Expression | LetValue): CategoryFlow => this.categoriesOf(node);

  /** Every category the node's flow declares: what an unknown value may hold, for every rule. */
  private unknown(node: Node, description: string): CategoryFlow {
    const flow = this.inputs.flowAt(node.range.start);
    let shape = this.unknownByFlow.get(flow);
    if (!shape) {
      const origin = makeOrigin({ start: 0, end: 0 }, '');
      shape = new Map([...this.inputs.declaredClosure(flow).map((category) => [category, origin] as const), [FOREIGN, origin]]);
      this.unknownByFlow.set(flow, shape);
    }
    const origin = makeOrigin(node.range, `${description} (unknown to Jig: it may hold any category the flow declares)`);
    return new Map([...shape.keys()].map((category) => [category, origin]));
  }

  /**
   * What a door Jig cannot identify brings (a raw action's result, a var it writes): every category
   * the flow declares (rule 1), and what the project keeps in every container and queue, which its
   * JSON may read as a connector may (rule 2).
   */
  private unknownReadingStores(node: Node, description: string): CategoryFlow {
    const result = new Map(this.unknown(node, description));
    for (const [key, origin] of this.projectStores(node, description)) result.set(key, origin);
    return this.withRunSecrets(node, result, description);
  }

  /**
   * What reads the run's own state (a scope's results, an action's inputs, inline code's
   * workflowContext, a raw action's JSON) may read a secret the run holds: the inputs of the action
   * that sent it, and what that action was answered.
   */
  private withRunSecrets(node: Node, categories: Map<string, CategoryOrigin>, description: string): Map<string, CategoryOrigin> {
    if (this.inputs.holdsSecret(this.inputs.flowAt(node.range.start))) {
      categories.set(SECRET, makeOrigin(node.range, `${description}, which may read a secret the run holds (the inputs of the action that sends it, and what it answers)`));
    }
    return categories;
  }

  /** What the project keeps in every container and queue, read at `node` (described as `description`, then `end`). */
  private projectStores(node: Node, description: string, end = ''): CategoryFlow {
    const origin = makeOrigin(node.range, `${description}, which may read what the project keeps anywhere${end}`);
    return new Map([...EVERY_CELL.map((cell) => [restPlaceholder(`${cell}*`, []), origin] as const), [FOREIGN, origin]]);
  }

  private record(node: RecordLiteral): Shape {
    const fields = new Map<string, Shape>();
    const type = this.inputs.typeOf(node);
    const declared = type.kind === 'record' && type.name !== undefined ? type : undefined;
    for (const field of node.fields) {
      let shape = this.shapeOf(field.value);
      const declaredField = declared?.fields.get(field.name.name);
      if (declaredField) {
        const typed = this.placed.get(field) ?? this.place(field, fieldShape(declaredField), field.value.range, `${declared!.name}.${declaredField.name}`);
        shape = joinShapes(typed, shape);
      }
      fields.set(field.name.name, joinShapes(fields.get(field.name.name) ?? EMPTY_SHAPE, shape));
    }
    return fields.size === 0 ? EMPTY_SHAPE : makeShape(EMPTY, fields);
  }

  private compute(node: Expression | LetValue): Shape {
    switch (node.kind) {
      case 'Number':
      case 'Boolean':
      case 'Null':
      case 'Missing':
        return EMPTY_SHAPE;
      case 'FlowCall':
        return this.answerOf(node);
      case 'String':
        return anyShape(this.union(node.parts.map((part) => (part.kind === 'Interpolation' ? part.expression : undefined))));
      case 'Name': {
        const symbol = this.inputs.symbolOfName(node);
        if (!symbol) return EMPTY_SHAPE;
        switch (symbol.kind) {
          case 'trigger':
            // Placed once, at the trigger: a field read adds its declared field placed at the read.
            return this.triggerShapes.get(symbol) ?? this.placedTrigger(symbol);
          case 'param':
            if (symbol.type.kind === 'secret') return this.placed.get(node) ?? this.remember(node, makeShape(new Map([[SECRET, makeOrigin(node.range, `the secret ${symbol.name}`)]])));
            if (!this.inputs.isDeployTimeParam(symbol)) return EMPTY_SHAPE;
            return this.placed.get(node) ?? this.remember(node, makeShape(this.unknown(node, `the parameter ${symbol.name}, known only at deploy time`)));
          case 'let':
            // A raw action's result: Jig does not read its JSON (rule 1).
            if (symbol.declaringNode?.kind === 'RawAction') {
              return this.placed.get(node) ?? this.remember(node, makeShape(this.rawDoor(symbol.declaringNode as RawActionStep, node, `${symbol.name}, the result of a raw action`)));
            }
            this.readSymbol(symbol);
            return this.symbolShapes.get(symbol) ?? EMPTY_SHAPE;
          case 'var':
          case 'loop':
          case 'item':
            this.readSymbol(symbol);
            return this.symbolShapes.get(symbol) ?? EMPTY_SHAPE;
          default:
            return EMPTY_SHAPE;
        }
      }
      case 'Member': {
        const read = memberOf(this.objectShapeOf(node.object), node.member?.name ?? '');
        const objectType = stripOptional(this.inputs.typeOf(node.object));
        const field = node.member && objectType.kind === 'record' && objectType.name !== undefined ? objectType.fields.get(node.member.name) : undefined;
        if (!field) return read;
        // The declared field's own origin first: a finding points at the read that brings it in.
        const typed = this.placed.get(node) ?? this.place(node, fieldShape(field), node.range, describePath(node));
        return joinShapes(typed, read);
      }
      case 'Index': {
        // Which element is picked depends on what selected the list, and on the index.
        const list = this.shapeOf(node.object);
        const picked = withAny(elementOf(list), this.categoriesOf(node.index));
        return list.selection ? withAny(picked, list.selection) : picked;
      }
      case 'Call':
        // What a scope's actions read and were answered, inputs and outputs: Jig does not follow
        // the name to them, so it is unknown (every category the flow declares, and the project's stores).
        // An app setting is the app's, given at deployment: unknown (rule 1), as a parameter known only at deploy time.
        if (node.callee.name === 'appsetting') {
          // A Standard app keeps each secret param's value in the app setting of its name: that setting is the secret.
          const setting = new Map(this.unknown(node, 'appsetting(…), an app setting known only at deployment'));
          if (this.inputs.readsSecretSetting(node)) setting.set(SECRET, makeOrigin(node.range, "appsetting(…), the app setting that holds a secret param's value (or one named at run time)"));
          return this.placed.get(node) ?? this.remember(node, makeShape(setting));
        }
        if (node.callee.name === 'action') return this.placed.get(node) ?? this.remember(node, makeShape(this.unknownReadingStores(node, "action(), the inputs and outputs of the tracked property's own action")));
        if (node.callee.name === 'result') return this.placed.get(node) ?? this.remember(node, makeShape(this.unknownReadingStores(node, 'result(…), the inputs and outputs of a scope\'s actions')));
        // What an agent's model passes its tool: what the model may say (steps.ts binds it: unknown,
        // rule 1, with all it was sent, rule 2: the messages, and what the tools answered).
        if (node.callee.name === 'agentParameters') {
          const model = this.inputs.agentModelOf(node);
          if (!model) return this.placed.get(node) ?? this.remember(node, makeShape(this.unknownReadingStores(node, "agentParameters(…), what an agent's model passes its tool")));
          this.readSymbol(model);
          return this.symbolShapes.get(model) ?? EMPTY_SHAPE;
        }
        return anyShape(this.union(node.args));
      case 'Unary':
        return anyShape(this.categoriesOf(node.operand));
      case 'Binary':
        return anyShape(this.union([node.left, node.right]));
      case 'Record':
        return this.record(node);
      case 'Array': {
        let element = EMPTY_SHAPE;
        for (const item of node.elements) element = joinShapes(element, this.shapeOf(item));
        return isEmpty(element) ? EMPTY_SHAPE : makeShape(EMPTY, undefined, element);
      }
      case 'Where':
        // Which elements remain depends on the condition.
        return selectedBy(this.shapeOf(node.source), this.categoriesOf(node.condition));
      case 'Conditional':
        // Which value it is tells what the condition read.
        return withAny(joinShapes(this.shapeOf(node.then), this.shapeOf(node.else)), this.categoriesOf(node.condition));
      case 'ParseJson': {
        // The parsed value is the content, read as the type says (whose fields add their categories).
        const typed = this.placed.get(node) ?? this.place(node, typeShape(this.inputs.typeOf(node)), node.range, describePath(node));
        return joinShapes(typed, this.shapeOf(node.content));
      }
      case 'DocumentOperation':
        // The service's own text extraction or split: its every part may hold anything the content does.
        // An XSLT map (run by Logic Apps, on the platform) writes from its content and its parameters.
        return makeShape(this.union([node.content, ...(node.parameters ?? []).map((parameter) => parameter.value)]));
      case 'InlineCode':
        // The code reads the run through workflowContext, which Jig does not follow (rule 1: unknown),
        // and may return any of it: the documents a query read among them (rule 2), a secret the run holds.
        return this.placed.get(node) ?? this.remember(node, makeShape(this.withRunSecrets(node, new Map(this.runContents(node)), describePath(node))));
      case 'TableOperation':
        // The rows written out as text by the Logic Apps engine (no third party, no store): every
        // cell is a row's field, or a column's value computed from the row; the table is taken to
        // hold whatever the rows hold, and what its columns read.
        return makeShape(node.columns ? union2(this.categoriesOf(node.from), this.categoriesOf(node.columns)) : this.categoriesOf(node.from));
      case 'TimeOperation': {
        // A time the Logic Apps engine computes from what it is given (the clock, the amount, the
        // base time, the zones and the format): it holds what they hold, and nothing else.
        let any: CategoryFlow = EMPTY;
        for (const part of [node.amount, node.base, node.sourceZone, node.destinationZone, node.format]) if (part) any = union2(any, this.categoriesOf(part));
        return makeShape(any);
      }
      case 'Select': {
        // One row an element: the rows are as many as the elements, as selected, and as many as
        // what is anywhere in the source says (the words of a name, the tags a field holds).
        const row = this.shapeOf(node.projection);
        const source = this.shapeOf(node.source);
        const selection = source.any.size === 0 ? source.selection : source.selection ? union2(source.selection, source.any) : source.any;
        if (isEmpty(row) && !selection) return EMPTY_SHAPE;
        return makeShape(EMPTY, undefined, row, selection);
      }
      case 'Query': {
        const typed = this.answerOf(node);
        // Which documents (or which blob) are read tells what the filter (or the name) reads.
        const selector = node.where ?? node.name;
        return selector ? selectedBy(typed, this.categoriesOf(selector)) : typed;
      }
      case 'HttpCall': {
        // A service may echo or transform what it was sent: a secret too, or answer with a token it bought.
        const sent = this.union(requestParts(node));
        // (An agent's tool answers its model, which passes the tool what it answered: an origin at this call is this answer's.)
        const secret = secretIn(sent);
        const echoed = secret !== undefined && (secret.range.start !== node.range.start || secret.range.end !== node.range.end);
        const answer = echoed ? withAny(this.answerOf(node), new Map([[SECRET, makeOrigin(node.range, `${describePath(node)}, a request sent ${secret.description}`)]])) : this.answerOf(node);
        return withAny(answer, sent);
      }
      case 'Aggregate': {
        const categories = new Map([[AGGREGATE_CATEGORY, makeOrigin(node.range, describePath(node))]]);
        const source = this.categoriesOf(node.source);
        const foreign = source.get(FOREIGN);
        if (foreign) categories.set(FOREIGN, foreign);
        // Its groups' keys and min/max values are values of the source: a secret among them stays one.
        const secret = secretIn(source);
        if (secret) categories.set(SECRET, secret);
        return makeShape(categories);
      }
    }
  }

  /**
   * The shape of a value whose field is read. For `trigger`, only what its type does not say (what
   * callers pass in, what the project's flows store in the list it watches): the declared field read adds its own categories, placed at the read, so the
   * type's shape need not be placed at the trigger as well.
   */
  private objectShapeOf(object: Expression): Shape {
    if (object.kind !== 'Name') return this.shapeOf(object);
    const symbol = this.inputs.symbolOfName(object);
    if (symbol?.kind !== 'trigger') return this.shapeOf(object);
    let shape = this.triggerObjects.get(symbol);
    if (!shape) {
      const at: Node | undefined = symbol.declaringNode ?? symbol.flow;
      shape = placeShape(joinShapes(this.callerShape(symbol), this.listShape(symbol)), at?.range ?? SHAPE_RANGE, 'trigger', (description) => this.unknown(at ?? symbol.flow!, description));
      this.triggerObjects.set(symbol, shape);
    }
    return shape;
  }

  /**
   * What a door answers whatever it was sent: a query's documents (or blob), a request's response
   * (an agent's model answers what it makes of the messages, rule 2, unknown, rule 1; what its tools
   * answered it is bound to its answer as well: steps.ts), a child flow's answer (what it declares,
   * and what the project's answer cell holds: what flowed into the child flows back out, rule 2).
   */
  private answerOf(node: QueryOperation | HttpCall | FlowCall): Shape {
    if (node.kind === 'Query') return this.placed.get(node) ?? this.place(node, this.queryShape(node), node.range, describePath(node));
    if (node.kind === 'HttpCall') return this.placed.get(node) ?? this.remember(node, node.agent ? makeShape(this.unknown(node, describePath(node))) : this.response(node));
    const origin = makeOrigin(node.range, describePath(node));
    const categories = new Map<string, CategoryOrigin>(this.inputs.flowResultCategories(node).map((category) => [category, origin]));
    categories.set(restPlaceholder(answerCell(node.flow.name), []), origin);
    categories.set(FOREIGN, origin);
    return makeShape(categories);
  }

  /**
   * What code that reads the whole run returns (`javascript`: workflowContext holds the trigger and
   * every action's outputs): every category the flow declares (rule 1), and all that the run's doors
   * brought in of the project (rule 2): the trigger's queue, list or callers, and the answer of each
   * query, request, child flow and raw action of the flow, wherever it stands (the code names an
   * action, not a value), so that documents it returns are the documents a query read (rule 7).
   */
  private runContents(node: Node): CategoryFlow {
    const description = describePath(node as LetValue);
    const result = new Map(this.unknown(node, description));
    const origin = makeOrigin(node.range, `${description}, which may return what the run read (workflowContext)`);
    const add = (brought: CategoryFlow) => {
      for (const key of brought.keys()) if (!result.has(key)) result.set(key, origin);
    };
    const flow = this.inputs.flowAt(node.range.start);
    const trigger = flow && this.inputs.triggerSymbolOf(flow);
    if (trigger) add(flatten(this.triggerShapes.get(trigger) ?? this.placedTrigger(trigger)));
    const visit = (child: Node): void => {
      if (child.kind === 'Query' || child.kind === 'HttpCall' || child.kind === 'FlowCall') add(flatten(this.answerOf(child)));
      else if (child.kind === 'RawAction') add(this.rawDoor(child, child, `raw action ${child.name.value ?? ''}`));
      forEachChild(child, visit);
    };
    if (flow) forEachChild(flow, visit);
    return result;
  }

  /**
   * `trigger`: its type's shape; a flow started by a request is also what its callers pass in
   * (a child flow's fields carry what the caller passes), and without a body type it is unknown.
   */
  private triggerShape(symbol: MutableSymbol): Shape {
    const typed = typeShape(symbol.type);
    return joinShapes(joinShapes(typed, this.callerShape(symbol)), this.listShape(symbol));
  }

  /**
   * A SharePoint list's new item holds what the project's flows store in that list, a Service Bus
   * message what they send to its queue or topic, and an Event Grid event of a custom topic what
   * they post to the topic (to any topic of a resource group, for a trigger on the group), field
   * by field, whatever the body's type says.
   */
  private listShape(symbol: MutableSymbol): Shape {
    const trigger = symbol.flow?.trigger;
    // A raw trigger may read any of the project's containers and queues, as a connector may.
    if (trigger?.kind === 'RawTrigger') return makeShape(this.rawDoor(trigger, trigger, ` (raw trigger ${trigger.name.value ?? ''}`, ')'));
    const cell = trigger?.kind === 'MessageTrigger' ? triggerCellOf(trigger) : undefined;
    if (cell === undefined) return EMPTY_SHAPE;
    const bodyType = symbol.type.kind === 'record' ? symbol.type.fields.get('body')?.type : undefined;
    const record = bodyType && stripOptional(bodyType);
    const fields = cellFields(cell, record?.kind === 'record' ? [...record.fields.keys()] : [], makeOrigin(SHAPE_RANGE, '.body'), true);
    return makeShape(EMPTY, new Map([['body', makeShape(EMPTY, fields)]]));
  }

  /** What a flow's callers pass in, field by field, when any flow could call it; or nothing. */
  private callerShape(symbol: MutableSymbol): Shape {
    const flow = symbol.flow;
    if (flow?.trigger?.kind !== 'HttpTrigger' || !this.inputs.mayBeCalled(flow.name.name)) return EMPTY_SHAPE;
    const bodyType = symbol.type.kind === 'record' ? symbol.type.fields.get('body')?.type : undefined;
    const record = bodyType && stripOptional(bodyType);
    const fields = cellFields(inputCell(flow.name.name), record?.kind === 'record' ? [...record.fields.keys()] : [], makeOrigin(SHAPE_RANGE, '.body'), false);
    return makeShape(EMPTY, new Map([['body', makeShape(EMPTY, fields)]]));
  }

  /** A query's documents (a blob read's one blob): its type's shape, and what the project's flows store in the container. */
  private queryShape(query: QueryOperation): Shape {
    const typed = typeShape(this.inputs.typeOf(query));
    if (query.source.store.name === 'blob') {
      const record = stripOptional(this.inputs.typeOf(query));
      const fields = cellFields(storeCell(query.source), record.kind === 'record' ? [...record.fields.keys()] : [], makeOrigin(SHAPE_RANGE, ''), true);
      // A Standard app keeps its runs (secured contents too) in blobs of a storage account Jig does
      // not know, which any account read may be: every flow's run history, as a GET of blobs reads it.
      const runs = makeOrigin(SHAPE_RANGE, ", which may read the runs a Standard app keeps in its storage account");
      return joinShapes(typed, makeShape(new Map([[restPlaceholder(`${EVERY_HISTORY}*`, []), runs]]), fields));
    }
    const element = stripOptional(this.inputs.typeOf(query));
    const record = element.kind === 'array' ? stripOptional(element.element) : undefined;
    const fields = cellFields(storeCell(query.source), record?.kind === 'record' ? [...record.fields.keys()] : [], makeOrigin(SHAPE_RANGE, ''), true);
    return joinShapes(typed, makeShape(EMPTY, undefined, makeShape(EMPTY, fields)));
  }

  /**
   * What a request answers: its `returns` type's shape. A request that reads the project's stores
   * by another door than `query` (a connector Jig cannot identify, a service that keeps data:
   * store-reads.ts) answers with what is kept there, whatever its type says: every category the
   * flow declares (rule 1) and what the project keeps in the cells it may read, field by field
   * unknown, as a query of those containers would. A service whose answer is a credential (Key
   * Vault, Resource Manager's list… actions: store-reads.ts readsCredentialsBy) answers a secret.
   */
  private response(call: HttpCall): Shape {
    const shape = this.typedAnswer(call);
    if (!this.inputs.readsCredentials(call)) return shape;
    const path = describePath(call);
    return withAny(shape, new Map([[SECRET, makeOrigin(call.range, `${path}, which may answer a credential (a Key Vault secret, a resource's keys or signed URL)`)]]));
  }

  /** What a request answers by its type and the stores it may read (response). */
  private typedAnswer(call: HttpCall): Shape {
    const path = describePath(call);
    const origin = makeOrigin(call.range, path);
    const typed = call.returns ? withAny(this.place(call, typeShape(this.inputs.typeOf(call)), call.range, path), new Map([[FOREIGN, origin]])) : undefined;
    const cells = this.inputs.cellsReadBy(call);
    const mixed = this.mixedRead(call, call, path);
    if (typed && cells === undefined) return mixed ? withAny(typed, mixed) : typed;
    const unknown = new Map(this.unknown(call, cells === undefined ? path : `${path}, which reads what is kept there`));
    for (const cell of cells ?? []) unknown.set(restPlaceholder(`${cell}*`, []), origin);
    for (const [category, from] of mixed ?? []) unknown.set(category, from);
    return typed ? withAny(typed, unknown) : makeShape(unknown);
  }

  /**
   * What a door that may read a mixed source (the mailbox: a request to Graph or Outlook's REST
   * API, a connection Jig cannot identify, a raw action or trigger) brings in: every category the
   * policy counts in that source, whether or not the flow declares it, as `trigger mail office365`
   * brings them (§1, §9: the data-coverage rule cites the source). Read at `at`.
   */
  private mixedRead(door: HttpCall | RawActionStep | RawTrigger, at: Node, path: string, end = ''): CategoryFlow | undefined {
    const source = this.inputs.mixedSourceReadBy(door);
    if (!source || source.categories.length === 0) return undefined;
    const origin = makeOrigin(at.range, `${path}, which may read the tenant's mail and people (the policy's mixed source '${source.id}')${end}`, source.id);
    return new Map(source.categories.map((category) => [category, origin]));
  }

  /** What a raw action or trigger brings in (`unknownReadingStores`), and the mailbox where its JSON may read it. */
  private rawDoor(raw: RawActionStep | RawTrigger, at: Node, description: string, end = ''): CategoryFlow {
    const result = new Map(end === '' ? this.unknownReadingStores(at, description) : this.projectStores(at, description, end));
    for (const [category, origin] of this.mixedRead(raw, at, description, end) ?? []) result.set(category, origin);
    if (raw.kind !== 'RawTrigger') return this.withRunSecrets(at, result, description);
    // A trigger's outputs are made before any action of its run starts (Logic Apps runs the
    // actions after the trigger fires: "Workflow Definition Language schema reference", triggers),
    // so they cannot hold what those actions send or are answered; only what its own JSON reads.
    if (this.inputs.rawTriggerAnswersSecret(raw)) {
      result.set(SECRET, makeOrigin(at.range, `${description}, whose connection may answer a credential, or whose JSON may read a secret param${end}`));
    }
    return result;
  }

  private remember(read: Node, shape: Shape): Shape {
    this.placed.set(read, shape);
    return shape;
  }

  private place(read: Node, shape: Shape, range: TextRange, path: string): Shape {
    return this.remember(read, placeShape(shape, range, path, (description) => this.unknown(read, description)));
  }
}

/** Marks, in a type's shape, a value whose type says nothing (`any`): resolved where it is placed. */
const UNKNOWN = '?unknown';

/** Expressions and the values of `let` (as against steps, blocks, annotations, names). */
function isValue(node: Node): node is Expression | LetValue {
  switch (node.kind) {
    case 'String':
    case 'Number':
    case 'Boolean':
    case 'Null':
    case 'Name':
    case 'Member':
    case 'Index':
    case 'Call':
    case 'Unary':
    case 'Binary':
    case 'Record':
    case 'Array':
    case 'Where':
    case 'Select':
    case 'Conditional':
    case 'Missing':
    case 'ParseJson':
    case 'DocumentOperation':
    case 'InlineCode':
    case 'TimeOperation':
    case 'TableOperation':
    case 'Query':
    case 'Aggregate':
    case 'HttpCall':
    case 'FlowCall':
      return true;
    default:
      return false;
  }
}

const SHAPE_RANGE: TextRange = { start: 0, end: 0 };

/**
 * What reading each field or type yields, at no place yet (origins with an empty range and a
 * description relative to the value read), then placed at each read: computed once, and across
 * files for the types they share (`Mail`, the built-in types). Types never change once declared.
 */
const fieldShapes = new WeakMap<RecordFieldType, Shape>();
const typeShapes = new WeakMap<Type, Shape>();
/**
 * The fields and types whose kept shape folded no recursive type, in itself or in any shape it
 * took: the same wherever it is computed, so kept even when computed inside another type's (with
 * types in `seen`) and taken there. The fields of a type used in another are then computed once,
 * not once a use and again at each read. A shape that folded one depends on where it was
 * computed, and is kept and taken only as before (computed alone, taken wherever the field is read).
 */
const independent = new WeakSet<RecordFieldType | Type>();
/** Counts the folds, and the shapes taken that are not independent, so far. */
let folds = 0;

/** The shape of reading `field`: its own categories anywhere in it, and its type's. */
export function fieldShape(field: RecordFieldType, seen?: Set<RecordType>): Shape {
  const cached = fieldShapes.get(field);
  if (cached) {
    if (!independent.has(field)) folds++;
    return cached;
  }
  seen ??= new Set();
  const alone = seen.size === 0;
  const foldsBefore = folds;
  const own = new Map<string, CategoryOrigin>();
  for (const category of field.categories) {
    if (own.has(category)) continue;
    const mixedSource = field.mixedSource?.categories.includes(category) ? field.mixedSource.id : undefined;
    own.set(category, makeOrigin(SHAPE_RANGE, '', mixedSource));
  }
  const shape = withAny(shapeOfType(field.type, seen), own);
  if (folds === foldsBefore) independent.add(field);
  if (alone || folds === foldsBefore) fieldShapes.set(field, shape);
  return shape;
}

export function typeShape(type: Type): Shape {
  let shape = typeShapes.get(type);
  if (!shape) {
    shape = shapeOfType(type, new Set());
    typeShapes.set(type, shape);
  }
  return shape;
}

function shapeOfType(type: Type, seen: Set<RecordType>): Shape {
  switch (type.kind) {
    case 'optional':
      return shapeOfType(type.inner, seen);
    case 'array': {
      const element = shapeOfType(type.element, seen);
      return isEmpty(element) ? EMPTY_SHAPE : makeShape(EMPTY, undefined, relabel(element, '[]'));
    }
    case 'record': {
      // A recursive type (`next: Node?`) is folded: its second occurrence holds all of it.
      if (seen.has(type)) {
        folds++;
        return makeShape(everyCategoryOf(type, new Set()));
      }
      if (independent.has(type)) return typeShapes.get(type)!;
      const foldsBefore = folds;
      seen.add(type);
      const fields = new Map<string, Shape>();
      for (const field of type.fields.values()) {
        const shape = fieldShape(field, seen);
        if (!isEmpty(shape)) fields.set(field.name, relabel(shape, `.${field.name}`));
      }
      seen.delete(type);
      const shape = fields.size === 0 ? EMPTY_SHAPE : makeShape(EMPTY, fields);
      if (folds === foldsBefore) {
        typeShapes.set(type, shape);
        independent.add(type);
      }
      return shape;
    }
    case 'any':
      return makeShape(new Map([[UNKNOWN, makeOrigin(SHAPE_RANGE, '')]]));
    default:
      return EMPTY_SHAPE;
  }
}

/** Every category anywhere in a value of this type, flat (for a recursive type's inner occurrences). */
function everyCategoryOf(type: Type, seen: Set<RecordType>): CategoryFlow {
  const bare = stripOptional(type);
  if (bare.kind === 'array') return everyCategoryOf(bare.element, seen);
  if (bare.kind !== 'record' || seen.has(bare)) return EMPTY;
  seen.add(bare);
  const result = new Map<string, CategoryOrigin>();
  for (const field of bare.fields.values()) {
    for (const category of field.categories) if (!result.has(category)) result.set(category, makeOrigin(SHAPE_RANGE, `.${field.name}`));
    add(result, everyCategoryOf(field.type, seen));
  }
  return result;
}

/** Prefixes every origin's description with `path` (a shape's origins describe paths within it). */
function relabel(shape: Shape, path: string): Shape {
  return mapOrigins(shape, (origin) => makeOrigin(origin.range, path + origin.description, origin.mixedSource, origin.control));
}

function mapOrigins(shape: Shape, map: (origin: CategoryOrigin, key: string) => CategoryOrigin | CategoryFlow): Shape {
  // Every value read goes through here (placeShape), and most shapes are a few fields with little
  // in each: nothing is allocated for what is empty.
  const any = mapFlow(shape.any, map);
  let fields: Map<string, Shape> | undefined;
  if (shape.fields) {
    fields = new Map();
    for (const [name, field] of shape.fields) fields.set(name, mapOrigins(field, map));
  }
  const selection = shape.selection && mapFlow(shape.selection, map);
  const element = shape.element && mapOrigins(shape.element, map);
  if (!fields && !element && !selection) return any.size === 0 ? EMPTY_SHAPE : makeShape(any);
  return makeShape(any, fields, element, selection);
}

function mapFlow(flow: CategoryFlow, map: (origin: CategoryOrigin, key: string) => CategoryOrigin | CategoryFlow): CategoryFlow {
  if (flow.size === 0) return EMPTY;
  const result = new Map<string, CategoryOrigin>();
  for (const [key, origin] of flow) {
    const mapped = map(origin, key);
    if ('range' in mapped) result.set(key, mapped as CategoryOrigin);
    else add(result, mapped as CategoryFlow);
  }
  return result;
}

/** A shape as read at `range` via `path`; an `any` in it becomes what the flow declares. */
function placeShape(shape: Shape, range: TextRange, path: string, unknown: (description: string) => CategoryFlow): Shape {
  if (isEmpty(shape)) return EMPTY_SHAPE;
  return mapOrigins(shape, (origin, key) => {
    const description = path + origin.description;
    if (key === UNKNOWN) return unknown(description);
    return makeOrigin(range, description, origin.mixedSource);
  });
}
