/**
 * Which document a store writes back into the Cosmos DB container it read it from (rule 8). A
 * write restarts a document's TTL (Cosmos DB counts it from `_ts`, the time of the last write), so
 * a rewrite repeated before the document expires keeps it for ever, however short its own
 * retention. Where the flow writes back a document it read itself, from a query of the same
 * container, the emitted store keeps the document's expiry (its `_ts` plus its `ttl`, which the
 * query returns with it) when that comes before the store's own retention would end; the policy
 * allows a shorter rewrite only there. Elsewhere (the documents passed to a child flow or sent in a
 * message, read by another door, or mixed from two documents) Jig cannot tell which expiry to keep.
 */
import type { Expression, LetStep, LetValue, Node, StoreStep } from '../syntax/tree.js';
import type { SemanticModel } from '../semantics/model.js';
import { FOREIGN, isPlaceholder, storeCell } from '../semantics/categories.js';
import { forEachChild } from '../syntax/visit.js';

/**
 * The name of the one document of the store's own container that the stored value is built from,
 * if the flow read it there by a query (an element of the query's list, through `where`, a loop or
 * an index) and no other name in the value holds data of the project (another container, another
 * document, what a caller passed); otherwise undefined.
 */
export function documentWrittenBack(model: SemanticModel, step: StoreStep): Expression & { kind: 'Name' } | undefined {
  if (step.target.store.name !== 'cosmos') return undefined;
  const cell = storeCell(step.target);
  return documentBuiltFrom(model, step.value, (read) => read === cell);
}

/**
 * The name of the one Cosmos DB document, of any container, that a stored value is built from, as
 * `documentWrittenBack` finds it: a copy into another container carries what that document says
 * of its subject (their opt-out, §6).
 */
export function documentCopied(model: SemanticModel, step: StoreStep): Expression & { kind: 'Name' } | undefined {
  return documentBuiltFrom(model, step.value, (read) => read.startsWith(COSMOS_CELL));
}

/** The start of a Cosmos DB container's cell (semantics/categories.ts `storeCell`). */
const COSMOS_CELL = 'store:cosmos/';

function documentBuiltFrom(model: SemanticModel, value: Expression, accept: (cell: string) => boolean): Expression & { kind: 'Name' } | undefined {
  let root: (Expression & { kind: 'Name' }) | undefined;
  let mixed = false;
  const visit = (node: Node): void => {
    if (mixed) return;
    if (node.kind === 'Name') {
      const name = node as Expression & { kind: 'Name' };
      // Data of the project read by any name (another container, a caller): only the document's may be written back.
      const reads = [...model.categoriesOf(name).keys()].some((key) => key !== FOREIGN && isPlaceholder(key));
      if (!reads) return;
      const symbol = model.symbolOf(name.name);
      if (!symbol || !isDocumentOf(model, symbol.declaringNode, accept, 0)) mixed = true;
      else if (root && model.symbolOf(root.name) !== symbol) mixed = true;
      else root ??= name;
      return;
    }
    forEachChild(node, visit);
  };
  visit(value);
  return mixed ? undefined : root;
}

/** Whether a symbol's declaring node binds it to one document read by a query from a cell `cell` accepts. */
function isDocumentOf(model: SemanticModel, declaring: Node | undefined, cell: (cell: string) => boolean, depth: number): boolean {
  if (!declaring || depth > 8) return false;
  if (declaring.kind === 'ForEach') return isQueryList(model, (declaring as { iterable: Expression }).iterable, cell, depth + 1);
  if (declaring.kind === 'Let') {
    const value = (declaring as LetStep).value;
    return value.kind === 'Index' && isQueryList(model, value.object, cell, depth + 1);
  }
  return false;
}

/** Whether a value is the list of documents a query of a cell `cell` accepts read, or some of them (`where`, `take`, `skip`). */
function isQueryList(model: SemanticModel, value: Expression | LetValue, cell: (cell: string) => boolean, depth: number): boolean {
  if (depth > 8) return false;
  switch (value.kind) {
    case 'Query':
      return value.source.store.name === 'cosmos' && cell(storeCell(value.source));
    case 'Where':
      return isQueryList(model, value.source, cell, depth + 1);
    case 'Name': {
      const declaring = model.symbolOf(value.name)?.declaringNode;
      return declaring?.kind === 'Let' && isQueryList(model, (declaring as LetStep).value, cell, depth + 1);
    }
    default:
      return false;
  }
}
