/**
 * The tokens of Jig and the lexer: the tokens are chevrotain's (its parser reads them), read by
 * hand (readTokens) or, in a text with a stray character, by chevrotain's lexer. Whitespace is skipped; comments go to a group of
 * their own so that the parser never sees them but the printer and doc-comment attachment do.
 * Every keyword and identifier also belongs to the `Name` category: where the grammar allows a
 * keyword as a name (member access, record and type fields, header names) it consumes `Name`.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { KEYWORDS } from './tree.js';
import type { SourceFile, TextRange } from './source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as syntaxDiagnostics from '../diagnostics/catalogue/syntax.js';

// ---------------------------------------------------------------------------------------------
// String scanning, shared by the lexer (where a string ends) and the tree builder (its parts)

export interface ScannedString {
  /** Offset just past the string (past the closing quote, or at the line end when unterminated). */
  readonly end: number;
  readonly terminated: boolean;
}

/**
 * Scans a string literal starting at the `"` at `start`. Interpolations `${…}` may contain braces
 * and strings of their own, so the scan keeps a brace depth and recurses into nested strings; a
 * string never spans lines, so an unterminated one ends at the line break.
 */
export function scanString(text: string, start: number): ScannedString {
  let i = start + 1;
  const length = text.length;
  while (i < length) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) return { end: i + 1, terminated: true };
    if (ch === 10 || ch === 13) return { end: i, terminated: false };
    if (ch === 92 /* \ */) {
      const next = text.charCodeAt(i + 1);
      i += next === 10 || next === 13 || Number.isNaN(next) ? 1 : 2;
      continue;
    }
    if (ch === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      const close = scanInterpolation(text, i + 2);
      if (close < 0) return { end: endOfLine(text, i), terminated: false };
      i = close + 1;
      continue;
    }
    i++;
  }
  return { end: length, terminated: false };
}

/** Offset of the `}` that closes an interpolation whose content starts at `start`, or -1. */
export function scanInterpolation(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) return -1;
    if (ch === 34) {
      const inner = scanString(text, i);
      if (!inner.terminated) return -1;
      i = inner.end;
      continue;
    }
    if (ch === 123) depth++;
    else if (ch === 125) {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return -1;
}

/** Where the string token starting at `start` ends: a string left open stops before the brackets it closes. */
function stringToken(text: string, start: number): ScannedString {
  const scanned = scanString(text, start);
  return scanned.terminated ? scanned : { end: endBeforeClosingBrackets(text, start, scanned.end), terminated: false };
}

/**
 * Where a string left open stops: at its line's end, less the closing brackets there that close
 * brackets opened earlier on the line (`{ a: "x }`). They still close them, so that one missing
 * quote does not leave a record or a call open and every line after it in error.
 */
function endBeforeClosingBrackets(text: string, start: number, end: number): number {
  let open = 0;
  let i = start;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  while (i < start) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      i = scanString(text, i).end;
      continue;
    }
    if (ch === 40 || ch === 91 || ch === 123) open++;
    else if ((ch === 41 || ch === 93 || ch === 125) && open > 0) open--;
    i++;
  }
  let cut = end;
  for (let j = end; open > 0 && j > start + 1; j--) {
    const ch = text.charCodeAt(j - 1);
    if (ch === 32 || ch === 9) continue;
    if (ch !== 41 && ch !== 93 && ch !== 125) break;
    open--;
    cut = j - 1;
  }
  while (cut < end && cut > start + 1 && (text.charCodeAt(cut - 1) === 32 || text.charCodeAt(cut - 1) === 9)) cut--;
  return cut;
}

function endOfLine(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

// ---------------------------------------------------------------------------------------------
// Token types

/** Any keyword or identifier: where a keyword may serve as a name. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a name' });
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: 'an operator' });

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const DocComment = createToken({
  name: 'DocComment',
  pattern: /\/\/\/(?!\/)[^\r\n]*/,
  group: 'comments',
  label: 'a doc comment',
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\r\n]*/,
  group: 'comments',
  label: 'a comment',
});
/** Runs to the end of the file when unterminated; `lex` reports that. */
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null;
      const close = text.indexOf('*/', offset + 2);
      return [text.slice(offset, close < 0 ? text.length : close + 2)] as unknown as RegExpExecArray;
    },
  },
  start_chars_hint: ['/'],
  group: 'comments',
  line_breaks: true,
  label: 'a comment',
});

export const StringLiteral = createToken({
  name: 'String',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 34) return null;
      const scanned = stringToken(text, offset);
      const match = [text.slice(offset, scanned.end)] as unknown as RegExpExecArray & { payload: boolean };
      match.payload = scanned.terminated;
      return match;
    },
  },
  start_chars_hint: ['"'],
  line_breaks: false,
  label: 'a string',
});

/** Only meaningful as a policy version (`2023-08-27`); longer than a number, so it wins. */
export const DateLiteral = createToken({ name: 'Date', pattern: /\d{4}-\d{2}-\d{2}/, label: 'a date' });
export const NumberLiteral = createToken({
  name: 'Number',
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: 'a number',
});
export const AtName = createToken({ name: 'AtName', pattern: /@[A-Za-z_][A-Za-z0-9_]*/, label: 'an annotation' });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name],
  label: 'a name',
});

/**
 * Keywords have no pattern of their own: the lexer reads every word as an Identifier and then
 * looks it up among the keywords (one map lookup instead of a regular expression a keyword).
 */
function keyword(word: string): TokenType {
  return createToken({ name: keywordTokenName(word), pattern: Lexer.NA, categories: [Name], label: `'${word}'` });
}

function keywordTokenName(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

export type Keyword = (typeof KEYWORDS)[number];

/** The token type of each keyword, by the keyword. */
export const keywordTokens: Readonly<Record<Keyword, TokenType>> = Object.fromEntries(
  KEYWORDS.map((word) => [word, keyword(word)]),
) as Record<Keyword, TokenType>;
const K = keywordTokens;

function operator(name: string, pattern: string, binary = false): TokenType {
  return createToken({
    name,
    pattern: new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
    categories: binary ? [BinaryOperator] : [],
    label: `'${pattern}'`,
  });
}

export const EqualEqual = operator('EqualEqual', '==', true);
export const NotEqual = operator('NotEqual', '!=', true);
export const LessEqual = operator('LessEqual', '<=', true);
export const GreaterEqual = operator('GreaterEqual', '>=', true);
export const Less = operator('Less', '<', true);
export const Greater = operator('Greater', '>', true);
export const Equals = operator('Equals', '=');
export const Plus = operator('Plus', '+', true);
export const Minus = operator('Minus', '-', true);
export const Star = operator('Star', '*', true);
export const Slash = operator('Slash', '/', true);
export const Percent = operator('Percent', '%', true);
export const Dot = operator('Dot', '.');
export const Comma = operator('Comma', ',');
export const Colon = operator('Colon', ':');
export const Question = operator('Question', '?');
export const LParen = operator('LParen', '(');
export const RParen = operator('RParen', ')');
export const LBrace = operator('LBrace', '{');
export const RBrace = operator('RBrace', '}');
export const LBracket = operator('LBracket', '[');
export const RBracket = operator('RBracket', ']');

/** `and`, `or` and `where` are keywords that also act as binary operators. */
for (const word of ['and', 'or', 'where'] as const) {
  (K[word].CATEGORIES as TokenType[]).push(BinaryOperator);
}

export const allTokens: TokenType[] = [
  WhiteSpace,
  DocComment,
  LineComment,
  BlockComment,
  StringLiteral,
  DateLiteral,
  NumberLiteral,
  AtName,
  ...Object.values(K),
  Identifier,
  EqualEqual,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Dot,
  Comma,
  Colon,
  Question,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Name,
  BinaryOperator,
];

/**
 * chevrotain's offset-only tokens lack `endOffset`, which the parser's node locations read; adding
 * it afterwards to half a million tokens changes their shape and doubles the allocation. So the
 * lexer creates them with it (chevrotain 11's token factory for 'onlyOffset', pinned < 12).
 */
class JigLexer extends Lexer {
  createOffsetOnlyToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): IToken {
    return { image, startOffset, endOffset: startOffset + image.length - 1, tokenTypeIdx, tokenType } as IToken;
  }
}

function newToken(image: string, startOffset: number, tokenType: TokenType): IToken {
  return { image, startOffset, endOffset: startOffset + image.length - 1, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType } as IToken;
}

const keywordByWord = new Map<string, TokenType>(Object.entries(keywordTokens));

/**
 * Builds Jig's lexer. chevrotain's checks of the token definitions (`validateTokens`) find only
 * mistakes in this file and cost some milliseconds a process, so production skips them and a test
 * builds the lexer with them on. `ensureOptimizations` stays on either way: it fails loudly if a
 * pattern ever defeats chevrotain's first-character optimisation.
 */
export function createLexer(options: { readonly validateTokens?: boolean } = {}): Lexer {
  return new JigLexer(allTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    recoveryEnabled: true,
    skipValidations: !options.validateTokens,
  });
}

/**
 * Built at its first use and kept: building a chevrotain lexer analyses every pattern, and most
 * processes never need it (readTokens reads every file without a stray character).
 */
let jigLexer: Lexer | undefined;

// ---------------------------------------------------------------------------------------------
// Lexing

export interface LexResult {
  /** The tokens the parser reads (no comments, no whitespace). */
  readonly tokens: IToken[];
  /** Comment tokens, in source order. */
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** A token's range as Jig counts it (chevrotain's `endOffset` is inclusive). */
export function tokenRange(token: IToken): TextRange {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

/** Lexes `text`; `offset` shifts every token (used for the inside of a string interpolation). */
export function lexText(text: string, offset = 0): LexResult {
  const read = readTokens(text, offset) ?? readTokensWithChevrotain(text, offset);
  const { tokens, comments, diagnostics } = read;
  let previousString: IToken | undefined;
  for (const token of tokens) {
    if (token.tokenType === StringLiteral) {
      if (token.payload === false) diagnostics.push(syntaxDiagnostics.unterminatedString(tokenRange(token), pairedBefore(text, offset, previousString, token)));
      previousString = token;
    }
  }
  for (const token of comments) {
    if (token.tokenType === BlockComment && !(token.image.length >= 4 && token.image.endsWith('*/'))) {
      const start = token.startOffset;
      diagnostics.push(syntaxDiagnostics.unterminatedComment({ start, end: start + 2 }, {}));
    }
  }
  return read;
}

/** chevrotain's lexer, for a text with a character no token starts with: it reports and skips those its own way. */
export function readTokensWithChevrotain(text: string, offset: number): LexResult {
  const result = (jigLexer ??= createLexer()).tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    const start = error.offset + offset;
    diagnostics.push(
      syntaxDiagnostics.unexpectedCharacter(
        { start, end: start + error.length },
        { text: text.slice(error.offset, error.offset + error.length) },
      ),
    );
  }
  const comments = result.groups['comments'] ?? [];
  for (const token of result.tokens) {
    if (offset !== 0) shiftToken(token, offset);
    if (token.tokenType === Identifier) {
      const keywordType = keywordByWord.get(token.image);
      if (keywordType) {
        token.tokenType = keywordType;
        token.tokenTypeIdx = keywordType.tokenTypeIdx!;
      }
    }
  }
  if (offset !== 0) for (const token of comments) shiftToken(token, offset);
  return { tokens: result.tokens, comments, diagnostics };
}

/** The operators one character long that no longer token starts with, by character code. */
const SINGLE_CHARACTER_TOKENS: (TokenType | undefined)[] = [];
for (const [character, type] of [
  ['+', Plus], ['-', Minus], ['*', Star], ['%', Percent], ['.', Dot], [',', Comma], [':', Colon], ['?', Question],
  ['(', LParen], [')', RParen], ['{', LBrace], ['}', RBrace], ['[', LBracket], [']', RBracket],
] as const) {
  SINGLE_CHARACTER_TOKENS[character.charCodeAt(0)] = type;
}

function isWordStart(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || ch === 95;
}

function isWordPart(ch: number): boolean {
  return isWordStart(ch) || isDigit(ch);
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

/** The characters of WhiteSpace's pattern. */
function isWhitespace(ch: number): boolean {
  return ch === 32 || ch === 10 || ch === 13 || ch === 9 || ch === 12 || ch === 11 || ch === 0xa0 || ch === 0xfeff || ch === 0x2028 || ch === 0x2029;
}

/** The end of the Date token at `i` (`\d{4}-\d{2}-\d{2}`), or -1. */
function dateEnd(text: string, i: number): number {
  for (let k = 0; k < 10; k++) {
    const ch = text.charCodeAt(i + k);
    if (k === 4 || k === 7 ? ch !== 45 : !isDigit(ch)) return -1;
  }
  return i + 10;
}

/** The end of the Number token at `i` (`\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`). */
function numberEnd(text: string, i: number): number {
  let end = i + 1;
  while (isDigit(text.charCodeAt(end))) end++;
  if (text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1))) {
    end += 2;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  const e = text.charCodeAt(end);
  if (e === 101 || e === 69) {
    const sign = text.charCodeAt(end + 1);
    const digits = sign === 43 || sign === 45 ? end + 2 : end + 1;
    if (isDigit(text.charCodeAt(digits))) {
      end = digits + 1;
      while (isDigit(text.charCodeAt(end))) end++;
    }
  }
  return end;
}

/**
 * Jig's tokens read with one test a character, as chevrotain's lexer reads them from the token
 * definitions above (where two patterns match, the first in `allTokens` wins), but without a
 * regular expression a token: lexing every file is a good part of a check. Undefined at a
 * character no token starts with; chevrotain's lexer then reads the file and reports it. The
 * lexer test compares the two on every kind of token.
 */
export function readTokens(text: string, offset: number): LexResult | undefined {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const ch = text.charCodeAt(i);
    const start = i;
    if (isWordStart(ch)) {
      i++;
      while (i < length && isWordPart(text.charCodeAt(i))) i++;
      const image = text.slice(start, i);
      tokens.push(newToken(image, start + offset, keywordByWord.get(image) ?? Identifier));
      continue;
    }
    if (isWhitespace(ch)) {
      i++;
      while (i < length && isWhitespace(text.charCodeAt(i))) i++;
      continue;
    }
    if (isDigit(ch)) {
      const date = dateEnd(text, i);
      i = date >= 0 ? date : numberEnd(text, i);
      tokens.push(newToken(text.slice(start, i), start + offset, date >= 0 ? DateLiteral : NumberLiteral));
      continue;
    }
    const single = SINGLE_CHARACTER_TOKENS[ch];
    if (single !== undefined) {
      i++;
      tokens.push(newToken(text[start]!, start + offset, single));
      continue;
    }
    const next = text.charCodeAt(i + 1);
    let type: TokenType;
    switch (ch) {
      case 34 /* " */: {
        const scanned = stringToken(text, i);
        i = scanned.end;
        const token = newToken(text.slice(start, i), start + offset, StringLiteral);
        token.payload = scanned.terminated;
        tokens.push(token);
        continue;
      }
      case 47 /* / */:
        if (next === 47) {
          i = endOfLine(text, i);
          const doc = text.charCodeAt(start + 2) === 47 && text.charCodeAt(start + 3) !== 47;
          comments.push(newToken(text.slice(start, i), start + offset, doc ? DocComment : LineComment));
          continue;
        }
        if (next === 42) {
          const close = text.indexOf('*/', i + 2);
          i = close < 0 ? length : close + 2;
          comments.push(newToken(text.slice(start, i), start + offset, BlockComment));
          continue;
        }
        type = Slash;
        break;
      case 64 /* @ */:
        if (!isWordStart(next)) return undefined;
        i += 2;
        while (i < length && isWordPart(text.charCodeAt(i))) i++;
        tokens.push(newToken(text.slice(start, i), start + offset, AtName));
        continue;
      case 61 /* = */:
        type = next === 61 ? EqualEqual : Equals;
        break;
      case 33 /* ! */:
        if (next !== 61) return undefined;
        type = NotEqual;
        break;
      case 60 /* < */:
        type = next === 61 ? LessEqual : Less;
        break;
      case 62 /* > */:
        type = next === 61 ? GreaterEqual : Greater;
        break;
      default:
        return undefined;
    }
    i += type === Slash || type === Equals || type === Less || type === Greater ? 1 : 2;
    tokens.push(newToken(text.slice(start, i), start + offset, type));
  }
  return { tokens, comments, diagnostics: [] };
}

/** A string earlier on the line of one left open: the quote missing may be that one's. */
function pairedBefore(text: string, offset: number, previous: IToken | undefined, open: IToken): { pairedBefore?: string } {
  if (!previous) return {};
  const between = text.slice(previous.startOffset + previous.image.length - offset, open.startOffset - offset);
  if (/[\r\n]/.test(between)) return {};
  const image = previous.image.length > 30 ? `${previous.image.slice(0, 29)}…"` : previous.image;
  return { pairedBefore: `\`${image}\`` };
}

function shiftToken(token: IToken, offset: number): void {
  token.startOffset += offset;
  token.endOffset! += offset;
}

export function lex(source: SourceFile): LexResult {
  return lexText(source.text);
}

// ---------------------------------------------------------------------------------------------
// Classified tokens, for the language server's semantic highlighting

export type TokenClass =
  | 'keyword'
  | 'identifier'
  | 'type'
  | 'function'
  | 'property'
  | 'string'
  | 'number'
  | 'operator'
  | 'comment'
  | 'docComment'
  | 'annotation'
  | 'category';

export interface ClassifiedToken {
  readonly range: TextRange;
  readonly tokenClass: TokenClass;
}

const primitiveTypeNames = new Set(['string', 'number', 'integer', 'boolean', 'datetime', 'secret']);

/**
 * Every token and comment of the file with a class for highlighting. The classes come from the
 * tokens and their immediate neighbours (no parse): a name after `:` or before `[]`/`?` in a type
 * position is a type, a name followed by `(` a function, a name after `.` a property, and the
 * dotted name after a field's `@` a data category.
 */
export function tokenize(source: SourceFile | string): ClassifiedToken[] {
  const text = typeof source === 'string' ? source : source.text;
  const { tokens, comments } = lexText(text);
  const classified: ClassifiedToken[] = [];
  let inCategory = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    const previous = tokens[i - 1]?.tokenType;
    const next = tokens[i + 1]?.tokenType;
    let tokenClass: TokenClass;
    if (type === AtName) {
      inCategory = next !== LParen;
      tokenClass = inCategory ? 'category' : 'annotation';
    } else if (inCategory && (type === Dot || tokenMatchesName(type)) && (type === Dot || previous === Dot)) {
      tokenClass = type === Dot ? 'operator' : 'category';
    } else {
      inCategory = false;
      tokenClass = classify(token, previous, next);
    }
    classified.push({ range: tokenRange(token), tokenClass });
  }
  for (const comment of comments) {
    classified.push({
      range: tokenRange(comment),
      tokenClass: comment.tokenType === DocComment ? 'docComment' : 'comment',
    });
  }
  return classified.sort((a, b) => a.range.start - b.range.start);
}

const keywordTypes = new Set<TokenType>(Object.values(keywordTokens));

export function isKeyword(type: TokenType): boolean {
  return keywordTypes.has(type);
}

function tokenMatchesName(type: TokenType): boolean {
  return type === Identifier || (type.CATEGORIES?.includes(Name) ?? false);
}

function classify(token: IToken, previous: TokenType | undefined, next: TokenType | undefined): TokenClass {
  const type = token.tokenType;
  if (type === StringLiteral) return 'string';
  if (type === NumberLiteral || type === DateLiteral) return 'number';
  if (previous === Dot && tokenMatchesName(type)) return 'property';
  if (type === Identifier) {
    if (next === LParen) return 'function';
    // Jig's convention: record types are capitalised; the primitive types are not keywords.
    if (primitiveTypeNames.has(token.image) && previous === Colon) return 'type';
    if (/^[A-Z]/.test(token.image)) return 'type';
    return 'identifier';
  }
  if (tokenMatchesName(type)) return 'keyword';
  return 'operator';
}

