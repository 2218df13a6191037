/**
 * The symbol a position names, for definition, references and rename: a declared name, a name
 * that refers to one, or a field read through `.` (found through the object's record type when
 * the model keeps no symbol for the field).
 */
import type { tree } from '../../compiler/src/index.js';
import type { JigSymbol, SemanticModel } from '../../compiler/src/semantics/model.js';
import { stripOptional } from '../../compiler/src/semantics/relations.js';
import { nodePathAt } from './node-at.js';

export interface NamedAt {
  readonly identifier: tree.Identifier;
  readonly symbol?: JigSymbol;
  /** For a field read through `.`: the declaration of the field. */
  readonly field?: tree.FieldDecl;
  readonly path: readonly tree.Node[];
}

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
