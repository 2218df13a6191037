/**
 * `parse(source)`: lexes, parses with error recovery and builds the tree of `tree.ts`. A broken
 * file still yields a tree; every mistake is a diagnostic with a human message.
 */
import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import { JigGrammar } from './grammar.js';
import { describeToken, describePrevious } from './parse-messages.js';
import { ErrorCauses } from './error-causes.js';
import { readFileFast, readInterpolationFast } from './fast-parser.js';
import { TreeFactory } from './tree-factory.js';
import * as T from './lexer.js';
import { inAnyRange, type SourceFile, type TextRange } from './source.js';
import type { Expression, JigFile, Node, SelectExpression } from './tree.js';
import { deeperThan, forEachChild, replaceChild } from './visit.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import * as syntaxDiagnostics from '../diagnostics/catalogue/syntax.js';
import { suggest } from '../util/suggest.js';
import { extend } from '../util/objects.js';

/** The words a step begins with, for a did-you-mean where a step was expected (`stroe` → `store`). */
const STEP_KEYWORDS = ['let', 'var', 'set', 'append', 'store', 'call', 'send', 'if', 'for', 'switch', 'until', 'try', 'scope', 'parallel', 'wait', 'respond', 'fail', 'delete'];
const DECLARATION_KEYWORDS = ['policy', 'param', 'type', 'flow'];

/** The keywords a misspelt word may have meant, where the parser expected one of them. */
function keywordsExpected(expected: string): readonly string[] | undefined {
  if (expected.startsWith('a step')) return STEP_KEYWORDS;
  if (expected.startsWith('a declaration')) return DECLARATION_KEYWORDS;
  return undefined;
}

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
  /**
   * Where recovery guessed the tree: from each syntax error to the end of its line. What later
   * stages find there follows from the error, so they report nothing there.
   */
  readonly recovered?: readonly TextRange[];
}

/**
 * How deeply blocks, brackets and parentheses may nest. The recursive-descent parser uses about a
 * dozen stack frames a level; this keeps it far from Node's default stack at any depth a person
 * writes (Logic Apps itself nests actions at most 8 deep).
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * How deeply one expression may nest: its operators, member accesses, calls and literals, counted
 * from the step that holds it. The parser reads a chain of binary operators in a loop, so a chain
 * of thousands (`a + a + …`) parses fine into a tree thousands of levels deep that the later
 * stages walk recursively: it is cut here, with a diagnostic, instead of overflowing their stack.
 */
export const MAX_EXPRESSION_DEPTH = 400;

let grammar: JigGrammar | undefined;

/**
 * Built on first use and kept: chevrotain's self-analysis of the grammar costs some 50 ms, which a
 * check whose files have no syntax error never pays (the fast parser reads them).
 */
function sharedGrammar(): JigGrammar {
  return (grammar ??= new JigGrammar());
}

/**
 * Depths tried, in turn, when parsing at the one before ran out of stack: recovery from an error
 * at the bottom of a deep nest needs more stack than the parse itself, and a caller may already
 * stand deep in its own stack. A smaller limit cuts out more, with its diagnostic, never a crash.
 */
const FALLBACK_NESTING_DEPTHS = [128, 64, 32];

/**
 * Which parser reads a file: the fast one, and the grammar where it gives up (the default); the
 * tests that compare the two run each alone.
 */
type Readers = 'fast, then grammar' | 'fast only' | 'grammar only';

export function parse(source: SourceFile, options: { readonly grammarOnly?: boolean } = {}): ParseResult {
  const readers: Readers = options.grammarOnly ? 'grammar only' : 'fast, then grammar';
  let stoppedAt: TextRange = { start: 0, end: 0 };
  for (const limit of [MAX_NESTING_DEPTH, ...FALLBACK_NESTING_DEPTHS]) {
    try {
      return parseWithNestingLimit(source, limit, readers)!;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      if (error instanceof ParserStackExhausted) stoppedAt = error.at;
    }
  }
  // With every group cut at the smallest depth, the parser still ran out of stack: what nests is
  // no group (`if … then if … then …`, thousands deep), and emptying groups would only hide it.
  return {
    file: { kind: 'File', declarations: [], range: { start: 0, end: source.text.length } },
    diagnostics: [syntaxDiagnostics.tooDeepToParse(stoppedAt, {})],
    comments: [],
  };
}

/** What the fast parser alone reads, or undefined where it gives up (for the tests that compare it with the grammar). */
export function parseFastOnly(source: SourceFile): ParseResult | undefined {
  return parseWithNestingLimit(source, MAX_NESTING_DEPTH, 'fast only');
}

/** The parser ran out of stack at the token `at`. */
class ParserStackExhausted extends RangeError {
  constructor(readonly at: TextRange) {
    super('the parser ran out of stack');
  }
}

function parseWithNestingLimit(source: SourceFile, nestingLimit: number, readers: Readers): ParseResult | undefined {
  const text = source.text;
  const lexed = T.lexText(text);
  const found: Diagnostic[] = [...lexed.diagnostics];
  const { tokens, removed } = limitNesting(lexed.tokens, nestingLimit, found);
  const input: ParserInput = { text, tokens, removed, found, docComments: lexed.comments.filter((comment) => comment.tokenType === T.DocComment) };
  // Most files have no syntax error. The hand-written parser reads them faster and builds the same
  // tree; at its first unexpected token the file is read again by the grammar, which recovers.
  const file = (readers !== 'grammar only' ? readWithoutErrors(input) : undefined) ?? (readers !== 'fast only' ? buildTree(input) : undefined);
  if (!file) return undefined;
  // Steps or an expression this deep need a tree at least as deep (and as many characters); most files have neither.
  if (text.length > MAX_NESTING_DEPTH && deeperThan(file.file, MAX_NESTING_DEPTH)) {
    limitElseIfDepth(file.file, file.diagnostics);
    if (deeperThan(file.file, MAX_EXPRESSION_DEPTH)) limitExpressionDepth(file.file, file.diagnostics);
  }
  return extend(file, { comments: lexed.comments.map(toComment) });
}

interface ParserInput {
  readonly text: string;
  readonly tokens: IToken[];
  /** Groups emptied for nesting too deeply. */
  readonly removed: readonly TextRange[];
  /** The diagnostics of lexing and of the nesting limit. */
  readonly found: readonly Diagnostic[];
  readonly docComments: IToken[];
}

/**
 * The tree and its diagnostics read by the fast parser, or undefined at the first token it does not
 * expect (a syntax error, or a construct it leaves to the grammar).
 */
function readWithoutErrors(input: ParserInput): Omit<ParseResult, 'comments'> | undefined {
  const { text, tokens } = input;
  const diagnostics = [...input.found];
  const factory = new TreeFactory(text, input.docComments, diagnostics);
  const file = readFileFast(factory, tokens);
  if (!file || !readInterpolations(factory, diagnostics, (inner, start) => readInterpolationFast(factory, inner, start))) return undefined;
  return { file, diagnostics: dedupe(diagnostics).sort(compareDiagnostics) };
}

/** The tree and its diagnostics read by the grammar, with error recovery. Running out of stack is a ParserStackExhausted, which says where. */
function buildTree(input: ParserInput): Omit<ParseResult, 'comments'> {
  const parser = sharedGrammar();
  try {
    return readTree(input, parser);
  } catch (error) {
    if (error instanceof RangeError && !(error instanceof ParserStackExhausted)) throw new ParserStackExhausted(parser.nextTokenRange());
    throw error;
  }
}

function readTree(input: ParserInput, parser: JigGrammar): Omit<ParseResult, 'comments'> {
  const { text, tokens, removed } = input;
  const diagnostics = [...input.found];
  const factory = new TreeFactory(text, input.docComments, diagnostics);

  parser.begin(factory, tokens, 0);
  const file = parser.file();
  // Built at the first error only: a file without one never pays for it.
  let causes: ErrorCauses | undefined;
  const causesOfErrors = () => (causes ??= new ErrorCauses(tokens, text));
  reportErrors(parser.errors, text.length, false, removed, diagnostics, causesOfErrors);

  readInterpolations(factory, diagnostics, (inner, start, end) => {
    parser.begin(factory, inner, start);
    const expression = parser.interpolation() ?? factory.missing(start);
    reportErrors(parser.errors, end, true, removed, diagnostics, causesOfErrors);
    return expression;
  });
  return { file, diagnostics: dedupe(diagnostics).sort(compareDiagnostics), ...(causes && { recovered: causes.recovered }) };
}

/**
 * Parses the interpolations of the strings read, once the file is (the grammar is not
 * re-entrant); parsing one may find strings with interpolations of their own, which join the end
 * of the list. False when `read` gives up on one.
 */
function readInterpolations(
  factory: TreeFactory,
  diagnostics: Diagnostic[],
  read: (tokens: IToken[], start: number, end: number) => Expression | undefined,
): boolean {
  const pending = factory.pendingInterpolations;
  for (let i = 0; i < pending.length; i++) {
    const { part, start, end } = pending[i]!;
    const inner = T.lexText(factory.text.slice(start, end), start);
    diagnostics.push(...inner.diagnostics);
    const expression = read(inner.tokens, start, end);
    if (!expression) return false;
    part.expression = expression;
  }
  return true;
}

const EXPRESSION_KINDS: ReadonlySet<Node['kind']> = new Set<Node['kind']>([
  'String', 'Number', 'Boolean', 'Null', 'Name', 'Member', 'Index', 'Call', 'Unary', 'Binary', 'Record', 'Array', 'Where', 'Select',
  'Conditional', 'Missing',
]);

/**
 * Cuts each `else if` that stands more than MAX_NESTING_DEPTH levels deep, with the rest of its
 * chain, counting blocks and `else if`s as levels: the grammar reads a chain in a loop, so a chain
 * of thousands is a tree thousands of levels deep, which the later stages would walk recursively.
 * (Blocks alone are bounded by their braces, limitNesting.) Iterative: the tree may be deep.
 */
function limitElseIfDepth(file: JigFile, diagnostics: Diagnostic[]): void {
  const nodes: Node[] = [file];
  const depths: number[] = [0];
  let cut = false;
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (node.kind === 'If' && node.else?.kind === 'If' && depth + 1 > MAX_NESTING_DEPTH) {
      const link = node.else.range.start;
      diagnostics.push(syntaxDiagnostics.elseIfTooDeep({ start: link, end: link + 'if'.length }, { limit: MAX_NESTING_DEPTH }));
      delete (node as { else?: unknown }).else;
      cut = true;
    }
    forEachChild(node, (child) => {
      nodes.push(child);
      // The only If an If holds is the `else if` after it.
      depths.push(child.kind === 'Block' || (child.kind === 'If' && node.kind === 'If') ? depth + 1 : depth);
    });
  }
  if (cut) diagnostics.sort(compareDiagnostics);
}

/**
 * Replaces each expression whose parts nest deeper than MAX_EXPRESSION_DEPTH by a missing one, with
 * one diagnostic. Iterative (an explicit stack of nodes, their depths and parents): the tree may be
 * deep.
 */
function limitExpressionDepth(file: JigFile, diagnostics: Diagnostic[]): void {
  const nodes: Node[] = [file];
  const depths: number[] = [0];
  const parents: (Node | undefined)[] = [undefined];
  // The outermost expression each node sits in: one finding per expression, however many of its
  // branches are cut (an `else if` chain reaches the limit in its condition and in its `else`).
  const outermost: (Node | undefined)[] = [undefined];
  const cuts: { parent: Node; node: Node; expression: Node }[] = [];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    const parent = parents.pop();
    const inExpression = outermost.pop();
    const expression = inExpression ?? (EXPRESSION_KINDS.has(node.kind) ? node : undefined);
    const first = nodes.length;
    let tooDeep = false;
    forEachChild(node, (child) => {
      // A record's field is no expression of its own; its value is one level below the record.
      const childDepth = EXPRESSION_KINDS.has(child.kind) ? depth + 1 : child.kind === 'RecordField' ? depth : 0;
      if (childDepth > MAX_EXPRESSION_DEPTH) tooDeep = true;
      nodes.push(child);
      depths.push(childDepth);
      parents.push(node);
      outermost.push(childDepth > 0 ? expression : undefined);
    });
    // `select` needs its record, and a record its fields: those are cut a level further down.
    const replaceable = parent !== undefined && EXPRESSION_KINDS.has(node.kind) && !(parent.kind === 'Select' && node === (parent as SelectExpression).projection);
    if (tooDeep && replaceable) {
      nodes.length = depths.length = parents.length = outermost.length = first;
      cuts.push({ parent: parent!, node, expression: expression ?? node });
    }
  }
  const reported = new Set<Node>();
  for (const { parent, node, expression } of cuts.sort((a, b) => a.node.range.start - b.node.range.start)) {
    if (!reported.has(expression)) diagnostics.push(syntaxDiagnostics.expressionTooDeep(node.range, { limit: MAX_EXPRESSION_DEPTH }));
    reported.add(expression);
    replaceChild(parent, node, { kind: 'Missing', range: { start: node.range.start, end: node.range.start } });
  }
  if (cuts.length > 0) diagnostics.sort(compareDiagnostics);
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
  causesOfErrors: () => ErrorCauses,
): void {
  if (errors.length === 0) return;
  const causes = causesOfErrors();
  for (const error of errors) {
    const token = error.token;
    const atEnd = token.tokenType === EOF || !Number.isFinite(token.startOffset);
    const range = atEnd ? { start: endOffset, end: endOffset } : T.tokenRange(token);
    // The part cut out for nesting too deeply has its own diagnostic; the gap it leaves does not.
    if (inAnyRange(removed, range.start)) continue;
    // A string left open on the line is the cause (JIG1003), reported once by the lexer.
    if (causes.followsOpenString(range.start)) continue;
    const expected =
      inInterpolation && error.name === 'NotAllInputParsedException' ? "'}' to end the interpolation" : error.message;
    let found = atEnd ? (inInterpolation ? "'}'" : 'the end of the file') : describeToken(token);
    if (!inInterpolation && EXPECTS_CLOSER.test(expected) && reportUnclosed(causes, range, found, diagnostics)) continue;
    // `let mail = …`: say why a word that looks like a name is not one.
    if (!atEnd && expected.startsWith('a name') && token.tokenType !== T.Identifier && T.isKeyword(token.tokenType)) {
      found = `the keyword ${found}, which cannot be used as a name`;
    }
    if (!causes.firstOnLine(range.start)) continue;
    const keywords = !atEnd && token.tokenType === T.Identifier ? keywordsExpected(expected) : undefined;
    const suggestion = keywords ? suggest(token.image, keywords) : undefined;
    diagnostics.push(
      syntaxDiagnostics.unexpectedToken(
        range,
        { expected, found, ...(suggestion && { suggestion }) },
        suggestion ? { fixes: [{ title: `Change to '${suggestion}'`, edits: [{ range, newText: suggestion }], isPreferred: true }] } : {},
      ),
    );
  }
}

/** A message that names a closing bracket among what the parser expected. */
const EXPECTS_CLOSER = /'[)\]}]'/;
const CLOSER_OF: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/**
 * An error where a closer was expected, inside a bracket that is never closed, is restated at that
 * bracket (once: the errors recovery meets after it are the same cause). False when every bracket
 * before the error is closed: the error stands as the parser found it.
 */
function reportUnclosed(causes: ErrorCauses, range: TextRange, found: string, diagnostics: Diagnostic[]): boolean {
  const blamed = causes.blame(range.start);
  if (!blamed) return false;
  if (!blamed.first) return true;
  const open = blamed.opener.image;
  const close = CLOSER_OF[open]!;
  const where = open === '{' ? 'where its block ends' : describePrevious(causes.tokenBefore(range.start)) || `before ${found}`;
  const noticed = found === 'the end of the file' ? 'the file ends here, with it still open' : `the parser found ${found} here, with it still open`;
  diagnostics.push(syntaxDiagnostics.unclosedBracket(T.tokenRange(blamed.opener), { open, close, where }, { related: [{ message: noticed, range }] }));
  return true;
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

/** By token type index: 1 for a bracket that opens a group, -1 for one that closes it. */
const bracketDepthChange = new Int8Array(Math.max(...T.allTokens.map((type) => type.tokenTypeIdx ?? 0)) + 1);
for (const type of [T.LParen, T.LBracket, T.LBrace]) bracketDepthChange[type.tokenTypeIdx!] = 1;
for (const type of [T.RParen, T.RBracket, T.RBrace]) bracketDepthChange[type.tokenTypeIdx!] = -1;
const opens = (token: IToken): boolean => bracketDepthChange[token.tokenTypeIdx] === 1;
const closes = (token: IToken): boolean => bracketDepthChange[token.tokenTypeIdx] === -1;

/**
 * Empties every group that opens deeper than `limit`, with a diagnostic, so that the parser never
 * recurses past it. `removed` spans the emptied groups, brackets included.
 */
function limitNesting(
  tokens: IToken[],
  limit: number,
  diagnostics: Diagnostic[],
): { tokens: IToken[]; removed: TextRange[] } {
  let depth = 0;
  let tooDeep = false;
  for (const token of tokens) {
    if (opens(token)) {
      if (++depth > limit) {
        tooDeep = true;
        break;
      }
    } else if (closes(token) && depth > 0) depth--;
  }
  if (!tooDeep) return { tokens, removed: [] };

  const kept: IToken[] = [];
  const removed: TextRange[] = [];
  depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    kept.push(token);
    if (closes(token)) {
      if (depth > 0) depth--;
      continue;
    }
    if (!opens(token) || ++depth <= limit) continue;
    // Keep the brackets, drop what they hold: `{}` and `[]` stay valid, so nothing around the cut
    // needs recovery (which at this depth could itself run out of stack).
    diagnostics.push(syntaxDiagnostics.nestingTooDeep(T.tokenRange(token), { limit }));
    let inner = 1;
    let j = i + 1;
    for (; j < tokens.length; j++) {
      if (opens(tokens[j]!)) inner++;
      else if (closes(tokens[j]!) && --inner === 0) break;
    }
    const closer = tokens[j];
    removed.push({ start: token.startOffset, end: closer ? closer.startOffset + closer.image.length : Infinity });
    i = j - 1;
  }
  return { tokens: kept, removed };
}
