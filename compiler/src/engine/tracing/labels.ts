/**
 * Run-time category tracing: every value carries the data categories it was derived from, as a
 * label shaped like the value. `own` categories apply to the whole value and everything in it;
 * `fields` and `items` refine what one property or element carries, so that reading
 * `triggerBody()?['amount']` carries the amount's categories, not the whole body's.
 */
import type { Value } from '../values.js';

export type CategorySet = ReadonlySet<string>;

const NO_CATEGORIES: CategorySet = new Set();

export class Label {
  static readonly EMPTY = new Label(NO_CATEGORIES);

  private constructor(
    readonly own: CategorySet,
    readonly fields?: ReadonlyMap<string, Label>,
    readonly items?: readonly Label[],
    /** Categories of every element of an array (when `items` does not list them one by one). */
    readonly elements?: Label,
    /** Categories of the properties `fields` does not list. */
    readonly rest?: Label,
  ) {}

  static of(own: Iterable<string>, parts: { fields?: ReadonlyMap<string, Label>; items?: readonly Label[]; elements?: Label; rest?: Label } = {}): Label {
    const set = own instanceof Set ? (own as CategorySet) : new Set(own);
    const fields = parts.fields && [...parts.fields.values()].some((label) => !label.isEmpty()) ? parts.fields : undefined;
    const items = parts.items && parts.items.some((label) => !label.isEmpty()) ? parts.items : undefined;
    const elements = parts.elements && !parts.elements.isEmpty() ? parts.elements : undefined;
    const rest = parts.rest && !parts.rest.isEmpty() ? parts.rest : undefined;
    if (set.size === 0 && !fields && !items && !elements && !rest) return Label.EMPTY;
    return new Label(set, fields, items, elements, rest);
  }

  isEmpty(): boolean {
    return this === Label.EMPTY || (this.own.size === 0 && !this.fields && !this.items && !this.elements && !this.rest);
  }

  /** Every category anywhere in the value. */
  all(): CategorySet {
    if (!this.fields && !this.items && !this.elements && !this.rest) return this.own;
    const out = new Set(this.own);
    for (const label of this.fields?.values() ?? []) for (const c of label.all()) out.add(c);
    for (const label of this.items ?? []) for (const c of label.all()) out.add(c);
    for (const c of this.elements?.all() ?? []) out.add(c);
    for (const c of this.rest?.all() ?? []) out.add(c);
    return out;
  }

  /** What the property `key` carries (matched as `propertyOf` matched it). */
  field(key: string): Label {
    const sub = this.fields?.get(key) ?? this.rest ?? Label.EMPTY;
    return this.own.size === 0 ? sub : withOwn(sub, this.own);
  }

  /** What the element at `index` carries. */
  item(index: number): Label {
    const sub = this.items?.[index] ?? this.elements ?? Label.EMPTY;
    return this.own.size === 0 ? sub : withOwn(sub, this.own);
  }

  /** The same structure with the whole value carrying `extra` too. */
  plus(extra: CategorySet): Label {
    return extra.size === 0 ? this : withOwn(this, extra);
  }
}

function withOwn(label: Label, extra: CategorySet): Label {
  const own = new Set(label.own);
  for (const c of extra) own.add(c);
  return Label.of(own, {
    ...(label.fields && { fields: label.fields }),
    ...(label.items && { items: label.items }),
    ...(label.elements && { elements: label.elements }),
    ...(label.rest && { rest: label.rest }),
  });
}

/** The union of every category the labels carry, as one flat label. */
export function joinLabels(labels: readonly Label[]): Label {
  let out: Set<string> | undefined;
  for (const label of labels) {
    if (label.isEmpty()) continue;
    for (const c of label.all()) (out ??= new Set()).add(c);
  }
  return out ? Label.of(out) : Label.EMPTY;
}

/** A value and what it carries. */
export interface Traced {
  readonly value: Value;
  readonly label: Label;
}

export function untraced(value: Value): Traced {
  return { value, label: Label.EMPTY };
}

/** The label of an array built element by element. */
export function arrayLabel(items: readonly Label[]): Label {
  return Label.of(NO_CATEGORIES, { items });
}

/** The label of an object built property by property. */
export function objectLabel(fields: ReadonlyMap<string, Label>): Label {
  return Label.of(NO_CATEGORIES, { fields });
}
