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
import type { FlowDecl, Step, StoreStep } from '../syntax/tree.js';
import { CONTROL, FOREIGN, REST, WHOLE, flatten, inputCell, isPlaceholder, storeCell } from '../semantics/categories.js';
import { forEachStep } from '../syntax/visit.js';

/** One write of a flow into a cell's field: a store into a container, a call passing a body. */
export interface DataWrite {
  /** `store:cosmos/DB/CONTAINER` or `input:FLOW`. */
  readonly cell: string;
  /** A field name; `REST`: what may sit in fields the writer does not list; `CONTROL`: the conditions a call runs under. */
  readonly field: string;
  /** Categories and placeholders, unresolved. */
  readonly categories: CategoryFlow;
  /** The flow that writes, for messages and the data map. */
  readonly flow: string;
}

/** A store into a container or a call of a flow: where one step of a flow writes. */
export interface WriteSite {
  readonly cell: string;
  readonly flow: string;
  readonly step: Step;
  /** The retention of a store, in seconds. */
  readonly retention?: number;
}

/** The sites of a file, found without computing anything; their writes are computed when asked for. */
class FileWrites {
  readonly sites: WriteSite[] = [];
  private readonly writes = new Map<WriteSite, DataWrite[]>();

  constructor(private readonly model: SemanticModel) {
    for (const declaration of model.file.declarations) {
      if (declaration.kind !== 'Flow') continue;
      const flow = (declaration as FlowDecl).name.name;
      forEachStep((declaration as FlowDecl).body, (step) => {
        if (step.kind === 'Store') {
          const retention = model.retentionOf(step as StoreStep)?.seconds;
          this.sites.push({ cell: storeCell(step.target), flow, step, ...(retention !== undefined && { retention }) });
        }
        const call = callOf(step);
        if (call) this.sites.push({ cell: inputCell(call.flow.name), flow, step });
      });
    }
  }

  writesOf(site: WriteSite): DataWrite[] {
    let writes = this.writes.get(site);
    if (!writes) {
      writes = siteWrites(this.model, site);
      this.writes.set(site, writes);
    }
    return writes;
  }

  /** Whether the value a site writes holds data read from the same cell (a store that rewrites documents). */
  rewrites(site: WriteSite): boolean {
    return this.writesOf(site).some((write) => [...write.categories.keys()].some((key) => key.startsWith(`?${site.cell}#`)));
  }
}

function callOf(step: Step) {
  const call = step.kind === 'FlowCallStep' ? step.call : step.kind === 'Let' && step.value.kind === 'FlowCall' ? step.value : undefined;
  return call?.argument ? call : undefined;
}

/**
 * What a site writes, field by field. A store writes its value; a call its body, and the
 * conditions it runs under as the child's `CONTROL` (the child runs only because they held: its
 * sinks answer for them). Which documents a store writes may depend on conditions too; a reader
 * of the container sees the documents, not those conditions (README, limits of the analysis).
 */
function siteWrites(model: SemanticModel, site: WriteSite): DataWrite[] {
  const { step, cell, flow } = site;
  const call = callOf(step);
  const shape = model.shapeOf(call ? call.argument! : (step as StoreStep).value);
  const writes: DataWrite[] = [];
  let rest = shape.any;
  for (const [name, field] of shape.fields ?? []) {
    if (name === WHOLE) rest = union(rest, flatten(field));
    else writes.push({ cell, flow, field: name, categories: union(shape.any, flatten(field)) });
  }
  // An array, or a value of no known fields: anything in it may sit in any field.
  if (shape.element) rest = union(rest, flatten(shape.element));
  writes.push({ cell, flow, field: REST, categories: rest });
  if (call) writes.push({ cell, flow, field: CONTROL, categories: model.controlCategoriesOf(step) });
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

function placeholdersIn(categories: CategoryFlow): Placeholder[] {
  const result: Placeholder[] = [];
  for (const key of categories.keys()) {
    if (!isPlaceholder(key)) continue;
    const placeholder = parsePlaceholder(key);
    if (placeholder) result.push(placeholder);
  }
  return result;
}

const covered = (category: string, dropped: readonly string[]) => dropped.some((d) => category === d || category.startsWith(`${d}.`));

/**
 * The writes of a project, file by file. A cell's contents are computed when first asked for,
 * together with every cell its writes read (to a fixpoint), and kept until a file is added.
 */
export class ProjectFacts {
  private readonly files = new Map<string, FileWrites>();
  private readonly sitesByCell = new Map<string, { site: WriteSite; file: FileWrites }[]>();
  /** By cell, by field (or `REST`, `CONTROL`), the categories written there. */
  private values = new Map<string, Map<string, Map<string, CellEntry>>>();

  /** Adds a file's sites (once a file: a file added again is left as it was). */
  addFile(fileName: string, model: SemanticModel): void {
    if (this.files.has(fileName)) return;
    const file = new FileWrites(model);
    this.files.set(fileName, file);
    for (const site of file.sites) {
      let list = this.sitesByCell.get(site.cell);
      if (!list) this.sitesByCell.set(site.cell, (list = []));
      list.push({ site, file });
    }
    if (file.sites.length > 0) this.values = new Map();
  }

  has(fileName: string): boolean {
    return this.files.has(fileName);
  }

  /** How many sites write into a cell: a reader that saw fewer checks again. */
  siteCount(cell: string): number {
    return this.sitesByCell.get(cell)?.length ?? 0;
  }

  /** Every store into a cell, or call passing into it, for the data map and the retention rule. */
  sitesInto(cell: string): { readonly site: WriteSite; readonly rewrites: boolean }[] {
    return (this.sitesByCell.get(cell) ?? []).map(({ site, file }) => ({ site, rewrites: file.rewrites(site) }));
  }

  /** The categories a placeholder stands for, each with the flow that writes it. */
  categoriesOf(placeholder: Placeholder): Map<string, CellEntry> {
    const result = new Map<string, CellEntry>();
    const fields = this.cellValue(placeholder.cell);
    const take = (field: string) => {
      for (const [category, entry] of fields.get(field) ?? []) {
        if (!result.has(category) && !covered(category, placeholder.dropped)) result.set(category, entry);
      }
    };
    if (placeholder.field === CONTROL) take(CONTROL);
    else if (placeholder.field !== undefined) {
      take(placeholder.field);
      take(REST);
    } else {
      for (const field of fields.keys()) if (field !== CONTROL && !placeholder.except!.includes(field)) take(field);
    }
    return result;
  }

  /** The cells a cell's contents depend on, itself included. */
  reachableFrom(cell: string): Set<string> {
    const reached = new Set<string>([cell]);
    const queue = [cell];
    while (queue.length > 0) {
      for (const { site, file } of this.sitesByCell.get(queue.pop()!) ?? []) {
        for (const write of file.writesOf(site)) {
          for (const read of placeholdersIn(write.categories)) {
            if (reached.has(read.cell)) continue;
            reached.add(read.cell);
            queue.push(read.cell);
          }
        }
      }
    }
    return reached;
  }

  private cellValue(cell: string): Map<string, Map<string, CellEntry>> {
    const known = this.values.get(cell);
    if (known) return known;
    const cells = this.reachableFrom(cell);
    for (const reached of cells) this.values.set(reached, new Map());
    const writes = [...cells].flatMap((reached) => (this.sitesByCell.get(reached) ?? []).flatMap(({ site, file }) => file.writesOf(site)));
    // Until nothing grows: a pass over every write of the cells, each resolved against the others.
    for (let grew = true; grew; ) {
      grew = false;
      for (const write of writes) {
        const fields = this.values.get(write.cell)!;
        let value = fields.get(write.field);
        if (!value) fields.set(write.field, (value = new Map()));
        const before = value.size;
        for (const key of write.categories.keys()) if (!isPlaceholder(key) && !value.has(key)) value.set(key, { flow: write.flow });
        for (const read of placeholdersIn(write.categories)) {
          for (const [found, entry] of this.categoriesOf(read)) if (!value.has(found)) value.set(found, entry);
        }
        if (value.size !== before) grew = true;
      }
    }
    return this.values.get(cell)!;
  }
}

/** The facts of one file alone (a file outside any project, a test). */
export function factsOfFile(model: SemanticModel): ProjectFacts {
  const facts = new ProjectFacts();
  facts.addFile('', model);
  return facts;
}

/** Resolves a model's placeholders against the project's facts, and remembers what it read. */
export class DataResolver {
  /** Every cell read, with how many sites wrote into the cells it depends on then. */
  private readonly read = new Map<string, number>();
  private readonly resolved = new WeakMap<CategoryFlow, CategoryFlow>();

  constructor(private readonly facts: ProjectFacts) {}

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
      if (!this.read.has(placeholder.cell)) this.read.set(placeholder.cell, this.dependencySites(placeholder.cell));
      const verb = placeholder.cell.startsWith('input:') ? (placeholder.field === CONTROL ? 'calls it only then' : 'passes it in') : 'stores it there';
      for (const [category, entry] of this.facts.categoriesOf(placeholder)) {
        if (result.has(category)) continue;
        result.set(category, { ...origin, description: `${origin.description} (flow ${entry.flow} ${verb})` });
      }
    }
    this.resolved.set(categories, result);
    return result;
  }

  /** Whether the value holds data that did not come from the flow's own trigger. */
  isForeign(categories: CategoryFlow): boolean {
    return categories.has(FOREIGN);
  }

  /** Whether a cell this resolver read has been written by a site added since: its answers may be out of date. */
  stale(): boolean {
    for (const [cell, sites] of this.read) if (this.dependencySites(cell) !== sites) return true;
    return false;
  }

  private dependencySites(cell: string): number {
    let count = 0;
    for (const reached of this.facts.reachableFrom(cell)) count += this.facts.siteCount(reached);
    return count;
  }
}

