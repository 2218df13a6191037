/**
 * Whose data the project keeps, and where: for each kind of data subject (`@subject(contact)`),
 * every Cosmos DB container whose documents hold personal data of that kind, with the field that
 * identifies the person, the shape of the documents and how long their writers keep them. What
 * `jig rights` generates its flows from, and what the completeness check compares them with.
 *
 * The flows that serve requests (`@rights(…)`) are left out as writers: their rewrites follow the
 * project's data, they do not make it.
 */
import type { Compilation } from '../compilation.js';
import { covers } from '../flow/categories.js';
import { storeCell } from '../semantics/categories.js';
import type { StoreStep } from '../syntax/tree.js';
import type { RecordType, Type } from '../semantics/types.js';
import { elementOf, flatten, memberOf, type Shape } from '../semantics/categories.js';
import { storedRecord, stripOptional } from '../semantics/relations.js';
import type { TextRange } from '../syntax/source.js';

/** The taxonomy root whose data §6 requests are about. */
export const PERSONAL = 'personal';

/** A field of the stored documents, as the generated flows declare it. */
export interface DocumentField {
  readonly name: string;
  /** Without its `?`; a record type stands for `fields`. */
  readonly type: Type;
  /** What its writers store in it (for a field of primitives). */
  readonly categories: readonly string[];
  /** Some writer stores documents without it, or with null. */
  readonly optional: boolean;
  /** The fields of a record, or of the records of a list. */
  readonly fields?: readonly DocumentField[];
}

/** A store into a container: where the completeness check points. */
export interface WriteSite {
  readonly fileName: string;
  readonly flow: string;
  readonly range: TextRange;
}

export interface SubjectContainer {
  /** `["jigajob", "invoices"]`, as the stores name them. */
  readonly args: readonly string[];
  /** `jigajob/invoices`. */
  readonly location: string;
  /** The fields that identify a subject of this kind, in name order. */
  readonly keys: readonly string[];
  readonly fields: readonly DocumentField[];
  /** Every category its writers store there. */
  readonly categories: readonly string[];
  /** The shortest retention of the stores that do not rewrite it, in seconds: a rewrite must keep documents less long. */
  readonly shortestRetention?: number;
  /** Its stores of personal data. */
  readonly writers: readonly WriteSite[];
}

export interface SubjectKind {
  readonly kind: string;
  readonly containers: readonly SubjectContainer[];
}

interface Gathered {
  args: readonly string[];
  location: string;
  shapes: DocumentField[][];
  categories: Set<string>;
  writers: WriteSite[];
  shortestRetention?: number;
}

export function subjectsOf(compilations: readonly Compilation[]): SubjectKind[] {
  // Every store into a container shapes its documents, personal or not: a rewrite keeps every field.
  const containers = new Map<string, Gathered>();
  const keysByKind = new Map<string, Map<string, Set<string>>>();
  for (const compilation of compilations) {
    const { model } = compilation;
    for (const { flow, sinks } of compilation.policyResult.flows) {
      // A flow that serves data-subject requests (`@rights`) is generated, not a writer.
      if (model.annotationsOf(flow).rights !== undefined) continue;
      for (const sink of sinks) {
        if (sink.kind !== 'store' || sink.step.target.store.name !== 'cosmos') continue;
        // A name that is no plain text (`"contacts-${team}"`) is refused where it is written
        // (JIG2030): no flow could serve a container it cannot name.
        if (sink.step.target.args.some((arg) => arg.value === undefined || arg.value === '')) continue;
        const args = sink.step.target.args.map((arg) => arg.value!);
        const location = args.join('/');
        let entry = containers.get(location);
        if (!entry) {
          const cell = storeCell(sink.step.target);
          // As the retention rule counts them (§8, JIG3806): the stores that do not write back what they read there.
          const retentions = compilation.resolver.sitesInto(cell).flatMap(({ site, rewrites }) => (!rewrites && site.retention !== undefined ? [site.retention] : []));
          entry = { args, location, shapes: [], categories: new Set(), writers: [], ...(retentions.length > 0 && { shortestRetention: Math.min(...retentions) }) };
          containers.set(location, entry);
        }
        const fields = storedFields(compilation, sink.step);
        if (fields) entry.shapes.push(fields);
        const categories = [...sink.categories.keys()];
        categories.forEach((category) => entry.categories.add(category));
        if (!categories.some((category) => covers(PERSONAL, category))) continue;
        entry.writers.push({ fileName: compilation.source.fileName, flow: flow.name.name, range: sink.step.range });
        for (const key of model.subjectKeysOf(sink.step)) {
          let locations = keysByKind.get(key.kind);
          if (!locations) keysByKind.set(key.kind, (locations = new Map()));
          let keys = locations.get(location);
          if (!keys) locations.set(location, (keys = new Set()));
          keys.add(key.field);
        }
      }
    }
  }
  return [...keysByKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, locations]) => ({
      kind,
      containers: [...locations.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([location, keys]) => {
          const entry = containers.get(location)!;
          return {
            args: entry.args,
            location,
            keys: [...keys].sort(),
            fields: mergeFields(entry.shapes),
            categories: [...entry.categories].sort(),
            ...(entry.shortestRetention !== undefined && { shortestRetention: entry.shortestRetention }),
            writers: entry.writers,
          };
        }),
    }));
}

/** The fields of the documents a store writes, each with the categories the store puts there. */
function storedFields(compilation: Compilation, step: StoreStep): DocumentField[] | undefined {
  const type = stripOptional(compilation.model.typeOf(step.value));
  const stored = storedRecord(type);
  if (!stored) return undefined;
  const categoriesIn = (shape: Shape) => [...compilation.resolver.resolve(flatten(shape)).keys()].sort();
  const fieldsOf = (record: RecordType, shape: Shape, depth: number): DocumentField[] =>
    [...record.fields.values()].map((field) => {
      const type = stripOptional(field.type);
      const member = memberOf(shape, field.name);
      const element = type.kind === 'array' ? stripOptional(type.element) : type;
      const nested = element.kind === 'record' && depth < MAX_DEPTH ? fieldsOf(element, type.kind === 'array' ? elementOf(member) : member, depth + 1) : undefined;
      return { name: field.name, type, categories: categoriesIn(member), optional: field.type.kind === 'optional', ...(nested && { fields: nested }) };
    });
  const shape = compilation.model.shapeOf(step.value);
  return fieldsOf(stored, type.kind === 'array' ? elementOf(shape) : shape, 0);
}

/** Records nest no deeper in practice; a recursive type stops here. */
const MAX_DEPTH = 4;

/** The union of the writers' fields, in the order they first appear; a field some writer leaves out is optional. */
function mergeFields(shapes: readonly (readonly DocumentField[])[]): DocumentField[] {
  const fields = new Map<string, { field: DocumentField; categories: Set<string>; count: number; optional: boolean }>();
  for (const shape of shapes) {
    for (const field of shape) {
      const existing = fields.get(field.name);
      if (existing) {
        existing.count++;
        field.categories.forEach((category) => existing.categories.add(category));
        existing.optional ||= field.optional;
      } else {
        fields.set(field.name, { field, categories: new Set(field.categories), count: 1, optional: field.optional });
      }
    }
  }
  return [...fields.values()].map(({ field, categories, count, optional }) => ({
    ...field,
    categories: [...categories].sort(),
    optional: optional || count < shapes.length,
  }));
}
