/**
 * The value under a cursor: a name that holds one (a `let`, a `var`, a loop variable, `item`, a
 * param, `trigger`) where it is declared or read, or a field read through `.` (`invoice.total`,
 * `trigger.body.email`), with its type and the data categories it carries, each with where it
 * comes from. The categories are the analysis's, with the project's data resolved as the policy
 * check resolves it (what other flows store in a container a query reads, what callers pass a
 * flow), so an editor shows what the checker judges.
 */
import type { DataResolver } from '../flow/project-data.js';
import { isPlaceholder } from '../semantics/categories.js';
import type { CategoryFlow, JigSymbol, SemanticModel } from '../semantics/model.js';
import { stripOptional } from '../semantics/relations.js';
import type { Type } from '../semantics/types.js';
import type { TextRange } from '../syntax/source.js';
import type { Expression, Identifier, Node } from '../syntax/tree.js';
import { nodePathAt } from './position.js';

export interface CategorySource {
  /** The policy category (`personal.email`). */
  readonly category: string;
  /** How the place it enters the value reads (`invoice.vendorEmail`, `the Office 365 mailbox`). */
  readonly from: string;
  readonly range: TextRange;
  /** Only through a condition the value was computed under: the value tells of it without holding it. */
  readonly control: boolean;
}

export interface ValueAt {
  /** The range of what is described: the whole `a.b.c` for a field read, else the name. */
  readonly range: TextRange;
  /** The symbol, for a name that holds a value; absent for a field read. */
  readonly symbol?: JigSymbol;
  /** The expression described, for a read (a name or a field access); absent at a declaration. */
  readonly expression?: Expression;
  readonly type: Type;
  /** In the order the analysis met them. */
  readonly categories: readonly CategorySource[];
  /** The doc comment of the symbol, or of the field a `.` reads. */
  readonly doc?: string;
}

const VALUE_SYMBOLS = new Set<JigSymbol['kind']>(['let', 'var', 'loop', 'item', 'param', 'trigger']);

/**
 * The value at `offset`, if a name or a field read holding one stands there. `resolver` is the
 * compilation's (`Compilation.resolver`), which knows the project's data.
 */
export function valueAt(model: SemanticModel, resolver: Pick<DataResolver, 'resolve'>, offset: number): ValueAt | undefined {
  const path = nodePathAt(model.file, offset);
  const identifier = path.at(-1);
  if (identifier?.kind !== 'Identifier') return undefined;
  const read = readThrough(identifier, path);
  if (read) {
    const symbol = read.kind === 'Name' ? model.symbolOf(identifier) : undefined;
    if (read.kind === 'Name' && (!symbol || !VALUE_SYMBOLS.has(symbol.kind))) return undefined;
    const objectType = read.kind === 'Member' ? stripOptional(model.typeOf(read.object)) : undefined;
    const doc = symbol?.doc ?? (objectType?.kind === 'record' ? objectType.fields.get(identifier.name)?.doc : undefined);
    return {
      ...(doc && { doc }),
      range: read.range,
      ...(symbol && { symbol }),
      expression: read,
      type: model.typeOf(read),
      categories: sourcesOf(resolver, model.categoriesOf(read)),
    };
  }
  const symbol = model.symbolOf(identifier);
  if (!symbol || !VALUE_SYMBOLS.has(symbol.kind) || symbol.declaration !== identifier) return undefined;
  return {
    range: identifier.range,
    symbol,
    type: symbol.type,
    categories: sourcesOf(resolver, symbol.categories),
    ...(symbol.doc && { doc: symbol.doc }),
  };
}

/** The expression an identifier is read through: the name itself, or the field access it ends. */
function readThrough(identifier: Identifier, path: readonly Node[]): Expression | undefined {
  const parent = path.at(-2);
  if (parent?.kind === 'Name' && parent.name === identifier) return parent;
  if (parent?.kind === 'Member' && parent.member === identifier) return parent;
  return undefined;
}

function sourcesOf(resolver: Pick<DataResolver, 'resolve'>, categories: CategoryFlow): CategorySource[] {
  const resolved = resolver.resolve(categories);
  return [...resolved]
    .filter(([category]) => !isPlaceholder(category))
    .map(([category, origin]) => ({ category, from: origin.description, range: origin.range, control: origin.control === true }));
}
