/**
 * `parse(source)`: lexes, parses with error recovery and builds the tree of `tree.ts`. A broken
 * file still yields a tree; every mistake is a diagnostic with a human message.
 */
import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import { JigGrammar, describeToken } from './grammar.js';
import { TreeBuilder } from './cst-to-tree.js';
import * as T from './lexer.js';
import type { SourceFile, TextRange } from './source.js';
import type { Expression, JigFile } from './tree.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import * as syntaxDiagnostics from '../diagnostics/catalogue/syntax.js';

export interface Comment {
  readonly kind: 'line' | 'block' | 'doc';
  readonly range: TextRange;
  /** The comment as written, with its `//`, `///` or `/* … *\/` markers. */
  readonly text: string;
}

export interface ParseResult {
  readonly file: JigFile;
  readonly diagnostics: Diagnostic[];
  readonly comments: Comment[];
}

/**
 * How deeply blocks, brackets and parentheses may nest. The recursive-descent parser uses about a
 * dozen stack frames a level; this keeps it far from Node's default stack at any depth a person
 * writes (Logic Apps itself nests actions at most 8 deep).
 */
export const MAX_NESTING_DEPTH = 256;

let grammar: JigGrammar | undefined;

/** Built on first use and kept: chevrotain's self-analysis of the grammar is costly. */
function sharedGrammar(): JigGrammar {
  return (grammar ??= new JigGrammar());
}

export function parse(source: SourceFile): ParseResult {
  const text = source.text;
  const lexed = T.lexText(text);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const { tokens, removed } = limitNesting(lexed.tokens, diagnostics);
  const parser = sharedGrammar();

  const runParser = <R>(input: IToken[], rule: () => R, endOffset: number, inInterpolation: boolean): R => {
    parser.sourceText = text;
    parser.input = input;
    const cst = rule();
    reportErrors(parser.errors, endOffset, inInterpolation, removed, diagnostics);
    return cst;
  };

  const docComments = lexed.comments.filter((comment) => comment.tokenType === T.DocComment);
  const parseInterpolation = (start: number, end: number): Expression => {
    const inner = T.lexText(text.slice(start, end), start);
    diagnostics.push(...inner.diagnostics);
    const cst = runParser(inner.tokens, () => parser.interpolation(), end, true);
    return builder.expression(cst.children['expression']?.[0] as never, start);
  };
  const builder = new TreeBuilder(text, docComments, diagnostics, parseInterpolation);
  const cst = runParser(tokens, () => parser.file(), text.length, false);
  const file = builder.file(cst);

  return {
    file,
    diagnostics: dedupe(diagnostics).sort(compareDiagnostics),
    comments: lexed.comments.map(toComment),
  };
}

function toComment(token: IToken): Comment {
  const kind = token.tokenType === T.DocComment ? 'doc' : token.tokenType === T.BlockComment ? 'block' : 'line';
  return { kind, range: T.tokenRange(token), text: token.image };
}

function reportErrors(
  errors: readonly IRecognitionException[],
  endOffset: number,
  inInterpolation: boolean,
  removed: readonly TextRange[],
  diagnostics: Diagnostic[],
): void {
  for (const error of errors) {
    const token = error.token;
    const atEnd = token.tokenType === EOF || !Number.isFinite(token.startOffset);
    const range = atEnd ? { start: endOffset, end: endOffset } : T.tokenRange(token);
    // The part cut out for nesting too deeply has its own diagnostic; the gap it leaves does not.
    if (removed.some((cut) => range.start >= cut.start && range.start <= cut.end)) continue;
    const expected =
      inInterpolation && error.name === 'NotAllInputParsedException' ? "'}' to end the interpolation" : error.message;
    const found = atEnd ? (inInterpolation ? "'}'" : 'the end of the file') : describeToken(token);
    diagnostics.push(syntaxDiagnostics.unexpectedToken(range, { expected, found }));
  }
}

/** One diagnostic per position and code: recovery can report the same spot twice. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = `${diagnostic.code}:${diagnostic.range.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const openers = new Set([T.LParen, T.LBracket, T.LBrace]);
const closers = new Set([T.RParen, T.RBracket, T.RBrace]);

/**
 * Cuts out every group that opens deeper than MAX_NESTING_DEPTH, with a diagnostic, so that the
 * parser never recurses past it. `removed` spans from the cut opener to the token after the cut.
 */
function limitNesting(tokens: IToken[], diagnostics: Diagnostic[]): { tokens: IToken[]; removed: TextRange[] } {
  let depth = 0;
  let tooDeep = false;
  for (const token of tokens) {
    if (openers.has(token.tokenType)) {
      if (++depth > MAX_NESTING_DEPTH) {
        tooDeep = true;
        break;
      }
    } else if (closers.has(token.tokenType) && depth > 0) depth--;
  }
  if (!tooDeep) return { tokens, removed: [] };

  const kept: IToken[] = [];
  const removed: TextRange[] = [];
  depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (openers.has(token.tokenType) && depth + 1 > MAX_NESTING_DEPTH) {
      diagnostics.push(syntaxDiagnostics.nestingTooDeep(T.tokenRange(token), { limit: MAX_NESTING_DEPTH }));
      let inner = 0;
      let j = i;
      for (; j < tokens.length; j++) {
        const type = tokens[j]!.tokenType;
        if (openers.has(type)) inner++;
        else if (closers.has(type) && --inner === 0) break;
      }
      const next = tokens[j + 1];
      removed.push({ start: token.startOffset, end: next ? next.startOffset + next.image.length : Infinity });
      i = j;
      continue;
    }
    if (openers.has(token.tokenType)) depth++;
    else if (closers.has(token.tokenType) && depth > 0) depth--;
    kept.push(token);
  }
  return { tokens: kept, removed };
}
