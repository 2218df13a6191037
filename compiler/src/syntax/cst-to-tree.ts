/**
 * Turns the chevrotain CST of `grammar.ts` into the tree of `tree.ts`. The CST of a file with
 * errors is partial (recovered nodes miss children, inserted tokens have no offsets); every
 * builder here takes the offset `at` where a missing piece would stand, so that a broken file
 * still yields a complete tree with `Missing` expressions and empty names of exact, empty ranges.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import * as T from './lexer.js';
import type * as Tree from './tree.js';
import type { TextRange } from './source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as syntaxDiagnostics from '../diagnostics/catalogue/syntax.js';

type Children = Record<string, CstElement[] | undefined>;

/** Parses the expression inside `${…}` of a string between the two offsets. */
export type InterpolationParser = (start: number, end: number) => Tree.Expression;

const precedence: Readonly<Record<string, number>> = {
  where: 0,
  or: 1,
  and: 2,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
/** `not` binds looser than a comparison and tighter than `and`: `not a == b` is `not (a == b)`. */
const NOT_OPERAND_PRECEDENCE = 4;
/** The keyword each step rule starts with: where a missing piece after it would stand. */
const stepKeywords: Readonly<Record<string, string>> = {
  letStep: 'let',
  varStep: 'var',
  setStep: 'set',
  appendStep: 'append',
  storeStep: 'store',
  callStep: 'call',
  sendMailStep: 'send',
  ifStep: 'if',
  forEachStep: 'for',
  switchStep: 'switch',
  untilStep: 'until',
  tryStep: 'try',
  waitStep: 'wait',
  respondStep: 'respond',
  failStep: 'fail',
};
const COMPARISON_PRECEDENCE = 4;

function isReal(token: IToken): boolean {
  return !token.isInsertedInRecovery && Number.isFinite(token.startOffset);
}

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function emptyAt(at: number): TextRange {
  return { start: at, end: at };
}

export class TreeBuilder {
  constructor(
    /** False when the parse recovered from errors: only then may the CST hold inserted tokens. */
    public clean: boolean,
    private readonly text: string,
    private readonly docComments: readonly IToken[],
    private readonly diagnostics: Diagnostic[],
    private readonly parseInterpolation: InterpolationParser,
  ) {}

  // -------------------------------------------------------------------------------------------
  // CST access

  private tokens(node: CstNode | undefined, name: string): IToken[] {
    const list = node?.children[name] as IToken[] | undefined;
    if (!list) return [];
    return this.clean || list.every(isReal) ? list : list.filter(isReal);
  }

  private token(node: CstNode | undefined, name: string, index = 0): IToken | undefined {
    return this.tokens(node, name)[index];
  }

  private nodes(node: CstNode | undefined, name: string): CstNode[] {
    return (node?.children[name] as CstNode[] | undefined) ?? [];
  }

  private node(node: CstNode | undefined, name: string, index = 0): CstNode | undefined {
    return this.nodes(node, name)[index];
  }

  /** The range a CST node covers, or an empty range at `at` when it holds no token. */
  private rangeOf(node: CstNode | undefined, at: number): TextRange {
    const location = node?.location;
    if (!location || !Number.isFinite(location.startOffset)) return emptyAt(at);
    const end = Number.isFinite(location.endOffset) ? location.endOffset! + 1 : location.startOffset + 1;
    return { start: location.startOffset, end };
  }

  private span(start: number, end: number): TextRange {
    return { start, end: Math.max(start, end) };
  }

  private identifier(token: IToken | undefined, at: number): Tree.Identifier {
    if (!token) return { kind: 'Identifier', name: '', range: emptyAt(at) };
    return { kind: 'Identifier', name: token.image, range: T.tokenRange(token) };
  }

  /** The first offset after the last real token among `tokens` (or `at`). */
  private after(at: number, ...tokens: (IToken | undefined)[]): number {
    let end = at;
    for (const token of tokens) if (token) end = Math.max(end, tokenEnd(token));
    return end;
  }

  // -------------------------------------------------------------------------------------------
  // Doc comments

  /** The `///` lines directly above `offset` (only whitespace between), joined. */
  private docBefore(offset: number): Tree.DocComment | undefined {
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

  private onlyWhitespace(start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) return false;
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // File and declarations

  file(cst: CstNode): Tree.JigFile {
    const declarations: Tree.Declaration[] = [];
    for (const declaration of this.nodes(cst, 'declaration')) {
      const built = this.declaration(declaration);
      if (built) declarations.push(built);
    }
    return { kind: 'File', declarations, range: { start: 0, end: this.text.length } };
  }

  private declaration(cst: CstNode): Tree.Declaration | undefined {
    const children = cst.children as Children;
    if (children['policyPin']) return this.policyPin(children['policyPin'][0] as CstNode);
    if (children['paramDecl']) return this.paramDecl(children['paramDecl'][0] as CstNode);
    if (children['typeDecl']) return this.typeDecl(children['typeDecl'][0] as CstNode);
    if (children['flowDecl']) return this.flowDecl(children['flowDecl'][0] as CstNode);
    return undefined;
  }

  private withDoc<D extends { range: TextRange; doc?: Tree.DocComment }>(declaration: D): D {
    const doc = this.docBefore(declaration.range.start);
    // Most declarations have no doc; adding the property only where there is one avoids a copy.
    if (doc) (declaration as { doc?: Tree.DocComment }).doc = doc;
    return declaration;
  }

  private policyPin(cst: CstNode): Tree.PolicyPin {
    const range = this.rangeOf(cst, 0);
    const keyword = this.token(cst, 'Policy');
    const id = this.token(cst, 'Identifier');
    const version = this.node(cst, 'versionText');
    const versionToken = version && (this.token(version, 'Date') ?? this.token(version, 'Number') ?? this.token(version, 'String'));
    const pin: Tree.PolicyPin = {
      kind: 'PolicyPin',
      policyId: this.identifier(id, this.after(range.start, keyword)),
      ...(versionToken && {
        minVersion: {
          text: versionToken.tokenType === T.StringLiteral ? versionToken.image.replace(/^"|"$/g, '') : versionToken.image,
          range: T.tokenRange(versionToken),
        },
      }),
      range,
    };
    return this.withDoc(pin);
  }

  private paramDecl(cst: CstNode): Tree.ParamDecl {
    const range = this.rangeOf(cst, 0);
    const name = this.token(cst, 'Identifier');
    const colon = this.token(cst, 'Colon');
    const equals = this.token(cst, 'Equals');
    const typeAt = this.after(range.start, name, colon);
    const param: Tree.ParamDecl = {
      kind: 'Param',
      name: this.identifier(name, this.after(range.start, this.token(cst, 'Param'))),
      type: this.typeRef(this.node(cst, 'typeRef'), typeAt),
      ...(equals && { defaultValue: this.expression(this.node(cst, 'expression'), tokenEnd(equals)) }),
      range,
    };
    return this.withDoc(param);
  }

  private typeDecl(cst: CstNode): Tree.TypeDecl {
    const range = this.rangeOf(cst, 0);
    const declaration: Tree.TypeDecl = {
      kind: 'TypeDecl',
      name: this.identifier(this.token(cst, 'Identifier'), this.after(range.start, this.token(cst, 'Type'))),
      fields: this.nodes(cst, 'fieldDecl').map((field) => this.fieldDecl(field, range.start)),
      range,
    };
    return this.withDoc(declaration);
  }

  private fieldDecl(cst: CstNode, at: number): Tree.FieldDecl {
    const range = this.rangeOf(cst, at);
    const name = this.token(cst, 'Name');
    const field: Tree.FieldDecl = {
      kind: 'Field',
      name: this.identifier(name, range.start),
      type: this.typeRef(this.node(cst, 'typeRef'), this.after(range.start, name, this.token(cst, 'Colon'))),
      categories: this.nodes(cst, 'category').flatMap((category) => this.category(category) ?? []),
      range,
    };
    return this.withDoc(field);
  }

  /** Undefined for a category the parser's recovery left without its `@name` (`@b, }`). */
  private category(cst: CstNode): Tree.DottedName | undefined {
    const at = this.token(cst, 'AtName');
    if (!at) return undefined;
    const parts: Tree.Identifier[] = [
      {
        kind: 'Identifier',
        name: at.image.slice(1),
        range: { start: at.startOffset + 1, end: tokenEnd(at) },
      },
    ];
    for (const name of this.tokens(cst, 'Name')) parts.push(this.identifier(name, 0));
    return this.dottedName(parts);
  }

  private dottedName(parts: Tree.Identifier[]): Tree.DottedName {
    return {
      kind: 'DottedName',
      parts,
      text: parts.map((part) => part.name).join('.'),
      range: { start: parts[0]!.range.start, end: parts[parts.length - 1]!.range.end },
    };
  }

  typeRef(cst: CstNode | undefined, at: number): Tree.TypeRef {
    const name = this.token(cst, 'Identifier');
    let type: Tree.TypeRef = {
      kind: 'NamedType',
      name: this.identifier(name, at),
      range: name ? T.tokenRange(name) : emptyAt(at),
    };
    const suffixes = [...this.tokens(cst, 'RBracket'), ...this.tokens(cst, 'Question')].sort(
      (a, b) => a.startOffset - b.startOffset,
    );
    for (const suffix of suffixes) {
      const range: TextRange = { start: type.range.start, end: tokenEnd(suffix) };
      type =
        suffix.tokenType === T.Question
          ? { kind: 'OptionalType', inner: type, range }
          : { kind: 'ArrayType', element: type, range };
    }
    return type;
  }

  private annotation(cst: CstNode): Tree.Annotation {
    const at = this.token(cst, 'AtName')!;
    const open = this.token(cst, 'LParen');
    const close = this.token(cst, 'RParen');
    const args = this.nodes(cst, 'annotationArgument')
      .map((arg) => this.annotationArgument(arg))
      .filter((arg): arg is Tree.AnnotationArg => arg !== undefined);
    const range = this.rangeOf(cst, at.startOffset);
    return {
      kind: 'Annotation',
      name: { kind: 'Identifier', name: at.image.slice(1), range: { start: at.startOffset + 1, end: tokenEnd(at) } },
      args,
      ...(open && { argsRange: { start: open.startOffset, end: close ? tokenEnd(close) : range.end } }),
      range,
    };
  }

  private annotationArgument(cst: CstNode): Tree.AnnotationArg | undefined {
    const string = this.token(cst, 'String');
    if (string) return this.stringLiteral(string);
    const number = this.token(cst, 'Number');
    if (number) {
      const unit = this.token(cst, 'Identifier');
      return unit ? this.durationFrom(number, unit) : this.numberLiteral(number);
    }
    const dotted = this.node(cst, 'dottedName');
    return dotted ? this.hyphenatedDottedName(dotted) : undefined;
  }

  /** Parts split at dots; a part written with hyphens (`s03-sharing`) stays one name. */
  private hyphenatedDottedName(cst: CstNode): Tree.DottedName | undefined {
    const pieces = [
      ...this.tokens(cst, 'Name'),
      ...this.tokens(cst, 'Number'),
      ...this.tokens(cst, 'Dot'),
      ...this.tokens(cst, 'Minus'),
    ].sort((a, b) => a.startOffset - b.startOffset);
    if (pieces.length === 0) return undefined;
    const parts: Tree.Identifier[] = [];
    let start = -1;
    let end = -1;
    const flush = (): void => {
      if (start >= 0) parts.push({ kind: 'Identifier', name: this.text.slice(start, end), range: { start, end } });
      start = -1;
    };
    for (const piece of pieces) {
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

  private flowDecl(cst: CstNode): Tree.FlowDecl {
    const range = this.rangeOf(cst, 0);
    const name = this.token(cst, 'Identifier');
    const open = this.token(cst, 'LBrace');
    const close = this.token(cst, 'RBrace');
    const trigger = this.node(cst, 'trigger');
    const steps = this.steps(cst, this.after(range.start, open));
    const bodyStart = open?.startOffset ?? this.after(range.start, name);
    const flow: Tree.FlowDecl = {
      kind: 'Flow',
      name: this.identifier(name, this.after(range.start, this.token(cst, 'Flow'))),
      annotations: this.nodes(cst, 'annotation').map((annotation) => this.annotation(annotation)),
      ...(trigger && { trigger: this.trigger(trigger) }),
      body: { kind: 'Block', steps, range: this.span(bodyStart, close ? tokenEnd(close) : range.end) },
      range,
    };
    return this.withDoc(flow);
  }

  // -------------------------------------------------------------------------------------------
  // Triggers

  private trigger(cst: CstNode): Tree.Trigger | undefined {
    const range = this.rangeOf(cst, 0);
    const keywordEnd = this.after(range.start, this.token(cst, 'Trigger'));
    if (this.token(cst, 'Schedule') || this.token(cst, 'Every')) {
      const hour = this.token(cst, 'Number');
      const minute = this.token(cst, 'Number', 1);
      const zone = this.token(cst, 'String');
      return {
        kind: 'ScheduleTrigger',
        every: this.duration(this.node(cst, 'duration'), this.after(keywordEnd, this.token(cst, 'Every'))),
        ...(hour && minute && { at: this.timeOfDay(hour, minute) }),
        ...(zone && { timeZone: this.stringLiteral(zone) }),
        range,
      };
    }
    if (this.token(cst, 'Mail')) {
      const connector = this.token(cst, 'Identifier');
      const folder = this.token(cst, 'String');
      return {
        kind: 'MailTrigger',
        connector: this.identifier(connector, this.after(keywordEnd, this.token(cst, 'Mail'))),
        folder: folder ? this.stringLiteral(folder) : this.emptyString(range.end),
        range,
      };
    }
    const method = this.token(cst, 'Identifier');
    const body = this.token(cst, 'Body');
    return {
      kind: 'HttpTrigger',
      method: method?.image ?? '',
      ...(body && { bodyType: this.typeRef(this.node(cst, 'typeRef'), tokenEnd(body)) }),
      range,
    };
  }

  private timeOfDay(hourToken: IToken, minuteToken: IToken): { hour: number; minute: number; range: TextRange } {
    const hour = Number(hourToken.image);
    const minute = Number(minuteToken.image);
    const range = { start: hourToken.startOffset, end: tokenEnd(minuteToken) };
    const valid =
      /^\d{1,2}$/.test(hourToken.image) && /^\d{2}$/.test(minuteToken.image) && hour <= 23 && minute <= 59;
    if (!valid) this.diagnostics.push(syntaxDiagnostics.invalidTimeOfDay(range, { text: this.text.slice(range.start, range.end) }));
    return { hour, minute, range };
  }

  private duration(cst: CstNode | undefined, at: number): Tree.Duration {
    return this.durationFrom(this.token(cst, 'Number'), this.token(cst, 'Identifier'), at);
  }

  private durationFrom(amount: IToken | undefined, unit: IToken | undefined, at = 0): Tree.Duration {
    const start = amount?.startOffset ?? unit?.startOffset ?? at;
    const unitRange = unit ? T.tokenRange(unit) : emptyAt(this.after(start, amount));
    return {
      kind: 'Duration',
      amount: amount ? Number(amount.image) : 0,
      unit: unit?.image ?? '',
      unitRange,
      range: this.span(start, unitRange.end),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Steps

  private steps(cst: CstNode | undefined, at: number): Tree.Step[] {
    const steps: Tree.Step[] = [];
    for (const step of this.nodes(cst, 'step')) {
      const built = this.step(step, at);
      if (built) steps.push(built);
    }
    return steps;
  }

  private block(cst: CstNode | undefined, at: number): Tree.Block {
    const range = this.rangeOf(cst, at);
    const open = this.token(cst, 'LBrace');
    return { kind: 'Block', steps: this.steps(cst, this.after(range.start, open)), range };
  }

  private step(cst: CstNode, at: number): Tree.Step | undefined {
    const range = this.rangeOf(cst, at);
    const annotations = this.nodes(cst, 'annotation').map((annotation) => this.annotation(annotation));
    const children = cst.children as Children;
    for (const [name, list] of Object.entries(children)) {
      if (name === 'annotation' || !list) continue;
      const inner = list[0] as CstNode;
      const step = this.stepOfKind(name, inner, range.start, annotations, range);
      if (step) return step;
    }
    return undefined;
  }

  private stepOfKind(
    name: string,
    cst: CstNode,
    at: number,
    annotations: readonly Tree.Annotation[],
    range: TextRange,
  ): Tree.Step | undefined {
    const keywordEnd = at + (stepKeywords[name]?.length ?? 0);
    switch (name) {
      case 'letStep': {
        const identifier = this.token(cst, 'Identifier');
        const equals = this.token(cst, 'Equals');
        return {
          kind: 'Let',
          name: this.identifier(identifier, keywordEnd),
          value: this.letValue(this.node(cst, 'letValue'), this.after(keywordEnd, identifier, equals)),
          annotations,
          range,
        };
      }
      case 'varStep': {
        const identifier = this.token(cst, 'Identifier');
        const colon = this.token(cst, 'Colon');
        const equals = this.token(cst, 'Equals');
        const type = this.typeRef(this.node(cst, 'typeRef'), this.after(keywordEnd, identifier, colon));
        return {
          kind: 'Var',
          name: this.identifier(identifier, keywordEnd),
          type,
          value: this.expression(this.node(cst, 'expression'), this.after(type.range.end, equals)),
          annotations,
          range,
        };
      }
      case 'setStep': {
        const identifier = this.token(cst, 'Identifier');
        return {
          kind: 'Set',
          target: this.identifier(identifier, keywordEnd),
          value: this.expression(this.node(cst, 'expression'), this.after(keywordEnd, identifier, this.token(cst, 'Equals'))),
          annotations,
          range,
        };
      }
      case 'appendStep': {
        const value = this.expression(this.node(cst, 'expression'), keywordEnd);
        return {
          kind: 'Append',
          value,
          target: this.identifier(this.token(cst, 'Identifier'), this.after(value.range.end, this.token(cst, 'To'))),
          annotations,
          range,
        };
      }
      case 'storeStep': {
        const value = this.expression(this.node(cst, 'expression'), keywordEnd);
        return {
          kind: 'Store',
          value,
          target: this.storeTarget(this.node(cst, 'storeTarget'), this.after(value.range.end, this.token(cst, 'In'))),
          annotations,
          range,
        };
      }
      case 'callStep': {
        const http = this.node(cst, 'httpCall');
        if (http) return { kind: 'HttpCallStep', call: this.httpCall(http, at), annotations, range };
        return { kind: 'FlowCallStep', call: this.flowCall(this.node(cst, 'flowCall')!, at), annotations, range };
      }
      case 'sendMailStep': {
        const connector = this.token(cst, 'Identifier');
        const to = this.expression(this.node(cst, 'expression'), this.after(keywordEnd, connector, this.token(cst, 'To')));
        const subject = this.expression(this.node(cst, 'expression', 1), this.after(to.range.end, this.token(cst, 'Subject')));
        const body = this.expression(this.node(cst, 'expression', 2), this.after(subject.range.end, this.token(cst, 'Body')));
        return {
          kind: 'SendMail',
          connector: this.identifier(connector, this.after(keywordEnd, this.token(cst, 'Mail'))),
          to,
          subject,
          body,
          annotations,
          range,
        };
      }
      case 'ifStep':
        return this.ifStep(cst, at, annotations, range);
      case 'forEachStep': {
        const variable = this.token(cst, 'Identifier');
        const iterable = this.expression(this.node(cst, 'expression'), this.after(keywordEnd, variable, this.token(cst, 'In')));
        return {
          kind: 'ForEach',
          variable: this.identifier(variable, this.after(keywordEnd, this.token(cst, 'Each'))),
          iterable,
          body: this.block(this.node(cst, 'block'), iterable.range.end),
          annotations,
          range,
        };
      }
      case 'switchStep': {
        const subject = this.expression(this.node(cst, 'expression'), keywordEnd);
        const defaultKeyword = this.token(cst, 'Default');
        return {
          kind: 'Switch',
          subject,
          cases: this.nodes(cst, 'switchCase').map((node) => this.switchCase(node, subject.range.end)),
          ...(defaultKeyword && { default: this.block(this.node(cst, 'block'), tokenEnd(defaultKeyword)) }),
          annotations,
          range,
        };
      }
      case 'untilStep': {
        const condition = this.expression(this.node(cst, 'expression'), keywordEnd);
        return { kind: 'Until', condition, body: this.block(this.node(cst, 'block'), condition.range.end), annotations, range };
      }
      case 'tryStep': {
        const body = this.block(this.node(cst, 'block'), keywordEnd);
        const catchKeyword = this.token(cst, 'Catch');
        return {
          kind: 'Try',
          body,
          ...(catchKeyword && { catch: this.block(this.node(cst, 'block', 1), tokenEnd(catchKeyword)) }),
          annotations,
          range,
        };
      }
      case 'waitStep':
        return { kind: 'Wait', duration: this.duration(this.node(cst, 'duration'), keywordEnd), annotations, range };
      case 'respondStep': {
        const status = this.token(cst, 'Number');
        const body = this.token(cst, 'Body');
        return {
          kind: 'Respond',
          status: status ? this.numberLiteral(status) : { kind: 'Number', value: NaN, isInteger: false, text: '', range: emptyAt(keywordEnd) },
          ...(body && { body: this.expression(this.node(cst, 'expression'), tokenEnd(body)) }),
          annotations,
          range,
        };
      }
      case 'failStep':
        return { kind: 'Fail', message: this.expression(this.node(cst, 'expression'), keywordEnd), annotations, range };
      default:
        return undefined;
    }
  }

  /** `stepRange` includes the trailing annotations of a step; an `else if` has none. */
  private ifStep(cst: CstNode, at: number, annotations: readonly Tree.Annotation[], stepRange?: TextRange): Tree.IfStep {
    const range = stepRange ?? this.rangeOf(cst, at);
    const keywordEnd = this.after(range.start, this.token(cst, 'If'));
    const condition = this.expression(this.node(cst, 'expression'), keywordEnd);
    const then = this.block(this.node(cst, 'block'), condition.range.end);
    const elseKeyword = this.token(cst, 'Else');
    const elseIf = this.node(cst, 'ifStep');
    let otherwise: Tree.Block | Tree.IfStep | undefined;
    if (elseIf) otherwise = this.ifStep(elseIf, this.after(then.range.end, elseKeyword), []);
    else if (elseKeyword) otherwise = this.block(this.node(cst, 'block', 1), tokenEnd(elseKeyword));
    return { kind: 'If', condition, then, ...(otherwise && { else: otherwise }), annotations, range };
  }

  private switchCase(cst: CstNode, at: number): Tree.SwitchCase {
    const range = this.rangeOf(cst, at);
    const keywordEnd = this.after(range.start, this.token(cst, 'Case'));
    const value = this.literal(this.node(cst, 'literal'), keywordEnd);
    return { kind: 'Case', value, body: this.block(this.node(cst, 'block'), value.range.end), range };
  }

  private literal(cst: CstNode | undefined, at: number): Tree.SwitchCase['value'] {
    const string = this.token(cst, 'String');
    if (string) return this.stringLiteral(string);
    const number = this.token(cst, 'Number');
    if (number) {
      const minus = this.token(cst, 'Minus');
      const literal = this.numberLiteral(number);
      if (!minus) return literal;
      return { ...literal, value: -literal.value, text: `-${literal.text}`, range: this.span(minus.startOffset, literal.range.end) };
    }
    const boolean = this.token(cst, 'True') ?? this.token(cst, 'False');
    if (boolean) return { kind: 'Boolean', value: boolean.image === 'true', range: T.tokenRange(boolean) };
    return this.emptyString(at);
  }

  private storeTarget(cst: CstNode | undefined, at: number): Tree.StoreTarget {
    const store = this.token(cst, 'Identifier');
    return {
      kind: 'StoreTarget',
      store: this.identifier(store, at),
      args: this.tokens(cst, 'String').map((token) => this.stringLiteral(token)),
      range: this.rangeOf(cst, at),
    };
  }

  private letValue(cst: CstNode | undefined, at: number): Tree.LetValue {
    const query = this.node(cst, 'queryOperation');
    if (query) return this.queryOperation(query, at);
    const aggregate = this.node(cst, 'aggregateOperation');
    if (aggregate) return this.aggregateOperation(aggregate, at);
    const http = this.node(cst, 'httpCall');
    if (http) return this.httpCall(http, at);
    const flow = this.node(cst, 'flowCall');
    if (flow) return this.flowCall(flow, at);
    return this.expression(this.node(cst, 'expression'), at);
  }

  private queryOperation(cst: CstNode, at: number): Tree.QueryOperation {
    const range = this.rangeOf(cst, at);
    const source = this.storeTarget(this.node(cst, 'storeTarget'), this.after(range.start, this.token(cst, 'Query')));
    const where = this.token(cst, 'Where');
    const returns = this.token(cst, 'Returns');
    return {
      kind: 'Query',
      source,
      ...(where && { where: this.expression(this.node(cst, 'expression'), tokenEnd(where)) }),
      ...(returns && { returns: this.typeRef(this.node(cst, 'typeRef'), tokenEnd(returns)) }),
      range,
    };
  }

  private aggregateOperation(cst: CstNode, at: number): Tree.AggregateOperation {
    const range = this.rangeOf(cst, at);
    const source = this.expression(this.node(cst, 'expression'), this.after(range.start, this.token(cst, 'Aggregate')));
    const by = this.token(cst, 'Name');
    return {
      kind: 'Aggregate',
      source,
      by: this.identifier(by, this.after(source.range.end, this.token(cst, 'By'))),
      outputs: this.nodes(cst, 'aggregateOutput').map((output) => this.aggregateOutput(output, range.end)),
      range,
    };
  }

  private aggregateOutput(cst: CstNode, at: number): Tree.AggregateOutput {
    const range = this.rangeOf(cst, at);
    const name = this.token(cst, 'Name');
    const fn = this.token(cst, 'Identifier');
    const field = this.token(cst, 'Name', 1);
    return {
      kind: 'AggregateOutput',
      name: this.identifier(name, range.start),
      fn: this.identifier(fn, this.after(range.start, name, this.token(cst, 'Colon'))),
      ...(field && { field: this.identifier(field, 0) }),
      range,
    };
  }

  private httpCall(cst: CstNode, at: number): Tree.HttpCall {
    const range = this.rangeOf(cst, at);
    const method = this.token(cst, 'Identifier');
    const methodAt = this.after(range.start, this.token(cst, 'Call'), this.token(cst, 'Http'));
    const url = this.expression(this.node(cst, 'expression'), this.after(methodAt, method));
    const headers = this.token(cst, 'Headers');
    const body = this.token(cst, 'Body');
    const returns = this.token(cst, 'Returns');
    return {
      kind: 'HttpCall',
      method: this.identifier(method, methodAt),
      url,
      ...(headers && { headers: this.nodes(cst, 'headerEntry').map((entry) => this.headerEntry(entry, tokenEnd(headers))) }),
      ...(body && { body: this.expression(this.node(cst, 'expression', 1), tokenEnd(body)) }),
      ...(returns && { returns: this.typeRef(this.node(cst, 'typeRef'), tokenEnd(returns)) }),
      range,
    };
  }

  private headerEntry(cst: CstNode, at: number): Tree.HeaderEntry {
    const range = this.rangeOf(cst, at);
    const string = this.token(cst, 'String');
    const name = string ? this.stringLiteral(string) : this.identifier(this.token(cst, 'Name'), range.start);
    return {
      kind: 'Header',
      name,
      value: this.expression(this.node(cst, 'expression'), this.after(name.range.end, this.token(cst, 'Colon'))),
      range,
    };
  }

  private flowCall(cst: CstNode, at: number): Tree.FlowCall {
    const range = this.rangeOf(cst, at);
    const name = this.token(cst, 'Identifier');
    const withKeyword = this.token(cst, 'With');
    return {
      kind: 'FlowCall',
      flow: this.identifier(name, this.after(range.start, this.token(cst, 'Call'), this.token(cst, 'Flow'))),
      ...(withKeyword && { argument: this.expression(this.node(cst, 'expression'), tokenEnd(withKeyword)) }),
      range,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private missing(at: number): Tree.MissingExpression {
    return { kind: 'Missing', range: emptyAt(at) };
  }

  /**
   * The flat `prefix* postfix (operator prefix* postfix | select record)*` list of an expression,
   * given its structure by precedence climbing. `where` is the loosest binary operator and
   * `select` a postfix operator at the same level; `not` takes a whole comparison as its operand
   * and `-` only what follows it.
   */
  expression(cst: CstNode | undefined, at: number): Tree.Expression {
    if (!cst) return this.missing(at);
    const operands = this.nodes(cst, 'postfixExpression');
    const operators = this.tokens(cst, 'BinaryOperator');
    const selects = this.tokens(cst, 'Select');
    const prefixNodes = this.nodes(cst, 'prefixOperator');
    if (operators.length === 0 && selects.length === 0 && prefixNodes.length === 0) {
      return this.postfixExpression(operands[0], at);
    }
    // Prefixes by operand: a prefix belongs to the operand after the operators written before it.
    const prefixes: IToken[][] = operands.map(() => []);
    for (const node of prefixNodes) {
      const token = this.token(node, 'Not') ?? this.token(node, 'Minus');
      if (!token) continue;
      let operand = 0;
      while (operand < operators.length && operators[operand]!.startOffset < token.startOffset) operand++;
      (prefixes[operand] ??= []).push(token);
    }
    const events = selects.length === 0 ? operators : [...operators, ...selects].sort((a, b) => a.startOffset - b.startOffset);
    const state = { event: 0, operand: 0, prefix: 0, record: 0 };

    const operand = (start: number): Tree.Expression => {
      const own = prefixes[state.operand] ?? [];
      const prefix = own[state.prefix];
      if (!prefix) {
        return this.postfixExpression(operands[state.operand], this.after(start, own[own.length - 1]));
      }
      state.prefix++;
      const inner = prefix.image === 'not' ? climb(NOT_OPERAND_PRECEDENCE, tokenEnd(prefix)) : operand(tokenEnd(prefix));
      return {
        kind: 'Unary',
        operator: prefix.image === 'not' ? 'not' : '-',
        operand: inner,
        range: this.span(prefix.startOffset, inner.range.end),
      };
    };

    const climb = (minimum: number, start: number): Tree.Expression => {
      let left = operand(start);
      while (state.event < events.length) {
        const event = events[state.event]!;
        const level = event.tokenType === T.keywordTokens.select ? 0 : precedence[event.image]!;
        if (level < minimum) break;
        state.event++;
        if (event.tokenType === T.keywordTokens.select) {
          const projection = this.recordLiteral(this.node(cst, 'recordLiteral', state.record++), tokenEnd(event));
          left = { kind: 'Select', source: left, projection, range: this.span(left.range.start, projection.range.end) };
          continue;
        }
        state.operand++;
        state.prefix = 0;
        const right = climb(level + 1, tokenEnd(event));
        const range = this.span(left.range.start, right.range.end);
        if (event.image === 'where') {
          left = { kind: 'Where', source: left, condition: right, range };
          continue;
        }
        left = {
          kind: 'Binary',
          operator: event.image as Tree.BinaryOperator,
          operatorRange: T.tokenRange(event),
          left,
          right,
          range,
        };
        const next = events[state.event];
        if (level === COMPARISON_PRECEDENCE && next && precedence[next.image] === COMPARISON_PRECEDENCE) {
          this.diagnostics.push(syntaxDiagnostics.chainedComparison(T.tokenRange(next), { operator: next.image }));
        }
      }
      return left;
    };
    return climb(0, at);
  }

  private postfixExpression(cst: CstNode | undefined, at: number): Tree.Expression {
    if (!cst) return this.missing(at);
    const open = this.token(cst, 'LParen');
    const expressions = this.nodes(cst, 'expression');
    let result = this.primaryExpression(cst, at, open && expressions[0]);
    const indexes = open ? expressions.slice(1) : expressions;
    const dots = this.tokens(cst, 'Dot');
    const brackets = this.tokens(cst, 'LBracket');
    if (dots.length === 0 && brackets.length === 0) return result;
    const operations = [...dots, ...brackets].sort((a, b) => a.startOffset - b.startOffset);
    const names = this.tokens(cst, 'Name');
    const closers = this.tokens(cst, 'RBracket');
    let nameIndex = 0;
    let bracketIndex = 0;
    for (let i = 0; i < operations.length; i++) {
      const operation = operations[i]!;
      const nextStart = operations[i + 1]?.startOffset ?? Infinity;
      if (operation.tokenType === T.Dot) {
        const name = names[nameIndex];
        const member = name && name.startOffset > operation.startOffset && name.startOffset < nextStart ? name : undefined;
        if (member) nameIndex++;
        else this.reportMissingMember(operation);
        result = {
          kind: 'Member',
          object: result,
          ...(member && { member: this.identifier(member, 0) }),
          range: this.span(result.range.start, member ? tokenEnd(member) : tokenEnd(operation)),
        };
      } else {
        const index = this.expression(indexes[bracketIndex++], tokenEnd(operation));
        const closer = closers.find((token) => token.startOffset >= index.range.end && token.startOffset < nextStart);
        result = {
          kind: 'Index',
          object: result,
          index,
          range: this.span(result.range.start, closer ? tokenEnd(closer) : index.range.end),
        };
      }
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

  /** The primary part of a postfix expression; `parenthesized` is the expression inside `( )`. */
  private primaryExpression(cst: CstNode, at: number, parenthesized: CstNode | undefined): Tree.Expression {
    const open = this.token(cst, 'LParen');
    // Parentheses leave no node: the tree's structure already says what they grouped.
    if (open) return this.expression(parenthesized, tokenEnd(open));
    const children = cst.children as Children;
    for (const name of ['String', 'Number', 'True', 'False', 'Null', 'Trigger']) {
      const token = (children[name] as IToken[] | undefined)?.[0];
      if (!token || !isReal(token)) continue;
      const range = T.tokenRange(token);
      switch (name) {
        case 'String':
          return this.stringLiteral(token);
        case 'Number':
          return this.numberLiteral(token);
        case 'True':
        case 'False':
          return { kind: 'Boolean', value: name === 'True', range };
        case 'Null':
          return { kind: 'Null', range };
        default:
          return { kind: 'Name', name: this.identifier(token, 0), range };
      }
    }
    const call = this.node(cst, 'nameOrCall');
    if (call) return this.nameOrCall(call, at);
    const record = this.node(cst, 'recordLiteral');
    if (record) return this.recordLiteral(record, at);
    const array = this.node(cst, 'arrayLiteral');
    if (array) return this.arrayLiteral(array, at);
    return this.missing(at);
  }

  private nameOrCall(cst: CstNode, at: number): Tree.Expression {
    const name = this.identifier(this.token(cst, 'Identifier'), at);
    const open = this.token(cst, 'LParen');
    if (!open) return { kind: 'Name', name, range: name.range };
    const args = this.nodes(cst, 'expression').map((arg) => this.expression(arg, tokenEnd(open)));
    return { kind: 'Call', callee: name, args, range: this.rangeOf(cst, at) };
  }

  private recordLiteral(cst: CstNode | undefined, at: number): Tree.RecordLiteral {
    const range = this.rangeOf(cst, at);
    return {
      kind: 'Record',
      fields: this.nodes(cst, 'recordField').map((field) => {
        const fieldRange = this.rangeOf(field, range.start);
        const name = this.identifier(this.token(field, 'Name'), fieldRange.start);
        return {
          kind: 'RecordField',
          name,
          value: this.expression(this.node(field, 'expression'), this.after(name.range.end, this.token(field, 'Colon'))),
          range: fieldRange,
        };
      }),
      range,
    };
  }

  private arrayLiteral(cst: CstNode, at: number): Tree.ArrayLiteral {
    const range = this.rangeOf(cst, at);
    return {
      kind: 'Array',
      elements: this.nodes(cst, 'expression').map((element) => this.expression(element, range.start + 1)),
      range,
    };
  }

  private numberLiteral(token: IToken): Tree.NumberLiteral {
    return {
      kind: 'Number',
      value: Number(token.image),
      isInteger: /^\d+$/.test(token.image),
      text: token.image,
      range: T.tokenRange(token),
    };
  }

  private emptyString(at: number): Tree.StringLiteral {
    return { kind: 'String', parts: [], value: '', range: emptyAt(at) };
  }

  /** Splits a string token into text (escapes resolved) and `${…}` interpolations. */
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
        parts.push({
          kind: 'Interpolation',
          expression: this.parseInterpolation(i + 2, close),
          range: { start: i, end: close + 1 },
        });
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
