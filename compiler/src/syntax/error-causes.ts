/**
 * One finding per cause after a syntax error. A bracket that is never closed is noticed far from
 * where it was opened (at the end of the file, at the next declaration, or past a `}` that closed
 * the wrong block): the error is restated once, at the bracket to blame. A string left open on a
 * line (JIG1003, reported by the lexer) explains the parse errors of that line after its first
 * quote: they are not reported. Only a file with a syntax error gets here.
 */
import type { IToken } from 'chevrotain';
import * as T from './lexer.js';
import { inAnyRange, type TextRange } from './source.js';

const OPENERS = new Map(
  ([[T.LParen, T.RParen], [T.LBracket, T.RBracket], [T.LBrace, T.RBrace]] as const).map(([open, close]) => [open.tokenTypeIdx!, close.tokenTypeIdx!]),
);
const CLOSERS = new Set([T.RParen, T.RBracket, T.RBrace].map((type) => type.tokenTypeIdx!));

export class ErrorCauses {
  /** For each opening bracket, the index of the token that closes it; -1 when none does. */
  private readonly closerOf: Int32Array;
  /** From the first string of each line that leaves a string open, to the line's end. */
  private readonly openStringLines: TextRange[] = [];
  private readonly blamed = new Set<IToken>();
  /** From each syntax error reported to the end of its line: the tree there is recovery's guess. */
  private readonly guessed: TextRange[] = [];

  constructor(
    private readonly tokens: readonly IToken[],
    private readonly text: string,
  ) {
    this.closerOf = new Int32Array(tokens.length).fill(-1);
    const open: number[] = [];
    let firstStringOfLine: IToken | undefined;
    tokens.forEach((token, index) => {
      if (OPENERS.has(token.tokenTypeIdx)) {
        open.push(index);
      } else if (CLOSERS.has(token.tokenTypeIdx)) {
        // A closer pairs with the innermost opener of its kind; the openers inside that one stay unclosed.
        for (let depth = open.length - 1; depth >= 0; depth--) {
          if (OPENERS.get(tokens[open[depth]!]!.tokenTypeIdx) !== token.tokenTypeIdx) continue;
          this.closerOf[open[depth]!] = index;
          open.length = depth;
          break;
        }
      } else if (token.tokenType === T.StringLiteral) {
        if (!firstStringOfLine || this.lineStart(firstStringOfLine.startOffset) !== this.lineStart(token.startOffset)) firstStringOfLine = token;
        if (token.payload === false) this.openStringLines.push({ start: firstStringOfLine.startOffset, end: this.lineEnd(token.startOffset) });
      }
    });
  }

  /** Whether an error at `offset` follows from a string left open on its line. */
  followsOpenString(offset: number): boolean {
    return inAnyRange(this.openStringLines, offset);
  }

  /**
   * The bracket left open that explains a parse error at `offset` (one that expected a closer), with
   * whether it is blamed for the first time. Undefined when every bracket before the error is closed.
   */
  blame(offset: number): { opener: IToken; first: boolean } | undefined {
    const opener = this.unclosedBefore(offset);
    if (!opener) return undefined;
    const first = !this.blamed.has(opener);
    this.blamed.add(opener);
    return { opener, first };
  }

  /**
   * Whether a parse error at `offset` is the first of its line; records it. The errors after it on
   * the line are what recovery met while skipping the cause, not causes of their own (TypeScript
   * likewise reports one error where the parser lost its way).
   */
  firstOnLine(offset: number): boolean {
    if (inAnyRange(this.guessed, offset)) return false;
    this.guessed.push({ start: offset, end: this.lineEnd(offset) });
    return true;
  }

  /** The spans from each reported parse error to the end of its line. */
  get recovered(): readonly TextRange[] {
    return this.guessed;
  }

  /** The last token that ends at or before `offset`. */
  tokenBefore(offset: number): IToken | undefined {
    let low = 0;
    let high = this.tokens.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (T.tokenRange(this.tokens[middle]!).end <= offset) low = middle + 1;
      else high = middle;
    }
    return this.tokens[low - 1];
  }

  /**
   * The innermost bracket before `offset` that nothing closes; or, where a bracket of its kind
   * after it is closed by a closer indented unlike the line that opened it (the closer was meant
   * for an outer block), the first such bracket to be closed.
   */
  private unclosedBefore(offset: number): IToken | undefined {
    const { tokens, closerOf } = this;
    let unclosed = -1;
    for (let i = 0; i < tokens.length && tokens[i]!.startOffset < offset; i++) {
      if (OPENERS.has(tokens[i]!.tokenTypeIdx) && closerOf[i] === -1) unclosed = i;
    }
    if (unclosed < 0) return undefined;
    const kind = tokens[unclosed]!.tokenTypeIdx;
    let blamed = unclosed;
    let earliestCloser = Infinity;
    for (let i = unclosed + 1; i < tokens.length && tokens[i]!.startOffset < offset; i++) {
      const closer = closerOf[i]!;
      if (tokens[i]!.tokenTypeIdx !== kind || closer < 0 || closer >= earliestCloser) continue;
      const closing = tokens[closer]!.startOffset;
      if (closing >= offset || !this.startsLine(closing) || this.indentOf(closing) === this.indentOf(tokens[i]!.startOffset)) continue;
      blamed = i;
      earliestCloser = closer;
    }
    return tokens[blamed];
  }

  private lineStart(offset: number): number {
    let start = offset;
    while (start > 0 && !isLineBreak(this.text.charCodeAt(start - 1))) start--;
    return start;
  }

  private lineEnd(offset: number): number {
    let end = offset;
    while (end < this.text.length && !isLineBreak(this.text.charCodeAt(end))) end++;
    return end;
  }

  /** The width of the spaces and tabs that start the line holding `offset`. */
  private indentOf(offset: number): number {
    const start = this.lineStart(offset);
    let end = start;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    return end - start;
  }

  private startsLine(offset: number): boolean {
    return this.text.slice(this.lineStart(offset), offset).trim() === '';
  }
}

const isLineBreak = (code: number): boolean => code === 10 || code === 13;
