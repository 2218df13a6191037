/**
 * A recursive-descent parser for the template language inside `@…` and `@{…}`: function calls
 * (names matched ignoring case), single-quoted strings with `''` for a quote, integers and floats,
 * `true`, `false`, `null`, array literals, and property and element access with `.`, `[…]` and
 * their null-safe forms `?.` and `?[…]`.
 */
import { ExpressionError } from '../errors.js';
import { FloatNumber, integer64, LargeInteger } from '../values.js';
import type { ExpressionNode } from './ast.js';

type TokenKind = 'name' | 'string' | 'number' | '(' | ')' | '[' | ']' | ',' | '.' | '?' | 'end';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly value?: string | number | FloatNumber | LargeInteger;
}

/** The deepest nesting of calls and brackets accepted (a guard against a stack overflow). */
const MAX_DEPTH = 200;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if ('()[],.?'.includes(ch)) {
      // A number such as `.3` starts with a dot.
      if (ch === '.' && /[0-9]/.test(text[i + 1] ?? '') && !endsOperand(tokens)) {
        i = readNumber(text, i, tokens);
        continue;
      }
      tokens.push({ kind: ch as TokenKind, text: ch, start, end: i + 1 });
      i++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError(text, start, 'a string is not closed');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', text: text.slice(start, i), start, end: i, value });
      continue;
    }
    if (/[0-9]/.test(ch) || ((ch === '-' || ch === '+') && /[0-9.]/.test(text[i + 1] ?? ''))) {
      i = readNumber(text, i, tokens);
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      while (i < text.length && /[A-Za-z0-9_$-]/.test(text[i]!)) {
        // A hyphen belongs to a property name after a dot (`x.content-type`), never to a call.
        if (text[i] === '-' && tokens[tokens.length - 1]?.kind !== '.') break;
        i++;
      }
      tokens.push({ kind: 'name', text: text.slice(start, i), start, end: i });
      continue;
    }
    throw syntaxError(text, start, `unexpected character '${ch}'`);
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

function endsOperand(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && (last.kind === ')' || last.kind === ']' || last.kind === 'name' || last.kind === 'string' || last.kind === 'number');
}

function readNumber(text: string, start: number, tokens: Token[]): number {
  const match = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?/.exec(text.slice(start));
  if (!match) throw syntaxError(text, start, 'a malformed number');
  const literal = match[0];
  const end = start + literal.length;
  const isFloat = /[.eE]/.test(literal);
  let value: number | FloatNumber | LargeInteger;
  if (isFloat) {
    const n = Number(literal);
    value = Number.isInteger(n) ? new FloatNumber(n) : n;
  } else {
    // How the service reads an integer literal beyond 64 bits is undocumented: jig run does not guess.
    value = integer64(BigInt(literal.replace(/^\+/, '')), `The integer literal ${literal}`);
  }
  tokens.push({ kind: 'number', text: literal, start, end, value });
  return end;
}

function syntaxError(text: string, position: number, problem: string): ExpressionError {
  return new ExpressionError(
    `The template language expression '${text}' is not valid: ${problem} at position ${position + 1}.`,
    'InvalidTemplate',
  );
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseWhole(): ExpressionNode {
    if (this.peek().kind === 'end') throw syntaxError(this.text, 0, 'the expression is empty');
    const node = this.parseExpression();
    const next = this.peek();
    if (next.kind !== 'end') throw syntaxError(this.text, next.start, `unexpected '${next.text}' after the expression`);
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private expect(kind: TokenKind, what: string): Token {
    const token = this.next();
    if (token.kind !== kind) throw syntaxError(this.text, token.start, `expected ${what}${token.kind === 'end' ? ' before the end' : `, found '${token.text}'`}`);
    return token;
  }

  private parseExpression(): ExpressionNode {
    if (++this.depth > MAX_DEPTH) throw syntaxError(this.text, this.peek().start, 'the expression nests too deeply');
    try {
      let node = this.parsePrimary();
      for (;;) {
        const token = this.peek();
        const nullSafe = token.kind === '?';
        const after = nullSafe ? this.peek(1) : token;
        if (after.kind === '.') {
          this.index += nullSafe ? 2 : 1;
          const name = this.next();
          if (name.kind !== 'name' && name.kind !== 'number') throw syntaxError(this.text, name.start, 'expected a property name after the dot');
          const key = { kind: 'literal', value: name.text, start: name.start, end: name.end } as const;
          node = { kind: 'access', target: node, key, nullSafe, dotted: true, start: node.start, end: name.end };
        } else if (after.kind === '[') {
          this.index += nullSafe ? 2 : 1;
          const key = this.parseExpression();
          const close = this.expect(']', "']'");
          node = { kind: 'access', target: node, key, nullSafe, dotted: false, start: node.start, end: close.end };
        } else if (nullSafe) {
          throw syntaxError(this.text, token.start, "expected '.' or '[' after '?'");
        } else {
          return node;
        }
      }
    } finally {
      this.depth--;
    }
  }

  private parsePrimary(): ExpressionNode {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', value: token.value as string, start: token.start, end: token.end };
      case 'number':
        return { kind: 'literal', value: token.value as number, start: token.start, end: token.end };
      case '[': {
        const items: ExpressionNode[] = [];
        if (this.peek().kind !== ']') {
          for (;;) {
            items.push(this.parseExpression());
            if (this.peek().kind !== ',') break;
            this.next();
          }
        }
        const close = this.expect(']', "']' or ','");
        return { kind: 'array', items, start: token.start, end: close.end };
      }
      case 'name': {
        if (this.peek().kind !== '(') {
          if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true', start: token.start, end: token.end };
          if (token.text === 'null') return { kind: 'literal', value: null, start: token.start, end: token.end };
          throw syntaxError(this.text, token.end, `expected '(' after the function name '${token.text}'`);
        }
        this.next();
        const args: ExpressionNode[] = [];
        if (this.peek().kind !== ')') {
          for (;;) {
            args.push(this.parseExpression());
            if (this.peek().kind !== ',') break;
            this.next();
          }
        }
        const close = this.expect(')', "')' or ','");
        return { kind: 'call', name: token.text, args, start: token.start, end: close.end };
      }
      case 'end':
        throw syntaxError(this.text, token.start, 'the expression ends too early');
      default:
        throw syntaxError(this.text, token.start, `unexpected '${token.text}'`);
    }
  }
}

const cache = new Map<string, ExpressionNode>();

/** Parses the text of one expression (without its `@`). Parsed trees are cached by text. */
export function parseExpression(text: string): ExpressionNode {
  const cached = cache.get(text);
  if (cached) return cached;
  const node = new Parser(text, tokenize(text)).parseWhole();
  if (cache.size > 10_000) cache.clear();
  cache.set(text, node);
  return node;
}
