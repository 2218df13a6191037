// The grammar chooses among alternatives with FirstTokenLookahead (lookahead.ts), which must
// choose exactly as chevrotain's LL(k) lookahead does: same trees, same errors, with and without
// recovery, on real files and on random token soup (where recovery tries every alternative).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LLkLookaheadStrategy } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { JigGrammar, MAX_LOOKAHEAD } from '../../compiler/src/syntax/grammar.js';
import { DocComment, lexText } from '../../compiler/src/syntax/lexer.js';
import { TreeFactory } from '../../compiler/src/syntax/tree-factory.js';
import { fixtureNames, readFixture } from './helpers.js';

const grammars = [false, true].map((recover) => ({
  recover,
  ours: new JigGrammar({ recover }),
  chevrotains: new JigGrammar({ recover, lookaheadStrategy: new LLkLookaheadStrategy({ maxLookahead: MAX_LOOKAHEAD }) }),
}));

function read(grammar: JigGrammar, text: string): unknown {
  const lexed = lexText(text);
  const diagnostics: unknown[] = [];
  const factory = new TreeFactory(text, lexed.comments.filter((comment) => comment.tokenType === DocComment), diagnostics as never);
  grammar.begin(factory, lexed.tokens, 0);
  const file = grammar.file();
  const errors = grammar.errors.map((error) => ({ name: error.name, message: error.message, at: error.token.startOffset }));
  return { file, errors, diagnostics, pending: factory.pendingInterpolations.length };
}

function expectSameChoices(text: string): void {
  for (const { recover, ours, chevrotains } of grammars) expect(read(ours, text), `recover: ${recover}`).toEqual(read(chevrotains, text));
}

const examplesDir = join(import.meta.dirname, '../../examples');
const realFiles = [
  ...fixtureNames().map(readFixture),
  ...readdirSync(examplesDir).filter((name) => name.endsWith('.jig')).map((name) => readFileSync(join(examplesDir, name), 'utf8')),
];

const piece = fc.constantFrom(
  'flow', 'f', '{', '}', '(', ')', '[', ']', 'let', 'var', 'set', 'x', '=', '1', '"s"', '@purpose', '@p(a)', 'if', 'then', 'else',
  'trigger', 'http', 'post', 'body', '.', ',', ':', 'where', 'select', 'not', '-', '+', '==', '<', 'and', 'type', 'T', '@a.b',
  'store', 'in', 'cosmos', 'call', 'respond', '200', 'switch', 'case', 'default', 'try', 'catch', 'raw', 'action', 'param',
  'policy', 'query', 'aggregate', 'by', 'parse', 'json', 'as', 'send', 'mail', 'to', 'true', 'null', 'for', 'each', 'parallel',
);

describe('FirstTokenLookahead chooses as chevrotain does', () => {
  it('on the fixtures and the examples', () => {
    for (const text of realFiles) expectSameChoices(text);
  });

  it('on every prefix and one-token deletion of a real file', () => {
    const text = readFixture('all-constructs.jig');
    for (let end = 0; end <= text.length; end += 83) expectSameChoices(text.slice(0, end));
    const tokens = lexText(text).tokens;
    for (let i = 0; i < tokens.length; i += 13) {
      const token = tokens[i]!;
      expectSameChoices(text.slice(0, token.startOffset) + text.slice(token.startOffset + token.image.length));
    }
  });

  it('on random token soup', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => expectSameChoices(pieces.join(' '))),
      { numRuns: 500 },
    );
  });
});
