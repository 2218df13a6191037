/**
 * Data that lives in the project rather than in one file: what the project's flows store in each
 * container, and what callers pass to each flow. A query of a container carries every category
 * any flow of the project stores there, whatever type the query declares; a flow's request body
 * carries what its callers pass in. The semantic model names such data by placeholders
 * (`?store:cosmos/db/container#field`, `?input:flow#field`, semantics/categories.ts); here the
 * project's writes are gathered and propagated to a fixpoint (a flow may store what it read from
 * another container), and placeholders are resolved into categories.
 *
 * A file's writes depend on its own text only, never on other files: every file is analysed
 * once, and the facts are the same whatever order files come in. They are computed when a
 * placeholder asks for them, and only for the cells it can reach: most flows read no container
 * and are called by no other flow.
 */
import type { CategoryFlow, CategoryOrigin, SemanticModel } from '../semantics/model.js';
import type { DeleteStep, Expression, FailStep, FlowDecl, ForEachStep, HttpCall, LetStep, LetValue, Node, RespondStep, SendMessageStep, Step, StoreStep, StoreTarget } from '../syntax/tree.js';
import { CONTROL, EMPTY_SHAPE, FOREIGN, REST, WHOLE, eventCell, fieldPlaceholder, flatten, inputCell, isPlaceholder, makeOrigin, makeShape, messageCell, storeCell, type Shape } from '../semantics/categories.js';
import { topicOfEndpoint } from '../connectors/eventgrid.js';
import { EVERY_ANSWER, EVERY_HISTORY, answerCell, historyCell, runsStartedBy } from '../semantics/store-reads.js';
import { hostOf } from '../util/url.js';
import { ANY_FIELD, ELEMENT, anyFieldBut, isCopyAt } from './copies.js';
import { heldInRun } from './run-time.js';
import { forEachStep } from '../syntax/visit.js';
import { subjectServingLoops, subjectServingSteps, type ServingFlow } from './serving-flows.js';
import { documentWrittenBack } from './rewrites.js';
import { writesWhatItSends } from '../semantics/declarations.js';

/** One write of a flow into a cell's field: a store into a container, a call passing a body. */
export interface DataWrite {
  /** `store:cosmos/DB/CONTAINER`, `message:servicebus/QUEUE`, `input:FLOW` or `answer:FLOW`. */
  readonly cell: string;
  /** A field name; `REST`: what may sit in fields the writer does not list; `CONTROL`: the conditions a call runs under. */
  readonly field: string;
  /** Categories and placeholders, unresolved. */
  readonly categories: CategoryFlow;
  /** The flow that writes, for messages and the data map. */
  readonly flow: string;
  /** The value written there is one the flow computed, not a copy of what it read (flow/copies.ts): it counts no subjects (§5). */
  readonly computed?: true;
  /** A `delete`'s: what chose the documents it removed. */
  readonly removes?: true;
}

/** A store into a container, a message to a queue or a call of a flow: where one step of a flow writes. */
export interface WriteSite {
  readonly cell: string;
  readonly flow: string;
  /** The file and the offset of the step that writes (not the step: a workspace check drops each file's tree). */
  readonly fileName: string;
  readonly at: number;
  /** The retention of a store, in seconds. */
  readonly retention?: number;
  /** How long what it writes may already have waited in the run, in seconds (flow/run-time.ts). */
  readonly held?: number;
  /** A `delete`: it writes no document, but what stays in the container is what its id and conditions left there. */
  readonly removes?: true;
}

/**
 * The sites of a file and what each writes, computed once from its model (which is not kept: a
 * workspace check drops each file's model as soon as it is checked). Plain data but for its
 * methods: a check over several threads hands it from the thread that analysed the file to the
 * one that joins the project's facts (`reviveFileWrites`).
 */
export class FileWrites {
  readonly sites: WriteSite[] = [];
  /** The Service Bus namespaces its steps and triggers name, as written. */
  readonly namespaces: string[] = [];
  /** Each flow's purpose, as its `@purpose` names it (absent: none), by the flow's name. */
  readonly purposes = new Map<string, string | undefined>();
  private readonly writes = new Map<WriteSite, DataWrite[]>();
  private readonly rewriting = new Set<WriteSite>();
  private readonly otherCellsRead = new Map<WriteSite, readonly string[]>();
  private readonly valueCellsRead = new Map<WriteSite, readonly string[]>();

  constructor(model: SemanticModel, fileName: string) {
    for (const declaration of model.file.declarations) {
      if (declaration.kind !== 'Flow') continue;
      const flow = (declaration as FlowDecl).name.name;
      const trigger = (declaration as FlowDecl).trigger;
      this.purposes.set(flow, model.annotationsOf(declaration as FlowDecl).purpose?.id);
      // What its runs hold, read by a request to its run history (semantics/store-reads.ts `historyCell`).
      const history: WriteSite = { cell: historyCell(flow), flow, fileName, at: declaration.range.start };
      this.sites.push(history);
      this.writes.set(history, historyWrites(model, declaration as FlowDecl, history));
      if (trigger?.kind === 'MessageTrigger') this.nameNamespace(trigger.source);
      const serving = subjectServingSteps(declaration as FlowDecl);
      // What serves the request: its loops over the subject's documents, and the steps in them.
      const servingAll = new Set<Step>([...serving, ...subjectServingLoops(declaration as FlowDecl, serving)]);
      forEachStep((declaration as FlowDecl).body, (step) => {
        let site: WriteSite | undefined;
        const held = (value: Node | undefined) => {
          const seconds = heldInRun(model, declaration as FlowDecl, step, value);
          return seconds > 0 ? { held: seconds } : {};
        };
        if (step.kind === 'SendMessage') this.nameNamespace(step.target);
        if (step.kind === 'Store') {
          const retention = model.retentionOf(step as StoreStep)?.seconds;
          site = { cell: storeCell(step.target), flow, fileName, at: step.range.start, ...(retention !== undefined && { retention }), ...held(step.value) };
        } else if (step.kind === 'Delete') {
          site = { cell: storeCell(step.target), flow, fileName, at: step.range.start, removes: true };
        } else if (step.kind === 'SendMessage' && step.target.store.name === 'servicebus') {
          // A message waits in its queue or topic up to its time to live (the flow's @retain), which
          // counts for how long what it carries may already have been kept when a receiver stores it.
          const retention = model.retentionOf(step as SendMessageStep)?.seconds;
          site = { cell: messageCell(step.target), flow, fileName, at: step.range.start, ...(retention !== undefined && { retention }), ...held(step.value) };
        } else if (step.kind === 'Respond' || step.kind === 'Fail') {
          site = { cell: answerCell(flow), flow, fileName, at: step.range.start, ...held(answered(step)) };
        } else {
          const call = callOf(step);
          if (call) site = { cell: inputCell(call.flow.name), flow, fileName, at: step.range.start, ...held(call.argument) };
        }
        const sites: WriteSite[] = site ? [site] : [
          ...topicsPostedBy(model, step).map((topic) => ({ cell: eventCell(topic), flow, fileName, at: step.range.start })),
          // A request to a flow's trigger URL passes what it sends, under its conditions, as a `call flow` does.
          ...flowsStartedBy(model, step).map((started) => ({ cell: inputCell(started), flow, fileName, at: step.range.start, ...held(httpCallOf(step)?.body) })),
        ];
        for (const each of sites) {
          this.sites.push(each);
          let writes = each.removes ? removalWrites(model, each, step as DeleteStep, serving.has(step) ? servingAll : undefined) : siteWrites(model, each, step);
          // A write under a condition that reads the cell (a store only if no document matches) writes
          // no document back. (An answer is no document: a flow that answers what another answered it still answers.)
          if (!each.cell.startsWith(ANSWER_CELL) && !each.removes && writes.some((write) => write.field !== CONTROL && readsCell(write.categories, each.cell))) {
            this.rewriting.add(each);
            if (!each.cell.startsWith(INPUT_CELL)) writes = rewriteWrites(model, step, writes, serving.has(step) ? servingAll : undefined);
          }
          this.writes.set(each, writes);
        }
      });
    }
  }

  private nameNamespace(target: StoreTarget): void {
    const namespace = target.store.name === 'servicebus' ? target.args[0]?.value : undefined;
    if (namespace !== undefined) this.namespaces.push(namespace);
  }

  writesOf(site: WriteSite): readonly DataWrite[] {
    return this.writes.get(site) ?? [];
  }

  /** Whether the value a site writes holds data read from the same cell (a store that rewrites documents). */
  rewrites(site: WriteSite): boolean {
    return this.rewriting.has(site);
  }

  /** The cells other than its own whose data a site writes (placeholders; what the conditions of a call read aside). */
  cellsReadBy(site: WriteSite): readonly string[] {
    let cells = this.otherCellsRead.get(site);
    if (!cells) {
      const found = new Set<string>();
      for (const write of this.writesOf(site)) {
        for (const read of placeholdersIn(write.categories)) if (read.field !== CONTROL && read.cell !== site.cell) found.add(read.cell);
      }
      this.otherCellsRead.set(site, (cells = [...found]));
    }
    return cells;
  }

  /**
   * The cells other than its own whose data a site writes in its value, not in the conditions it
   * runs under (a store after a connector that may fail on what it reads writes none of it back).
   */
  valueCellsReadBy(site: WriteSite): readonly string[] {
    let cells = this.valueCellsRead.get(site);
    if (!cells) {
      const found = new Set<string>();
      for (const write of this.writesOf(site)) {
        if (write.field === CONTROL) continue;
        for (const read of placeholdersIn(write.categories)) if (read.field !== CONTROL && read.cell !== site.cell) found.add(read.cell);
      }
      this.valueCellsRead.set(site, (cells = [...found]));
    }
    return cells;
  }

  /** Whether a site carries data read from a cell into its own (`feeding` follows it): a value's field holding a placeholder, conditions aside. */
  carriesBetweenCells(site: WriteSite): boolean {
    for (const write of this.writesOf(site)) {
      if (write.field === CONTROL) continue;
      for (const read of placeholdersIn(write.categories)) if (read.field !== CONTROL) return true;
    }
    return false;
  }
}

/** A file's writes as another thread cloned them (structured clone keeps the data, not the class). */
export function reviveFileWrites(cloned: FileWrites): FileWrites {
  return Object.setPrototypeOf(cloned, FileWrites.prototype) as FileWrites;
}

/** Each model's writes, computed once however many projects' facts take the file (the language server's). */
const writesByModel = new WeakMap<SemanticModel, FileWrites>();

function fileWritesOf(model: SemanticModel, fileName: string): FileWrites {
  let writes = writesByModel.get(model);
  if (!writes) writesByModel.set(model, (writes = new FileWrites(model, fileName)));
  return writes;
}

/** Whether categories hold a placeholder of the cell, or of a prefix it stands under: data read from it. */
function readsCell(categories: CategoryFlow, cell: string): boolean {
  const prefix = `?${cell}#`;
  for (const key of categories.keys()) {
    if (key.startsWith(prefix)) return true;
    const read = isPlaceholder(key) ? parsePlaceholder(key) : undefined;
    if (read?.cell.endsWith(ANY_CELL) && cell.startsWith(read.cell.slice(0, -ANY_CELL.length))) return true;
  }
  return false;
}

/**
 * The Event Grid custom topics an HTTP write posts events to: the topic of each endpoint
 * (`NAME.REGION-1.eventgrid.azure.net`) its URL can name.
 */
export function topicsPostedBy(model: SemanticModel, step: Step): string[] {
  const call = httpCallOf(step);
  if (!call?.body || !writesWhatItSends(call)) return [];
  const topics = new Set<string>();
  for (const { text } of model.urlValuesOf(call.url)) {
    const host = text === undefined ? undefined : hostOf(text);
    const topic = host !== undefined ? topicOfEndpoint(host) : undefined;
    if (topic !== undefined) topics.add(topic);
  }
  return [...topics];
}

/** The flows a request to a trigger's URL starts by name (semantics/store-reads.ts `runsStartedBy`; one it cannot name is judged as a destination Jig cannot see). */
function flowsStartedBy(model: SemanticModel, step: Step): string[] {
  const call = httpCallOf(step);
  if (!call) return [];
  return runsStartedBy(call, (url) => model.urlValuesOf(url)).filter((name): name is string => name !== undefined);
}

function httpCallOf(step: Step): HttpCall | undefined {
  return step.kind === 'HttpCallStep' ? step.call : step.kind === 'Let' && step.value.kind === 'HttpCall' ? step.value : undefined;
}

/**
 * A `call flow`, with or without `with`: a call that passes nothing still runs the child only
 * because the conditions it stands under held, and the child's steps tell them (its `CONTROL`).
 */
function callOf(step: Step) {
  return step.kind === 'FlowCallStep' ? step.call : step.kind === 'Let' && step.value.kind === 'FlowCall' ? step.value : undefined;
}

/**
 * What a site writes, field by field. A store and a message write their value; a call its body.
 * Each writes too the conditions it runs under as `CONTROL`: a child runs only because they held
 * (its sinks answer for them), and a document or a message exists only because they held, so
 * whoever reads it learns what they read (a mark stored only for pupils under 13 tells its reader
 * who is under 13, whatever fields it holds).
 */
function siteWrites(model: SemanticModel, site: WriteSite, step: Step): DataWrite[] {
  const { cell, flow } = site;
  const call = callOf(step);
  const posted = call ? undefined : httpCallOf(step);
  const value =
    step.kind === 'Respond' || step.kind === 'Fail' ? answered(step)
    : call ? call.argument
    : (posted?.body ?? (step as StoreStep | SendMessageStep).value);
  const whole = value ? model.shapeOf(value) : EMPTY_SHAPE;
  // `store LIST` keeps each element as a document of its own: the documents' fields are the
  // elements' fields, each also holding what the list holds as a whole and what chose its elements
  // (a `where`: a document exists because its element passed it).
  const eachElement = step.kind === 'Store' && storesEachElement(whole);
  const listWide = whole.selection ? union(whole.any, whole.selection) : whole.any;
  const element = whole.element!;
  const shape: Shape = eachElement ? makeShape(union(listWide, element.any), element.fields, element.element, element.selection) : whole;
  const at = (path: readonly string[]) => (eachElement ? [ELEMENT, ...path] : path);
  const writes: DataWrite[] = [];
  let rest = shape.any;
  const computed = (path: readonly string[]) => (value && !isCopyAt(model, value, at(path)) ? { computed: true as const } : {});
  for (const [name, field] of shape.fields ?? []) {
    if (name === WHOLE) rest = union(rest, flatten(field));
    else writes.push({ cell, flow, field: name, categories: union(shape.any, flatten(field)), ...computed([name]) });
  }
  // An array, or a value of no known fields: anything in it may sit in any field.
  if (shape.element) rest = union(rest, flatten(shape.element));
  // A response's headers and its status (`respond (EXPR)` computes one) reach its caller as its body does.
  if (step.kind === 'Respond') for (const part of [step.status, ...(step.headers ?? []).map((header) => header.value)]) rest = union(rest, model.categoriesOf(part));
  if (shape.selection) rest = union(rest, shape.selection);
  writes.push({ cell, flow, field: REST, categories: rest, ...(rest.size > 0 && computed(shape.element ? [ELEMENT, ANY_FIELD] : [anyFieldBut(shape.fields?.keys() ?? [])])) });
  writes.push({ cell, flow, field: CONTROL, categories: model.controlCategoriesOf(step) });
  return writes;
}

/**
 * What a `delete` tells whoever reads its container: a document is still there because the delete
 * did not name it, so each field of every document read there carries what chose the id it
 * deleted (its id and partition key) and the conditions it ran under (a pupil's id deleted for the
 * pupils under 13 leaves a container whose every id says "13 or over"). It writes no value. A
 * delete of each document of a list read by a query (`delete DOC.id` in a loop over it) chose it
 * by what chose the list (`loopChoice`); the step by which a flow serves an erasure chose it by
 * the request's key alone, which tells the readers only that someone asked to be forgotten (§6
 * requires it), and leaves nothing of them behind: neither that key nor how the flow's other
 * serving steps ended (a delete of a document already gone fails) is passed on, its other
 * conditions are.
 */
function removalWrites(model: SemanticModel, site: WriteSite, step: DeleteStep, serving: ReadonlySet<Step> | undefined): DataWrite[] {
  const document = step.id.kind === 'Member' && step.id.member?.name === 'id' && step.id.object.kind === 'Name' ? step.id.object : undefined;
  const loop = loopChoice(model, document);
  let chose: CategoryFlow;
  if (loop) {
    chose = conditionsOverDocuments(model, step, loop, serving);
    if (!serving && step.partition) chose = union(chose, model.categoriesOf(step.partition));
  } else {
    chose = model.controlCategoriesOf(step);
    for (const part of [step.id, step.partition]) if (part) chose = union(chose, model.categoriesOf(part));
  }
  return [{ cell: site.cell, flow: site.flow, field: CONTROL, categories: chose, removes: true }];
}

/**
 * The loop over a list read by a query that binds a document, and what chose the documents of the
 * list (`listChoice`); undefined for a document bound otherwise, or a list chosen otherwise.
 */
function loopChoice(model: SemanticModel, document: (Expression & { kind: 'Name' }) | undefined): { step: ForEachStep; chose: CategoryFlow } | undefined {
  const declaring = document && model.symbolOf(document.name)?.declaringNode;
  if (declaring?.kind !== 'ForEach') return undefined;
  const chose = listChoice(model, (declaring as ForEachStep).iterable, 0);
  return chose && { step: declaring as ForEachStep, chose };
}

/**
 * The conditions of a step that acts on each document of a list a query read (`loop`): what chose
 * the list, not the loop over it (what a document holds is there for its readers anyway), and,
 * where the step serves a data subject's request, neither the request's key that chose the
 * documents nor how the other serving steps ended.
 */
function conditionsOverDocuments(model: SemanticModel, step: Step, loop: { step: ForEachStep; chose: CategoryFlow }, serving: ReadonlySet<Step> | undefined): CategoryFlow {
  const conditions = model.controlCategoriesOf(step, (source) => (source.kind === 'for each' && source.step === loop.step) || serving?.has(source.step) === true);
  return serving ? conditions : union(conditions, loop.chose);
}

/**
 * What a store that writes back documents read from its own container tells whoever reads it. It
 * creates no document, but it shortens the life of each it rewrites (rule 7 asks it to, and the
 * emitted store keeps the sooner expiry: a rewrite is a delete put off) and writes into it what it
 * likes (a mark): so, as a delete's, its conditions are passed on. What a document holds is there
 * anyway: the loop over the documents read counts only by what chose them (the query's `where`, a
 * `where` on the list). A message written back into its queue passes on none; the step by which a
 * flow serves a correction or an opt-out, as an erasure's delete, passes on its conditions but not
 * the request's key that chose the documents (`removalWrites`).
 */
function rewriteWrites(model: SemanticModel, step: Step, writes: DataWrite[], serving: ReadonlySet<Step> | undefined): DataWrite[] {
  const values = writes.filter((write) => write.field !== CONTROL);
  const control = writes.find((write) => write.field === CONTROL);
  if (step.kind !== 'Store' || !control) return values;
  const loop = loopChoice(model, documentWrittenBack(model, step as StoreStep));
  const chose = loop ? conditionsOverDocuments(model, step, loop, serving) : model.controlCategoriesOf(step);
  return chose.size === 0 ? values : [...values, { ...control, categories: chose }];
}

/** What chose the documents of a list read by a query: its `where`, and each `where` on the list; undefined for any other list. */
function listChoice(model: SemanticModel, list: Expression | LetValue, depth: number): CategoryFlow | undefined {
  if (depth > 8) return undefined;
  switch (list.kind) {
    case 'Query':
      return list.where ? model.categoriesOf(list.where) : new Map();
    case 'Where': {
      const source = listChoice(model, list.source, depth + 1);
      return source && union(source, model.categoriesOf(list.condition));
    }
    case 'Name': {
      const declaring = model.symbolOf(list.name)?.declaringNode;
      return declaring?.kind === 'Let' ? listChoice(model, (declaring as LetStep).value, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether a store of a value of this shape keeps each element as a document of its own (`store LIST`). */
export function storesEachElement(whole: Shape): boolean {
  return whole.element !== undefined && whole.fields === undefined;
}

/**
 * What a flow's run history holds: every category it declares (and every one below them), all its
 * actions may read or write, under no condition of its own (a run exists whatever it reads).
 */
function historyWrites(model: SemanticModel, flow: FlowDecl, site: WriteSite): DataWrite[] {
  const origin = makeOrigin(flow.name.range, `the run history of flow ${site.flow}`);
  const declared: CategoryFlow = new Map(model.declaredClosureOf(flow).map((category) => [category, origin]));
  return [
    { cell: site.cell, flow: site.flow, field: REST, categories: declared },
    { cell: site.cell, flow: site.flow, field: CONTROL, categories: new Map() },
  ];
}

function union(a: CategoryFlow, b: CategoryFlow): CategoryFlow {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const result = new Map(a);
  for (const [key, origin] of b) if (!result.has(key)) result.set(key, origin);
  return result;
}

/** The start of a flow's input cell (semantics/categories.ts `inputCell`). */
const INPUT_CELL = 'input:';

/** The start of a flow's answer cell (semantics/categories.ts `answerCell`). */
const ANSWER_CELL = EVERY_ANSWER;

/** What a response or a failure tells whoever started the run: its body, or its message. */
function answered(step: RespondStep | FailStep): Expression | undefined {
  return step.kind === 'Respond' ? step.body : step.message;
}

/** The end of a cell named by a prefix: every cell under it (`store:blob/acct/*`). */
const ANY_CELL = '*';

/** How long data may already have been kept, in seconds, and the cell kept it longest first. */
export interface KeptBefore {
  readonly seconds: number;
  /** The store cell where the oldest copy was first kept. */
  readonly where?: string;
}

/** A flow that starts another's runs (a call, a message, an event, a list item), and its purpose. */
export interface Starter {
  readonly flow: string;
  readonly purpose: string | undefined;
}

/** A store into a cell or a call passing into it, and whether it writes back what it read there. */
export interface CellSite {
  readonly site: WriteSite;
  readonly rewrites: boolean;
}

interface CellSites {
  readonly sites: readonly CellSite[];
  readonly shortestFirstWrite: number;
  /** `ProjectFacts.carryVersion` when the answer was made. */
  readonly carryVersion: number;
  /** The indices of the sites whose answer may still change: not rewriting, and carrying data read from another cell. */
  readonly unsettled: readonly number[];
  /** How many sites do not rewrite. */
  readonly firstWrites: number;
  /**
   * The indices of the sites by file and offset (`fileName\nat`), shared by the answers of a cell
   * and extended as sites come: a store asks about its own site without walking the others'.
   */
  readonly places: Map<string, number[]>;
}

/** What `ProjectFacts.rewriteAt` answers: whether a site rewrites its cell, beside the cell's first writes. */
export interface Rewrite {
  /** A site of the file at the offset writes back into the cell what it read there. */
  readonly rewrites: boolean;
  /** Some site of the cell does not rewrite it: writes first. */
  readonly firstWrites: boolean;
  /** The shortest retention of the first writes (Infinity for none, or none given). */
  readonly shortestFirstWrite: number;
}

/** What `ProjectFacts.computedIn` found for one question, and how far it walked. */
interface ComputedWalk {
  /** A computed write was found: it stays (sites are only added). */
  found: boolean;
  /** By `cell\nfield`, each field reached and how many of its cell's sites were walked. */
  readonly fields: Map<string, { readonly cell: string; readonly field: string; walked: number }>;
  /** The prefix cells read (`store:cosmos/*`), each with the fields read: cells added under them are reached too. */
  readonly prefixes: Map<string, Set<string>>;
  /** How many cells the project had when the prefixes were last named. */
  cells: number;
}

/** A category found in a cell, and the flow that put it there. */
interface CellEntry {
  readonly flow: string;
  /** It is there because a condition of the write read it, not in a value written. */
  readonly condition?: true;
  /** The write is a `delete`: the category chose which documents are no longer there. */
  readonly removes?: true;
}

/**
 * A placeholder parsed: its cell; the field it reads, or the fields it does not read (`REST`
 * followed by those listed); and the categories a `@declassify` dropped on the way.
 */
interface Placeholder {
  readonly cell: string;
  readonly field?: string;
  readonly except?: readonly string[];
  readonly dropped: readonly string[];
}

const parsedPlaceholders = new Map<string, Placeholder | undefined>();

function parsePlaceholder(key: string): Placeholder | undefined {
  if (parsedPlaceholders.has(key)) return parsedPlaceholders.get(key);
  let result: Placeholder | undefined;
  const hash = key.lastIndexOf('#');
  if (key !== FOREIGN && hash > 0) {
    const [read, dropped] = key.slice(hash + 1).split('!') as [string, string | undefined];
    const cell = key.slice(1, hash);
    const droppedList = dropped ? dropped.split(',') : [];
    result = read.startsWith(REST)
      ? { cell, except: read.length > 1 ? read.slice(1).split(',') : [], dropped: droppedList }
      : { cell, field: read, dropped: droppedList };
  }
  // Placeholders repeat across files (the same container, the same flow): parse each once.
  if (parsedPlaceholders.size > 10_000) parsedPlaceholders.clear();
  parsedPlaceholders.set(key, result);
  return result;
}

/** The placeholders among categories, parsed once a map (a write's categories are read at every growth). */
const placeholderLists = new WeakMap<CategoryFlow, Placeholder[]>();

function placeholdersIn(categories: CategoryFlow): Placeholder[] {
  const known = placeholderLists.get(categories);
  if (known) return known;
  const result: Placeholder[] = [];
  placeholderLists.set(categories, result);
  for (const key of categories.keys()) {
    if (!isPlaceholder(key)) continue;
    const placeholder = parsePlaceholder(key);
    if (placeholder) result.push(placeholder);
  }
  return result;
}

const covered = (category: string, dropped: readonly string[]) => dropped.includes(category);

/**
 * The writes of a project, file by file. A cell's contents are computed when first asked for,
 * together with every cell its writes read (to a fixpoint), and kept up to date as files are added.
 */
export class ProjectFacts {
  private readonly files = new Map<string, FileWrites>();
  private readonly sitesByCell = new Map<string, { site: WriteSite; file: FileWrites }[]>();
  /** By cell, by field (or `REST`, `CONTROL`), the categories written there: for the cells computed so far. */
  private readonly values = new Map<string, Map<string, Map<string, CellEntry>>>();
  /** For each computed cell, the writes (into computed cells) whose categories read it. */
  private readonly dependents = new Map<string, DataWrite[]>();
  /** Files of the project whose writes are taken when a question first needs them. */
  private readonly pending = new Map<string, () => SemanticModel | undefined>();
  /**
   * `sitesInto`'s answer by cell, brought up to date when asked after a file added a site there or
   * a site between cells: a container that every file of a large project stores into is asked
   * about by each store that rewrites it and each resolver's staleness check, after each file.
   */
  private readonly sitesAnswers = new Map<string, CellSites>();
  /**
   * Whether resolvers record each answer whole, not only its size: a check in parts asks whether
   * the whole project answers a file of a later part as the part did (project/compile-workspace.ts).
   */
  recordAnswers = false;
  /** Counts the files that added a site carrying data from a cell to a cell: what `feeding` follows. */
  private carryVersion = 0;
  /** `serviceBusNamespaces`' answer, dropped when a file names a namespace (asked at every message sent and every staleness check). */
  private namespacesAnswer: string[] | undefined;
  /**
   * Each flow's purpose by its name in lower case (flow names are unique ignoring case; of a name
   * two files declare, the later file's), kept up to date as files are added.
   */
  private readonly purposes = new Map<string, string | undefined>();
  /** Names `startersOf` looked up and found no flow of: one declared later changes its answers. */
  private readonly purposesMissed = new Set<string>();
  /** Counts the files that changed a purpose `startersOf` may have looked up: its kept answers are then dropped. */
  private purposesVersion = 0;
  /**
   * `startersOf`'s answer by cell, extended when asked after a file added sites there: a queue
   * that a copy of one flow in every file sends to is asked about by every flow its messages start,
   * after each file, and walking all its sites each time made a large check quadratic.
   */
  private readonly startersAnswers = new Map<string, { sites: number; purposesVersion: number; flows: Set<string>; starters: readonly Starter[] }>();
  /** `feeding`'s answers, each dropped when a file adds a site that may carry data to its cell. */
  private readonly feedingAnswers = new Map<string, ReadonlySet<string>>();
  /** `computedIn`'s walks by question (`cell\nfield`), extended when asked again. */
  private readonly computedWalks = new Map<string, ComputedWalk>();
  /** By file, the flows that serve data-subject requests, registered before any file is checked. */
  private readonly serving = new Map<string, readonly ServingFlow[]>();

  /**
   * Registers a file of the project without analysing it yet: the language server and `loadWorkspace`
   * keep every file's compilation, and analyse the others only when a file's check asks.
   */
  register(fileName: string, modelOf: () => SemanticModel | undefined): void {
    if (!this.files.has(fileName)) this.pending.set(fileName, modelOf);
  }

  /** Registers the flows of a file that serve data-subject requests (flow/serving-flows.ts). */
  registerServingFlows(fileName: string, flows: readonly ServingFlow[]): void {
    if (flows.length > 0) this.serving.set(fileName, flows);
    else this.serving.delete(fileName);
  }

  /** The serving flows of the project's files other than `fileName` (whose own its check reads from its tree). */
  servingFlowsBesides(fileName: string): ServingFlow[] {
    return [...this.serving].flatMap(([file, flows]) => (file === fileName ? [] : flows));
  }

  /**
   * Adds a file's sites (once a file: a file added again is left as it was). What it writes into a
   * cell already computed is propagated at once, to that cell and to those that read it.
   */
  addFile(fileName: string, model: SemanticModel): void {
    this.pending.delete(fileName);
    if (this.files.has(fileName)) return;
    this.addFileWrites(fileName, fileWritesOf(model, fileName));
  }

  private addFileWrites(fileName: string, file: FileWrites): void {
    this.files.set(fileName, file);
    for (const [flow, purpose] of file.purposes) {
      const key = flow.toLowerCase();
      if (this.purposes.has(key) ? this.purposes.get(key) !== purpose : this.purposesMissed.has(key)) this.purposesVersion++;
      this.purposes.set(key, purpose);
    }
    if (file.namespaces.length > 0) this.namespacesAnswer = undefined;
    const carriedInto = new Set<string>();
    for (const site of file.sites) if (file.carriesBetweenCells(site)) carriedInto.add(site.cell);
    if (carriedInto.size > 0) {
      // A site carries data from a cell into another: whether a store elsewhere rewrites what it read may change.
      this.carryVersion++;
      // What reaches a cell changes only if a new site writes into it or into a cell that reaches it
      // (a new path to it ends with old ones from where the new site writes).
      for (const [cell, feeders] of this.feedingAnswers) {
        if (carriedInto.has(cell) || [...carriedInto].some((into) => feeders.has(into))) this.feedingAnswers.delete(cell);
      }
    }
    const computed: DataWrite[] = [];
    for (const site of file.sites) {
      let list = this.sitesByCell.get(site.cell);
      if (!list) this.sitesByCell.set(site.cell, (list = []));
      list.push({ site, file });
      if (this.values.has(site.cell)) computed.push(...file.writesOf(site));
    }
    if (computed.length === 0) return;
    for (const write of computed) this.depend(write);
    this.propagate(computed);
  }

  has(fileName: string): boolean {
    return this.files.has(fileName);
  }

  /** The writes `addFile` took from a file's model, for another thread's facts (`addWrites`). */
  writesOf(fileName: string): FileWrites | undefined {
    return this.files.get(fileName);
  }

  /**
   * Adds a file's sites as another thread found them (`writesOf` there): the same as `addFile` of
   * its model. Files must still come in file-name order for answers the same as one thread's.
   */
  addWrites(fileName: string, writes: FileWrites): void {
    this.pending.delete(fileName);
    if (this.files.has(fileName)) return;
    this.addFileWrites(fileName, writes);
  }

  /** Takes the writes of every registered file: every answer below stands on the whole project. */
  private complete(): void {
    for (const [fileName, modelOf] of this.pending) {
      this.pending.delete(fileName);
      const model = modelOf();
      if (model) this.addFile(fileName, model);
    }
  }

  /** Every store into a cell, or call passing into it, for the data map and the retention rule. */
  sitesInto(cell: string): readonly CellSite[] {
    return this.cellSites(cell).sites;
  }

  /** The shortest retention of the stores into a cell that do not rewrite it (Infinity for none): what the retention rule compares a rewrite with. */
  shortestFirstWrite(cell: string): number {
    return this.cellSites(cell).shortestFirstWrite;
  }

  private cellSites(cell: string): CellSites {
    this.complete();
    const all = this.sitesByCell.get(cell) ?? [];
    const known = this.sitesAnswers.get(cell);
    if (known && known.sites.length === all.length && known.carryVersion === this.carryVersion) return known;
    // Sites are only added (each at the end of its cell's list), and what reaches a cell only grows:
    // a site found rewriting stays so, one that carries nothing read from another cell never comes to,
    // and the others are asked again only if a site between cells came since. Asked after each file,
    // so only what may have changed is asked: the sites of a container all a project's files store into are many.
    const sites = known ? known.sites.slice() : [];
    const unsettled: number[] = [];
    let shortest = known?.shortestFirstWrite ?? Infinity;
    let turned = false;
    for (const index of known?.unsettled ?? []) {
      if (known!.carryVersion !== this.carryVersion && this.rewritesThrough(all[index]!.site, all[index]!.file)) {
        sites[index] = { site: all[index]!.site, rewrites: true };
        turned = true;
      } else unsettled.push(index);
    }
    for (let index = sites.length; index < all.length; index++) {
      const { site, file } = all[index]!;
      // A delete writes no document: it is no first write, and keeps nothing for the retention rule.
      const rewrites = site.removes === true || file.rewrites(site) || this.rewritesThrough(site, file);
      sites.push({ site, rewrites });
      if (rewrites) continue;
      shortest = Math.min(shortest, site.retention ?? Infinity);
      if (file.valueCellsReadBy(site).length > 0) unsettled.push(index);
    }
    let firstWrites = known?.firstWrites ?? 0;
    if (turned) {
      // A site that wrote first now rewrites: the shortest first write is taken again without it.
      shortest = Infinity;
      firstWrites = 0;
      for (const { site, rewrites } of sites) {
        if (rewrites) continue;
        shortest = Math.min(shortest, site.retention ?? Infinity);
        firstWrites++;
      }
    }
    const places = known?.places ?? new Map<string, number[]>();
    for (let index = known?.sites.length ?? 0; index < sites.length; index++) {
      const { site, rewrites } = sites[index]!;
      if (!turned && !rewrites) firstWrites++;
      const place = `${site.fileName}\n${site.at}`;
      const indices = places.get(place);
      if (indices) indices.push(index);
      else places.set(place, [index]);
    }
    const answer = { sites, shortestFirstWrite: shortest, carryVersion: this.carryVersion, unsettled, firstWrites, places };
    this.sitesAnswers.set(cell, answer);
    return answer;
  }

  /**
   * Whether the site of a file at an offset rewrites its cell, and the cell's first writes: what
   * `sitesInto` tells of one site, found without walking the others (every store that may rewrite
   * a container every file of a large project stores into asks it).
   */
  rewriteAt(cell: string, fileName: string, at: number): Rewrite {
    const { sites, places, firstWrites, shortestFirstWrite } = this.cellSites(cell);
    const rewrites = (places.get(`${fileName}\n${at}`) ?? []).some((index) => sites[index]!.rewrites);
    return { rewrites, firstWrites: firstWrites > 0, shortestFirstWrite };
  }

  /**
   * Whether a site writes back into its cell what reached it through another cell: a child flow
   * that stores what its caller read from the container and passed in, a flow that stores the
   * Service Bus message another sent it of documents read there (rule 8: the rewrite restarts
   * their TTL whichever flow writes it).
   */
  private rewritesThrough(site: WriteSite, file: FileWrites): boolean {
    for (const read of file.valueCellsReadBy(site)) {
      for (const cell of this.cellsNamed(read)) if (cell !== site.cell && this.feeding(cell).has(site.cell)) return true;
    }
    return false;
  }

  /**
   * The cells whose data may reach a cell through the project's writes: what is stored, sent or
   * passed there may have been read from them, and from what fed them in turn (the conditions a
   * call runs under are not its data).
   */
  private feeding(cell: string): ReadonlySet<string> {
    let answer = this.feedingAnswers.get(cell);
    if (!answer) {
      const found = new Set<string>();
      for (const queue = [cell]; queue.length > 0; ) {
        for (const { site, file } of this.sitesByCell.get(queue.pop()!) ?? []) {
          for (const write of file.writesOf(site)) {
            if (write.field === CONTROL) continue;
            for (const read of placeholdersIn(write.categories)) {
              if (read.field === CONTROL) continue;
              for (const cell of this.cellsNamed(read.cell)) {
                if (found.has(cell)) continue;
                found.add(cell);
                queue.push(cell);
              }
            }
          }
        }
      }
      this.feedingAnswers.set(cell, (answer = found));
    }
    return answer;
  }

  /**
   * How long data read from a cell may already have been kept, and where: the longest, over the
   * stores into it, of the store's retention plus how long what it writes may have been kept in
   * the cells it was read from, and so back (rule 8: a copy keeps data its own retention after the
   * original may have been kept for its own). A call or a message keeps nothing itself; a store
   * writing back into its own cell, and a loop of copies, add nothing here (rule 8 judges them as
   * rewrites).
   */
  keptBefore(cell: string, own?: string): KeptBefore {
    this.complete();
    let oldest: KeptBefore = { seconds: 0 };
    const known = new Map<string, KeptBefore>();
    for (const named of this.cellsNamed(cell)) {
      if (named === own) continue;
      // What reaches back to the cell stored into is written back there, a rewrite: not a copy.
      const found = this.kept(named, new Set(own === undefined ? [] : [own]), known);
      if (found.seconds > oldest.seconds) oldest = found;
    }
    return oldest;
  }

  /** `known`: each cell's answer once within one question, so that a web of copies is walked once, not along every path. */
  private kept(cell: string, visiting: Set<string>, known: Map<string, KeptBefore>): KeptBefore {
    let oldest: KeptBefore = { seconds: 0 };
    if (visiting.has(cell)) return oldest;
    const answered = known.get(cell);
    if (answered) return answered;
    visiting.add(cell);
    for (const { site, file } of this.sitesByCell.get(cell) ?? []) {
      let before: KeptBefore = { seconds: 0 };
      for (const read of file.cellsReadBy(site)) {
        for (const named of this.cellsNamed(read)) {
          const found = this.kept(named, visiting, known);
          if (found.seconds > before.seconds) before = found;
        }
      }
      // What waited in the run before it was written was kept there too.
      const seconds = (site.retention ?? 0) + (site.held ?? 0) + before.seconds;
      if (seconds > oldest.seconds) oldest = { seconds, where: before.where ?? (site.retention !== undefined ? cell : undefined) };
    }
    visiting.delete(cell);
    known.set(cell, oldest);
    return oldest;
  }

  /**
   * The flows whose steps start the runs of a flow whose starting cell is `cell`
   * (semantics/categories.ts `startingCellOf`): those that call it, or send, post or store what
   * its trigger reads; each with its purpose, sorted by name.
   */
  startersOf(cell: string): readonly Starter[] {
    this.complete();
    if (cell.endsWith(ANY_CELL)) {
      const found = new Map<string, Starter>();
      for (const named of this.cellsNamed(cell)) {
        for (const { site } of this.sitesByCell.get(named) ?? []) if (!site.removes && !found.has(site.flow)) found.set(site.flow, this.starter(site.flow));
      }
      return [...found.values()].sort((a, b) => (a.flow < b.flow ? -1 : a.flow > b.flow ? 1 : 0));
    }
    // Sites are only added, each at the end of its cell's list: only those since the last answer
    // are walked, and a flow not seen yet goes into its place in the sorted list.
    const all = this.sitesByCell.get(cell) ?? [];
    let known = this.startersAnswers.get(cell);
    if (!known || known.purposesVersion !== this.purposesVersion) {
      known = { sites: 0, purposesVersion: this.purposesVersion, flows: new Set(), starters: [] };
      this.startersAnswers.set(cell, known);
    }
    if (known.sites === all.length) return known.starters;
    // A new list: an answer already given is never changed under its holder.
    const starters = known.starters.slice();
    for (let index = known.sites; index < all.length; index++) {
      const { flow, removes } = all[index]!.site;
      // A delete starts no run (a list item's trigger fires on items created or changed).
      if (removes || known.flows.has(flow)) continue;
      known.flows.add(flow);
      let low = 0;
      let high = starters.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (starters[middle]!.flow < flow) low = middle + 1;
        else high = middle;
      }
      starters.splice(low, 0, this.starter(flow));
    }
    known.sites = all.length;
    known.starters = starters;
    return starters;
  }

  private starter(flow: string): Starter {
    const key = flow.toLowerCase();
    if (!this.purposes.has(key)) this.purposesMissed.add(key);
    return { flow, purpose: this.purposes.get(key) };
  }

  /**
   * Every Service Bus namespace the project's steps and triggers name, as written: a workflow
   * reaches one through its `servicebus` connection, and `jig deploy` gives every workflow of the
   * project the same one, so any of them may be the namespace a step really reaches.
   */
  serviceBusNamespaces(): readonly string[] {
    this.complete();
    if (!this.namespacesAnswer) {
      const namespaces = new Set<string>();
      for (const file of this.files.values()) for (const namespace of file.namespaces) namespaces.add(namespace);
      this.namespacesAnswer = [...namespaces].sort();
    }
    return this.namespacesAnswer;
  }

  /**
   * The cells a placeholder's cell names: itself, or, for a cell named by a prefix (`store:cosmos/*`,
   * what a request that reads stores by another door than `query` may read), every cell of the
   * project under it.
   */
  private cellsNamed(cell: string): readonly string[] {
    if (!cell.endsWith(ANY_CELL)) return [cell];
    this.complete();
    const prefix = cell.slice(0, -ANY_CELL.length);
    return [...this.sitesByCell.keys()].filter((other) => other.startsWith(prefix));
  }

  /** The categories a placeholder stands for, each with the flow that writes it. */
  categoriesOf(placeholder: Placeholder): Map<string, CellEntry> {
    this.complete();
    if (placeholder.cell.endsWith(ANY_CELL)) {
      const result = new Map<string, CellEntry>();
      for (const cell of this.cellsNamed(placeholder.cell)) {
        for (const [category, entry] of this.categoriesOf({ ...placeholder, cell })) if (!result.has(category)) result.set(category, entry);
      }
      // By name: a cell's categories come in the order the project's files reached
      // them, which a check in parts (compile-workspace.ts) does not share with one thread's.
      return new Map([...result].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    const fields = this.cellValue(placeholder.cell);
    const result = new Map<string, CellEntry>();
    const take = (field: string, condition = false) => {
      for (const [category, entry] of fields.get(field) ?? []) {
        if (!result.has(category) && !covered(category, placeholder.dropped)) result.set(category, condition ? { flow: entry.flow, condition, ...(entry.removes && { removes: true }) } : entry);
      }
    };
    if (placeholder.field === CONTROL) take(CONTROL);
    else {
      if (placeholder.field !== undefined) {
        take(placeholder.field);
        take(REST);
      } else {
        for (const field of fields.keys()) if (field !== CONTROL && !placeholder.except!.includes(field)) take(field);
      }
      // A document or a message exists only because the conditions of its write held: each of its
      // fields tells them. (A flow's caller's conditions are the flow's own, read as its `CONTROL`.)
      if (!placeholder.cell.startsWith(INPUT_CELL)) take(CONTROL, true);
    }
    return result;
  }

  /**
   * Whether a write of the project may put into a cell's field a value a flow computed rather than
   * copied (flow/copies.ts), directly or by copying such a value from another cell (a container
   * read, a message, a child flow's input): a field that counts no subjects (§5).
   *
   * The answer is whether the cells' fields reached through what writes copy hold a computed write.
   * It is kept by question and brought up to date when asked again: sites are only added (each at
   * the end of its cell's list), so a `true` stays true, and a `false` can turn only through a site
   * added since to a field it reached, or a cell added since under a prefix it read. Asked by every
   * aggregation (§5) and each resolver's staleness check after each file, walking all the sites of
   * a container every file of a large project stores into made a check quadratic.
   */
  computedIn(cell: string, field: string): boolean {
    this.complete();
    const question = `${cell}\n${field}`;
    let walk = this.computedWalks.get(question);
    if (!walk) {
      walk = { found: false, fields: new Map(), prefixes: new Map(), cells: this.sitesByCell.size };
      this.computedWalks.set(question, walk);
      this.reachField(walk, cell, field);
    } else if (!walk.found && walk.cells !== this.sitesByCell.size) {
      // New cells: those a prefix read names are reached too.
      walk.cells = this.sitesByCell.size;
      for (const [prefixCell, prefixFields] of walk.prefixes) for (const each of prefixFields) this.reachField(walk, prefixCell, each);
    }
    // Every field reached, including those reached on the way (a Map's iteration visits them too).
    for (const reached of walk.fields.values()) {
      if (walk.found) break;
      const sites = this.sitesByCell.get(reached.cell) ?? [];
      for (; reached.walked < sites.length && !walk.found; reached.walked++) {
        const { site, file } = sites[reached.walked]!;
        for (const write of file.writesOf(site)) {
          if ((write.field !== reached.field && write.field !== REST) || write.categories.size === 0) continue;
          if (write.computed) {
            walk.found = true;
            break;
          }
          for (const read of placeholdersIn(write.categories)) if (read.field !== CONTROL) this.reachField(walk, read.cell, read.field ?? reached.field);
        }
      }
    }
    return walk.found;
  }

  /** Adds to a `computedIn` walk the field of each cell a cell (or a prefix) names, to be walked from its first site. */
  private reachField(walk: ComputedWalk, cell: string, field: string): void {
    if (cell.endsWith(ANY_CELL)) {
      let fields = walk.prefixes.get(cell);
      if (!fields) walk.prefixes.set(cell, (fields = new Set()));
      fields.add(field);
    }
    for (const named of this.cellsNamed(cell)) {
      const key = `${named}\n${field}`;
      if (!walk.fields.has(key)) walk.fields.set(key, { cell: named, field, walked: 0 });
    }
  }

  /** A cell's contents: computed when first asked for, with every cell its writes read, and kept up to date as files are added. */
  private cellValue(cell: string): Map<string, Map<string, CellEntry>> {
    const known = this.values.get(cell);
    if (known) return known;
    // The cells this one depends on, not yet computed: computed together, to a fixpoint.
    const cells = new Set<string>([cell]);
    const writes: DataWrite[] = [];
    for (const queue = [cell]; queue.length > 0; ) {
      for (const { site, file } of this.sitesByCell.get(queue.pop()!) ?? []) {
        for (const write of file.writesOf(site)) {
          writes.push(write);
          for (const read of placeholdersIn(write.categories)) {
            for (const named of this.cellsNamed(read.cell)) {
              if (cells.has(named) || this.values.has(named)) continue;
              cells.add(named);
              queue.push(named);
            }
          }
        }
      }
    }
    for (const reached of cells) this.values.set(reached, new Map());
    for (const write of writes) this.depend(write);
    this.propagate(writes);
    return this.values.get(cell)!;
  }

  /** Records that a write reads the cells its placeholders name (computed ones: the others are computed when first asked for). */
  private depend(write: DataWrite): void {
    for (const read of placeholdersIn(write.categories)) {
      for (const cell of this.cellsNamed(read.cell)) {
        this.cellValue(cell);
        let list = this.dependents.get(cell);
        if (!list) this.dependents.set(cell, (list = []));
        list.push(write);
      }
    }
  }

  /** Writes each write into its cell, and again those that read a cell that grew, until nothing grows. */
  private propagate(writes: readonly DataWrite[]): void {
    const pending = new Set(writes);
    while (pending.size > 0) {
      const write: DataWrite = pending.values().next().value!;
      pending.delete(write);
      const fields = this.values.get(write.cell)!;
      let value = fields.get(write.field);
      if (!value) fields.set(write.field, (value = new Map()));
      const before = value.size;
      const written: CellEntry = write.removes ? { flow: write.flow, removes: true } : { flow: write.flow };
      for (const key of write.categories.keys()) if (!isPlaceholder(key) && !value.has(key)) value.set(key, written);
      for (const read of placeholdersIn(write.categories)) {
        // Named after the flow that wrote it here, not where it first came in: a message names the
        // flow whose write put the category into the cell it reads.
        for (const [found, entry] of this.categoriesOf(read)) if (!value.has(found)) value.set(found, entry.condition ? { flow: write.flow, condition: true } : written);
      }
      if (value.size === before) continue;
      for (const dependent of this.dependents.get(write.cell) ?? []) pending.add(dependent);
    }
  }
}

/** The facts of one file alone (a file outside any project, a test). */
export function factsOfFile(model: SemanticModel): ProjectFacts {
  const facts = new ProjectFacts();
  facts.addFile('', model);
  return facts;
}

/** What a resolver read of the project (`DataResolver.readings`): plain data, which another thread can take. */
export interface Readings {
  /** By placeholder or question, how many categories it stood for, or the number answered. */
  readonly sizes: ReadonlyMap<string, number>;
  /** By the same keys, the answer, when the facts recorded answers. */
  readonly answers?: ReadonlyMap<string, Answer>;
}

/** A reading's answer (`DataResolver.answerOf`): what decides a file's findings, and what their messages name besides. */
export interface Answer {
  readonly decides: string;
  readonly named: string;
}

/** The key under which a resolver notes how many Service Bus namespaces it saw. */
const NAMESPACES = '#namespaces';
/** The start of the key under which a resolver notes whether a cell's field may hold computed values. */
const COMPUTED = '#computed:';

/** Resolves a model's placeholders against the project's facts. */
export class DataResolver {
  private readonly resolved = new WeakMap<CategoryFlow, CategoryFlow>();
  /** Every placeholder resolved, with how many categories it stood for then (and the sites read, for the rewrite rule). */
  private readonly seen = new Map<string, number>();
  /** With `ProjectFacts.recordAnswers`: each reading's answer then (`answerOf`). */
  private answers: Map<string, Answer> | undefined;

  constructor(
    private readonly facts: ProjectFacts,
    /** The file whose model this resolver resolves, as the facts know it. */
    readonly fileName = '',
  ) {
    if (facts.recordAnswers) this.answers = new Map();
  }

  /** What it read of the project: how much each stood for then, and with `recordAnswers`, the whole answer. */
  get readings(): Readings {
    return { sizes: this.seen, ...(this.answers && { answers: this.answers }) };
  }

  /**
   * A resolver that read what another resolver read (`readings`, from another thread), asked only
   * whether these facts answer otherwise (`stale`): a file checked against part of the project.
   */
  static thatRead(facts: ProjectFacts, fileName: string, readings: Readings): DataResolver {
    const resolver = new DataResolver(facts, fileName);
    for (const [key, size] of readings.sizes) resolver.seen.set(key, size);
    resolver.answers = readings.answers && new Map(readings.answers);
    return resolver;
  }

  private note(key: string, size: number): void {
    this.seen.set(key, size);
    this.answers?.set(key, this.answerOf(key));
  }

  /**
   * The answer to a reading, as text: what decides the findings (the categories in order, whether
   * the file's stores rewrite and the shortest first write, how long data was kept, the
   * namespaces), and besides what only messages name (the flows that write each category, the
   * other stores, where data was kept). Two sets of facts that answer a file alike give it the
   * same findings; alike in `decides` only, the same findings but for their messages.
   */
  private answerOf(key: string): Answer {
    if (key === NAMESPACES) {
      const namespaces = this.facts.serviceBusNamespaces().join('\n');
      return { decides: namespaces, named: '' };
    }
    if (key.startsWith('#sites:')) {
      const cell = key.slice('#sites:'.length);
      const sites = this.facts.sitesInto(cell);
      const own = sites.filter(({ site }) => site.fileName === this.fileName).map(({ site, rewrites }) => `${site.at}:${rewrites}`);
      const firstWrites = sites.some(({ rewrites }) => !rewrites);
      return {
        decides: `${this.facts.shortestFirstWrite(cell)}\t${firstWrites}\t${own.join(',')}`,
        named: sites.map(({ site, rewrites }) => `${site.fileName}\t${site.at}\t${site.flow}\t${site.retention}\t${rewrites}`).join('\n'),
      };
    }
    if (key.startsWith(COMPUTED)) {
      const computed = String(this.facts.computedIn(...(key.slice(COMPUTED.length).split('\n') as [string, string])));
      return { decides: computed, named: '' };
    }
    if (key.startsWith('#kept:')) {
      const kept = this.facts.keptBefore(...(key.slice('#kept:'.length).split('\n') as [string, string]));
      return { decides: String(kept.seconds), named: String(kept.where) };
    }
    const found = [...this.facts.categoriesOf(parsePlaceholder(key)!)];
    return { decides: found.map(([category]) => category).join('\n'), named: found.map(([, entry]) => `${entry.flow}\t${entry.condition ?? ''}`).join('\n') };
  }

  /** The categories with every placeholder replaced by what the project holds there. */
  resolve(categories: CategoryFlow): CategoryFlow {
    let placeholders = false;
    for (const key of categories.keys()) if (isPlaceholder(key)) placeholders = true;
    if (!placeholders) return categories;
    const cached = this.resolved.get(categories);
    if (cached) return cached;
    const result = new Map<string, CategoryOrigin>();
    for (const [key, origin] of categories) if (!isPlaceholder(key)) result.set(key, origin);
    for (const [key, origin] of categories) {
      const placeholder = isPlaceholder(key) ? parsePlaceholder(key) : undefined;
      if (!placeholder) continue;
      const found = this.facts.categoriesOf(placeholder);
      this.note(key, found.size);
      const verb = placeholder.cell.startsWith(INPUT_CELL)
        ? placeholder.field === CONTROL ? 'calls it only then' : 'passes it in'
        : placeholder.cell.startsWith('message:') ? 'sends it there'
        : placeholder.cell.startsWith(ANSWER_CELL) ? 'answers it to whoever starts its run'
        : placeholder.cell.startsWith(EVERY_HISTORY) ? 'holds it in its runs' : 'stores it there';
      for (const [category, entry] of found) {
        if (result.has(category)) continue;
        const how =
          entry.removes ? 'deletes documents there under a condition or by an id that reads it, and what it leaves tells it'
          : entry.condition ? `${verb.replace(' it ', ' ')} only under a condition that reads it` : verb;
        result.set(category, makeOrigin(origin.range, `${origin.description} (flow ${entry.flow} ${how})`, origin.mixedSource, origin.control));
      }
    }
    this.resolved.set(categories, result);
    return result;
  }

  /**
   * The categories the project's writes put into one field of a cell, as values: not those of the
   * conditions they were written under, which tell that a document exists, not what the field holds.
   */
  valuesIn(cell: string, field: string): ReadonlySet<string> {
    const key = fieldPlaceholder(cell, field);
    const found = this.facts.categoriesOf(parsePlaceholder(key)!);
    this.note(key, found.size);
    return new Set([...found].flatMap(([category, entry]) => (entry.condition ? [] : [category])));
  }

  /** Whether a write of the project may put a computed value, not a copy, into a cell's field (ProjectFacts.computedIn). */
  computedIn(cell: string, field: string): boolean {
    const computed = this.facts.computedIn(cell, field);
    this.note(`${COMPUTED}${cell}\n${field}`, computed ? 1 : 0);
    return computed;
  }

  /** Every store into a cell, or call passing into it, and whether it writes back what it read there. */
  sitesInto(cell: string): readonly CellSite[] {
    this.note(`#sites:${cell}`, this.facts.shortestFirstWrite(cell));
    return this.facts.sitesInto(cell);
  }

  /** Whether this file's site at `at` rewrites a cell, beside the cell's first writes (ProjectFacts.rewriteAt: `sitesInto` for one site). */
  rewriteAt(cell: string, at: number): Rewrite {
    this.note(`#sites:${cell}`, this.facts.shortestFirstWrite(cell));
    return this.facts.rewriteAt(cell, this.fileName, at);
  }

  /** The flows of the project's other files that serve data-subject requests (registered before any check). */
  servingFlowsElsewhere(): readonly ServingFlow[] {
    return this.facts.servingFlowsBesides(this.fileName);
  }

  /**
   * How long the data of the project that a value holds (its placeholders, conditions aside) may
   * already have been kept before it is read (ProjectFacts.keptBefore); `own`, the cell the value
   * is stored into, is left out: writing back there is a rewrite.
   */
  keptBefore(categories: CategoryFlow, own: string): KeptBefore {
    let oldest: KeptBefore = { seconds: 0 };
    for (const read of placeholdersIn(categories)) {
      if (read.field === CONTROL || read.cell === own) continue;
      const found = this.facts.keptBefore(read.cell, own);
      this.note(`#kept:${read.cell}\n${own}`, found.seconds);
      if (found.seconds > oldest.seconds) oldest = found;
    }
    return oldest;
  }

  /** The flows that start the runs of a flow whose starting cell is `cell` (ProjectFacts.startersOf). */
  startersOf(cell: string): readonly Starter[] {
    const starters = this.facts.startersOf(cell);
    this.seen.set(`#starters:${cell}`, starters.length);
    return starters;
  }

  /** The Service Bus namespaces the project names (ProjectFacts.serviceBusNamespaces). */
  serviceBusNamespaces(): readonly string[] {
    const namespaces = this.facts.serviceBusNamespaces();
    this.note(NAMESPACES, namespaces.length);
    return namespaces;
  }

  /**
   * Whether anything this resolver read of the project has grown since: its answers may then be
   * incomplete. With answers recorded, whether any answer differs in what decides the findings,
   * or, when the file has findings (`withFindings`), in what their messages name.
   */
  stale(withFindings = true): boolean {
    if (this.answers) {
      for (const [key, answer] of this.answers) {
        const now = this.answerOf(key);
        if (now.decides !== answer.decides || (withFindings && now.named !== answer.named)) return true;
      }
      return false;
    }
    for (const [key, size] of this.seen) {
      const now =
        key === NAMESPACES ? this.facts.serviceBusNamespaces().length
        : key.startsWith('#sites:') ? this.facts.shortestFirstWrite(key.slice('#sites:'.length))
        : key.startsWith('#starters:') ? this.facts.startersOf(key.slice('#starters:'.length)).length
        : key.startsWith(COMPUTED) ? (this.facts.computedIn(...(key.slice(COMPUTED.length).split('\n') as [string, string])) ? 1 : 0)
        : key.startsWith('#kept:') ? this.facts.keptBefore(...(key.slice('#kept:'.length).split('\n') as [string, string])).seconds
        : this.facts.categoriesOf(parsePlaceholder(key)!).size;
      if (now !== size) return true;
    }
    return false;
  }

  /** Whether it read anything of the project at all. */
  get readProjectData(): boolean {
    return this.seen.size > 0;
  }

  /** Whether the value holds data that did not come from the flow's own trigger. */
  isForeign(categories: CategoryFlow): boolean {
    return categories.has(FOREIGN);
  }

}

