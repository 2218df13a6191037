// Production builds the grammar and the lexer without chevrotain's definition checks (they cost
// ~100 ms a process); this test runs them, so a mistake in the grammar or a token still fails CI.
import { createToken, Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { JigGrammar } from '../../compiler/src/syntax/grammar.js';
import { allTokens, createLexer } from '../../compiler/src/syntax/lexer.js';

describe('grammar and token definitions, with chevrotain validations on', () => {
  // chevrotain throws on the first definition error it finds, naming it.
  it('the grammar has no definition errors (ambiguity, left recursion, …)', () => {
    expect(() => new JigGrammar({ validateGrammar: true })).not.toThrow();
  });

  it('the lexer has no token definition errors', () => {
    expect(() => createLexer({ validateTokens: true })).not.toThrow();
  });

  it('the checks are really on: a broken token set is rejected', () => {
    const unreachable = createToken({ name: 'Unreachable', pattern: /flow/ });
    expect(() => new Lexer([...allTokens, unreachable])).toThrow();
  });
});
