import { describe, expect, it } from 'vitest';
import { parseText, sexpr, slice } from './helpers.js';
import type * as Tree from '../../compiler/src/syntax/tree.js';

function parseExpression(source: string): { expression: Tree.Expression; text: string; messages: string[] } {
  const text = `flow f {\n  let x = ${source}\n}\n`;
  const { file, diagnostics } = parseText(text);
  const step = (file.declarations[0] as Tree.FlowDecl).body.steps[0] as Tree.LetStep;
  return { expression: step.value as Tree.Expression, text, messages: diagnostics.map((d) => d.message) };
}

function tree(source: string): string {
  const { expression, messages } = parseExpression(source);
  expect(messages).toEqual([]);
  return sexpr(expression);
}

describe('expressions: precedence', () => {
  it.each([
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not a == b', '(not (== a b))'],
    ['not a + 1 > b', '(not (> (+ a 1) b))'],
    ['a == b and c != d', '(and (== a b) (!= c d))'],
    ['a + b * c - d', '(- (+ a (* b c)) d)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b % c', '(% (/ a b) c)'],
    ['-a * b', '(* (- a) b)'],
    ['-(a + b)', '(- (+ a b))'],
    ['- -a', '(- (- a))'],
    ['(a or b) and c', '(and (or a b) c)'],
    ['a.b.c[0].d', '(. ([] (. (. a b) c) 0) d)'],
    ['f(a, b + 1)[2]', '([] (f a (+ b 1)) 2)'],
    ['trigger.body', '(. trigger body)'],
    ['xs where item.a > 1 and item.b', '(where xs (and (> (. item a) 1) (. item b)))'],
    ['xs where a select { n: item.n } where b', '(where (select (where xs a) {n: (. item n)}) b)'],
    ['{ a: 1, b: [1, 2], c: {} }', '{a: 1, b: [1, 2], c: {}}'],
    ['null', 'null'],
    ['true', 'true'],
    ['1.5e3', '1.5e3'],
    ['utcNow()', '(utcNow)'],
  ])('%s', (source, expected) => {
    expect(tree(source)).toBe(expected);
  });

  it('reports a chained comparison', () => {
    const { messages, expression } = parseExpression('a < b < c');
    expect(messages).toEqual(["A comparison cannot be compared again with '<'; join two comparisons with 'and' (a < b and b < c)."]);
    expect(sexpr(expression)).toBe('(< (< a b) c)');
  });

  it('gives binary expressions exact ranges and operator ranges', () => {
    const { expression, text } = parseExpression('(a + b) * c');
    const binary = expression as Tree.BinaryExpression;
    expect(slice(text, binary.range)).toBe('a + b) * c');
    expect(slice(text, binary.operatorRange)).toBe('*');
    expect(slice(text, binary.left.range)).toBe('a + b');
  });
});

describe('expressions: strings', () => {
  it('splits text and interpolations with exact ranges', () => {
    const { expression, text } = parseExpression('"Invoice ${invoice.number} of ${f(1)}!"');
    const literal = expression as Tree.StringLiteral;
    expect(literal.value).toBeUndefined();
    expect(literal.parts.map((p) => [p.kind, slice(text, p.range)])).toEqual([
      ['Text', 'Invoice '],
      ['Interpolation', '${invoice.number}'],
      ['Text', ' of '],
      ['Interpolation', '${f(1)}'],
      ['Text', '!'],
    ]);
    const first = literal.parts[1] as Extract<Tree.StringPart, { kind: 'Interpolation' }>;
    expect(slice(text, first.expression.range)).toBe('invoice.number');
    expect(slice(text, (first.expression as Tree.MemberAccess).member!.range)).toBe('number');
  });

  it('resolves escapes', () => {
    const { expression, messages } = parseExpression('"q\\" b\\\\ n\\n t\\t d\\${x} u\\u{1F600}"');
    expect(messages).toEqual([]);
    expect((expression as Tree.StringLiteral).value).toBe('q" b\\ n\n t\t d${x} u\u{1F600}');
  });

  it('reports an unknown escape with its range', () => {
    const { messages, text } = parseExpression('"a\\qb"');
    expect(messages).toEqual(["'\\q' is not an escape sequence; use \\\" \\\\ \\n \\t \\$ or \\u{…} (write \\\\ for a backslash)."]);
    expect(text).toContain('\\q');
  });

  it('parses strings nested in interpolations', () => {
    expect(tree('"a ${concat("b", "${c}")} d"')).toBe('(str "a " (concat "b" (str c)) " d")');
  });

  it('reports an error inside an interpolation at its place', () => {
    const { messages } = parseExpression('"a ${b +} c"');
    expect(messages).toEqual(["Expected an expression after '+' but found '}'."]);
  });

  it('has an empty string with no parts', () => {
    const { expression } = parseExpression('""');
    expect(expression).toMatchObject({ kind: 'String', parts: [], value: '' });
  });
});

describe('expressions: incomplete input', () => {
  it('keeps a member access without a member while typing, with a diagnostic', () => {
    const text = 'flow f {\n  let x = trigger.\n  respond 200\n}';
    const { file, diagnostics } = parseText(text);
    const steps = (file.declarations[0] as Tree.FlowDecl).body.steps;
    expect(steps.map((s) => s.kind)).toEqual(['Let', 'Respond']);
    const member = (steps[0] as Tree.LetStep).value as Tree.MemberAccess;
    expect(member.kind).toBe('Member');
    expect(member.member).toBeUndefined();
    expect(slice(text, member.range)).toBe('trigger.');
    expect(diagnostics.map((d) => [d.message, slice(text, d.range)])).toEqual([
      ["Expected a name after '.' but found 'respond'.", 'respond'],
    ]);
  });
});
