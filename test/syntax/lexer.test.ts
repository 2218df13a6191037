import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexText, readTokens, readTokensWithChevrotain, tokenize, type TokenClass } from '../../compiler/src/syntax/lexer.js';
import { fixtureNames, parseText, readFixture, slice } from './helpers.js';

function images(text: string): string[] {
  return lexText(text).tokens.map((token) => token.image);
}

describe('lexer', () => {
  it('splits keywords, names, numbers, dates, annotations and operators', () => {
    expect(images('let letter = 2.5e3 >= 2023-08-27 @purpose(a.b) != x[0]?')).toEqual([
      'let', 'letter', '=', '2.5e3', '>=', '2023-08-27', '@purpose', '(', 'a', '.', 'b', ')', '!=', 'x', '[', '0', ']', '?',
    ]);
  });

  it('keeps a string with nested interpolations and braces as one token', () => {
    const text = 'fail "a ${ {x: "}"}.x } b \\" c" 1';
    expect(images(text)).toEqual(['fail', '"a ${ {x: "}"}.x } b \\" c"', '1']);
    expect(lexText(text).diagnostics).toEqual([]);
  });

  it('puts comments in their own group, doc comments apart', () => {
    const { tokens, comments } = lexText('/// doc\n// line\n/* block\n */ x //// not doc');
    expect(tokens.map((t) => t.image)).toEqual(['x']);
    expect(comments.map((c) => [c.tokenType.name, c.image])).toEqual([
      ['DocComment', '/// doc'],
      ['LineComment', '// line'],
      ['BlockComment', '/* block\n */'],
      ['LineComment', '//// not doc'],
    ]);
  });

  it('reports an unterminated string up to the end of its line and goes on', () => {
    const text = 'fail "no end\nrespond 200';
    const { diagnostics, tokens } = lexText(text);
    expect(diagnostics.map((d) => [d.code, slice(text, d.range)])).toEqual([['JIG1003', '"no end']]);
    expect(tokens.map((t) => t.image)).toEqual(['fail', '"no end', 'respond', '200']);
  });

  it('reports a string whose interpolation is not closed', () => {
    const text = 'fail "a ${b"\nwait 1 day';
    expect(lexText(text).diagnostics.map((d) => d.code)).toEqual(['JIG1003']);
  });

  it('reports an unterminated block comment at its opening', () => {
    const text = 'let a = 1 /* never closed\nlet b = 2';
    const { diagnostics } = lexText(text);
    expect(diagnostics.map((d) => [d.code, d.range])).toEqual([['JIG1004', { start: 10, end: 12 }]]);
  });

  it('reports characters no token starts with, with their range', () => {
    const text = 'let a = 1 # ; \u201cq\u201d';
    const { diagnostics } = lexText(text);
    expect(diagnostics.map((d) => slice(text, d.range))).toEqual(['#', ';', '\u201c', '\u201d']);
    expect(diagnostics[0]!.message).toBe("Unexpected character '#'.");
  });

  it('classifies tokens for semantic highlighting', () => {
    const text = [
      '/// doc',
      'type T { a: string @business.email }',
      '@purpose(automation, "x")',
      'flow f { let n = length(trigger.body) + 1 // c',
      '}',
    ].join('\n');
    const classes = tokenize(text).map((t) => [slice(text, t.range), t.tokenClass] as [string, TokenClass]);
    const classOf = (image: string) => classes.find(([i]) => i === image)?.[1];
    expect(classOf('/// doc')).toBe('docComment');
    expect(classOf('// c')).toBe('comment');
    expect(classOf('type')).toBe('keyword');
    expect(classOf('T')).toBe('type');
    expect(classOf('string')).toBe('type');
    expect(classOf('@business')).toBe('category');
    expect(classOf('email')).toBe('category');
    expect(classOf('@purpose')).toBe('annotation');
    expect(classOf('"x"')).toBe('string');
    expect(classOf('length')).toBe('function');
    expect(classOf('body')).toBe('property');
    expect(classOf('1')).toBe('number');
    expect(classOf('+')).toBe('operator');
    expect(classOf('n')).toBe('identifier');
    const starts = classes.map(([, ], i) => tokenize(text)[i]!.range.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('never throws on arbitrary input', () => {
    for (const text of ['"', '/*', '"${', '"${"${', '\\', '@', '@@', '\u0000', '"\\u{110000}"', '"${}"']) {
      expect(() => parseText(text)).not.toThrow();
    }
  });
});

// lexText reads tokens by hand (readTokens) and hands a text with a character no token starts
// with to chevrotain's lexer: both must read every text the first one reads alike.
describe('the hand-written lexer reads as chevrotain reads', () => {
  const shape = (result: ReturnType<typeof readTokensWithChevrotain>) => ({
    tokens: result.tokens.map((token) => ({ ...token })),
    comments: result.comments.map((token) => ({ ...token })),
    diagnostics: result.diagnostics,
  });
  const expectSame = (text: string, offset = 0): void => {
    const byHand = readTokens(text, offset);
    const byChevrotain = readTokensWithChevrotain(text, offset);
    if (byHand === undefined) expect(byChevrotain.diagnostics.length, text).toBeGreaterThan(0);
    else expect(shape(byHand), text).toEqual(shape(byChevrotain));
  };

  it('on the fixtures and the examples', () => {
    const examplesDir = join(import.meta.dirname, '../../examples');
    const texts = [
      ...fixtureNames().map(readFixture),
      ...readdirSync(examplesDir).filter((name) => name.endsWith('.jig')).map((name) => readFileSync(join(examplesDir, name), 'utf8')),
    ];
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) {
      expect(readTokens(text, 0)).toBeDefined();
      expectSame(text);
      expectSame(text, 17);
    }
  });

  it('on every kind of token and where two may start alike', () => {
    for (const text of [
      '', ' \t\r\n\f\v\u00a0\ufeff\u2028\u2029x', '/// doc', '///', '////x', '//x\r\ny', '/**/', '/* open', '/*/', 'a/b', '"a"', '"a\\"b"',
      '"${ "}" }"', '"open', '"open\n', '{ a: "x }', '2023-08-27', '2023-08-2', '2023-08-271', '12.5e-3', '2E+5', '1.e5', '1e', '1e+', '1.5.5', '007',
      '@a', '@_1.b', 'a==b!=c<=d>=e<f>g=h', '+-*/%.,:?()[]{}', 'let letter flow_ _x X1', 'a\u00e9b', '@', '@1', '!', '#', '\u2603', '"\u00e9"',
    ]) {
      expectSame(text);
      expectSame(text, 5);
    }
  });

  it('on random text of the characters Jig uses and a few it does not', () => {
    const character = fc.constantFrom(...'ab_Z09 \t\n\r"\\${}()[]@.,:?=!<>+-*/%#eE\u00e9\u00a0'.split(''), '///', '/*', '*/', '${', '2023-01-01', 'let');
    fc.assert(fc.property(fc.array(character, { maxLength: 40 }), (parts) => expectSame(parts.join(''))), { numRuns: 2000 });
  });
});
