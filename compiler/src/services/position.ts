/**
 * What stands at a position of a file: the syntax nodes under a cursor and the symbol a name
 * there refers to. Every position-based request of an editor (hover, definition, references,
 * rename, completion) starts from these.
 */
import type { JigSymbol, SemanticModel } from '../semantics/model.js';
import { stripOptional } from '../semantics/relations.js';
import type { FieldDecl, Identifier, JigFile, Node } from '../syntax/tree.js';
import { findNodeAt } from '../syntax/visit.js';

/** The chain of nodes whose range holds `offset`, from the file down to the innermost. */
export function nodePathAt(file: JigFile, offset: number): Node[] {
  const { node, ancestors } = findNodeAt(file, offset);
  return [...ancestors, node];
}

export interface NamedAt {
  readonly identifier: Identifier;
  readonly symbol?: JigSymbol;
  /** For a field read through `.`: the declaration of the field. */
  readonly field?: FieldDecl;
  /** The nodes from the file down to the identifier. */
  readonly path: readonly Node[];
}

/**
 * The name at `offset`: a declared name, a name that refers to one, or a field read through `.`
 * (found through the object's record type, since the model keeps no symbol for such a field).
 */
export function namedAt(model: SemanticModel, offset: number): NamedAt | undefined {
  const path = nodePathAt(model.file, offset);
  const identifier = path.at(-1);
  if (identifier?.kind !== 'Identifier') return undefined;
  const symbol = model.symbolOf(identifier);
  if (symbol) return { identifier, symbol, path };
  const parent = path.at(-2);
  if (parent?.kind === 'Member' && parent.member === identifier) {
    const objectType = stripOptional(model.typeOf(parent.object));
    const field = objectType.kind === 'record' ? objectType.fields.get(identifier.name)?.declaration : undefined;
    return { identifier, field, path };
  }
  return { identifier, path };
}
