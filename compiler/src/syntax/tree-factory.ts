/**
 * What the grammar's actions use to make tree nodes from tokens: names, literals (strings split
 * into text and interpolations), durations, doc comments, and the precedence climbing that gives
 * an expression's flat operator list its structure. One factory serves one parse.
 *
 * A token the parser inserted while recovering has no place in the text; the factory treats it
 * as absent, and every missing piece gets an empty range where it would have stood.
 */
import type { IToken } from 'chevrotain';
import * as T from './lexer.js';
import type * as Tree from './tree.js';
import { STOP_STATUSES } from './tree.js';
import type { TextRange } from './source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as syntaxDiagnostics from '../diagnostics/catalogue/syntax.js';
import {
  BINARY_PRECEDENCE,
  COMPARISON_PRECEDENCE,
  LIST_OPERATOR_PRECEDENCE,
  NOT_OPERAND_PRECEDENCE,
} from './precedence.js';

const precedence: Readonly<Record<string, number>> = { where: LIST_OPERATOR_PRECEDENCE, ...BINARY_PRECEDENCE };

export function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && !token.isInsertedInRecovery && Number.isFinite(token.startOffset);
}

export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

export function emptyAt(at: number): TextRange {
  return { start: at, end: at };
}

export function span(start: number, end: number): TextRange {
  return { start, end: Math.max(start, end) };
}

/** An interpolation whose expression is parsed once the enclosing parse is done. */
export interface PendingInterpolation {
  readonly part: { expression: Tree.Expression };
  readonly start: number;
  readonly end: number;
}

/** `(ARG, …)` after an annotation's name, and the offset of its `(`. */
export interface ArgumentList {
  readonly args: readonly Tree.AnnotationArg[];
  readonly open: number;
}

/** What `call http …` or `call connector …` was written with. */
export interface HttpCallParts {
  readonly connector: Tree.StringLiteral | undefined;
  /** The provider of a `call service`, which has no method. */
  readonly service?: Tree.StringLiteral | undefined;
  readonly method: IToken | undefined;
  readonly methodAt: number;
  readonly url: Tree.Expression;
  /** A `call workflow`, which has no method, and its `trigger "NAME"`. */
  readonly workflow?: boolean;
  /** A `call function METHOD ID` (an Azure function by its resource id). */
  readonly azureFunction?: boolean;
  /** A `call api METHOD ID "PATH"`'s path, and its `key EXPR`. */
  readonly apiPath?: Tree.StringLiteral | undefined;
  readonly subscriptionKey?: Tree.Expression | undefined;
  readonly triggerName?: Tree.StringLiteral | undefined;
  readonly queries: Tree.HeaderEntry[] | undefined;
  readonly headers: Tree.HeaderEntry[] | undefined;
  /** `auth { … }`: a `call http`'s authentication. */
  readonly auth?: Tree.Expression | undefined;
  readonly body: Tree.Expression | undefined;
  readonly returns: Tree.TypeRef | undefined;
}

/** One `if C then A else` of a conditional expression's chain. */
export interface ConditionalLink {
  readonly start: number;
  readonly condition: Tree.Expression;
  readonly then: Tree.Expression;
}

/** One operand of an expression's flat list, with the prefix operators written before it. */
export interface Operand {
  readonly prefixes: readonly IToken[];
  readonly expression: Tree.Expression;
}

/** What follows an operand: a binary operator (`where` included) and its operand, or a `select`. */
export type OperatorStep =
  | { readonly operator: IToken; readonly operand: Operand }
  | { readonly select: IToken; readonly projection: Tree.Expression };

/** Steps are made without their trailing annotations; the parser adds them and the range. */
export const NO_ANNOTATIONS: readonly Tree.Annotation[] = [];

/** One `if COND { … }` of an `if … else if …` chain; `then` is unset while its block is read. */
export interface IfLink {
  readonly start: number;
  readonly condition: Tree.Expression;
  then: Tree.Block | undefined;
}

/**
 * The If steps of a chain, each link the `else` of the one before, built from the last link out;
 * each spans from its `if` to `end`. A link whose block was not read gets `missing`.
 */
export function nestIfLinks(links: readonly IfLink[], missing: Tree.Block, otherwise: Tree.Block | undefined, end: number): Tree.IfStep {
  let tail: Tree.Block | Tree.IfStep | undefined = otherwise;
  for (let i = links.length - 1; i >= 0; i--) {
    const link = links[i]!;
    tail = {
      kind: 'If',
      condition: link.condition,
      then: link.then ?? missing,
      ...(tail && { else: tail }),
      annotations: NO_ANNOTATIONS,
      range: span(link.start, end),
    };
  }
  return tail as Tree.IfStep;
}

/** What each time operation's word is followed by, and how to write it. */
const TIME_OPERATION_SHAPES: Readonly<Record<Tree.TimeOperationKind, { shape: string; written: string }>> = {
  current: { shape: 'none', written: "'current time' alone" },
  future: { shape: 'amount', written: "'future time N UNIT'" },
  past: { shape: 'amount', written: "'past time N UNIT'" },
  add: { shape: 'to', written: "'add time N UNIT to TIME'" },
  subtract: { shape: 'from', written: "'subtract time N UNIT from TIME'" },
  convert: { shape: 'convert', written: "'convert time TIME from ZONE to ZONE [format FORMAT]'" },
};

/** What a time operation holds, as read (each parser fills in its own way). */
export interface TimeParts {
  amount?: Tree.Expression;
  /** The word before the base of `add` (`to`) or `subtract` (`from`). */
  baseAfter?: 'to' | 'from';
  unit?: IToken;
  base?: Tree.Expression;
  sourceZone?: Tree.Expression;
  destinationZone?: Tree.Expression;
  format?: Tree.Expression;
}

export class TreeFactory {
  readonly pendingInterpolations: PendingInterpolation[] = [];

  constructor(
    readonly text: string,
    private readonly docComments: readonly IToken[],
    readonly diagnostics: Diagnostic[],
  ) {}

  identifier(token: IToken | undefined, at: number): Tree.Identifier {
    if (!isReal(token)) return { kind: 'Identifier', name: '', range: emptyAt(at) };
    return { kind: 'Identifier', name: token.image, range: T.tokenRange(token) };
  }

  /** `@name` → the name, its range without the `@`. */
  annotationName(token: IToken): Tree.Identifier {
    return { kind: 'Identifier', name: token.image.slice(1), range: { start: token.startOffset + 1, end: tokenEnd(token) } };
  }

  missing(at: number): Tree.MissingExpression {
    return { kind: 'Missing', range: emptyAt(at) };
  }

  numberLiteral(token: IToken): Tree.NumberLiteral {
    return {
      kind: 'Number',
      value: Number(token.image),
      isInteger: /^\d+$/.test(token.image),
      text: token.image,
      range: T.tokenRange(token),
    };
  }

  stopStep(status: IToken, range: TextRange): Tree.StopStep {
    this.expectWord(status, ...STOP_STATUSES);
    return { kind: 'Stop', status: this.identifier(status, tokenEnd(status)), annotations: NO_ANNOTATIONS, range };
  }

  /** `chunk text EXPR [by N tokens] [overlap N] [encoding "MODEL"]`, its options as written. */
  chunkText(content: Tree.Expression, tokens: IToken | undefined, overlap: IToken | undefined, encoding: IToken | undefined, range: TextRange): Tree.DocumentOperation {
    return {
      kind: 'DocumentOperation',
      operation: 'chunk text',
      content,
      ...(tokens && { tokens: this.numberLiteral(tokens) }),
      ...(overlap && { overlap: this.numberLiteral(overlap) }),
      ...(encoding && { encoding: this.stringLiteral(encoding) }),
      range,
    };
  }

  /**
   * `transform xml CONTENT with [app | data] map "NAME" [parameters { … }]`, or with the kind of a
   * Liquid map, `transform liquid "KIND" CONTENT with [app] map "NAME"`; the word before `map` as
   * read (`expectWord` reports another).
   */
  transformXml(content: Tree.Expression, word: IToken | undefined, name: IToken, parameters: Tree.HeaderEntry[] | undefined, range: TextRange, liquidKind?: IToken): Tree.DocumentOperation {
    if (word) this.expectWord(word, 'app', 'data');
    const source: Tree.XsltMapSource = word?.image === 'data' ? 'data' : word ? 'app' : 'account';
    return {
      kind: 'DocumentOperation',
      operation: liquidKind ? 'transform liquid' : 'transform xml',
      ...(liquidKind && { liquidKind: this.stringLiteral(liquidKind) }),
      content,
      map: { source, name: this.stringLiteral(name) },
      ...(parameters && { parameters }),
      range,
    };
  }

  /**
   * A Date Time operation, its parts as the parser read them (README, "Dates and times"): a shape
   * its word does not take (`future time 3 days to x`, `add time 3 days` without a base) is
   * reported here, where both parsers meet.
   */
  timeOperation(word: IToken, parts: TimeParts, range: TextRange): Tree.TimeOperation {
    const operation = word.image as Tree.TimeOperationKind;
    const expected = TIME_OPERATION_SHAPES[operation];
    const shape = parts.sourceZone ? 'convert' : parts.baseAfter ?? (parts.amount ? 'amount' : 'none');
    if (shape !== expected.shape) {
      this.diagnostics.push(syntaxDiagnostics.unexpectedToken(range, { found: `'${this.text.slice(range.start, range.end)}'`, expected: expected.written }));
    }
    const unit = parts.unit && isReal(parts.unit) ? this.identifier(parts.unit, 0) : undefined;
    return {
      kind: 'TimeOperation',
      operation,
      ...(parts.amount && { amount: parts.amount }),
      ...(unit && { unit }),
      ...(parts.base && { base: parts.base }),
      ...(parts.sourceZone && { sourceZone: parts.sourceZone }),
      ...(parts.destinationZone && { destinationZone: parts.destinationZone }),
      ...(parts.format && { format: parts.format }),
      range,
    };
  }

  emptyString(at: number): Tree.StringLiteral {
    return { kind: 'String', parts: [], value: '', range: emptyAt(at) };
  }

  duration(amount: IToken | undefined, unit: IToken | undefined, at: number): Tree.Duration {
    const realAmount = isReal(amount) ? amount : undefined;
    const realUnit = isReal(unit) ? unit : undefined;
    const start = realAmount?.startOffset ?? realUnit?.startOffset ?? at;
    const unitRange = realUnit ? T.tokenRange(realUnit) : emptyAt(realAmount ? tokenEnd(realAmount) : at);
    return {
      kind: 'Duration',
      amount: realAmount ? Number(realAmount.image) : 0,
      unit: realUnit?.image ?? '',
      unitRange,
      range: span(start, unitRange.end),
    };
  }

  timeOfDay(hourToken: IToken, minuteToken: IToken): Tree.TimeOfDay {
    const hour = Number(hourToken.image);
    const minute = Number(minuteToken.image);
    const range = { start: hourToken.startOffset, end: tokenEnd(minuteToken) };
    const valid = /^\d{1,2}$/.test(hourToken.image) && /^\d{2}$/.test(minuteToken.image) && hour <= 23 && minute <= 59;
    if (!valid) {
      this.diagnostics.push(syntaxDiagnostics.invalidTimeOfDay(range, { text: this.text.slice(range.start, range.end) }));
    }
    return { hour, minute, range };
  }

  /** A plain name the grammar expects to be one word (`json` after `parse`), reported otherwise. */
  expectWord(token: IToken, ...words: string[]): void {
    if (isReal(token) && !words.includes(token.image)) {
      this.diagnostics.push(syntaxDiagnostics.unexpectedToken(T.tokenRange(token), { found: `'${token.image}'`, expected: words.map((word) => `'${word}'`).join(' or ') }));
    }
  }

  /** `let NAME: TYPE = raw action …`: Jig does not read a raw action's result, so it has no type to check. */
  typeOnRawAction(type: Tree.TypeRef): void {
    this.diagnostics.push(
      syntaxDiagnostics.unexpectedToken(type.range, { found: `the type '${this.text.slice(type.range.start, type.range.end)}'`, expected: "'=' (what a raw action returns is not read, so it has no type)" }),
    );
  }

  dottedName(parts: Tree.Identifier[]): Tree.DottedName {
    return {
      kind: 'DottedName',
      parts,
      text: parts.map((part) => part.name).join('.'),
      range: { start: parts[0]!.range.start, end: parts[parts.length - 1]!.range.end },
    };
  }

  /** Parts split at dots; a part written with hyphens (`s03-sharing`) stays one name. */
  hyphenatedDottedName(pieces: readonly IToken[]): Tree.DottedName | undefined {
    const parts: Tree.Identifier[] = [];
    let start = -1;
    let end = -1;
    const flush = (): void => {
      if (start >= 0) parts.push({ kind: 'Identifier', name: this.text.slice(start, end), range: { start, end } });
      start = -1;
    };
    for (const piece of pieces) {
      if (!isReal(piece)) continue;
      if (piece.tokenType === T.Dot) {
        flush();
        continue;
      }
      if (start < 0) start = piece.startOffset;
      end = tokenEnd(piece);
    }
    flush();
    return parts.length > 0 ? this.dottedName(parts) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Nodes of several parts, built here for both parsers (grammar.ts and fast-parser.ts). A part
  // the recovering grammar did not read is an inserted token or undefined.

  /** `@name` and its arguments, if written; the annotation ends at `end`. */
  annotation(at: IToken, list: ArgumentList | undefined, end: number): Tree.Annotation {
    const range = span(at.startOffset, end);
    return {
      kind: 'Annotation',
      name: this.annotationName(at),
      args: list?.args ?? [],
      ...(list && { argsRange: span(list.open, range.end) }),
      range,
    } as Tree.Annotation;
  }

  /**
   * What follows a field's type: a category (`@business.transaction`, the first part in the AtName
   * token), or, with arguments, an annotation (`@subject(customer)`).
   */
  fieldTag(at: IToken, names: readonly IToken[], list: ArgumentList | undefined, end: number): Tree.DottedName | Tree.Annotation {
    const dotted = this.dottedName([this.annotationName(at), ...names.filter(isReal).map((name) => this.identifier(name, 0))]);
    if (!list) return dotted;
    const range = span(at.startOffset, end);
    // A dotted name before `(` is no annotation Jig knows: the checker reports it by its whole name.
    const name: Tree.Identifier = { kind: 'Identifier', name: dotted.text, range: dotted.range };
    return { kind: 'Annotation', name, args: list.args, argsRange: span(list.open, range.end), range };
  }

  policyPin(id: IToken | undefined, version: IToken | undefined, range: TextRange): Tree.PolicyPin {
    return this.withDoc<Tree.PolicyPin>({
      kind: 'PolicyPin',
      policyId: this.identifier(id, range.start + 'policy'.length),
      ...(isReal(version) && {
        minVersion: {
          text: version.tokenType === T.StringLiteral ? version.image.replace(/^"|"$/g, '') : version.image,
          range: T.tokenRange(version),
        },
      }),
      range,
    });
  }

  param(annotations: Tree.Annotation[], name: IToken | undefined, nameEnd: number, type: Tree.TypeRef, defaultValue: Tree.Expression | undefined, range: TextRange): Tree.ParamDecl {
    return this.withDoc<Tree.ParamDecl>({
      kind: 'Param',
      annotations,
      name: this.identifier(name, nameEnd),
      type,
      ...(defaultValue && { defaultValue }),
      range,
    });
  }

  field(
    name: IToken | undefined,
    question: IToken | undefined,
    type: Tree.TypeRef,
    categories: Tree.DottedName[],
    annotations: Tree.Annotation[],
    range: TextRange,
  ): Tree.FieldDecl {
    return this.withDoc<Tree.FieldDecl>({
      kind: 'Field',
      name: this.identifier(name, range.start),
      ...(isReal(question) && { optionalMark: T.tokenRange(question) }),
      type,
      categories,
      annotations,
      range,
    });
  }

  /** A flow; its body's block spans from its `{` (or, missing, the name's end) to the flow's end. */
  flow(
    annotations: Tree.Annotation[],
    name: IToken | undefined,
    nameEnd: number,
    open: IToken | undefined,
    trigger: Tree.Trigger | undefined,
    steps: Tree.Step[],
    range: TextRange,
  ): Tree.FlowDecl {
    const bodyStart = isReal(open) ? open.startOffset : nameEnd;
    return this.withDoc<Tree.FlowDecl>({
      kind: 'Flow',
      name: this.identifier(name, nameEnd),
      annotations,
      ...(trigger && { trigger }),
      body: { kind: 'Block', steps, range: span(bodyStart, range.end) },
      range,
    });
  }

  letStep(name: IToken | undefined, nameAt: number, type: Tree.TypeRef | undefined, value: Tree.LetValue, range: TextRange): Tree.LetStep {
    return { kind: 'Let', name: this.identifier(name, nameAt), ...(type && { type }), value, annotations: NO_ANNOTATIONS, range };
  }

  /** `let NAME [: TYPE] = raw action …`: what a raw action returns is not read, so no type can be checked against it. */
  namedRawAction(raw: Tree.RawActionStep, name: IToken | undefined, nameAt: number, type: Tree.TypeRef | undefined, range: TextRange): Tree.RawActionStep {
    if (type) this.typeOnRawAction(type);
    return { ...raw, result: this.identifier(name, nameAt), range };
  }

  /**
   * The model request of `agent "CONNECTION" model "DEPLOYMENT" messages EXPR`, with the two plain
   * words between as read (`expectWord` reports others).
   */
  agentRequest(connection: IToken, modelWord: IToken, deployment: IToken, deploymentAt: number, messagesWord: IToken, messages: Tree.Expression, range: TextRange): Tree.HttpCall {
    this.expectWord(modelWord, 'model');
    this.expectWord(messagesWord, 'messages');
    const url = isReal(deployment) ? this.stringLiteral(deployment) : this.emptyString(deploymentAt);
    return { kind: 'HttpCall', connector: isReal(connection) ? this.stringLiteral(connection) : this.emptyString(range.start), agent: true, url, body: messages, range };
  }

  agentStep(request: Tree.HttpCall, options: Tree.JsonObject | undefined, tools: Tree.AgentTool[], range: TextRange): Tree.AgentStep {
    return { kind: 'Agent', request, ...(options && { options }), tools, annotations: NO_ANNOTATIONS, range };
  }

  /** `tool NAME "DESCRIPTION" [schema { JSON }] { … }`, the word `tool` as read. */
  agentTool(word: IToken, name: IToken | undefined, nameAt: number, description: IToken, descriptionAt: number, schema: Tree.JsonObject | undefined, body: Tree.Block, range: TextRange): Tree.AgentTool {
    this.expectWord(word, 'tool');
    return {
      kind: 'AgentTool',
      name: this.identifier(name, nameAt),
      description: isReal(description) ? this.stringLiteral(description) : this.emptyString(descriptionAt),
      ...(schema && { schema }),
      body,
      range,
    };
  }

  /** `let NAME = agent …`: NAME is the agent's outputs, of no known type (a type written is reported). */
  namedAgent(agent: Tree.AgentStep, name: IToken | undefined, nameAt: number, type: Tree.TypeRef | undefined, range: TextRange): Tree.AgentStep {
    if (type) {
      this.diagnostics.push(
        syntaxDiagnostics.unexpectedToken(type.range, { found: `the type '${this.text.slice(type.range.start, type.range.end)}'`, expected: "'=' (what the model answers is of no known type)" }),
      );
    }
    return { ...agent, result: this.identifier(name, nameAt), range };
  }

  varStep(name: IToken | undefined, nameAt: number, type: Tree.TypeRef, value: Tree.Expression | undefined, range: TextRange): Tree.VarStep {
    return { kind: 'Var', name: this.identifier(name, nameAt), type, ...(value && { value }), annotations: NO_ANNOTATIONS, range };
  }

  query(source: Tree.StoreTarget, name: Tree.Expression | undefined, where: Tree.Expression | undefined, returns: Tree.TypeRef | undefined, range: TextRange): Tree.QueryOperation {
    return { kind: 'Query', source, ...(name && { name }), ...(where && { where }), ...(returns && { returns }), range };
  }

  aggregateOutput(name: IToken | undefined, fn: IToken | undefined, fnAt: number, field: IToken | undefined, range: TextRange): Tree.AggregateOutput {
    return {
      kind: 'AggregateOutput',
      name: this.identifier(name, range.start),
      fn: this.identifier(fn, fnAt),
      ...(isReal(field) && { field: this.identifier(field, 0) }),
      range,
    };
  }

  httpCall(parts: HttpCallParts, range: TextRange): Tree.HttpCall {
    const { connector, service, method, methodAt, url, workflow, azureFunction, apiPath, subscriptionKey, triggerName, queries, headers, auth, body, returns } = parts;
    return {
      kind: 'HttpCall',
      ...(connector && { connector }),
      ...(azureFunction && { azureFunction: true }),
      ...(service ? { service } : workflow ? { workflow: true } : { method: this.identifier(method, methodAt) }),
      url,
      ...(apiPath && { apiPath }),
      ...(subscriptionKey && { subscriptionKey }),
      ...(triggerName && { triggerName }),
      ...(queries && { queries }),
      ...(headers && { headers }),
      ...(auth && { auth }),
      ...(body && { body }),
      ...(returns && { returns }),
      range,
    };
  }

  sendMail(
    connector: IToken | undefined,
    connectorAt: number,
    to: Tree.Expression,
    subject: Tree.Expression,
    body: Tree.Expression,
    range: TextRange,
  ): Tree.SendMailStep {
    return { kind: 'SendMail', connector: this.identifier(connector, connectorAt), to, subject, body, annotations: NO_ANNOTATIONS, range };
  }

  forEach(variable: IToken | undefined, variableAt: number, iterable: Tree.Expression, body: Tree.Block, range: TextRange): Tree.ForEachStep {
    return { kind: 'ForEach', variable: this.identifier(variable, variableAt), iterable, body, annotations: NO_ANNOTATIONS, range };
  }

  /** `-1` after `case`: one literal. */
  negativeNumber(minus: IToken, literal: Tree.NumberLiteral): Tree.NumberLiteral {
    return { ...literal, value: -literal.value, text: `-${literal.text}`, range: span(minus.startOffset, literal.range.end) };
  }

  // -------------------------------------------------------------------------------------------
  // Doc comments

  /** The `///` lines directly above `offset` (only whitespace between), joined. */
  docBefore(offset: number): Tree.DocComment | undefined {
    const docs = this.docComments;
    let low = 0;
    let high = docs.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (tokenEnd(docs[mid]!) <= offset) low = mid + 1;
      else high = mid;
    }
    const last = low - 1;
    if (last < 0 || !this.onlyWhitespace(tokenEnd(docs[last]!), offset)) return undefined;
    let first = last;
    while (first > 0 && this.onlyWhitespace(tokenEnd(docs[first - 1]!), docs[first]!.startOffset)) first--;
    const lines: string[] = [];
    for (let i = first; i <= last; i++) lines.push(docs[i]!.image.slice(3).replace(/^ /, '').trimEnd());
    return {
      kind: 'DocComment',
      text: lines.join('\n'),
      range: { start: docs[first]!.startOffset, end: tokenEnd(docs[last]!) },
    };
  }

  /** Gives a declaration or a field the doc comment above it, if there is one. */
  withDoc<D extends { range: TextRange; doc?: Tree.DocComment }>(declaration: D): D {
    const doc = this.docBefore(declaration.range.start);
    // Most declarations have no doc; adding the property only where there is one avoids a copy.
    if (doc) (declaration as { doc?: Tree.DocComment }).doc = doc;
    return declaration;
  }

  private onlyWhitespace(start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) return false;
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /**
   * Gives the flat `operand (operator operand | select record)*` list of an expression its
   * structure by precedence climbing. `where` is the loosest binary operator and `select` a
   * postfix operator at the same level; `not` takes a whole comparison as its operand and `-`
   * only what follows it. Comparisons do not chain (a diagnostic says so).
   */
  expression(first: Operand, rest: readonly OperatorStep[]): Tree.Expression {
    if (rest.length === 0 && first.prefixes.length === 0) return first.expression;
    const state = { step: 0, operand: first, prefix: 0 };

    // An operand with its prefixes, built from the innermost prefix out: a run of thousands
    // (`not not …`) must not recurse once a prefix. A `-` takes what its inner prefix built; a
    // `not` takes that and the operators after it that bind tighter than itself.
    const operand = (): Tree.Expression => {
      const current = state.operand;
      const first = state.prefix;
      state.prefix = current.prefixes.length;
      let result = current.expression;
      for (let i = current.prefixes.length - 1; i >= first; i--) {
        const prefix = current.prefixes[i]!;
        const inner = prefix.image === 'not' ? climbFrom(result, NOT_OPERAND_PRECEDENCE) : result;
        result = {
          kind: 'Unary',
          operator: prefix.image === 'not' ? 'not' : '-',
          operand: inner,
          range: span(prefix.startOffset, inner.range.end),
        };
      }
      return result;
    };

    const climb = (minimum: number): Tree.Expression => climbFrom(operand(), minimum);

    const climbFrom = (start: Tree.Expression, minimum: number): Tree.Expression => {
      let left = start;
      while (state.step < rest.length) {
        const step = rest[state.step]!;
        if ('select' in step) {
          if (minimum > 0) break;
          state.step++;
          left = { kind: 'Select', source: left, projection: step.projection, range: span(left.range.start, step.projection.range.end) };
          continue;
        }
        const level = precedence[step.operator.image]!;
        if (level < minimum) break;
        state.step++;
        state.operand = step.operand;
        state.prefix = 0;
        const right = climb(level + 1);
        const range = span(left.range.start, right.range.end);
        if (step.operator.image === 'where') {
          left = { kind: 'Where', source: left, condition: right, range };
          continue;
        }
        left = {
          kind: 'Binary',
          operator: step.operator.image as Tree.BinaryOperator,
          operatorRange: T.tokenRange(step.operator),
          left,
          right,
          range,
        };
        const next = rest[state.step];
        if (level === COMPARISON_PRECEDENCE && next && 'operator' in next && precedence[next.operator.image] === COMPARISON_PRECEDENCE) {
          this.diagnostics.push(syntaxDiagnostics.chainedComparison(T.tokenRange(next.operator), { operator: next.operator.image }));
        }
      }
      return left;
    };
    return climb(0);
  }

  /** `OBJECT.member`; without its name (`a.`), reported, and the access kept (completion needs it). */
  member(object: Tree.Expression, dot: IToken, member: IToken | undefined): Tree.MemberAccess {
    if (!member) this.reportMissingMember(dot);
    return {
      kind: 'Member',
      object,
      ...(member && { member: this.identifier(member, 0) }),
      range: span(object.range.start, tokenEnd(member ?? dot)),
    };
  }

  /**
   * `a[INDEX]`: an element, or, when INDEX is a string without interpolation, the field of that
   * name (`a["Site Country"]`: a member, as `a.b` is, for names that are no Jig names).
   */
  index(object: Tree.Expression, index: Tree.Expression, range: TextRange): Tree.Expression {
    if (index.kind !== 'String' || index.value === undefined) return { kind: 'Index', object, index, range };
    return { kind: 'Member', object, member: this.quotedName(index), quoted: true, range };
  }

  /** A record literal's field: `name: EXPR`, or `"name": EXPR` (a string without interpolation). */
  recordField(name: IToken, value: Tree.Expression, range: TextRange): Tree.RecordField {
    if (name.tokenType !== T.StringLiteral) return { kind: 'RecordField', name: this.identifier(name, range.start), value, range };
    const literal = this.plainString(name, 'a field name');
    return { kind: 'RecordField', name: this.quotedName(literal), value, quoted: true, range };
  }

  /**
   * The name of a header or query parameter: a bare name or a string without interpolation. The
   * service takes a JSON object's keys as they are written (it evaluates values, never keys), so
   * a `${…}` there could only be sent as text nobody wrote.
   */
  entryName(name: IToken, start: number): Tree.StringLiteral | Tree.Identifier {
    if (name.tokenType !== T.StringLiteral) return this.identifier(name, start);
    return this.plainString(name, 'a header or query name');
  }

  /** A string literal that stands for a name, where `${…}` is refused: WHAT is what the name is. */
  private plainString(token: IToken, what: string): Tree.StringLiteral {
    const literal = this.stringLiteral(token);
    if (literal.value === undefined) {
      this.diagnostics.push(syntaxDiagnostics.unexpectedToken(literal.range, { expected: `${what}: a name, or a string without '\${…}'`, found: 'a string with an interpolation' }));
    }
    return literal;
  }

  /** The name a string literal gives, its range the text between the quotes. */
  private quotedName(literal: Tree.StringLiteral): Tree.Identifier {
    const text = literal.value ?? this.text.slice(literal.range.start + 1, literal.range.end - 1);
    return { kind: 'Identifier', name: text, range: { start: literal.range.start + 1, end: Math.max(literal.range.start + 1, literal.range.end - 1) } };
  }

  /** The links of `if C then A else if …` nested from the last, each spanning from its `if` to `end`. */
  conditional(links: readonly ConditionalLink[], otherwise: Tree.Expression, end: number): Tree.Expression {
    let result = otherwise;
    for (let i = links.length - 1; i >= 0; i--) {
      const link = links[i]!;
      result = { kind: 'Conditional', condition: link.condition, then: link.then, else: result, range: span(link.start, end) };
    }
    return result;
  }

  /** `a.` with no name after the dot: the tree keeps the access (completion needs it). */
  private reportMissingMember(dot: IToken): void {
    const next = /\S/.exec(this.text.slice(tokenEnd(dot)));
    const start = next ? tokenEnd(dot) + next.index : this.text.length;
    const word = /^(?:[A-Za-z0-9_]+|\S)/.exec(this.text.slice(start))?.[0];
    this.diagnostics.push(
      syntaxDiagnostics.unexpectedToken(
        { start, end: start + (word?.length ?? 0) },
        { expected: "a name after '.'", found: word ? `'${word}'` : 'the end of the file' },
      ),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Strings

  /**
   * Splits a string token into text (escapes resolved) and `${…}` interpolations. The
   * interpolations' expressions are parsed after the enclosing parse (the parser is not
   * re-entrant): until then they are Missing, and `pendingInterpolations` lists them.
   */
  stringLiteral(token: IToken): Tree.StringLiteral {
    const start = token.startOffset;
    const end = tokenEnd(token);
    const terminated = token.payload !== false;
    const contentEnd = terminated ? end - 1 : end;
    const content = this.text.slice(start + 1, contentEnd);
    if (!content.includes('\\') && !content.includes('${')) {
      const range = { start, end };
      if (content === '') return { kind: 'String', parts: [], value: '', range };
      return { kind: 'String', parts: [{ kind: 'Text', text: content, range: { start: start + 1, end: contentEnd } }], value: content, range };
    }
    const parts: Tree.StringPart[] = [];
    let text = '';
    let textStart = start + 1;
    let hasInterpolation = false;
    const flushText = (at: number): void => {
      if (at > textStart) parts.push({ kind: 'Text', text, range: { start: textStart, end: at } });
      text = '';
    };
    let i = start + 1;
    while (i < contentEnd) {
      const ch = this.text[i];
      if (ch === '\\') {
        i = this.escape(i, contentEnd, (decoded) => (text += decoded));
        continue;
      }
      if (ch === '$' && this.text[i + 1] === '{') {
        const close = T.scanInterpolation(this.text, i + 2);
        if (close < 0 || close >= contentEnd) {
          text += this.text.slice(i, contentEnd);
          i = contentEnd;
          break;
        }
        flushText(i);
        hasInterpolation = true;
        const part = { kind: 'Interpolation' as const, expression: this.missing(i + 2) as Tree.Expression, range: { start: i, end: close + 1 } };
        parts.push(part);
        this.pendingInterpolations.push({ part, start: i + 2, end: close });
        i = close + 1;
        textStart = i;
        continue;
      }
      // Plain text up to the next escape or interpolation, in one slice.
      let next = i + 1;
      while (next < contentEnd && this.text[next] !== '\\' && !(this.text[next] === '$' && this.text[next + 1] === '{')) next++;
      text += this.text.slice(i, next);
      i = next;
    }
    flushText(contentEnd);
    const literal: Tree.StringLiteral = { kind: 'String', parts, range: { start, end } };
    if (hasInterpolation) return literal;
    return { ...literal, value: parts.length === 0 ? '' : (parts[0] as { text: string }).text };
  }

  /** Decodes the escape at `i` (a backslash); returns the offset after it. */
  private escape(i: number, end: number, emit: (decoded: string) => void): number {
    const next = this.text[i + 1];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', $: '$' };
    if (next !== undefined && i + 1 < end && next in simple) {
      emit(simple[next]!);
      return i + 2;
    }
    if (next === 'u') {
      const match = /^u\{([0-9a-fA-F]{1,6})\}/.exec(this.text.slice(i + 1, Math.min(end, i + 11)));
      const codePoint = match ? parseInt(match[1]!, 16) : NaN;
      if (match && codePoint <= 0x10ffff) {
        emit(String.fromCodePoint(codePoint));
        return i + 1 + match[0].length;
      }
    }
    const length = i + 1 < end ? 2 : 1;
    this.diagnostics.push(
      syntaxDiagnostics.invalidEscape({ start: i, end: i + length }, { escape: this.text.slice(i, i + length) }),
    );
    emit(this.text.slice(i + 1, i + length));
    return i + length;
  }
}
