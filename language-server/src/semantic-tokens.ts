/**
 * Semantic tokens from the compiler's own lexer (`tokenize`), so highlighting agrees with what
 * the parser reads, where the TextMate grammar can only guess (a keyword used as a field name).
 */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import { tokenize, type TokenClass } from '../../compiler/src/syntax/lexer.js';
import type { CheckedDocument } from './documents.js';

const tokenTypes = ['keyword', 'variable', 'type', 'function', 'property', 'string', 'number', 'operator', 'comment', 'decorator', 'enumMember'];
const tokenModifiers = ['documentation'];

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

export function semanticTokens(document: CheckedDocument): SemanticTokens {
  const source = document.compilation.source;
  const builder = new SemanticTokensBuilder();
  for (const token of tokenize(source)) {
    const type = tokenTypes.indexOf(typeOfClass[token.tokenClass]);
    const modifiers = token.tokenClass === 'docComment' ? 1 : 0;
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
