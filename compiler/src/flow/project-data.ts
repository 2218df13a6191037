/**
 * Data that lives in the project rather than in one file: what the project's flows store in each
 * container, and what callers pass to each flow. A query of a container carries every category
 * any flow of the project stores there, whatever type the query declares; a flow's request body
 * carries what its callers pass in. The semantic model names such data by placeholders
 * (`?store:cosmos/db/container#field`, `?input:flow#field`, semantics/categories.ts); here each
 * file's writes are gathered and propagated to a fixpoint (a flow may store what it read from
 * another container), and placeholders are resolved into categories.
 *
 * A file's writes depend on its own text only, never on other files: every file is analysed
 * once, and the facts are the same whatever order files come in.
 */
import type { CategoryFlow, CategoryOrigin, SemanticModel } from '../semantics/model.js';
import type { FlowDecl, Step, StoreStep } from '../syntax/tree.js';
import { FOREIGN, REST, WHOLE, flatten, inputCell, isPlaceholder, storeCell, withAny, type Shape } from '../semantics/categories.js';
import { forEachStep } from '../syntax/visit.js';

/** One write of a flow into a cell's field: a store into a container, a call passing a body. */
export interface DataWrite {
  /** `store:cosmos/DB/CONTAINER` or `input:FLOW`. */
  readonly cell: string;
  /** A field name, or `REST`: what may sit in fields the writer does not list. Every store and call writes one `REST`. */
  readonly field: string;
  /** Categories and placeholders, unresolved. */
  readonly categories: CategoryFlow;
  /** The flow that writes, for messages and the data map. */
  readonly flow: string;
  /** The retention of a store, in seconds. */
  readonly retention?: number;
  /** Whether what is written was read from the same cell (a rewrite refreshes a document's TTL). */
  readonly rewrite?: boolean;
  /** The step that writes (a store or a call), in the writer's file. */
  readonly step: Step;
}

/** The writes of every flow of a file: what it stores and what it passes to child flows. */
export function writesOfFile(model: SemanticModel): DataWrite[] {
  const writes: DataWrite[] = [];
  for (const declaration of model.file.declarations) {
    if (declaration.kind !== 'Flow') continue;
    const flow = declaration as FlowDecl;
    forEachStep(flow.body, (step) => {
      const site = writeSite(model, step);
      if (site) writes.push(...cellWrites(site, flow.name.name, step));
    });
  }
  return writes;
}

/** Where the step writes: the cell and the value's shape (and the conditions it runs under). */
interface WriteSite {
  readonly cell: string;
  readonly shape: Shape;
  readonly retention?: number;
}

function writeSite(model: SemanticModel, step: Step): WriteSite | undefined {
  const control = model.controlCategoriesOf(step);
  if (step.kind === 'Store') {
    const retention = model.retentionOf(step as StoreStep)?.seconds;
    return { cell: storeCell(step.target), shape: withAny(model.shapeOf(step.value), control), ...(retention !== undefined && { retention }) };
  }
  const call = step.kind === 'FlowCallStep' ? step.call : step.kind === 'Let' && step.value.kind === 'FlowCall' ? step.value : undefined;
  if (call?.argument) return { cell: inputCell(call.flow.name), shape: withAny(model.shapeOf(call.argument), control) };
  return undefined;
}

function cellWrites(site: WriteSite, flow: string, step: Step): DataWrite[] {
  const { cell, shape, retention } = site;
  const rewrite = [...flatten(shape).keys()].some((key) => key.startsWith(`?${cell}#`));
  const base = { cell, flow, step, ...(retention !== undefined && { retention }), ...(rewrite && { rewrite }) };
  const writes: DataWrite[] = [];
  let rest = shape.any;
  for (const [name, field] of shape.fields ?? []) {
    if (name === WHOLE) rest = union(rest, flatten(field));
    else writes.push({ ...base, field: name, categories: union(shape.any, flatten(field)) });
  }
  // An array or a value of no known fields: anything in it may sit in any field.
  if (shape.element) rest = union(rest, flatten(shape.element));
  writes.push({ ...base, field: REST, categories: rest });
  return writes;
}

function union(a: CategoryFlow, b: CategoryFlow): CategoryFlow {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const result = new Map(a);
  for (const [key, origin] of b) if (!result.has(key)) result.set(key, origin);
  return result;
}

/** A category found in a cell, and the flow that put it there. */
interface CellEntry {
  readonly flow: string;
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

function parsePlaceholder(key: string): Placeholder | undefined {
  if (key === FOREIGN) return undefined;
  const hash = key.lastIndexOf('#');
  if (hash < 0) return undefined;
  const [read, dropped] = key.slice(hash + 1).split('!') as [string, string | undefined];
  const cell = key.slice(1, hash);
  const droppedList = dropped ? dropped.split(',') : [];
  if (read.startsWith(REST)) return { cell, except: read.length > 1 ? read.slice(1).split(',') : [], dropped: droppedList };
  return { cell, field: read, dropped: droppedList };
}

const covered = (category: string, dropped: readonly string[]) => dropped.some((d) => category === d || category.startsWith(`${d}.`));

/**
 * The facts of a project, built file by file: adding a file's writes propagates them at once, and
 * every resolution sees what is known so far. `version` tells a reader whether a cell grew after it
 * was read (the CLI checks a file again when one did).
 */
export class ProjectFacts {
  /** By cell, by field (or `REST`), the categories written there. */
  private readonly values = new Map<string, Map<string, Map<string, CellEntry>>>();
  private readonly versions = new Map<string, number>();
  private readonly files = new Map<string, readonly DataWrite[]>();
  /** The writes whose categories read a cell, to propagate its growth. */
  private readonly dependents = new Map<string, DataWrite[]>();

  /** Adds a file's writes (once a file: a file added again is left as it was). */
  addFile(fileName: string, writes: readonly DataWrite[]): void {
    if (this.files.has(fileName)) return;
    this.files.set(fileName, writes);
    for (const write of writes) {
      for (const key of write.categories.keys()) {
        const placeholder = parsePlaceholder(key);
        if (!placeholder) continue;
        let list = this.dependents.get(placeholder.cell);
        if (!list) this.dependents.set(placeholder.cell, (list = []));
        list.push(write);
      }
    }
    this.propagate([...writes]);
  }

  has(fileName: string): boolean {
    return this.files.has(fileName);
  }

  /** How many times a cell has grown: a reader compares it with what it saw. */
  version(cell: string): number {
    return this.versions.get(cell) ?? 0;
  }

  /** Every store into a cell, or call passing into it (one entry each), for the data map and the retention rule. */
  writesInto(cell: string): DataWrite[] {
    const result: DataWrite[] = [];
    for (const writes of this.files.values()) for (const write of writes) if (write.cell === cell && write.field === REST) result.push(write);
    return result;
  }

  /** The categories a placeholder stands for, each with the flow that writes it. */
  categoriesOf(placeholder: Placeholder): Map<string, CellEntry> {
    const result = new Map<string, CellEntry>();
    const fields = this.values.get(placeholder.cell);
    if (!fields) return result;
    const take = (field: string) => {
      for (const [category, entry] of fields.get(field) ?? []) {
        if (!result.has(category) && !covered(category, placeholder.dropped)) result.set(category, entry);
      }
    };
    if (placeholder.field !== undefined) {
      take(placeholder.field);
      take(REST);
    } else {
      for (const field of fields.keys()) if (!placeholder.except!.includes(field)) take(field);
    }
    return result;
  }

  private propagate(pending: DataWrite[]): void {
    while (pending.length > 0) {
      const write = pending.pop()!;
      let fields = this.values.get(write.cell);
      if (!fields) this.values.set(write.cell, (fields = new Map()));
      let value = fields.get(write.field);
      if (!value) fields.set(write.field, (value = new Map()));
      let grew = false;
      const put = (category: string, entry: CellEntry) => {
        if (value!.has(category)) return;
        value!.set(category, entry);
        grew = true;
      };
      for (const key of write.categories.keys()) {
        const placeholder = parsePlaceholder(key);
        if (placeholder) for (const [found, entry] of this.categoriesOf(placeholder)) put(found, entry);
        else if (!isPlaceholder(key)) put(key, { flow: write.flow });
      }
      if (!grew) continue;
      this.versions.set(write.cell, this.version(write.cell) + 1);
      pending.push(...(this.dependents.get(write.cell) ?? []));
    }
  }
}

/** Resolves a model's placeholders against the project's facts, and remembers what it read. */
export class DataResolver {
  /** Every cell read, with the version seen. */
  readonly read = new Map<string, number>();

  constructor(private readonly facts: ProjectFacts) {}

  /** The categories with every placeholder replaced by what the project holds there. */
  resolve(categories: CategoryFlow): CategoryFlow {
    let placeholders = false;
    for (const key of categories.keys()) if (isPlaceholder(key)) placeholders = true;
    if (!placeholders) return categories;
    const result = new Map<string, CategoryOrigin>();
    for (const [key, origin] of categories) if (!isPlaceholder(key)) result.set(key, origin);
    for (const [key, origin] of categories) {
      const placeholder = parsePlaceholder(key);
      if (!placeholder) continue;
      this.read.set(placeholder.cell, this.facts.version(placeholder.cell));
      const verb = placeholder.cell.startsWith('input:') ? 'passes it in' : 'stores it there';
      for (const [category, entry] of this.facts.categoriesOf(placeholder)) {
        if (result.has(category)) continue;
        result.set(category, { ...origin, description: `${origin.description} (flow ${entry.flow} ${verb})` });
      }
    }
    return result;
  }

  /** Whether the value holds data that did not come from the flow's own trigger. */
  isForeign(categories: CategoryFlow): boolean {
    return categories.has(FOREIGN);
  }

  /** Whether any cell this resolver read has grown since. */
  stale(): boolean {
    for (const [key, version] of this.read) if (this.facts.version(key) !== version) return true;
    return false;
  }
}

/** The facts of one file alone (a file outside any project, a test). */
export function factsOfFile(fileName: string, model: SemanticModel): ProjectFacts {
  const facts = new ProjectFacts();
  facts.addFile(fileName, writesOfFile(model));
  return facts;
}

