/**
 * Semantic tokens from the compiler's own lexer (`tokenize`), so highlighting agrees with what
 * the parser reads where the TextMate grammar can only guess (a keyword used as a field name);
 * names are then told apart by what the model says they are (a parameter, a flow, a field).
 */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import { tokenize, walk, type JigSymbol, type SemanticModel, type TokenClass } from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';

const tokenTypes = ['keyword', 'variable', 'type', 'function', 'property', 'string', 'number', 'operator', 'comment', 'decorator', 'enumMember', 'parameter'];
const tokenModifiers = ['documentation', 'declaration', 'readonly', 'defaultLibrary'];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes, tokenModifiers };

const typeOfClass: Record<TokenClass, string> = {
  keyword: 'keyword',
  identifier: 'variable',
  type: 'type',
  function: 'function',
  property: 'property',
  string: 'string',
  number: 'number',
  operator: 'operator',
  comment: 'comment',
  docComment: 'comment',
  annotation: 'decorator',
  category: 'enumMember',
};

const typeOfSymbol: Record<JigSymbol['kind'], string> = {
  type: 'type',
  param: 'parameter',
  let: 'variable',
  var: 'variable',
  loop: 'variable',
  item: 'variable',
  flow: 'function',
  trigger: 'variable',
  field: 'property',
  function: 'function',
};

const modifierBit = (name: string): number => 1 << tokenModifiers.indexOf(name);

/** What the model knows of each name, by its start offset: a token type and modifiers. */
function namesByOffset(model: SemanticModel): Map<number, { type: number; modifiers: number }> {
  const names = new Map<number, { type: number; modifiers: number }>();
  walk(model.file, (node) => {
    if (node.kind !== 'Identifier') return;
    const symbol = model.symbolOf(node);
    if (!symbol) return;
    let modifiers = 0;
    if (symbol.declaration === node) modifiers |= modifierBit('declaration');
    if (symbol.kind === 'param' || symbol.kind === 'let' || symbol.kind === 'loop') modifiers |= modifierBit('readonly');
    if (!symbol.declaration) modifiers |= modifierBit('defaultLibrary');
    names.set(node.range.start, { type: tokenTypes.indexOf(typeOfSymbol[symbol.kind]), modifiers });
  });
  return names;
}

export function semanticTokens(document: CheckedDocument): SemanticTokens {
  const { source, model } = document.compilation;
  const names = namesByOffset(model);
  const builder = new SemanticTokensBuilder();
  for (const token of tokenize(source)) {
    const known = token.tokenClass === 'identifier' || token.tokenClass === 'property' || token.tokenClass === 'type' || token.tokenClass === 'keyword'
      ? names.get(token.range.start)
      : undefined;
    const type = known?.type ?? tokenTypes.indexOf(typeOfClass[token.tokenClass]);
    const modifiers = known?.modifiers ?? (token.tokenClass === 'docComment' ? modifierBit('documentation') : 0);
    // LSP tokens do not span lines: a block comment is sent a line at a time.
    const start = source.positionAt(token.range.start);
    const end = source.positionAt(token.range.end);
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.character : 0;
      const to = line === end.line ? end.character : source.lineText(line).length;
      if (to > from) builder.push(line, from, to - from, type, modifiers);
    }
  }
  return builder.build();
}
