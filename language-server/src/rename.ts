/**
 * Rename of a declared name and every reference to it, within the file. Built-in names (`trigger`,
 * `item`, functions) have no declaration and cannot be renamed; the new name must be a name Jig
 * accepts and must not be a keyword.
 */
import { ResponseError, ErrorCodes, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { namedAt, tree } from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';
import { toLspRange } from './positions.js';

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function prepareRename(document: CheckedDocument, position: Position): { range: Range; placeholder: string } | null {
  const { compilation } = document;
  const named = namedAt(compilation.model, compilation.source.offsetAt(position));
  if (!named?.symbol?.declaration) return null;
  return { range: toLspRange(compilation.source, named.identifier.range), placeholder: named.identifier.name };
}

export function rename(document: CheckedDocument, position: Position, newName: string): WorkspaceEdit | null {
  const { compilation, uri } = document;
  const model = compilation.model;
  const named = namedAt(model, compilation.source.offsetAt(position));
  if (!named?.symbol?.declaration) return null;
  if (!namePattern.test(newName) || (tree.KEYWORDS as readonly string[]).includes(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid Jig name.`);
  }
  const edits = model.referencesOf(named.symbol).map((identifier) => ({
    range: toLspRange(compilation.source, identifier.range),
    newText: newName,
  }));
  return { changes: { [uri]: edits } };
}
