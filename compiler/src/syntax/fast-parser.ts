/**
 * A hand-written recursive-descent reader for the common case, a file without syntax errors. It
 * builds, with the same TreeFactory, exactly the tree the chevrotain grammar (grammar.ts) builds,
 * choosing at every point as that grammar's lookahead does; at the first token it does not expect
 * it gives up (undefined), and the file is read again by the grammar, which recovers from errors
 * and words every syntax diagnostic. So a clean file never pays for chevrotain's self-analysis of
 * the grammar (some 50 ms a process) nor for its interpreted recogniser, which V8 warms up badly.
 *
 * It must never accept what the grammar rejects, nor build a different tree:
 * test/syntax/fast-parser.test.ts compares the two on every .jig file of the repository and on
 * generated programs. A construct it does not know ends in a token it does not expect, never in a
 * guess: when in doubt, it gives up.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from './lexer.js';
import type * as Tree from './tree.js';
import { EXPRESSION_ANNOTATION, TRACKED_ANNOTATION, isTableOperationStart, isTimeOperationStart } from './tree.js';
import {
  nestIfLinks,
  NO_ANNOTATIONS,
  span,
  tokenEnd,
  type ArgumentList,
  type ConditionalLink,
  type IfLink,
  type Operand,
  type OperatorStep,
  type TimeParts,
  type TreeFactory,
} from './tree-factory.js';

/** Thrown at the first token the reader does not expect; not an Error: no stack is captured. */
const GIVE_UP = Object.freeze({ reason: 'a token the fast parser does not expect' });

/** The type index the reader sees past the last token. */
const END = -1;

const idx = (type: TokenType): number => type.tokenTypeIdx!;
const K = T.keywordTokens;

const IDENTIFIER = idx(T.Identifier);
const STRING = idx(T.StringLiteral);
const NUMBER = idx(T.NumberLiteral);
const DATE = idx(T.DateLiteral);
const AT_NAME = idx(T.AtName);
const LPAREN = idx(T.LParen);
const RPAREN = idx(T.RParen);
const LBRACE = idx(T.LBrace);
const RBRACE = idx(T.RBrace);
const LBRACKET = idx(T.LBracket);
const RBRACKET = idx(T.RBracket);
const COMMA = idx(T.Comma);
const COLON = idx(T.Colon);
const DOT = idx(T.Dot);
const MINUS = idx(T.Minus);
const EQUALS = idx(T.Equals);
const QUESTION = idx(T.Question);
const GREATER_EQUAL = idx(T.GreaterEqual);

const POLICY = idx(K.policy);
const PARAM = idx(K.param);
const TYPE = idx(K.type);
const FLOW = idx(K.flow);
const TRIGGER = idx(K.trigger);
const HTTP = idx(K.http);
const SCHEDULE = idx(K.schedule);
const EVERY = idx(K.every);
const ON = idx(K.on);
const AT = idx(K.at);
const IN = idx(K.in);
const MAIL = idx(K.mail);
const FOLDER = idx(K.folder);
const BODY = idx(K.body);
const LET = idx(K.let);
const VAR = idx(K.var);
const SET = idx(K.set);
const APPEND = idx(K.append);
const TO = idx(K.to);
const STORE = idx(K.store);
const DELETE = idx(K.delete);
const FROM = idx(K.from);
const PARTITION = idx(K.partition);
const CALL = idx(K.call);
const WITH = idx(K.with);
const HEADERS = idx(K.headers);
const RETURNS = idx(K.returns);
const SEND = idx(K.send);
const SUBJECT = idx(K.subject);
const IF = idx(K.if);
const THEN = idx(K.then);
const ELSE = idx(K.else);
const FOR = idx(K.for);
const EACH = idx(K.each);
const SWITCH = idx(K.switch);
const CASE = idx(K.case);
const DEFAULT = idx(K.default);
const UNTIL = idx(K.until);
const TRY = idx(K.try);
const CATCH = idx(K.catch);
const WAIT = idx(K.wait);
const RESPOND = idx(K.respond);
const FAIL = idx(K.fail);
const PARALLEL = idx(K.parallel);
const AND = idx(K.and);
const QUERY = idx(K.query);
const WHERE = idx(K.where);
const AGGREGATE = idx(K.aggregate);
const BY = idx(K.by);
const PARSE = idx(K.parse);
const AS = idx(K.as);
const NOT = idx(K.not);
const SELECT = idx(K.select);
const TRUE = idx(K.true);
const FALSE = idx(K.false);
const NULL = idx(K.null);

/** By type index, the lexer's categories: a name (an identifier or any keyword), a binary operator. */
const tableSize = Math.max(...T.allTokens.map(idx)) + 1;
const IS_NAME = new Uint8Array(tableSize);
const IS_BINARY_OPERATOR = new Uint8Array(tableSize);
for (const type of T.allTokens) {
  if (type === T.Identifier || type.CATEGORIES?.includes(T.Name)) IS_NAME[idx(type)] = 1;
  if (type.CATEGORIES?.includes(T.BinaryOperator)) IS_BINARY_OPERATOR[idx(type)] = 1;
}
const isName = (type: number): boolean => type !== END && IS_NAME[type] === 1;

/** The tree of a whole file, or undefined at its first unexpected token. */
export function readFileFast(factory: TreeFactory, tokens: readonly IToken[]): Tree.JigFile | undefined {
  return attempt(() => new FastParser(factory, tokens, 0).file());
}

/** The expression of one interpolation (its tokens shifted to the file), or undefined. */
export function readInterpolationFast(factory: TreeFactory, tokens: readonly IToken[], start: number): Tree.Expression | undefined {
  return attempt(() => {
    const parser = new FastParser(factory, tokens, start);
    const expression = parser.expression();
    parser.expectEnd();
    return expression;
  });
}

function attempt<R>(read: () => R): R | undefined {
  try {
    return read();
  } catch (error) {
    // Out of stack too: the grammar's reading, with its nesting limits, handles that.
    if (error === GIVE_UP || error instanceof RangeError) return undefined;
    throw error;
  }
}

class FastParser {
  private pos = 0;
  private readonly count: number;

  constructor(
    private readonly f: TreeFactory,
    private readonly tokens: readonly IToken[],
    /** Where the input starts (an interpolation's), for the end of nothing read. */
    private readonly startOffset: number,
  ) {
    this.count = tokens.length;
  }

  // -------------------------------------------------------------------------------------------
  // Tokens

  /** The type index of the token `ahead` places after the next one (END past the last). */
  private typeAt(ahead: number): number {
    const i = this.pos + ahead;
    return i < this.count ? this.tokens[i]!.tokenTypeIdx : END;
  }

  private type(): number {
    return this.pos < this.count ? this.tokens[this.pos]!.tokenTypeIdx : END;
  }

  private imageAt(ahead: number): string {
    const i = this.pos + ahead;
    return i < this.count ? this.tokens[i]!.image : '';
  }

  private expect(type: number): IToken {
    const token = this.tokens[this.pos];
    if (this.pos >= this.count || token!.tokenTypeIdx !== type) throw GIVE_UP;
    this.pos++;
    return token!;
  }

  /** An identifier or a keyword, where the grammar allows a keyword as a name. */
  private expectName(): IToken {
    if (!isName(this.type())) throw GIVE_UP;
    return this.tokens[this.pos++]!;
  }

  private accept(type: number): IToken | undefined {
    if (this.type() !== type) return undefined;
    return this.tokens[this.pos++]!;
  }

  private skip(type: number): void {
    if (this.type() !== type) throw GIVE_UP;
    this.pos++;
  }

  expectEnd(): void {
    if (this.pos !== this.count) throw GIVE_UP;
  }

  /** The offset just past the last token read. */
  private here(): number {
    return this.pos > 0 ? tokenEnd(this.tokens[this.pos - 1]!) : this.startOffset;
  }

  /** The offset of the next token: where the construct about to be read starts. */
  private start(): number {
    return this.pos < this.count ? this.tokens[this.pos]!.startOffset : this.here();
  }

  private rangeFrom(start: number): Tree.Node['range'] {
    return span(start, this.here());
  }

  /** `scope {` or `schema {`: a word that is a plain name elsewhere, before a brace. */
  private wordBeforeBrace(word: string): boolean {
    return this.imageAt(0) === word && this.typeAt(1) === LBRACE;
  }

  /** `agent "CONNECTION"`: an agent step (`agent` is a plain name elsewhere). */
  private agentAhead(): boolean {
    return this.imageAt(0) === 'agent' && this.typeAt(1) === STRING;
  }

  private rawActionAhead(): boolean {
    return this.imageAt(0) === 'raw' && this.imageAt(1) === 'action';
  }

  /** True when the tokens from the next on are annotations (maybe none) followed by `keyword`. */
  private annotationsPrecede(keyword: number): boolean {
    let k = 0;
    for (;;) {
      const type = this.typeAt(k);
      if (type === keyword) return true;
      if (type !== AT_NAME) return false;
      k++;
      if (this.typeAt(k) === LPAREN) {
        let depth = 0;
        for (;;) {
          const inner = this.typeAt(k);
          if (inner === END) return false;
          if (inner === LPAREN) depth++;
          else if (inner === RPAREN && --depth === 0) break;
          k++;
        }
        k++;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // File and declarations

  file(): Tree.JigFile {
    const declarations: Tree.Declaration[] = [];
    while (this.pos < this.count) declarations.push(this.declaration());
    return { kind: 'File', declarations, range: { start: 0, end: this.f.text.length } };
  }

  private declaration(): Tree.Declaration {
    switch (this.type()) {
      case POLICY:
        return this.policyPin();
      case PARAM:
        return this.paramDecl();
      case TYPE:
        return this.typeDecl();
      case FLOW:
        return this.flowDecl();
      case AT_NAME:
        return this.annotationsPrecede(PARAM) ? this.paramDecl() : this.flowDecl();
      default:
        throw GIVE_UP;
    }
  }

  private policyPin(): Tree.PolicyPin {
    const start = this.start();
    this.pos++;
    const id = this.expect(IDENTIFIER);
    let version: IToken | undefined;
    if (this.accept(GREATER_EQUAL)) {
      const type = this.type();
      if (type !== DATE && type !== NUMBER && type !== STRING) throw GIVE_UP;
      version = this.tokens[this.pos++]!;
    }
    return this.f.policyPin(id, version, this.rangeFrom(start));
  }

  private paramDecl(): Tree.ParamDecl {
    const start = this.start();
    const annotations: Tree.Annotation[] = [];
    while (this.type() === AT_NAME) annotations.push(this.annotation());
    this.skip(PARAM);
    const name = this.expect(IDENTIFIER);
    const nameEnd = this.here();
    this.skip(COLON);
    const type = this.typeRef();
    const defaultValue = this.accept(EQUALS) ? this.expression() : undefined;
    return this.f.param(annotations, name, nameEnd, type, defaultValue, this.rangeFrom(start));
  }

  private typeDecl(): Tree.TypeDecl {
    const start = this.start();
    this.pos++;
    const name = this.expect(IDENTIFIER);
    const nameEnd = this.here();
    const fields: Tree.FieldDecl[] = [];
    this.skip(LBRACE);
    while (this.type() !== RBRACE) fields.push(this.fieldDecl());
    this.pos++;
    return this.f.withDoc<Tree.TypeDecl>({ kind: 'TypeDecl', name: this.f.identifier(name, nameEnd), fields, range: this.rangeFrom(start) });
  }

  private fieldDecl(): Tree.FieldDecl {
    const start = this.start();
    const name = this.expectName();
    const question = this.accept(QUESTION);
    this.skip(COLON);
    const type = this.typeRef();
    const categories: Tree.DottedName[] = [];
    const annotations: Tree.Annotation[] = [];
    if (this.type() === AT_NAME) {
      for (;;) {
        const tag = this.fieldTag();
        if (tag.kind === 'Annotation') annotations.push(tag);
        else categories.push(tag);
        const next = this.type();
        if (next === COMMA) this.pos++;
        else if (next !== AT_NAME) break;
      }
    }
    return this.f.field(name, question, type, categories, annotations, this.rangeFrom(start));
  }

  /** A category (`@business.transaction`) or an annotation with arguments (`@subject(customer)`). */
  private fieldTag(): Tree.DottedName | Tree.Annotation {
    const at = this.expect(AT_NAME);
    const names: IToken[] = [];
    while (this.type() === DOT) {
      this.pos++;
      names.push(this.expectName());
    }
    const list = this.type() === LPAREN ? this.annotationArgumentList() : undefined;
    return this.f.fieldTag(at, names, list, this.here());
  }

  private typeRef(): Tree.TypeRef {
    const identifier = this.f.identifier(this.expect(IDENTIFIER), 0);
    let type: Tree.TypeRef = { kind: 'NamedType', name: identifier, range: identifier.range };
    for (;;) {
      const next = this.type();
      if (next === LBRACKET) {
        this.pos++;
        this.skip(RBRACKET);
        type = { kind: 'ArrayType', element: type, range: this.rangeFrom(type.range.start) };
      } else if (next === QUESTION) {
        this.pos++;
        type = { kind: 'OptionalType', inner: type, range: this.rangeFrom(type.range.start) };
      } else {
        return type;
      }
    }
  }

  private annotation(): Tree.Annotation {
    const at = this.expect(AT_NAME);
    const computed = at.image === EXPRESSION_ANNOTATION && this.type() === LPAREN && this.typeAt(1) !== NUMBER;
    const tracked = at.image === TRACKED_ANNOTATION && this.type() === LPAREN && this.typeAt(1) === STRING && this.typeAt(2) === COMMA;
    const list = computed ? this.expressionArgument() : tracked ? this.trackedArguments() : this.type() === LPAREN ? this.annotationArgumentList() : undefined;
    return this.f.annotation(at, list, this.here());
  }

  /** `("NAME", EXPR)`: a tracked property's name and the value the service computes. */
  private trackedArguments(): ArgumentList {
    const open = this.expect(LPAREN);
    const args: Tree.AnnotationArg[] = [this.f.stringLiteral(this.tokens[this.pos++]!)];
    this.expect(COMMA);
    args.push(this.expression());
    this.skip(RPAREN);
    return { args, open: open.startOffset };
  }

  private annotationArgumentList(): ArgumentList {
    const open = this.expect(LPAREN);
    const args: Tree.AnnotationArg[] = [];
    const first = this.type();
    if (first === STRING || first === NUMBER || isName(first)) {
      args.push(this.annotationArgument());
      while (this.accept(COMMA)) args.push(this.annotationArgument());
    }
    this.skip(RPAREN);
    return { args, open: open.startOffset };
  }

  /** `(EXPR)`: the one argument of `@count` that is not a number. */
  private expressionArgument(): ArgumentList {
    const open = this.expect(LPAREN);
    const args: Tree.AnnotationArg[] = [this.expression()];
    this.skip(RPAREN);
    return { args, open: open.startOffset };
  }

  private annotationArgument(): Tree.AnnotationArg {
    const type = this.type();
    if (type === STRING) return this.f.stringLiteral(this.tokens[this.pos++]!);
    if (type === NUMBER) {
      const number = this.tokens[this.pos++]!;
      const unit = this.accept(IDENTIFIER);
      return unit ? this.f.duration(number, unit, number.startOffset) : this.f.numberLiteral(number);
    }
    return this.dottedName();
  }

  /** `business.transaction`, `s03-sharing`: parts joined by dots, a part may contain hyphens. */
  private dottedName(): Tree.DottedName {
    const pieces: IToken[] = [this.expectName()];
    for (let type = this.type(); type === DOT || type === MINUS; type = this.type()) {
      const separator = this.tokens[this.pos++]!;
      const part = this.type();
      if (part !== NUMBER && !isName(part)) throw GIVE_UP;
      pieces.push(separator, this.tokens[this.pos++]!);
    }
    return this.f.hyphenatedDottedName(pieces)!;
  }

  private flowDecl(): Tree.FlowDecl {
    const start = this.start();
    const annotations: Tree.Annotation[] = [];
    while (this.type() === AT_NAME) annotations.push(this.annotation());
    this.skip(FLOW);
    const name = this.expect(IDENTIFIER);
    const nameEnd = this.here();
    const open = this.expect(LBRACE);
    const trigger = this.type() === TRIGGER ? this.trigger() : undefined;
    const steps: Tree.Step[] = [];
    while (this.type() !== RBRACE) steps.push(this.step());
    this.pos++;
    return this.f.flow(annotations, name, nameEnd, open, trigger, steps, this.rangeFrom(start));
  }

  // -------------------------------------------------------------------------------------------
  // Triggers

  private trigger(): Tree.Trigger {
    const start = this.start();
    this.pos++;
    switch (this.type()) {
      case HTTP: {
        this.pos++;
        // `raw action`, `agent "…"`, `scope {` or `schema {` may follow a trigger without a method.
        const method =
          this.type() === IDENTIFIER && !this.rawActionAhead() && !this.agentAhead() && !this.wordBeforeBrace('scope') && !this.wordBeforeBrace('schema')
            ? this.tokens[this.pos++]!
            : undefined;
        let bodyType: Tree.TypeRef | undefined;
        let schema: Tree.JsonObject | undefined;
        if (this.accept(BODY)) bodyType = this.typeRef();
        else if (this.wordBeforeBrace('schema')) {
          this.pos++;
          schema = this.jsonObject();
        }
        return {
          kind: 'HttpTrigger',
          method: method ? method.image : '',
          ...(bodyType && { bodyType }),
          ...(schema && { schema }),
          range: this.rangeFrom(start),
        };
      }
      case SCHEDULE: {
        this.pos++;
        this.skip(EVERY);
        const every = this.duration();
        const days: Tree.Identifier[] = [];
        const times: Tree.TimeOfDay[] = [];
        if (this.accept(ON)) {
          do days.push(this.f.identifier(this.expect(IDENTIFIER), 0));
          while (this.accept(COMMA));
        }
        if (this.accept(AT)) {
          do {
            const hour = this.expect(NUMBER);
            this.skip(COLON);
            times.push(this.f.timeOfDay(hour, this.expect(NUMBER)));
          } while (this.accept(COMMA));
        }
        const timeZone = this.accept(IN) ? this.f.stringLiteral(this.expect(STRING)) : undefined;
        return { kind: 'ScheduleTrigger', every, days, times, ...(timeZone && { timeZone }), range: this.rangeFrom(start) };
      }
      case MAIL: {
        this.pos++;
        const connector = this.expect(IDENTIFIER);
        const connectorAt = this.here();
        this.skip(FOLDER);
        const folder = this.expect(STRING);
        return {
          kind: 'MailTrigger',
          connector: this.f.identifier(connector, connectorAt),
          folder: this.f.stringLiteral(folder),
          range: this.rangeFrom(start),
        };
      }
      case IDENTIFIER: {
        if (this.typeAt(1) === LPAREN) {
          const source = this.storeTarget();
          const bodyType = this.accept(BODY) ? this.typeRef() : undefined;
          return { kind: 'MessageTrigger', source, ...(bodyType && { bodyType }), range: this.rangeFrom(start) };
        }
        if (this.imageAt(0) === 'chat') {
          this.pos++;
          return { kind: 'ChatTrigger', range: this.rangeFrom(start) };
        }
        if (this.imageAt(0) !== 'raw') throw GIVE_UP;
        this.pos++;
        const name = this.expect(STRING);
        const body = this.jsonObject();
        return { kind: 'RawTrigger', name: this.f.stringLiteral(name), body, range: this.rangeFrom(start) };
      }
      default:
        throw GIVE_UP;
    }
  }

  private duration(): Tree.Duration {
    const amount = this.expect(NUMBER);
    const unit = this.expect(IDENTIFIER);
    return this.f.duration(amount, unit, 0);
  }

  // -------------------------------------------------------------------------------------------
  // Steps

  private block(): Tree.Block {
    const start = this.start();
    this.skip(LBRACE);
    const steps: Tree.Step[] = [];
    while (this.type() !== RBRACE) steps.push(this.step());
    this.pos++;
    return { kind: 'Block', steps, range: this.rangeFrom(start) };
  }

  /** A step and the annotations written after it (`@share`, `@allow`, `@retain`). */
  private step(): Tree.Step {
    const start = this.start();
    const step = this.stepProper() as { -readonly [K in keyof Tree.Step]: Tree.Step[K] };
    if (this.type() === AT_NAME && !this.annotationsPrecede(FLOW)) {
      const annotations: Tree.Annotation[] = [];
      do annotations.push(this.annotation());
      while (this.type() === AT_NAME && !this.annotationsPrecede(FLOW));
      step.annotations = annotations;
    }
    step.range = this.rangeFrom(start);
    return step as Tree.Step;
  }

  private stepProper(): Tree.Step {
    switch (this.type()) {
      case LET:
        return this.letStep();
      case VAR:
        return this.varStep();
      case SET:
        return this.setStep();
      case APPEND:
        return this.appendStep();
      case STORE:
        return this.storeStep();
      case DELETE:
        return this.deleteStep();
      case CALL:
        return this.callStep();
      case SEND:
        return this.sendStep();
      case IF:
        return this.ifStep();
      case FOR:
        return this.forEachStep();
      case SWITCH:
        return this.switchStep();
      case UNTIL:
        return this.untilStep();
      case TRY:
        return this.tryStep();
      case WAIT:
        return this.waitStep();
      case RESPOND:
        return this.respondStep();
      case FAIL:
        return this.failStep();
      case PARALLEL:
        return this.parallelStep();
      case IDENTIFIER:
        // `raw action` and `scope` are plain names elsewhere.
        if (this.rawActionAhead()) return this.rawActionStep();
        if (this.agentAhead()) return this.agentStep();
        if (this.wordBeforeBrace('scope')) return this.scopeStep();
        if (this.imageAt(0) === 'stop' && this.typeAt(1) === IDENTIFIER) {
          const start = this.start();
          this.pos += 2;
          return this.f.stopStep(this.tokens[this.pos - 1]!, this.rangeFrom(start));
        }
        throw GIVE_UP;
      default:
        throw GIVE_UP;
    }
  }

  /** `let NAME [: TYPE] = VALUE`, or `let NAME = raw action …`: a raw action that names its result. */
  private letStep(): Tree.LetStep | Tree.RawActionStep | Tree.AgentStep {
    const start = this.start();
    this.pos++;
    const name = this.expect(IDENTIFIER);
    const nameAt = this.here();
    const type = this.accept(COLON) ? this.typeRef() : undefined;
    this.skip(EQUALS);
    if (this.rawActionAhead()) return this.f.namedRawAction(this.rawActionStep(), name, nameAt, type, this.rangeFrom(start));
    // A type there is a syntax error, which the grammar words.
    if (this.agentAhead()) {
      if (type) throw GIVE_UP;
      return this.f.namedAgent(this.agentStep(), name, nameAt, type, this.rangeFrom(start));
    }
    const value = this.letValue();
    return this.f.letStep(name, nameAt, type, value, this.rangeFrom(start));
  }

  private letValue(): Tree.LetValue {
    switch (this.type()) {
      case QUERY:
        return this.queryOperation();
      case AGGREGATE:
        return this.aggregateOperation();
      case CALL:
        return this.typeAt(1) === FLOW ? this.flowCall() : this.httpCall();
      case PARSE:
        return this.imageAt(1) === 'document' ? this.parseDocumentOperation() : this.parseJsonOperation();
      default:
        if (this.imageAt(0) === 'javascript' && this.typeAt(1) === STRING) {
          const start = this.start();
          this.pos++;
          const code = this.f.stringLiteral(this.expect(STRING));
          return { kind: 'InlineCode', code, range: this.rangeFrom(start) };
        }
        if (isTimeOperationStart(this.imageAt(0), this.imageAt(1))) return this.timeOperation();
        if (isTableOperationStart(this.imageAt(0), this.imageAt(1))) {
          const start = this.start();
          const format = this.expect(IDENTIFIER).image as Tree.TableFormat;
          this.pos++;
          const from = this.expression();
          const columns = this.imageAt(0) === 'columns' && this.typeAt(1) === LBRACE ? (this.pos++, this.recordLiteral()) : undefined;
          return { kind: 'TableOperation', format, from, ...(columns && { columns }), range: this.rangeFrom(start) };
        }
        if (this.imageAt(0) === 'transform' && (this.imageAt(1) === 'xml' || (this.imageAt(1) === 'liquid' && this.typeAt(2) === STRING))) return this.transformXmlOperation();
        return this.imageAt(0) === 'chunk' && this.imageAt(1) === 'text' ? this.chunkTextOperation() : this.expression();
    }
  }

  /** `parse document EXPR`. */
  private parseDocumentOperation(): Tree.DocumentOperation {
    const start = this.start();
    this.pos += 2;
    const content = this.expression();
    return { kind: 'DocumentOperation', operation: 'parse document', content, range: this.rangeFrom(start) };
  }

  /** A Date Time operation (the grammar's timeOperation): `WORD time`, then its parts. */
  private timeOperation(): Tree.TimeOperation {
    const start = this.start();
    const word = this.expect(IDENTIFIER);
    this.pos++;
    const parts: TimeParts = {};
    if (word.image !== 'current') {
      const first = this.expression();
      if (this.accept(FROM)) {
        parts.base = first;
        parts.sourceZone = this.expression();
        this.skip(TO);
        parts.destinationZone = this.expression();
        if (this.imageAt(0) === 'format') {
          this.pos++;
          parts.format = this.expression();
        }
      } else {
        parts.amount = first;
        parts.unit = this.expect(IDENTIFIER);
        if (this.accept(TO)) {
          parts.base = this.expression();
          parts.baseAfter = 'to';
        } else if (this.accept(FROM)) {
          parts.base = this.expression();
          parts.baseAfter = 'from';
        }
      }
    }
    return this.f.timeOperation(word, parts, this.rangeFrom(start));
  }

  /** `chunk text EXPR [by N tokens] [overlap N] [encoding "MODEL"]`. */
  private chunkTextOperation(): Tree.DocumentOperation {
    const start = this.start();
    this.pos += 2;
    const content = this.expression();
    let tokens: IToken | undefined;
    if (this.accept(BY)) {
      tokens = this.expect(NUMBER);
      this.f.expectWord(this.expect(IDENTIFIER), 'tokens');
    }
    const overlap = this.imageAt(0) === 'overlap' && this.typeAt(1) === NUMBER ? (this.pos++, this.expect(NUMBER)) : undefined;
    const encoding = this.imageAt(0) === 'encoding' && this.typeAt(1) === STRING ? (this.pos++, this.expect(STRING)) : undefined;
    return this.f.chunkText(content, tokens, overlap, encoding, this.rangeFrom(start));
  }

  /** `transform xml EXPR with [app | data] map "NAME" [parameters { … }]`, `transform liquid "KIND" EXPR with [app] map "NAME"`. */
  private transformXmlOperation(): Tree.DocumentOperation {
    const start = this.start();
    const liquid = this.imageAt(1) === 'liquid';
    this.pos += 2;
    const liquidKind = liquid ? this.expect(STRING) : undefined;
    const content = this.expression();
    this.skip(WITH);
    const word = this.typeAt(1) === IDENTIFIER && this.imageAt(1) === 'map' ? this.expect(IDENTIFIER) : undefined;
    this.f.expectWord(this.expect(IDENTIFIER), 'map');
    const name = this.expect(STRING);
    const parameters = this.wordBeforeBrace('parameters') ? (this.pos++, this.headerEntries()) : undefined;
    return this.f.transformXml(content, word, name, parameters, this.rangeFrom(start), liquidKind);
  }

  /** `parse json EXPR as TYPE` or `parse json EXPR schema { JSON }`. */
  private parseJsonOperation(): Tree.ParseJsonOperation {
    const start = this.start();
    this.pos++;
    this.f.expectWord(this.expect(IDENTIFIER), 'json', 'document');
    const content = this.expression();
    let type: Tree.TypeRef | undefined;
    let schema: Tree.JsonObject | undefined;
    if (this.wordBeforeBrace('schema')) {
      this.pos++;
      schema = this.jsonObject();
    } else {
      this.skip(AS);
      type = this.typeRef();
    }
    return { kind: 'ParseJson', content, ...(type && { type }), ...(schema && { schema }), range: this.rangeFrom(start) };
  }

  private varStep(): Tree.VarStep {
    const start = this.start();
    this.pos++;
    const name = this.expect(IDENTIFIER);
    const nameAt = this.here();
    this.skip(COLON);
    const type = this.typeRef();
    // Without `= EXPR`, the variable starts empty.
    const value = this.accept(EQUALS) ? this.expression() : undefined;
    return this.f.varStep(name, nameAt, type, value, this.rangeFrom(start));
  }

  private setStep(): Tree.SetStep {
    const start = this.start();
    this.pos++;
    const target = this.expect(IDENTIFIER);
    const targetAt = this.here();
    this.skip(EQUALS);
    const value = this.expression();
    return { kind: 'Set', target: this.f.identifier(target, targetAt), value, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private appendStep(): Tree.AppendStep {
    const start = this.start();
    this.pos++;
    const value = this.expression();
    this.skip(TO);
    const target = this.expect(IDENTIFIER);
    return { kind: 'Append', value, target: this.f.identifier(target, 0), annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private storeStep(): Tree.StoreStep {
    const start = this.start();
    this.pos++;
    const value = this.expression();
    this.skip(IN);
    const target = this.storeTarget();
    return { kind: 'Store', value, target, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private deleteStep(): Tree.DeleteStep {
    const start = this.start();
    this.pos++;
    const id = this.expression();
    this.skip(FROM);
    const target = this.storeTarget();
    const partition = this.accept(PARTITION) ? this.expression() : undefined;
    return { kind: 'Delete', id, target, ...(partition && { partition }), annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  /** `agent "CONNECTION" model "DEPLOYMENT" messages EXPR [options { JSON }] [tools { … }]`, `agent` checked by the caller. */
  private agentStep(): Tree.AgentStep {
    const start = this.start();
    this.pos++;
    const requestStart = this.start();
    const connection = this.expect(STRING);
    const modelWord = this.word('model');
    const deployment = this.expect(STRING);
    const deploymentAt = this.here();
    const messagesWord = this.word('messages');
    const messages = this.expression();
    const request = this.f.agentRequest(connection, modelWord, deployment, deploymentAt, messagesWord, messages, this.rangeFrom(requestStart));
    const options = this.wordBeforeBrace('options') ? (this.pos++, this.jsonObject()) : undefined;
    const tools: Tree.AgentTool[] = [];
    if (this.wordBeforeBrace('tools')) {
      this.pos += 2;
      while (this.type() !== RBRACE) tools.push(this.agentTool());
      this.pos++;
    }
    return this.f.agentStep(request, options, tools, this.rangeFrom(start));
  }

  private agentTool(): Tree.AgentTool {
    const start = this.start();
    const word = this.word('tool');
    const name = this.expect(IDENTIFIER);
    const nameAt = this.here();
    const description = this.expect(STRING);
    const descriptionAt = this.here();
    const schema = this.wordBeforeBrace('schema') ? (this.pos++, this.jsonObject()) : undefined;
    const body = this.block();
    return this.f.agentTool(word, name, nameAt, description, descriptionAt, schema, body, this.rangeFrom(start));
  }

  /** A plain name that must be `word` here (another is a syntax error, which the grammar words). */
  private word(word: string): IToken {
    if (this.imageAt(0) !== word) throw GIVE_UP;
    return this.expect(IDENTIFIER);
  }

  /** `raw action "NAME" { JSON }`, the two words checked by the caller. */
  private rawActionStep(): Tree.RawActionStep {
    const start = this.start();
    this.pos += 2;
    const name = this.expect(STRING);
    const body = this.jsonObject();
    return { kind: 'RawAction', name: this.f.stringLiteral(name), body, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private jsonObject(): Tree.JsonObject {
    const start = this.start();
    this.skip(LBRACE);
    const members: Tree.JsonMember[] = [];
    while (this.type() !== RBRACE) {
      const memberStart = this.start();
      const key = this.expect(STRING);
      this.skip(COLON);
      const value = this.jsonValue();
      members.push({ kind: 'JsonMember', key: this.f.stringLiteral(key), value, range: this.rangeFrom(memberStart) });
      this.accept(COMMA);
    }
    this.pos++;
    return { kind: 'JsonObject', members, range: this.rangeFrom(start) };
  }

  private jsonValue(): Tree.JsonValue {
    const start = this.start();
    switch (this.type()) {
      case LBRACE:
        return this.jsonObject();
      case LBRACKET: {
        this.pos++;
        const elements: Tree.JsonValue[] = [];
        while (this.type() !== RBRACKET) {
          elements.push(this.jsonValue());
          this.accept(COMMA);
        }
        this.pos++;
        return { kind: 'JsonArray', elements, range: this.rangeFrom(start) };
      }
      case STRING:
        return this.f.stringLiteral(this.tokens[this.pos++]!);
      case MINUS:
      case NUMBER: {
        const negative = this.accept(MINUS) !== undefined;
        const number = this.expect(NUMBER);
        const text = `${negative ? '-' : ''}${number.image}`;
        return { kind: 'JsonNumber', value: Number(text), text, range: this.rangeFrom(start) };
      }
      case TRUE:
      case FALSE:
      case NULL: {
        const image = this.tokens[this.pos++]!.image;
        return { kind: 'JsonLiteral', value: image === 'null' ? null : image === 'true', range: this.rangeFrom(start) };
      }
      default:
        throw GIVE_UP;
    }
  }

  private storeTarget(): Tree.StoreTarget {
    const start = this.start();
    const store = this.expect(IDENTIFIER);
    const storeAt = this.here();
    this.skip(LPAREN);
    const args: Tree.StringLiteral[] = [];
    if (this.type() === STRING) {
      do args.push(this.f.stringLiteral(this.expect(STRING)));
      while (this.accept(COMMA));
    }
    this.skip(RPAREN);
    return { kind: 'StoreTarget', store: this.f.identifier(store, storeAt), args, range: this.rangeFrom(start) };
  }

  private queryOperation(): Tree.QueryOperation {
    const start = this.start();
    this.pos++;
    const source = this.storeTarget();
    let name: Tree.Expression | undefined;
    // `name` is a plain name elsewhere.
    if (this.imageAt(0) === 'name' && this.type() === IDENTIFIER) {
      this.pos++;
      name = this.expression();
    }
    const where = this.accept(WHERE) ? this.expression() : undefined;
    const returns = this.accept(RETURNS) ? this.typeRef() : undefined;
    return this.f.query(source, name, where, returns, this.rangeFrom(start));
  }

  private aggregateOperation(): Tree.AggregateOperation {
    const start = this.start();
    this.pos++;
    const source = this.expression();
    this.skip(BY);
    const by = this.expectName();
    const byAt = this.here();
    this.skip(LBRACE);
    const outputs: Tree.AggregateOutput[] = [];
    while (this.type() !== RBRACE) {
      outputs.push(this.aggregateOutput());
      this.accept(COMMA);
    }
    this.pos++;
    return { kind: 'Aggregate', source, by: this.f.identifier(by, byAt), outputs, range: this.rangeFrom(start) };
  }

  private aggregateOutput(): Tree.AggregateOutput {
    const start = this.start();
    const name = this.expectName();
    this.skip(COLON);
    const fn = this.expect(IDENTIFIER);
    const fnAt = this.here();
    this.skip(LPAREN);
    const field = isName(this.type()) ? this.tokens[this.pos++]! : undefined;
    this.skip(RPAREN);
    return this.f.aggregateOutput(name, fn, fnAt, field, this.rangeFrom(start));
  }

  private callStep(): Tree.HttpCallStep | Tree.FlowCallStep {
    if (this.typeAt(1) === FLOW) {
      const call = this.flowCall();
      return { kind: 'FlowCallStep', call, annotations: NO_ANNOTATIONS, range: call.range };
    }
    const call = this.httpCall();
    return { kind: 'HttpCallStep', call, annotations: NO_ANNOTATIONS, range: call.range };
  }

  /** `call http METHOD URL …`, `call connector "KEY" METHOD PATH …`, `call function METHOD ID …` or `call service "KEY" "PROVIDER" "OPERATION" …` (`connector`, `function`, `service` plain names elsewhere). */
  private httpCall(): Tree.HttpCall {
    const start = this.start();
    this.skip(CALL);
    let connector: Tree.StringLiteral | undefined;
    let service: Tree.StringLiteral | undefined;
    let workflow = false;
    let azureFunction = false;
    let api = false;
    if (this.type() === IDENTIFIER && this.imageAt(0) === 'connector') {
      this.pos++;
      connector = this.f.stringLiteral(this.expect(STRING));
    } else if (this.type() === IDENTIFIER && this.imageAt(0) === 'service') {
      this.pos++;
      connector = this.f.stringLiteral(this.expect(STRING));
      service = this.f.stringLiteral(this.expect(STRING));
    } else if (this.type() === IDENTIFIER && this.imageAt(0) === 'workflow') {
      this.pos++;
      workflow = true;
    } else if (this.type() === IDENTIFIER && this.imageAt(0) === 'function') {
      this.pos++;
      azureFunction = true;
    } else if (this.type() === IDENTIFIER && this.imageAt(0) === 'api') {
      this.pos++;
      api = true;
    } else {
      this.skip(HTTP);
    }
    let method: IToken | undefined;
    let methodAt = 0;
    if (!service && !workflow) {
      // `delete` is a keyword (the step) and an HTTP method.
      const methodType = this.type();
      if (methodType !== IDENTIFIER && methodType !== DELETE) throw GIVE_UP;
      method = this.tokens[this.pos++]!;
      methodAt = this.here();
    }
    const url = this.expression();
    // `call api METHOD ID "PATH" [key EXPR]`: `key` is a plain name elsewhere.
    const apiPath = api ? this.f.stringLiteral(this.expect(STRING)) : undefined;
    const subscriptionKey = api && this.type() === IDENTIFIER && this.imageAt(0) === 'key' ? (this.pos++, this.expression()) : undefined;
    const triggerName = workflow && this.type() === TRIGGER && this.typeAt(1) === STRING ? (this.pos++, this.f.stringLiteral(this.expect(STRING))) : undefined;
    let queries: Tree.HeaderEntry[] | undefined;
    if (this.wordBeforeBrace('queries')) {
      this.pos++;
      queries = this.headerEntries();
    }
    const headers = this.accept(HEADERS) ? this.headerEntries() : undefined;
    // `auth { … }`: `auth` is a plain name elsewhere.
    const auth = this.wordBeforeBrace('auth') ? (this.pos++, this.expression()) : undefined;
    const body = this.accept(BODY) ? this.expression() : undefined;
    const returns = this.accept(RETURNS) ? this.typeRef() : undefined;
    return this.f.httpCall({ connector, service, method, methodAt, url, workflow, azureFunction, apiPath, subscriptionKey, triggerName, queries, headers, auth, body, returns }, this.rangeFrom(start));
  }

  /** `{ NAME: EXPR, … }` after `headers` or `queries`. */
  private headerEntries(): Tree.HeaderEntry[] {
    this.skip(LBRACE);
    const entries: Tree.HeaderEntry[] = [];
    while (this.type() !== RBRACE) {
      entries.push(this.headerEntry());
      this.accept(COMMA);
    }
    this.pos++;
    return entries;
  }

  private headerEntry(): Tree.HeaderEntry {
    const start = this.start();
    const type = this.type();
    if (type !== STRING && !isName(type)) throw GIVE_UP;
    const name = this.tokens[this.pos++]!;
    this.skip(COLON);
    const value = this.expression();
    return {
      kind: 'Header',
      name: this.f.entryName(name, start),
      value,
      range: this.rangeFrom(start),
    };
  }

  private flowCall(): Tree.FlowCall {
    const start = this.start();
    this.skip(CALL);
    this.skip(FLOW);
    const name = this.expect(IDENTIFIER);
    const nameAt = this.here();
    const argument = this.accept(WITH) ? this.expression() : undefined;
    return { kind: 'FlowCall', flow: this.f.identifier(name, nameAt), ...(argument && { argument }), range: this.rangeFrom(start) };
  }

  /** `send mail CONNECTOR to … subject … body …`, or `send EXPR to TARGET` (a message). */
  private sendStep(): Tree.SendMailStep | Tree.SendMessageStep {
    const start = this.start();
    this.pos++;
    if (this.accept(MAIL)) {
      const connector = this.expect(IDENTIFIER);
      const connectorAt = this.here();
      this.skip(TO);
      const to = this.expression();
      this.skip(SUBJECT);
      const subject = this.expression();
      this.skip(BODY);
      const body = this.expression();
      return this.f.sendMail(connector, connectorAt, to, subject, body, this.rangeFrom(start));
    }
    const value = this.expression();
    this.skip(TO);
    const target = this.storeTarget();
    return { kind: 'SendMessage', value, target, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  /** `if COND { … } [else if COND { … }]… [else { … }]`, the links read in a loop. */
  private ifStep(): Tree.IfStep {
    const start = this.start();
    this.pos++;
    const condition = this.expression();
    const links: IfLink[] = [{ start, condition, then: this.block() }];
    while (this.type() === ELSE && this.typeAt(1) === IF) {
      this.pos++;
      const linkStart = this.start();
      this.pos++;
      const linkCondition = this.expression();
      links.push({ start: linkStart, condition: linkCondition, then: this.block() });
    }
    const otherwise = this.accept(ELSE) ? this.block() : undefined;
    const end = this.here();
    return nestIfLinks(links, { kind: 'Block', steps: [], range: { start: end, end } }, otherwise, end);
  }

  private forEachStep(): Tree.ForEachStep {
    const start = this.start();
    this.pos++;
    this.skip(EACH);
    const variable = this.expect(IDENTIFIER);
    const variableAt = this.here();
    this.skip(IN);
    const iterable = this.expression();
    const body = this.block();
    return this.f.forEach(variable, variableAt, iterable, body, this.rangeFrom(start));
  }

  private switchStep(): Tree.SwitchStep {
    const start = this.start();
    this.pos++;
    const subject = this.expression();
    this.skip(LBRACE);
    const cases: Tree.SwitchCase[] = [];
    while (this.type() === CASE) {
      const caseStart = this.start();
      this.pos++;
      const value = this.literal();
      const body = this.block();
      cases.push({ kind: 'Case', value, body, range: this.rangeFrom(caseStart) });
    }
    const fallback = this.accept(DEFAULT) ? this.block() : undefined;
    this.skip(RBRACE);
    return { kind: 'Switch', subject, cases, ...(fallback && { default: fallback }), annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private literal(): Tree.SwitchCase['value'] {
    const token = this.tokens[this.pos];
    switch (this.type()) {
      case STRING:
        this.pos++;
        return this.f.stringLiteral(token!);
      case MINUS:
      case NUMBER: {
        const minus = this.accept(MINUS);
        const literal = this.f.numberLiteral(this.expect(NUMBER));
        return minus ? this.f.negativeNumber(minus, literal) : literal;
      }
      case TRUE:
      case FALSE:
        this.pos++;
        return { kind: 'Boolean', value: token!.image === 'true', range: T.tokenRange(token!) };
      default:
        throw GIVE_UP;
    }
  }

  private untilStep(): Tree.UntilStep {
    const start = this.start();
    this.pos++;
    const condition = this.expression();
    const body = this.block();
    return { kind: 'Until', condition, body, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private tryStep(): Tree.TryStep {
    const start = this.start();
    this.pos++;
    const body = this.block();
    const handler = this.accept(CATCH) ? this.block() : undefined;
    return { kind: 'Try', body, ...(handler && { catch: handler }), annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  /** `scope { … }`: a Scope of its own, which contains no failure (a `try` without its catch). */
  private scopeStep(): Tree.TryStep {
    const start = this.start();
    this.pos++;
    const body = this.block();
    return { kind: 'Try', body, scope: true, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private waitStep(): Tree.WaitStep {
    const start = this.start();
    this.pos++;
    if (this.accept(UNTIL)) return { kind: 'Wait', until: this.expression(), annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
    // `wait 5 minutes`: a number and its unit; any other amount is an expression (`wait (EXPR) UNIT`,
    // in parentheses when it starts with a number, as `@count((2 * n))`).
    if (this.type() !== NUMBER) {
      const amount = this.expression();
      const unit = this.f.identifier(this.expect(IDENTIFIER), 0);
      return { kind: 'Wait', amount, unit, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
    }
    const duration = this.duration();
    return { kind: 'Wait', duration, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private respondStep(): Tree.RespondStep {
    const start = this.start();
    this.pos++;
    // A number is the literal form; any other status is an expression (`respond (EXPR)`).
    const status = this.type() === NUMBER ? this.f.numberLiteral(this.expect(NUMBER)) : this.expression();
    const headers = this.accept(HEADERS) ? this.headerEntries() : undefined;
    const body = this.accept(BODY) ? this.expression() : undefined;
    return { kind: 'Respond', status, ...(headers && { headers }), ...(body && { body }), annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private parallelStep(): Tree.ParallelStep {
    const start = this.start();
    this.pos++;
    const branches: Tree.Block[] = [this.block()];
    this.skip(AND);
    do branches.push(this.block());
    while (this.accept(AND));
    return { kind: 'Parallel', branches, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  private failStep(): Tree.FailStep {
    const start = this.start();
    this.pos++;
    const message = this.expression();
    return { kind: 'Fail', message, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions: a flat list, `prefix* postfix (operator prefix* postfix | select record)*`, given
  // its structure by the factory's precedence climbing, as the grammar does.

  expression(): Tree.Expression {
    let firstPrefixes: IToken[] | undefined;
    for (let type = this.type(); type === NOT || type === MINUS; type = this.type()) (firstPrefixes ??= []).push(this.tokens[this.pos++]!);
    const first = this.postfixExpression();
    let rest: OperatorStep[] | undefined;
    for (;;) {
      const type = this.type();
      if (type !== END && IS_BINARY_OPERATOR[type] === 1) {
        const operator = this.tokens[this.pos++]!;
        const prefixes: IToken[] = [];
        for (let next = this.type(); next === NOT || next === MINUS; next = this.type()) prefixes.push(this.tokens[this.pos++]!);
        const operand = this.postfixExpression();
        (rest ??= []).push({ operator, operand: { prefixes, expression: operand } });
      } else if (type === SELECT) {
        const select = this.tokens[this.pos++]!;
        // The projection is one operand: a record literal, a name, a call, … (`select (EXPR)` for more).
        (rest ??= []).push({ select, projection: this.postfixExpression() });
      } else {
        break;
      }
    }
    if (!firstPrefixes && !rest) return first;
    return this.f.expression({ prefixes: firstPrefixes ?? [], expression: first } as Operand, rest ?? []);
  }

  /** A primary expression followed by member accesses and indexes. */
  private postfixExpression(): Tree.Expression {
    let result = this.primary();
    for (;;) {
      const type = this.type();
      if (type === DOT) {
        const dot = this.tokens[this.pos++]!;
        const next = this.type();
        // A keyword may serve as a member name only on the line of its `.` (else it starts a step).
        const member = next === IDENTIFIER || (isName(next) && !this.lineBreakBefore(dot)) ? this.tokens[this.pos++]! : undefined;
        result = this.f.member(result, dot, member);
      } else if (type === LBRACKET) {
        this.pos++;
        const index = this.expression();
        this.skip(RBRACKET);
        result = this.f.index(result, index, this.rangeFrom(result.range.start));
      } else {
        return result;
      }
    }
  }

  /** Whether a line break stands between `dot` and the next token. */
  private lineBreakBefore(dot: IToken): boolean {
    const text = this.f.text;
    const end = this.tokens[this.pos]!.startOffset;
    for (let i = dot.startOffset + 1; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || ch === 13) return true;
    }
    return false;
  }

  private primary(): Tree.Expression {
    const token = this.tokens[this.pos];
    switch (this.type()) {
      case STRING:
        this.pos++;
        return this.f.stringLiteral(token!);
      case NUMBER:
        this.pos++;
        return this.f.numberLiteral(token!);
      case TRUE:
      case FALSE:
        this.pos++;
        return { kind: 'Boolean', value: token!.image === 'true', range: T.tokenRange(token!) };
      case NULL:
        this.pos++;
        return { kind: 'Null', range: T.tokenRange(token!) };
      case TRIGGER:
        this.pos++;
        return { kind: 'Name', name: this.f.identifier(token, 0), range: T.tokenRange(token!) };
      case IDENTIFIER: {
        this.pos++;
        const args = this.type() === LPAREN ? this.callArguments() : undefined;
        const identifier = this.f.identifier(token, 0);
        if (!args) return { kind: 'Name', name: identifier, range: identifier.range };
        return { kind: 'Call', callee: identifier, args, range: this.rangeFrom(identifier.range.start) };
      }
      case LPAREN: {
        // Parentheses leave no node: the tree's structure already says what they grouped.
        this.pos++;
        const inner = this.expression();
        this.skip(RPAREN);
        return inner;
      }
      case LBRACE:
        // `if a > { respond 1 }`: a `{` that does not open `{}` or `{ name: …` is a block, not a record.
        if (this.typeAt(1) !== RBRACE && !(this.typeAt(2) === COLON && (isName(this.typeAt(1)) || this.typeAt(1) === STRING))) throw GIVE_UP;
        return this.recordLiteral();
      case LBRACKET:
        return this.arrayLiteral();
      case IF:
        return this.conditional();
      default:
        throw GIVE_UP;
    }
  }

  /** `(a, b)` after a function's name. */
  private callArguments(): Tree.Expression[] {
    this.pos++;
    const args: Tree.Expression[] = [];
    while (this.type() !== RPAREN) {
      args.push(this.expression());
      this.accept(COMMA);
    }
    this.pos++;
    return args;
  }

  /** `if COND then A else B`, an `else if` chain read in a loop and nested from the last link. */
  private conditional(): Tree.Expression {
    const links: ConditionalLink[] = [];
    do {
      const start = this.start();
      this.pos++;
      const condition = this.expression();
      this.skip(THEN);
      const then = this.expression();
      this.skip(ELSE);
      links.push({ start, condition, then });
    } while (this.type() === IF);
    const otherwise = this.expression();
    return this.f.conditional(links, otherwise, this.here());
  }

  private recordLiteral(): Tree.RecordLiteral {
    const start = this.start();
    this.skip(LBRACE);
    const fields: Tree.RecordField[] = [];
    while (this.type() !== RBRACE) {
      const fieldStart = this.start();
      const name = this.type() === STRING && !this.tokens[this.pos]!.image.includes('${') ? this.tokens[this.pos++]! : this.expectName();
      this.skip(COLON);
      const value = this.expression();
      fields.push(this.f.recordField(name, value, this.rangeFrom(fieldStart)));
      this.accept(COMMA);
    }
    this.pos++;
    return { kind: 'Record', fields, range: this.rangeFrom(start) };
  }

  private arrayLiteral(): Tree.ArrayLiteral {
    const start = this.start();
    this.pos++;
    const elements: Tree.Expression[] = [];
    while (this.type() !== RBRACKET) {
      elements.push(this.expression());
      this.accept(COMMA);
    }
    this.pos++;
    return { kind: 'Array', elements, range: this.rangeFrom(start) };
  }
}
