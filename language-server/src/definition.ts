/** Go to definition and find references, over the model's symbols and references. */
import type { Location, Position } from 'vscode-languageserver';
import { namedAt, type tree } from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';
import { toLspRange } from './positions.js';
import { pathToUri } from './uri.js';

export function definition(document: CheckedDocument, position: Position): Location[] | null {
  const { compilation, uri } = document;
  const model = compilation.model;
  const source = compilation.source;
  const named = namedAt(model, source.offsetAt(position));
  if (!named) return null;
  const parent = named.path.at(-2);
  if (parent?.kind === 'FlowCall' && parent.flow === named.identifier) {
    const called = model.calledFlow(named.identifier);
    if (called && 'kind' in called) return [{ uri, range: toLspRange(source, called.name.range) }];
    if (called) {
      const other = document.otherSource(called.fileName);
      const range = other ? toLspRange(other, called.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return [{ uri: pathToUri(called.fileName), range }];
    }
  }
  const declaration: tree.Identifier | undefined = named.symbol?.declaration ?? named.field?.name;
  return declaration ? [{ uri, range: toLspRange(source, declaration.range) }] : null;
}

export function references(document: CheckedDocument, position: Position, includeDeclaration: boolean): Location[] {
  const { compilation, uri } = document;
  const model = compilation.model;
  const named = namedAt(model, compilation.source.offsetAt(position));
  if (!named?.symbol) return [];
  const declaration = named.symbol.declaration;
  return model
    .referencesOf(named.symbol)
    .filter((identifier) => includeDeclaration || identifier !== declaration)
    .map((identifier) => ({ uri, range: toLspRange(compilation.source, identifier.range) }));
}
