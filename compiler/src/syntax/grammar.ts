/**
 * The grammar of Jig: a chevrotain parser with error recovery whose actions build the tree of
 * `tree.ts` directly (no concrete syntax tree in between: building one cost more than parsing).
 * Binary operators are read as a flat list (`operand (operator operand)*`) and given their
 * precedence by the TreeFactory: one grammar rule instead of one a precedence level keeps the
 * recursion per nested parenthesis short, so deep nesting stays far from the stack limit.
 *
 * chevrotain first runs every rule once in a recording phase to learn the grammar; there, tokens
 * and sub-results are placeholders, so everything that reads them is skipped while
 * `RECORDING_PHASE` is set.
 */
import { createTokenInstance, EmbeddedActionsParser, EMPTY_ALT, EOF, type ILookaheadStrategy, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.js';
import { messageProvider } from './parse-messages.js';
import { FirstTokenLookahead } from './lookahead.js';
import type * as Tree from './tree.js';
import { EXPRESSION_ANNOTATION, TRACKED_ANNOTATION, isTableOperationStart, isTimeOperationStart } from './tree.js';
import type { TextRange } from './source.js';
import {
  emptyAt,
  isReal,
  nestIfLinks,
  NO_ANNOTATIONS,
  type ArgumentList,
  type ConditionalLink,
  type IfLink,
  type Operand,
  type OperatorStep,
  span,
  type TimeParts,
  tokenEnd,
  TreeFactory,
} from './tree-factory.js';

const K = T.keywordTokens;

type Mutable<N> = { -readonly [K in keyof N]: N[K] };

interface Frame {
  partial?: () => Tree.Node;
}

/** What follows a primary expression: `.member` (the member may be missing) or `[index]`. */
type Suffix = { readonly dot: IToken; readonly member: IToken | undefined } | { readonly index: Tree.Expression };

/** What a rule returns while chevrotain records the grammar: nothing is built then. */
const NOT_BUILT = undefined as never;

/** How many tokens the grammar looks ahead to choose. */
export const MAX_LOOKAHEAD = 3;

export interface GrammarOptions {
  /**
   * Run chevrotain's checks of the grammar itself (ambiguities, left recursion, …) while
   * analysing it. They cost about 100 ms a process and find only mistakes in this file, so
   * production skips them and a test builds the grammar with them on.
   */
  readonly validateGrammar?: boolean;
  /**
   * Recover from errors (the default): report each and go on. Without, a parse stops at the
   * first error; it is faster, and for a file without errors builds the same tree.
   */
  readonly recover?: boolean;
  /** How alternatives are chosen; a test compares the grammar's own (FirstTokenLookahead) with chevrotain's. */
  readonly lookaheadStrategy?: ILookaheadStrategy;
}

/** Tokens that carry a value of their own, which recovery never invents (JigGrammar.canTokenTypeBeInsertedInRecovery). */
const VALUE_TOKENS: ReadonlySet<TokenType> = new Set([T.StringLiteral, T.NumberLiteral, T.DateLiteral, T.AtName, T.Identifier, T.Name]);

export class JigGrammar extends EmbeddedActionsParser {
  constructor(options: GrammarOptions = {}) {
    super(T.allTokens, {
      recoveryEnabled: options.recover ?? true,
      maxLookahead: MAX_LOOKAHEAD,
      lookaheadStrategy: options.lookaheadStrategy ?? new FirstTokenLookahead({ maxLookahead: MAX_LOOKAHEAD }),
      errorMessageProvider: messageProvider,
      skipValidations: !options.validateGrammar,
    });
    this.recovers = options.recover ?? true;
    this.performSelfAnalysis();
  }

  /** Whether this parser recovers from errors: only then does it keep frames and partial results. */
  private readonly recovers: boolean;

  /** The factory of the parse under way, and the text it reads. */
  private factory!: TreeFactory;
  /** Where a piece missing before any token would stand (an interpolation's start). */
  private startOffset = 0;

  /** Prepares a parse of `tokens` (a whole file, or the inside of one interpolation). */
  begin(factory: TreeFactory, tokens: IToken[], startOffset: number): void {
    this.factory = factory;
    this.startOffset = startOffset;
    this.input = tokens;
  }

  private get f(): TreeFactory {
    return this.factory;
  }

  /** The token the parse stands at (where it stopped, after it threw); an empty range at the end. */
  nextTokenRange(): TextRange {
    const next = this.LA(1);
    return isReal(next) ? { start: next.startOffset, end: tokenEnd(next) } : emptyAt(this.here());
  }

  /**
   * Chevrotain recovers from a missing token by inventing one (single-token insertion). A missing
   * `:` or `}` invented is harmless; a missing number, string, date, annotation or name invented
   * would be a value the author never wrote, which the later stages would judge as written (a
   * chunk of "" tokens, a flow named ""), reporting errors on it at no position in the text.
   * Those are recovered as the rule's partial construct instead (chevrotain's own advice).
   */
  protected override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
    return !VALUE_TOKENS.has(tokType);
  }

  /** An invented token stands where the missing one would: just past the last token read, empty. */
  protected override getTokenToInsert(tokType: TokenType): IToken {
    const at = this.here();
    return { ...createTokenInstance(tokType, '', at, at - 1, NaN, NaN, NaN, NaN), isInsertedInRecovery: true };
  }

  /** The offset just past the last token read: where a missing piece stands. */
  private here(): number {
    const last = this.LA(0);
    return isReal(last) ? tokenEnd(last) : this.startOffset;
  }

  /** The offset of the next token: where the construct about to be read starts. */
  private start(): number {
    if (this.RECORDING_PHASE) return 0;
    const next = this.LA(1);
    return isReal(next) ? next.startOffset : this.here();
  }

  /** `here()` where a rule may stand in the recording phase (no closure, unlike ACTION). */
  private mark(): number {
    return this.RECORDING_PHASE ? 0 : this.here();
  }

  private rangeFrom(start: number): Tree.Node['range'] {
    return span(start, this.here());
  }

  /** True when the tokens from LA(1) on are annotations followed by `flow` (they belong to it). */
  private annotationsPrecedeFlow(): boolean {
    return this.annotationsPrecede(K.flow);
  }

  /** True when the tokens from LA(1) on are annotations (maybe none) followed by `keyword`. */
  private annotationsPrecede(keyword: TokenType): boolean {
    let k = 1;
    for (;;) {
      const type = this.LA(k).tokenType;
      if (type === keyword) return true;
      if (type !== T.AtName) return false;
      k++;
      if (this.LA(k).tokenType === T.LParen) {
        let depth = 0;
        for (;;) {
          const inner = this.LA(k).tokenType;
          if (inner === EOF) return false;
          if (inner === T.LParen) depth++;
          else if (inner === T.RParen && --depth === 0) break;
          k++;
        }
        k++;
      }
    }
  }

  /** `scope {`: the step (`scope` is a plain name elsewhere). */
  private scopeAhead(): boolean {
    return this.LA(1).image === 'scope' && this.LA(2).tokenType === T.LBrace;
  }

  /** `agent "CONNECTION"`: an agent step (`agent` is a plain name elsewhere). */
  private agentAhead(): boolean {
    return this.LA(1).image === 'agent' && this.LA(2).tokenType === T.StringLiteral;
  }

  /** `WORD {`: a plain name before a brace (`options {`, `tools {`). */
  private wordBeforeBrace(word: string): boolean {
    return this.LA(1).image === word && this.LA(2).tokenType === T.LBrace;
  }

  /** `schema {` after `trigger http [METHOD]`: a JSON schema written out. */
  private schemaAhead(): boolean {
    return this.LA(1).image === 'schema' && this.LA(2).tokenType === T.LBrace;
  }

    /** A keyword may serve as a member name only on the line of its `.` (else it starts a step). */
  private memberOnSameLine(): boolean {
    const next = this.LA(1);
    if (next.tokenType === T.Identifier) return true;
    const dot = this.LA(0);
    return !/[\r\n]/.test(this.f.text.slice(dot.startOffset + 1, next.startOffset));
  }

  /** `if a > { respond 1 }`: a `{` that does not open `{}` or `{ name: …` is a block, not a record. */
  private recordLiteralAhead(): boolean {
    const second = this.LA(2).tokenType;
    if (second === T.RBrace) return true;
    return this.LA(3).tokenType === T.Colon && (second === T.Identifier || second === T.StringLiteral || (second.CATEGORIES?.includes(T.Name) ?? false));
  }

  /**
   * What the file, a declaration or a step being read has so far, for when it breaks. chevrotain
   * recovers from an error in the rule that can resynchronise, which for a broken step is `step`
   * and for a broken flow header `declaration`; that rule then returns its recovery value, and
   * without these a `let` whose value is broken would vanish from the tree with its name, and a
   * flow with its steps.
   */
  private readonly frames: Frame[] = [];
  private broken: Frame | undefined;

  /** Runs a rule's body in a frame that remembers the partial result `partial` records. */
  private inFrame<R>(body: () => R): R {
    if (!this.recovers) return body();
    const frame: Frame = {};
    this.frames.push(frame);
    try {
      return body();
    } catch (error) {
      // The innermost frame that breaks is the last to pass here before the rule that recovers.
      this.broken = frame;
      throw error;
    } finally {
      this.frames.pop();
    }
  }

  /** Records what the construct being read would be if it broke from here on. */
  private partial(build: () => Tree.Node): void {
    if (!this.RECORDING_PHASE) {
      const frame = this.frames[this.frames.length - 1];
      if (frame) frame.partial = build;
    }
  }

  private recovered<N extends Tree.Node>(): N | undefined {
    return this.broken?.partial?.() as N | undefined;
  }

  // The alternatives of the busiest choices, made once: chevrotain's own advice, as a fresh array
  // of closures at every call is most of what parsing allocates.
  private declarationAlternatives?: IOrAlt<Tree.Declaration | undefined>[];
  private stepAlternatives?: IOrAlt<Tree.Step | undefined>[];
  private letValueAlternatives?: IOrAlt<Tree.LetValue>[];
  private primaryAlternatives?: IOrAlt<Tree.Expression>[];
  private operatorAlternatives?: IOrAlt<OperatorStep>[];
  private prefixAlternatives?: IOrAlt<IToken>[];
  private suffixAlternatives?: IOrAlt<Suffix>[];
  /** `(a, b)` after a function's name. */
  private readonly callArguments = (): Tree.Expression[] => {
    this.CONSUME2(T.LParen);
    const list: Tree.Expression[] = [];
    this.MANY2(() => {
      const arg = this.SUBRULE3(this.expression);
      if (!this.RECORDING_PHASE) list.push(arg);
      this.OPTION3(() => this.CONSUME(T.Comma));
    });
    this.CONSUME2(T.RParen);
    return list;
  };
  /** The name after a `.`, when it is on the `.`'s line. */
  private readonly memberName = { GATE: () => this.memberOnSameLine(), DEF: () => this.CONSUME(T.Name) };

  // Tree building is skipped while chevrotain records the grammar (it runs every rule once, with
  // placeholder tokens): `if (!this.RECORDING_PHASE)` where chevrotain's examples use ACTION, whose
  // closure would be made again on every call of every rule.

  private readonly missingExpression = { recoveryValueFunc: (): Tree.Expression => this.f.missing(this.here()) };
  private readonly nothing = { recoveryValueFunc: (): undefined => undefined };

  // -------------------------------------------------------------------------------------------
  // File and declarations

  file = this.RULE(
    'file',
    (): Tree.JigFile =>
      this.inFrame(() => {
        const declarations: Tree.Declaration[] = [];
        const file = (): Tree.JigFile => ({ kind: 'File', declarations, range: { start: 0, end: this.f.text.length } });
        if (this.recovers) this.partial(file);
        this.MANY(() => {
          const declaration = this.SUBRULE(this.declaration);
          if (!this.RECORDING_PHASE && declaration) declarations.push(declaration);
        });
        return this.RECORDING_PHASE ? NOT_BUILT : file();
      }),
    { recoveryValueFunc: (): Tree.JigFile => this.recovered<Tree.JigFile>()! },
  );

  declaration = this.RULE(
    'declaration',
    (): Tree.Declaration | undefined =>
      this.inFrame(() =>
        this.OR<Tree.Declaration | undefined>({
          // A param's annotations and a flow's are written above it: what follows them decides (the
          // gate). The first token alone chooses among the rest, so that annotations followed by
          // anything else still go to the flow, whose recovery keeps the flow after them.
          MAX_LOOKAHEAD: 1,
          DEF: (this.declarationAlternatives ??= [
            { ALT: () => this.SUBRULE(this.policyPin) },
            { GATE: () => this.annotationsPrecede(K.param), ALT: () => this.SUBRULE(this.paramDecl), IGNORE_AMBIGUITIES: true },
            { ALT: () => this.SUBRULE(this.typeDecl) },
            { ALT: () => this.SUBRULE(this.flowDecl), IGNORE_AMBIGUITIES: true },
          ]),
        }),
      ),
    { recoveryValueFunc: (): Tree.Declaration | undefined => this.recovered<Tree.Declaration>() },
  );

  policyPin = this.RULE('policyPin', (): Tree.PolicyPin => {
    const start = this.start();
    this.CONSUME(K.policy);
    const id = this.CONSUME(T.Identifier);
    let version: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(T.GreaterEqual);
      version = this.OR([
        { ALT: () => this.CONSUME(T.DateLiteral) },
        { ALT: () => this.CONSUME(T.NumberLiteral) },
        { ALT: () => this.CONSUME(T.StringLiteral) },
      ]);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.policyPin(id, version, this.rangeFrom(start));
  });

  paramDecl = this.RULE('paramDecl', (): Tree.ParamDecl => {
    const start = this.start();
    const annotations: Tree.Annotation[] = [];
    this.MANY2(() => {
      const annotation = this.SUBRULE2(this.annotation);
      if (!this.RECORDING_PHASE && annotation) annotations.push(annotation);
    });
    this.CONSUME(K.param);
    const name = this.CONSUME(T.Identifier);
    const nameEnd = this.mark();
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.typeRef);
    let defaultValue: Tree.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      defaultValue = this.SUBRULE(this.expression);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.param(annotations, name, nameEnd, type, defaultValue, this.rangeFrom(start));
  });

  typeDecl = this.RULE('typeDecl', (): Tree.TypeDecl => {
    const start = this.start();
    this.CONSUME(K.type);
    const name = this.CONSUME(T.Identifier);
    const nameEnd = this.mark();
    const fields: Tree.FieldDecl[] = [];
    const type = (): Tree.TypeDecl =>
      this.f.withDoc<Tree.TypeDecl>({ kind: 'TypeDecl', name: this.f.identifier(name, nameEnd), fields, range: this.rangeFrom(start) });
    if (this.recovers) this.partial(type);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const field = this.SUBRULE(this.fieldDecl);
      if (!this.RECORDING_PHASE && field) fields.push(field);
    });
    this.CONSUME(T.RBrace);
    return this.RECORDING_PHASE ? NOT_BUILT : type();
  });

  fieldDecl = this.RULE(
    'fieldDecl',
    (): Tree.FieldDecl | undefined => {
      const start = this.start();
      const name = this.CONSUME(T.Name);
      const question = this.OPTION3(() => this.CONSUME(T.Question));
      this.CONSUME(T.Colon);
      const type = this.SUBRULE(this.typeRef);
      const categories: Tree.DottedName[] = [];
      const annotations: Tree.Annotation[] = [];
      const take = (tag: Tree.DottedName | Tree.Annotation | undefined) => {
        if (this.RECORDING_PHASE || !tag) return;
        if (tag.kind === 'Annotation') annotations.push(tag);
        else categories.push(tag);
      };
      this.OPTION(() => {
        take(this.SUBRULE(this.fieldTag));
        this.MANY(() => {
          this.OPTION2(() => this.CONSUME(T.Comma));
          take(this.SUBRULE2(this.fieldTag));
        });
      });
      return this.RECORDING_PHASE ? NOT_BUILT : this.f.field(name, question, type, categories, annotations, this.rangeFrom(start));
    },
    this.nothing,
  );

  /**
   * What follows a field's type: a category (`@business.transaction`, the first part in the AtName
   * token), or an annotation with arguments (`@subject(customer)`).
   */
  fieldTag = this.RULE('fieldTag', (): Tree.DottedName | Tree.Annotation | undefined => {
    const at = this.CONSUME(T.AtName);
    const names: IToken[] = [];
    this.MANY(() => {
      this.CONSUME(T.Dot);
      const name = this.CONSUME(T.Name);
      if (!this.RECORDING_PHASE) names.push(name);
    });
    let list: ArgumentList | undefined;
    this.OPTION(() => {
      list = this.SUBRULE(this.annotationArgumentList);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.fieldTag(at, names, list, this.mark());
  }, this.nothing);

  typeRef = this.RULE(
    'typeRef',
    (): Tree.TypeRef => {
      const name = this.CONSUME(T.Identifier);
      let type = this.ACTION((): Tree.TypeRef => {
        const identifier = this.f.identifier(name, this.here());
        return { kind: 'NamedType', name: identifier, range: identifier.range };
      })!;
      this.MANY(() => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              this.CONSUME(T.RBracket);
              if (!this.RECORDING_PHASE) type = { kind: 'ArrayType', element: type, range: this.rangeFrom(type.range.start) };
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Question);
              if (!this.RECORDING_PHASE) type = { kind: 'OptionalType', inner: type, range: this.rangeFrom(type.range.start) };
            },
          },
        ]);
      });
      return type;
    },
    {
      recoveryValueFunc: (): Tree.TypeRef => {
        const name = this.f.identifier(undefined, this.here());
        return { kind: 'NamedType', name, range: name.range };
      },
    },
  );

  annotation = this.RULE(
    'annotation',
    (): Tree.Annotation | undefined => {
      const at = this.CONSUME(T.AtName);
      let list: ArgumentList | undefined;
      this.OR([
        // `@count(EXPR)`: an until's limit computed when the loop starts (a parameter).
        {
          GATE: () => at.image === EXPRESSION_ANNOTATION && this.LA(1).tokenType === T.LParen && this.LA(2).tokenType !== T.NumberLiteral,
          ALT: () => {
            list = this.SUBRULE(this.expressionArgument);
          },
          IGNORE_AMBIGUITIES: true,
        },
        // `@tracked("NAME", EXPR)`: a tracked property whose value the service computes.
        {
          GATE: () =>
            at.image === TRACKED_ANNOTATION && this.LA(1).tokenType === T.LParen && this.LA(2).tokenType === T.StringLiteral && this.LA(3).tokenType === T.Comma,
          ALT: () => {
            list = this.SUBRULE(this.trackedArguments);
          },
          IGNORE_AMBIGUITIES: true,
        },
        {
          ALT: () => {
            this.OPTION(() => {
              list = this.SUBRULE(this.annotationArgumentList);
            });
          },
        },
      ]);
      return this.RECORDING_PHASE ? NOT_BUILT : this.f.annotation(at, list, this.mark());
    },
    this.nothing,
  );

  /** `(EXPR)`: the one argument of `@count` that is not a number. */
  expressionArgument = this.RULE('expressionArgument', (): ArgumentList => {
    const open = this.CONSUME(T.LParen);
    const expression = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    return this.RECORDING_PHASE ? NOT_BUILT : { args: [expression], open: open.startOffset };
  });

  /** `("NAME", EXPR)`: a tracked property's name and the value the service computes. */
  trackedArguments = this.RULE('trackedArguments', (): ArgumentList => {
    const open = this.CONSUME(T.LParen);
    const name = this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Comma);
    const value = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    return this.RECORDING_PHASE ? NOT_BUILT : { args: [this.f.stringLiteral(name), value], open: open.startOffset };
  });

  /** `(ARG, …)` after an annotation's name (on a flow, a step or a field). */
  annotationArgumentList = this.RULE('annotationArgumentList', (): ArgumentList => {
    const open = this.CONSUME(T.LParen);
    const args: Tree.AnnotationArg[] = [];
    this.OPTION(() => {
      const first = this.SUBRULE(this.annotationArgument);
      if (!this.RECORDING_PHASE && first) args.push(first);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        const next = this.SUBRULE2(this.annotationArgument);
        if (!this.RECORDING_PHASE && next) args.push(next);
      });
    });
    this.CONSUME(T.RParen);
    return { args, open: open.startOffset };
  });

  annotationArgument = this.RULE(
    'annotationArgument',
    (): Tree.AnnotationArg | undefined =>
      this.OR<Tree.AnnotationArg | undefined>([
        {
          ALT: () => {
            const string = this.CONSUME(T.StringLiteral);
            return this.RECORDING_PHASE ? NOT_BUILT : this.f.stringLiteral(string);
          },
        },
        {
          ALT: () => {
            const number = this.CONSUME(T.NumberLiteral);
            let unit: IToken | undefined;
            this.OPTION(() => (unit = this.CONSUME(T.Identifier)));
            return this.RECORDING_PHASE ? NOT_BUILT : (unit ? this.f.duration(number, unit, number.startOffset) : this.f.numberLiteral(number));
          },
        },
        { ALT: () => this.SUBRULE(this.dottedName) },
      ]),
    this.nothing,
  );

  /** `business.transaction`, `s03-sharing`: parts joined by dots, a part may contain hyphens. */
  dottedName = this.RULE('dottedName', (): Tree.DottedName | undefined => {
    const pieces: IToken[] = [this.CONSUME(T.Name)];
    this.MANY(() => {
      const separator = this.OR([{ ALT: () => this.CONSUME(T.Dot) }, { ALT: () => this.CONSUME(T.Minus) }]);
      const part = this.OR2([{ ALT: () => this.CONSUME2(T.Name) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]);
      if (!this.RECORDING_PHASE) pieces.push(separator, part);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.hyphenatedDottedName(pieces);
  });

  flowDecl = this.RULE('flowDecl', (): Tree.FlowDecl => {
    const start = this.start();
    const annotations: Tree.Annotation[] = [];
    this.MANY(() => {
      const annotation = this.SUBRULE(this.annotation);
      if (!this.RECORDING_PHASE && annotation) annotations.push(annotation);
    });
    this.CONSUME(K.flow);
    const name = this.CONSUME(T.Identifier);
    const nameEnd = this.mark();
    let open: IToken | undefined;
    let trigger: Tree.Trigger | undefined;
    const steps: Tree.Step[] = [];
    const flow = (): Tree.FlowDecl => this.f.flow(annotations, name, nameEnd, open, trigger, steps, this.rangeFrom(start));
    if (this.recovers) this.partial(flow);
    open = this.CONSUME(T.LBrace);
    this.OPTION(() => (trigger = this.SUBRULE(this.trigger)));
    this.MANY2(() => {
      const step = this.SUBRULE(this.step);
      if (!this.RECORDING_PHASE && step) steps.push(step);
    });
    this.CONSUME(T.RBrace);
    return this.RECORDING_PHASE ? NOT_BUILT : flow();
  });

  // -------------------------------------------------------------------------------------------
  // Triggers

  trigger = this.RULE(
    'trigger',
    (): Tree.Trigger | undefined => {
      const start = this.start();
      this.CONSUME(K.trigger);
      return this.OR<Tree.Trigger | undefined>([
        {
          ALT: () => {
            this.CONSUME(K.http);
            // Without a method, the trigger accepts any (an imported Request trigger may).
            let method: IToken | undefined;
            this.OPTION5({
              // `raw action`, `agent "…"`, `scope {` or `schema {` may follow a trigger without a method.
              GATE: () => !(this.LA(1).image === 'raw' && this.LA(2).image === 'action') && !this.agentAhead() && !this.scopeAhead() && !this.schemaAhead(),
              DEF: () => {
                method = this.CONSUME(T.Identifier);
              },
            });
            let bodyType: Tree.TypeRef | undefined;
            let schema: Tree.JsonObject | undefined;
            this.OPTION({
              GATE: () => this.LA(1).tokenType === K.body || this.schemaAhead(),
              DEF: () =>
                this.OR2([
                  {
                    ALT: () => {
                      this.CONSUME(K.body);
                      bodyType = this.SUBRULE(this.typeRef);
                    },
                  },
                  {
                    // `schema` is a plain name elsewhere.
                    ALT: () => {
                      this.CONSUME6(T.Identifier);
                      schema = this.SUBRULE2(this.jsonObject);
                    },
                  },
                ]),
            });
            return this.RECORDING_PHASE ? NOT_BUILT : ({
              kind: 'HttpTrigger' as const,
              method: method && isReal(method) ? method.image : '',
              ...(bodyType && { bodyType }),
              ...(schema && { schema }),
              range: this.rangeFrom(start),
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.schedule);
            this.CONSUME(K.every);
            const every = this.SUBRULE(this.duration);
            const days: Tree.Identifier[] = [];
            const times: Tree.TimeOfDay[] = [];
            let timeZone: Tree.StringLiteral | undefined;
            this.OPTION4(() => {
              this.CONSUME(K.on);
              const first = this.CONSUME3(T.Identifier);
              if (!this.RECORDING_PHASE && isReal(first)) days.push(this.f.identifier(first, 0));
              this.MANY(() => {
                this.CONSUME(T.Comma);
                const day = this.CONSUME4(T.Identifier);
                if (!this.RECORDING_PHASE && isReal(day)) days.push(this.f.identifier(day, 0));
              });
            });
            this.OPTION2(() => {
              this.CONSUME(K.at);
              const hour = this.CONSUME(T.NumberLiteral);
              this.CONSUME(T.Colon);
              const minute = this.CONSUME2(T.NumberLiteral);
              if (!this.RECORDING_PHASE && isReal(hour) && isReal(minute)) times.push(this.f.timeOfDay(hour, minute));
              this.MANY2(() => {
                this.CONSUME2(T.Comma);
                const nextHour = this.CONSUME3(T.NumberLiteral);
                this.CONSUME2(T.Colon);
                const nextMinute = this.CONSUME4(T.NumberLiteral);
                if (!this.RECORDING_PHASE && isReal(nextHour) && isReal(nextMinute)) times.push(this.f.timeOfDay(nextHour, nextMinute));
              });
            });
            this.OPTION3(() => {
              this.CONSUME(K.in);
              const zone = this.CONSUME(T.StringLiteral);
              if (!this.RECORDING_PHASE && isReal(zone)) timeZone = this.f.stringLiteral(zone);
            });
            return this.RECORDING_PHASE ? NOT_BUILT : ({
              kind: 'ScheduleTrigger' as const,
              every,
              days,
              times,
              ...(timeZone && { timeZone }),
              range: this.rangeFrom(start),
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.mail);
            const connector = this.CONSUME2(T.Identifier);
            const connectorAt = this.mark();
            this.CONSUME(K.folder);
            const folder = this.CONSUME2(T.StringLiteral);
            return this.RECORDING_PHASE ? NOT_BUILT : ({
              kind: 'MailTrigger' as const,
              connector: this.f.identifier(connector, connectorAt),
              folder: isReal(folder) ? this.f.stringLiteral(folder) : this.f.emptyString(this.here()),
              range: this.rangeFrom(start),
            });
          },
        },
        {
          // A service and the place in it: `servicebus("NAMESPACE", "QUEUE") [body TYPE]`.
          ALT: () => {
            const source = this.SUBRULE(this.storeTarget);
            let bodyType: Tree.TypeRef | undefined;
            this.OPTION6(() => {
              this.CONSUME2(K.body);
              bodyType = this.SUBRULE2(this.typeRef);
            });
            return this.RECORDING_PHASE ? NOT_BUILT : ({
              kind: 'MessageTrigger' as const,
              source,
              ...(bodyType && { bodyType }),
              range: this.rangeFrom(start),
            });
          },
        },
        {
          // `chat` is a plain name elsewhere.
          GATE: () => this.LA(1).image === 'chat',
          ALT: () => {
            this.CONSUME7(T.Identifier);
            return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'ChatTrigger' as const, range: this.rangeFrom(start) });
          },
        },
        {
          // `raw` is a plain name elsewhere.
          GATE: () => this.LA(1).image === 'raw',
          ALT: () => {
            this.CONSUME5(T.Identifier);
            const name = this.CONSUME3(T.StringLiteral);
            const nameAt = this.mark();
            const body = this.SUBRULE(this.jsonObject);
            return this.RECORDING_PHASE ? NOT_BUILT : ({
              kind: 'RawTrigger' as const,
              name: isReal(name) ? this.f.stringLiteral(name) : this.f.emptyString(nameAt),
              body,
              range: this.rangeFrom(start),
            });
          },
        },
      ]);
    },
    this.nothing,
  );

  duration = this.RULE(
    'duration',
    (): Tree.Duration => {
      const amount = this.CONSUME(T.NumberLiteral);
      const unit = this.CONSUME(T.Identifier);
      return this.RECORDING_PHASE ? NOT_BUILT : this.f.duration(amount, unit, this.here());
    },
    { recoveryValueFunc: (): Tree.Duration => this.f.duration(undefined, undefined, this.here()) },
  );

  // -------------------------------------------------------------------------------------------
  // Steps

  block = this.RULE(
    'block',
    (): Tree.Block => {
      const start = this.start();
      this.CONSUME(T.LBrace);
      const steps: Tree.Step[] = [];
      this.MANY(() => {
        const step = this.SUBRULE(this.step);
        if (!this.RECORDING_PHASE && step) steps.push(step);
      });
      this.CONSUME(T.RBrace);
      return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Block', steps, range: this.rangeFrom(start) });
    },
    { recoveryValueFunc: (): Tree.Block => ({ kind: 'Block', steps: [], range: emptyAt(this.here()) }) },
  );

  step = this.RULE(
    'step',
    (): Tree.Step | undefined => {
      return this.recovers ? this.inFrame(this.readStepBody) : this.stepBody();
    },
    { recoveryValueFunc: (): Tree.Step | undefined => this.recovered<Tree.Step>() },
  );

  private readonly readStepBody = (): Tree.Step | undefined => this.stepBody();

  /** A step and the annotations written after it (`@share`, `@allow`, `@retain`). */
  private stepBody(): Tree.Step | undefined {
    const start = this.start();
    const step = this.OR<Tree.Step | undefined>((this.stepAlternatives ??= [
      { ALT: () => this.SUBRULE(this.letStep) },
      { ALT: () => this.SUBRULE(this.varStep) },
      { ALT: () => this.SUBRULE(this.setStep) },
      { ALT: () => this.SUBRULE(this.appendStep) },
      { ALT: () => this.SUBRULE(this.storeStep) },
      { ALT: () => this.SUBRULE(this.deleteStep) },
      { ALT: () => this.SUBRULE(this.callStep) },
      { ALT: () => this.SUBRULE(this.sendStep) },
      { ALT: () => this.SUBRULE(this.ifStep) },
      { ALT: () => this.SUBRULE(this.forEachStep) },
      { ALT: () => this.SUBRULE(this.switchStep) },
      { ALT: () => this.SUBRULE(this.untilStep) },
      { ALT: () => this.SUBRULE(this.tryStep) },
      { ALT: () => this.SUBRULE(this.waitStep) },
      { ALT: () => this.SUBRULE(this.respondStep) },
      { ALT: () => this.SUBRULE(this.failStep) },
      // `stop` is a plain name elsewhere: a step only before its status.
      { GATE: () => this.LA(1).image === 'stop' && this.LA(2).tokenType === T.Identifier, ALT: () => this.SUBRULE(this.stopStep) },
      { ALT: () => this.SUBRULE(this.parallelStep) },
      // `raw action` are plain names elsewhere (`let raw = …`): no step starts with a name.
      { GATE: () => this.LA(1).image === 'raw' && this.LA(2).image === 'action', ALT: () => this.SUBRULE(this.rawActionStep) },
      // So is `agent`, a step only before its connection's name.
      { GATE: () => this.agentAhead(), ALT: () => this.SUBRULE(this.agentStep) },
      // So is `scope`, a step only before a block.
      { GATE: () => this.scopeAhead(), ALT: () => this.SUBRULE(this.scopeStep) },
    ]));
    const annotations: Tree.Annotation[] = [];
    this.MANY({
      GATE: () => !this.annotationsPrecedeFlow(),
      DEF: () => {
        const annotation = this.SUBRULE(this.annotation);
        if (!this.RECORDING_PHASE && annotation) annotations.push(annotation);
      },
    });
    if (this.RECORDING_PHASE) return NOT_BUILT;
    if (!step) return undefined;
    const withTrailing = step as Mutable<Tree.Step>;
    if (annotations.length > 0) withTrailing.annotations = annotations;
    withTrailing.range = this.rangeFrom(start);
    return step;
  }

  /** `let NAME [: TYPE] = VALUE`, or `let NAME = raw action …` (or `agent …`): a raw action (an agent) that names its result. */
  letStep = this.RULE('letStep', (): Tree.LetStep | Tree.RawActionStep | Tree.AgentStep => {
    const start = this.start();
    this.CONSUME(K.let);
    const name = this.CONSUME(T.Identifier);
    const nameAt = this.mark();
    let type: Tree.TypeRef | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      type = this.SUBRULE(this.typeRef);
    });
    this.CONSUME(T.Equals);
    // `raw` and `action` are plain names, so only the two words together start a raw action here.
    const raw = this.OPTION2({
      GATE: () => this.LA(1).image === 'raw' && this.LA(2).image === 'action',
      DEF: () => this.SUBRULE(this.rawActionStep),
    });
    // While recording, `raw` is a placeholder, and the rest of the rule must be recorded too.
    if (!this.RECORDING_PHASE && raw) return this.f.namedRawAction(raw, name, nameAt, type, this.rangeFrom(start));
    const agent = this.OPTION3({ GATE: () => this.agentAhead(), DEF: () => this.SUBRULE(this.agentStep) });
    if (!this.RECORDING_PHASE && agent) return this.f.namedAgent(agent, name, nameAt, type, this.rangeFrom(start));
    if (this.recovers) this.partial(() => this.f.letStep(name, nameAt, type, this.f.missing(this.here()), this.rangeFrom(start)));
    const value = this.SUBRULE(this.letValue);
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.letStep(name, nameAt, type, value, this.rangeFrom(start));
  });

  letValue = this.RULE(
    'letValue',
    (): Tree.LetValue =>
      this.OR<Tree.LetValue>((this.letValueAlternatives ??= [
        { ALT: () => this.SUBRULE(this.queryOperation) },
        { ALT: () => this.SUBRULE(this.aggregateOperation) },
        { ALT: () => this.SUBRULE(this.httpCall) },
        { ALT: () => this.SUBRULE(this.flowCall) },
        { ALT: () => this.SUBRULE(this.parseJsonOperation) },
        // `chunk` and `text` are plain names: only the two words together start a Chunk text.
        { GATE: () => this.LA(1).image === 'chunk' && this.LA(2).image === 'text', ALT: () => this.SUBRULE(this.chunkTextOperation) },
        // So are `transform` and `xml`: only the two words together start an Xslt transform.
        // `liquid` too, with the kind of its map after it.
        { GATE: () => this.LA(1).image === 'transform' && (this.LA(2).image === 'xml' || (this.LA(2).image === 'liquid' && this.LA(3).tokenType === T.StringLiteral)), ALT: () => this.SUBRULE(this.transformXmlOperation) },
        // So is `javascript`, inline code only before its string.
        { GATE: () => this.LA(1).image === 'javascript' && this.LA(2).tokenType === T.StringLiteral, ALT: () => this.SUBRULE(this.inlineCode) },
        // `current`, `future`, `past`, `add`, `subtract` and `convert` are plain names: only with `time` after them do they start a Date Time action.
        { GATE: () => isTimeOperationStart(this.LA(1).image, this.LA(2).image), ALT: () => this.SUBRULE(this.timeOperation) },
        // So are `html`, `csv` and `table`: only `html table` and `csv table` start a Table action.
        { GATE: () => isTableOperationStart(this.LA(1).image, this.LA(2).image), ALT: () => this.SUBRULE(this.tableOperation) },
        { ALT: () => this.SUBRULE(this.expression) },
      ])),
    this.missingExpression,
  );

  /**
   * `parse json EXPR as TYPE`, `parse json EXPR schema { JSON }` or `parse document EXPR`; `json`
   * and `document` are plain names (not reserved), checked here.
   */
  parseJsonOperation = this.RULE('parseJsonOperation', (): Tree.ParseJsonOperation | Tree.DocumentOperation | Tree.Expression => {
    const start = this.start();
    this.CONSUME(K.parse);
    const word = this.CONSUME(T.Identifier);
    const document = !this.RECORDING_PHASE && word.image === 'document';
    if (!this.RECORDING_PHASE && !document) this.f.expectWord(word, 'json', 'document');
    const content = this.SUBRULE(this.expression);
    let type: Tree.TypeRef | undefined;
    let schema: Tree.JsonObject | undefined;
    this.OR([
      // `schema` is a plain name elsewhere.
      { GATE: () => !document && this.schemaAhead(), ALT: () => {
        this.CONSUME2(T.Identifier);
        schema = this.SUBRULE(this.jsonObject);
      } },
      { GATE: () => !document, ALT: () => {
        this.CONSUME(K.as);
        type = this.SUBRULE(this.typeRef);
      } },
      { GATE: () => document, ALT: EMPTY_ALT() },
    ]);
    if (this.RECORDING_PHASE) return NOT_BUILT;
    if (document) return { kind: 'DocumentOperation', operation: 'parse document', content, range: this.rangeFrom(start) };
    return { kind: 'ParseJson', content, ...(type && { type }), ...(schema && { schema }), range: this.rangeFrom(start) };
  }, this.missingExpression);

  /** `html table ROWS [columns { … }]`, `csv table ROWS [columns { … }]`; `columns` is a plain name. */
  tableOperation = this.RULE('tableOperation', (): Tree.TableOperation | Tree.Expression => {
    const start = this.start();
    const format = this.CONSUME(T.Identifier);
    this.CONSUME2(T.Identifier);
    const from = this.SUBRULE(this.expression);
    let columns: Tree.RecordLiteral | undefined;
    this.OPTION({
      GATE: () => this.LA(1).image === 'columns' && this.LA(2).tokenType === T.LBrace,
      DEF: () => {
        this.CONSUME3(T.Identifier);
        columns = this.SUBRULE(this.recordLiteral);
      },
    });
    return this.RECORDING_PHASE ? NOT_BUILT : { kind: 'TableOperation', format: format.image as Tree.TableFormat, from, ...(columns && { columns }), range: this.rangeFrom(start) };
  }, this.missingExpression);

  /** `javascript "CODE"`. */
  inlineCode = this.RULE('inlineCode', (): Tree.InlineCode | Tree.Expression => {
    const start = this.start();
    this.CONSUME(T.Identifier);
    const code = this.CONSUME(T.StringLiteral);
    return this.RECORDING_PHASE ? NOT_BUILT : { kind: 'InlineCode', code: this.f.stringLiteral(code), range: this.rangeFrom(start) };
  }, this.missingExpression);

  /**
   * `current time`, `future time N UNIT`, `past time N UNIT`, `add time N UNIT to BASE`,
   * `subtract time N UNIT from BASE`, `convert time BASE from ZONE to ZONE [format FORMAT]`.
   */
  timeOperation = this.RULE('timeOperation', (): Tree.TimeOperation | Tree.Expression => {
    const start = this.start();
    const word = this.CONSUME(T.Identifier);
    this.CONSUME2(T.Identifier);
    const parts: TimeParts = {};
    // After `current time`, nothing; after the others an expression: the base of `convert` (then
    // `from`), else the amount (then its unit). The factory reports a shape its word does not take.
    this.OPTION({
      GATE: () => word.image !== 'current',
      DEF: () => {
        const first = this.SUBRULE(this.expression);
        this.OR([
          {
            ALT: () => {
              parts.base = first;
              this.CONSUME(K.from);
              parts.sourceZone = this.SUBRULE2(this.expression);
              this.CONSUME(K.to);
              parts.destinationZone = this.SUBRULE3(this.expression);
              this.OPTION2({
                GATE: () => this.LA(1).image === 'format',
                DEF: () => {
                  this.CONSUME3(T.Identifier);
                  parts.format = this.SUBRULE4(this.expression);
                },
              });
            },
          },
          {
            ALT: () => {
              parts.amount = first;
              parts.unit = this.CONSUME4(T.Identifier);
              this.OPTION3(() => {
                this.CONSUME2(K.to);
                parts.base = this.SUBRULE5(this.expression);
                parts.baseAfter = 'to';
              });
              this.OPTION4(() => {
                this.CONSUME2(K.from);
                parts.base = this.SUBRULE6(this.expression);
                parts.baseAfter = 'from';
              });
            },
          },
        ]);
      },
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.timeOperation(word, parts, this.rangeFrom(start));
  }, this.missingExpression);

  /** `chunk text EXPR [by N tokens] [overlap N] [encoding "MODEL"]`; `chunk`, `text`, `tokens`, `overlap` and `encoding` are plain names. */
  chunkTextOperation = this.RULE('chunkTextOperation', (): Tree.DocumentOperation | Tree.Expression => {
    const start = this.start();
    this.CONSUME(T.Identifier);
    this.CONSUME2(T.Identifier);
    const content = this.SUBRULE(this.expression);
    let tokens: IToken | undefined;
    let overlap: IToken | undefined;
    let encoding: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(K.by);
      tokens = this.CONSUME(T.NumberLiteral);
      const word = this.CONSUME3(T.Identifier);
      if (!this.RECORDING_PHASE) this.f.expectWord(word, 'tokens');
    });
    this.OPTION2({
      GATE: () => this.LA(1).image === 'overlap' && this.LA(2).tokenType === T.NumberLiteral,
      DEF: () => {
        this.CONSUME4(T.Identifier);
        overlap = this.CONSUME2(T.NumberLiteral);
      },
    });
    this.OPTION3({
      GATE: () => this.LA(1).image === 'encoding' && this.LA(2).tokenType === T.StringLiteral,
      DEF: () => {
        this.CONSUME5(T.Identifier);
        encoding = this.CONSUME(T.StringLiteral);
      },
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.chunkText(content, tokens, overlap, encoding, this.rangeFrom(start));
  }, this.missingExpression);

  /** `transform xml EXPR with [app | data] map "NAME" [parameters { "NAME": EXPR, … }]`; `transform`, `xml`, `app`, `data`, `map` and `parameters` are plain names. */
  transformXmlOperation = this.RULE('transformXmlOperation', (): Tree.DocumentOperation | Tree.Expression => {
    const start = this.start();
    this.CONSUME(T.Identifier);
    const word2 = this.CONSUME2(T.Identifier);
    let liquidKind: IToken | undefined;
    this.OPTION3({
      GATE: () => word2.image === 'liquid',
      DEF: () => {
        liquidKind = this.CONSUME2(T.StringLiteral);
      },
    });
    const content = this.SUBRULE(this.expression);
    this.CONSUME(K.with);
    let word: IToken | undefined;
    this.OPTION({
      GATE: () => this.LA(2).image === 'map',
      DEF: () => {
        word = this.CONSUME3(T.Identifier);
      },
    });
    const mapWord = this.CONSUME4(T.Identifier);
    if (!this.RECORDING_PHASE) this.f.expectWord(mapWord, 'map');
    const name = this.CONSUME(T.StringLiteral);
    let parameters: Tree.HeaderEntry[] | undefined;
    this.OPTION2({
      GATE: () => this.LA(1).image === 'parameters' && this.LA(2).tokenType === T.LBrace,
      DEF: () => {
        this.CONSUME5(T.Identifier);
        parameters = this.SUBRULE(this.headerEntries);
      },
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.transformXml(content, word, name, parameters, this.rangeFrom(start), liquidKind);
  }, this.missingExpression);

  varStep = this.RULE('varStep', (): Tree.VarStep => {
    const start = this.start();
    this.CONSUME(K.var);
    const name = this.CONSUME(T.Identifier);
    const nameAt = this.mark();
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.typeRef);
    let value: Tree.Expression | undefined;
    // Without `= EXPR`, the variable starts empty.
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      if (this.recovers) this.partial(() => this.f.varStep(name, nameAt, type, this.f.missing(this.here()), this.rangeFrom(start)));
      value = this.SUBRULE(this.expression);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.varStep(name, nameAt, type, value, this.rangeFrom(start));
  });

  setStep = this.RULE('setStep', (): Tree.SetStep => {
    const start = this.start();
    this.CONSUME(K.set);
    const target = this.CONSUME(T.Identifier);
    const targetAt = this.mark();
    this.CONSUME(T.Equals);
    if (this.recovers) this.partial(() => ({
      kind: 'Set',
      target: this.f.identifier(target, targetAt),
      value: this.f.missing(this.here()),
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    }));
    const value = this.SUBRULE(this.expression);
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Set',
      target: this.f.identifier(target, targetAt),
      value,
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  appendStep = this.RULE('appendStep', (): Tree.AppendStep => {
    const start = this.start();
    this.CONSUME(K.append);
    const value = this.SUBRULE(this.expression);
    this.CONSUME(K.to);
    const target = this.CONSUME(T.Identifier);
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Append',
      value,
      target: this.f.identifier(target, this.here()),
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  storeStep = this.RULE('storeStep', (): Tree.StoreStep => {
    const start = this.start();
    this.CONSUME(K.store);
    const value = this.SUBRULE(this.expression);
    if (this.recovers) this.partial(() => {
      const at = this.here();
      const target: Tree.StoreTarget = { kind: 'StoreTarget', store: this.f.identifier(undefined, at), args: [], range: emptyAt(at) };
      return { kind: 'Store', value, target, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
    });
    this.CONSUME(K.in);
    const target = this.SUBRULE(this.storeTarget);
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Store',
      value,
      target,
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  deleteStep = this.RULE('deleteStep', (): Tree.DeleteStep => {
    const start = this.start();
    this.CONSUME(K.delete);
    const id = this.SUBRULE(this.expression);
    if (this.recovers) this.partial(() => {
      const at = this.here();
      const target: Tree.StoreTarget = { kind: 'StoreTarget', store: this.f.identifier(undefined, at), args: [], range: emptyAt(at) };
      return { kind: 'Delete', id, target, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
    });
    this.CONSUME(K.from);
    const target = this.SUBRULE(this.storeTarget);
    let partition: Tree.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(K.partition);
      partition = this.SUBRULE2(this.expression);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Delete',
      id,
      target,
      ...(partition && { partition }),
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  /**
   * `agent "CONNECTION" model "DEPLOYMENT" messages EXPR [options { JSON }] [tools { tool … }]`;
   * `agent`, `model`, `messages`, `options`, `tools` and `tool` are plain names elsewhere.
   */
  agentStep = this.RULE('agentStep', (): Tree.AgentStep => {
    const start = this.start();
    this.CONSUME(T.Identifier);
    const requestStart = this.start();
    const connection = this.CONSUME(T.StringLiteral);
    const modelWord = this.CONSUME2(T.Identifier);
    const deployment = this.CONSUME2(T.StringLiteral);
    const deploymentAt = this.mark();
    const messagesWord = this.CONSUME3(T.Identifier);
    const messages = this.SUBRULE(this.expression);
    const request = this.RECORDING_PHASE ? NOT_BUILT : this.f.agentRequest(connection, modelWord, deployment, deploymentAt, messagesWord, messages, this.rangeFrom(requestStart));
    let options: Tree.JsonObject | undefined;
    this.OPTION({
      GATE: () => this.wordBeforeBrace('options'),
      DEF: () => {
        this.CONSUME4(T.Identifier);
        options = this.SUBRULE(this.jsonObject);
      },
    });
    const tools: Tree.AgentTool[] = [];
    this.OPTION2({
      GATE: () => this.wordBeforeBrace('tools'),
      DEF: () => {
        this.CONSUME5(T.Identifier);
        this.CONSUME(T.LBrace);
        this.MANY(() => {
          const tool = this.SUBRULE(this.agentTool);
          if (!this.RECORDING_PHASE && tool) tools.push(tool);
        });
        this.CONSUME(T.RBrace);
      },
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.agentStep(request, options, tools, this.rangeFrom(start));
  });

  agentTool = this.RULE('agentTool', (): Tree.AgentTool => {
    const start = this.start();
    const word = this.CONSUME(T.Identifier);
    const name = this.CONSUME2(T.Identifier);
    const nameAt = this.mark();
    const description = this.CONSUME(T.StringLiteral);
    const descriptionAt = this.mark();
    let schema: Tree.JsonObject | undefined;
    this.OPTION({
      GATE: () => this.schemaAhead(),
      DEF: () => {
        this.CONSUME3(T.Identifier);
        schema = this.SUBRULE(this.jsonObject);
      },
    });
    const body = this.SUBRULE(this.block);
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.agentTool(word, name, nameAt, description, descriptionAt, schema, body, this.rangeFrom(start));
  });

  rawActionStep = this.RULE('rawActionStep', (): Tree.RawActionStep => {
    const start = this.start();
    this.CONSUME(T.Identifier);
    this.CONSUME2(T.Identifier);
    const name = this.CONSUME(T.StringLiteral);
    const nameAt = this.mark();
    const body = this.SUBRULE(this.jsonObject);
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'RawAction',
      name: isReal(name) ? this.f.stringLiteral(name) : this.f.emptyString(nameAt),
      body,
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  jsonObject = this.RULE(
    'jsonObject',
    (): Tree.JsonObject => {
      const start = this.start();
      this.CONSUME(T.LBrace);
      const members: Tree.JsonMember[] = [];
      this.MANY(() => {
        const memberStart = this.start();
        const key = this.CONSUME(T.StringLiteral);
        this.CONSUME(T.Colon);
        const value = this.SUBRULE(this.jsonValue);
        if (!this.RECORDING_PHASE && isReal(key)) {
          members.push({ kind: 'JsonMember', key: this.f.stringLiteral(key), value, range: this.rangeFrom(memberStart) });
        }
        this.OPTION(() => this.CONSUME(T.Comma));
      });
      this.CONSUME(T.RBrace);
      return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'JsonObject', members, range: this.rangeFrom(start) });
    },
    { recoveryValueFunc: (): Tree.JsonObject => ({ kind: 'JsonObject', members: [], range: emptyAt(this.here()) }) },
  );

  jsonValue = this.RULE(
    'jsonValue',
    (): Tree.JsonValue => {
      const start = this.start();
      return this.OR<Tree.JsonValue>([
        { ALT: () => this.SUBRULE(this.jsonObject) },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            const elements: Tree.JsonValue[] = [];
            this.MANY(() => {
              const element = this.SUBRULE(this.jsonValue);
              if (!this.RECORDING_PHASE) elements.push(element);
              this.OPTION(() => this.CONSUME(T.Comma));
            });
            this.CONSUME(T.RBracket);
            return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'JsonArray' as const, elements, range: this.rangeFrom(start) });
          },
        },
        {
          ALT: () => {
            const string = this.CONSUME(T.StringLiteral);
            return this.RECORDING_PHASE ? NOT_BUILT : this.f.stringLiteral(string);
          },
        },
        {
          ALT: () => {
            let negative = false;
            this.OPTION2(() => {
              this.CONSUME(T.Minus);
              negative = true;
            });
            const number = this.CONSUME(T.NumberLiteral);
            if (this.RECORDING_PHASE) return NOT_BUILT;
            const text = `${negative ? '-' : ''}${number.image}`;
            return { kind: 'JsonNumber' as const, value: Number(text), text, range: this.rangeFrom(start) };
          },
        },
        {
          ALT: () => {
            const token = this.OR2([{ ALT: () => this.CONSUME(K.true) }, { ALT: () => this.CONSUME(K.false) }, { ALT: () => this.CONSUME(K.null) }]);
            if (this.RECORDING_PHASE) return NOT_BUILT;
            const value = token.image === 'null' ? null : token.image === 'true';
            return { kind: 'JsonLiteral' as const, value, range: this.rangeFrom(start) };
          },
        },
      ]);
    },
    { recoveryValueFunc: (): Tree.JsonValue => ({ kind: 'JsonLiteral', value: null, range: emptyAt(this.here()) }) },
  );

  storeTarget = this.RULE(
    'storeTarget',
    (): Tree.StoreTarget => {
      const start = this.start();
      const store = this.CONSUME(T.Identifier);
      const storeAt = this.mark();
      this.CONSUME(T.LParen);
      const args: Tree.StringLiteral[] = [];
      this.OPTION(() => {
        const first = this.CONSUME(T.StringLiteral);
        if (!this.RECORDING_PHASE && isReal(first)) args.push(this.f.stringLiteral(first));
        this.MANY(() => {
          this.CONSUME(T.Comma);
          const next = this.CONSUME2(T.StringLiteral);
          if (!this.RECORDING_PHASE && isReal(next)) args.push(this.f.stringLiteral(next));
        });
      });
      this.CONSUME(T.RParen);
      return this.RECORDING_PHASE ? NOT_BUILT : ({
        kind: 'StoreTarget',
        store: this.f.identifier(store, storeAt),
        args,
        range: this.rangeFrom(start),
      });
    },
    {
      recoveryValueFunc: (): Tree.StoreTarget => {
        const at = this.here();
        return { kind: 'StoreTarget', store: this.f.identifier(undefined, at), args: [], range: emptyAt(at) };
      },
    },
  );

  queryOperation = this.RULE('queryOperation', (): Tree.QueryOperation | Tree.Expression => {
    const start = this.start();
    this.CONSUME(K.query);
    const source = this.SUBRULE(this.storeTarget);
    let name: Tree.Expression | undefined;
    let where: Tree.Expression | undefined;
    let returns: Tree.TypeRef | undefined;
    this.OPTION3({
      // `name` is a plain name elsewhere.
      GATE: () => this.LA(1).image === 'name',
      DEF: () => {
        this.CONSUME(T.Identifier);
        name = this.SUBRULE2(this.expression);
      },
    });
    this.OPTION(() => {
      this.CONSUME(K.where);
      where = this.SUBRULE(this.expression);
    });
    this.OPTION2(() => {
      this.CONSUME(K.returns);
      returns = this.SUBRULE(this.typeRef);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.query(source, name, where, returns, this.rangeFrom(start));
  }, this.missingExpression);

  aggregateOperation = this.RULE('aggregateOperation', (): Tree.AggregateOperation | Tree.Expression => {
    const start = this.start();
    this.CONSUME(K.aggregate);
    const source = this.SUBRULE(this.expression);
    this.CONSUME(K.by);
    const by = this.CONSUME(T.Name);
    const byAt = this.mark();
    this.CONSUME(T.LBrace);
    const outputs: Tree.AggregateOutput[] = [];
    this.MANY(() => {
      const output = this.SUBRULE(this.aggregateOutput);
      if (!this.RECORDING_PHASE && output) outputs.push(output);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Aggregate',
      source,
      by: this.f.identifier(by, byAt),
      outputs,
      range: this.rangeFrom(start),
    });
  }, this.missingExpression);

  aggregateOutput = this.RULE(
    'aggregateOutput',
    (): Tree.AggregateOutput | undefined => {
      const start = this.start();
      const name = this.CONSUME(T.Name);
      this.CONSUME(T.Colon);
      const fn = this.CONSUME(T.Identifier);
      const fnAt = this.mark();
      this.CONSUME(T.LParen);
      let field: IToken | undefined;
      this.OPTION(() => (field = this.CONSUME2(T.Name)));
      this.CONSUME(T.RParen);
      return this.RECORDING_PHASE ? NOT_BUILT : this.f.aggregateOutput(name, fn, fnAt, field, this.rangeFrom(start));
    },
    this.nothing,
  );

  callStep = this.RULE(
    'callStep',
    (): Tree.HttpCallStep | Tree.FlowCallStep | undefined =>
      this.OR<Tree.HttpCallStep | Tree.FlowCallStep | undefined>([
        {
          ALT: () => {
            const call = this.SUBRULE(this.httpCall);
            return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'HttpCallStep', call, annotations: NO_ANNOTATIONS, range: call.range });
          },
        },
        {
          ALT: () => {
            const call = this.SUBRULE(this.flowCall);
            return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'FlowCallStep', call, annotations: NO_ANNOTATIONS, range: call.range });
          },
        },
      ]),
    this.nothing,
  );

  httpCall = this.RULE('httpCall', (): Tree.HttpCall => {
    const start = this.start();
    this.CONSUME(K.call);
    let connector: Tree.StringLiteral | undefined;
    let service: Tree.StringLiteral | undefined;
    let method: IToken | undefined;
    let methodAt = 0;
    let workflow = false;
    let azureFunction = false;
    let api = false;
    this.OR1([
      {
        ALT: () => {
          this.CONSUME(K.http);
          // `delete` is a keyword (the step) and an HTTP method.
          method = this.OR2([{ ALT: () => this.CONSUME2(T.Identifier) }, { ALT: () => this.CONSUME(K.delete) }]);
          methodAt = this.mark();
        },
      },
      {
        // `connector` is a plain name elsewhere.
        GATE: () => this.LA(1).image === 'connector',
        ALT: () => {
          this.CONSUME(T.Identifier);
          const key = this.CONSUME(T.StringLiteral);
          const keyAt = this.mark();
          if (!this.RECORDING_PHASE) connector = isReal(key) ? this.f.stringLiteral(key) : this.f.emptyString(keyAt);
          method = this.OR3([{ ALT: () => this.CONSUME5(T.Identifier) }, { ALT: () => this.CONSUME2(K.delete) }]);
          methodAt = this.mark();
        },
      },
      {
        // `call service "KEY" "PROVIDER" "OPERATION"`: a Standard built-in operation, no method. `service` is a plain name elsewhere.
        GATE: () => this.LA(1).image === 'service',
        ALT: () => {
          this.CONSUME3(T.Identifier);
          const key = this.CONSUME2(T.StringLiteral);
          const keyAt = this.mark();
          const provider = this.CONSUME3(T.StringLiteral);
          const providerAt = this.mark();
          if (!this.RECORDING_PHASE) {
            connector = isReal(key) ? this.f.stringLiteral(key) : this.f.emptyString(keyAt);
            service = isReal(provider) ? this.f.stringLiteral(provider) : this.f.emptyString(providerAt);
          }
        },
      },
      {
        // `call function METHOD ID`: an Azure function by its resource id. `function` is a plain name elsewhere.
        GATE: () => this.LA(1).image === 'function',
        ALT: () => {
          this.CONSUME7(T.Identifier);
          azureFunction = true;
          method = this.OR4([{ ALT: () => this.CONSUME8(T.Identifier) }, { ALT: () => this.CONSUME3(K.delete) }]);
          methodAt = this.mark();
        },
      },
      {
        // `call api METHOD ID "PATH"`: an API Management API by its resource id. `api` is a plain name elsewhere.
        GATE: () => this.LA(1).image === 'api',
        ALT: () => {
          this.consume(10, T.Identifier);
          api = true;
          method = this.or(5, [{ ALT: () => this.consume(11, T.Identifier) }, { ALT: () => this.consume(4, K.delete) }]);
          methodAt = this.mark();
        },
      },
      {
        // `call workflow ID`: another logic app by its resource id, no method. `workflow` is a plain name elsewhere.
        GATE: () => this.LA(1).image === 'workflow',
        ALT: () => {
          this.CONSUME6(T.Identifier);
          workflow = true;
        },
      },
    ]);
    const url = this.SUBRULE(this.expression);
    let apiPath: Tree.StringLiteral | undefined;
    let subscriptionKey: Tree.Expression | undefined;
    this.option(9, {
      GATE: () => api,
      DEF: () => {
        const path = this.consume(5, T.StringLiteral);
        if (!this.RECORDING_PHASE) apiPath = this.f.stringLiteral(path);
        // `key EXPR`: `key` is a plain name elsewhere.
        this.option(10, {
          GATE: () => this.LA(1).image === 'key',
          DEF: () => {
            this.consume(12, T.Identifier);
            subscriptionKey = this.subrule(4, this.expression);
          },
        });
      },
    });
    let triggerName: Tree.StringLiteral | undefined;
    this.OPTION6({
      GATE: () => workflow && this.LA(2).tokenType === T.StringLiteral,
      DEF: () => {
        this.CONSUME(K.trigger);
        const name = this.CONSUME4(T.StringLiteral);
        if (!this.RECORDING_PHASE) triggerName = this.f.stringLiteral(name);
      },
    });
    let queries: Tree.HeaderEntry[] | undefined;
    let headers: Tree.HeaderEntry[] | undefined;
    let body: Tree.Expression | undefined;
    let returns: Tree.TypeRef | undefined;
    this.OPTION5({
      // `queries` is a plain name elsewhere.
      GATE: () => this.LA(1).image === 'queries' && this.LA(2).tokenType === T.LBrace,
      DEF: () => {
        this.CONSUME4(T.Identifier);
        queries = this.SUBRULE(this.headerEntries);
      },
    });
    this.OPTION(() => {
      this.CONSUME(K.headers);
      headers = this.SUBRULE2(this.headerEntries);
    });
    let auth: Tree.Expression | undefined;
    this.OPTION7({
      // `auth { … }`: `auth` is a plain name elsewhere.
      GATE: () => this.LA(1).image === 'auth' && this.LA(2).tokenType === T.LBrace,
      DEF: () => {
        this.CONSUME9(T.Identifier);
        auth = this.SUBRULE3(this.expression);
      },
    });
    this.OPTION3(() => {
      this.CONSUME(K.body);
      body = this.SUBRULE2(this.expression);
    });
    this.OPTION4(() => {
      this.CONSUME(K.returns);
      returns = this.SUBRULE(this.typeRef);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.httpCall({ connector, service, method, methodAt, url, workflow, azureFunction, apiPath, subscriptionKey, triggerName, queries, headers, auth, body, returns }, this.rangeFrom(start));
  }, {
    recoveryValueFunc: (): Tree.HttpCall => {
      const at = this.here();
      return { kind: 'HttpCall', method: this.f.identifier(undefined, at), url: this.f.missing(at), range: emptyAt(at) };
    },
  });

  /** `{ NAME: EXPR, … }` after `headers` or `queries`. */
  headerEntries = this.RULE('headerEntries', (): Tree.HeaderEntry[] => {
    this.CONSUME(T.LBrace);
    const entries: Tree.HeaderEntry[] = [];
    this.MANY(() => {
      const entry = this.SUBRULE(this.headerEntry);
      if (!this.RECORDING_PHASE && entry) entries.push(entry);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
    return entries;
  }, { recoveryValueFunc: (): Tree.HeaderEntry[] => [] });

  headerEntry = this.RULE(
    'headerEntry',
    (): Tree.HeaderEntry | undefined => {
      const start = this.start();
      const name = this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.Name) }]);
      this.CONSUME(T.Colon);
      const value = this.SUBRULE(this.expression);
      return this.RECORDING_PHASE ? NOT_BUILT : ({
        kind: 'Header',
        name: this.f.entryName(name, start),
        value,
        range: this.rangeFrom(start),
      });
    },
    this.nothing,
  );

  flowCall = this.RULE('flowCall', (): Tree.FlowCall => {
    const start = this.start();
    this.CONSUME(K.call);
    this.CONSUME(K.flow);
    const name = this.CONSUME(T.Identifier);
    const nameAt = this.mark();
    let argument: Tree.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(K.with);
      argument = this.SUBRULE(this.expression);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'FlowCall',
      flow: this.f.identifier(name, nameAt),
      ...(argument && { argument }),
      range: this.rangeFrom(start),
    });
  }, {
    recoveryValueFunc: (): Tree.FlowCall => {
      const at = this.here();
      return { kind: 'FlowCall', flow: this.f.identifier(undefined, at), range: emptyAt(at) };
    },
  });

  /** `send mail CONNECTOR to … subject … body …`, or `send EXPR to TARGET` (a message). */
  sendStep = this.RULE('sendStep', (): Tree.SendMailStep | Tree.SendMessageStep => {
    const start = this.start();
    this.CONSUME(K.send);
    return this.OR<Tree.SendMailStep | Tree.SendMessageStep>([
      {
        ALT: () => {
          this.CONSUME(K.mail);
          const connector = this.CONSUME(T.Identifier);
          const connectorAt = this.mark();
          this.CONSUME(K.to);
          const to = this.SUBRULE(this.expression);
          this.CONSUME(K.subject);
          const subject = this.SUBRULE2(this.expression);
          this.CONSUME(K.body);
          const body = this.SUBRULE3(this.expression);
          return this.RECORDING_PHASE ? NOT_BUILT : this.f.sendMail(connector, connectorAt, to, subject, body, this.rangeFrom(start));
        },
      },
      {
        ALT: () => {
          const value = this.SUBRULE4(this.expression);
          if (this.recovers) this.partial(() => {
            const at = this.here();
            const target: Tree.StoreTarget = { kind: 'StoreTarget', store: this.f.identifier(undefined, at), args: [], range: emptyAt(at) };
            return { kind: 'SendMessage', value, target, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) };
          });
          this.CONSUME2(K.to);
          const target = this.SUBRULE(this.storeTarget);
          return this.RECORDING_PHASE ? NOT_BUILT : ({
            kind: 'SendMessage' as const,
            value,
            target,
            annotations: NO_ANNOTATIONS,
            range: this.rangeFrom(start),
          });
        },
      },
    ]);
  });

  /**
   * `if COND { … } [else if COND { … }]… [else { … }]`. The `else if` links are read in a loop and
   * nested from the last (each is the `else` of the one before), so that a chain of thousands never
   * recurses once a link; parser.ts then cuts a chain that nests the steps too deeply.
   */
  ifStep = this.RULE('ifStep', (): Tree.IfStep => {
    const start = this.start();
    this.CONSUME(K.if);
    const condition = this.SUBRULE(this.expression);
    const links: IfLink[] = [{ start, condition, then: undefined }];
    const emptyBlock = (): Tree.Block => ({ kind: 'Block', steps: [], range: emptyAt(this.here()) });
    // Broken inside a link, the chain keeps the links before it.
    if (this.recovers) this.partial(() => nestIfLinks(links, emptyBlock(), undefined, this.here()));
    links[0]!.then = this.SUBRULE(this.block);
    this.MANY(() => {
      this.CONSUME(K.else);
      const linkStart = this.start();
      this.CONSUME2(K.if);
      const linkCondition = this.SUBRULE2(this.expression);
      if (!this.RECORDING_PHASE) links.push({ start: linkStart, condition: linkCondition, then: undefined });
      const linkThen = this.SUBRULE2(this.block);
      if (!this.RECORDING_PHASE) links[links.length - 1]!.then = linkThen;
    });
    let otherwise: Tree.Block | undefined;
    this.OPTION(() => {
      this.CONSUME2(K.else);
      otherwise = this.SUBRULE3(this.block);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : nestIfLinks(links, emptyBlock(), otherwise, this.here());
  });

  forEachStep = this.RULE('forEachStep', (): Tree.ForEachStep => {
    const start = this.start();
    this.CONSUME(K.for);
    this.CONSUME(K.each);
    const variable = this.CONSUME(T.Identifier);
    const variableAt = this.mark();
    this.CONSUME(K.in);
    const iterable = this.SUBRULE(this.expression);
    const body = this.SUBRULE(this.block);
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.forEach(variable, variableAt, iterable, body, this.rangeFrom(start));
  });

  switchStep = this.RULE('switchStep', (): Tree.SwitchStep => {
    const start = this.start();
    this.CONSUME(K.switch);
    const subject = this.SUBRULE(this.expression);
    this.CONSUME(T.LBrace);
    const cases: Tree.SwitchCase[] = [];
    this.MANY(() => {
      const switchCase = this.SUBRULE(this.switchCase);
      if (!this.RECORDING_PHASE && switchCase) cases.push(switchCase);
    });
    let fallback: Tree.Block | undefined;
    this.OPTION(() => {
      this.CONSUME(K.default);
      fallback = this.SUBRULE(this.block);
    });
    this.CONSUME(T.RBrace);
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Switch',
      subject,
      cases,
      ...(fallback && { default: fallback }),
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  switchCase = this.RULE(
    'switchCase',
    (): Tree.SwitchCase | undefined => {
      const start = this.start();
      this.CONSUME(K.case);
      const value = this.SUBRULE(this.literal);
      const body = this.SUBRULE(this.block);
      return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Case', value, body, range: this.rangeFrom(start) });
    },
    this.nothing,
  );

  literal = this.RULE(
    'literal',
    (): Tree.SwitchCase['value'] =>
      this.OR<Tree.SwitchCase['value']>([
        {
          ALT: () => {
            const string = this.CONSUME(T.StringLiteral);
            return this.RECORDING_PHASE ? NOT_BUILT : this.f.stringLiteral(string);
          },
        },
        {
          ALT: () => {
            let minus: IToken | undefined;
            this.OPTION(() => (minus = this.CONSUME(T.Minus)));
            const number = this.CONSUME(T.NumberLiteral);
            if (this.RECORDING_PHASE) return NOT_BUILT;
            const literal = this.f.numberLiteral(number);
            return minus ? this.f.negativeNumber(minus, literal) : literal;
          },
        },
        {
          ALT: () => {
            const token = this.OR2([{ ALT: () => this.CONSUME(K.true) }, { ALT: () => this.CONSUME(K.false) }]);
            return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Boolean', value: token.image === 'true', range: T.tokenRange(token) });
          },
        },
      ]),
    { recoveryValueFunc: (): Tree.SwitchCase['value'] => this.f.emptyString(this.here()) },
  );

  untilStep = this.RULE('untilStep', (): Tree.UntilStep => {
    const start = this.start();
    this.CONSUME(K.until);
    const condition = this.SUBRULE(this.expression);
    const body = this.SUBRULE(this.block);
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Until',
      condition,
      body,
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  tryStep = this.RULE('tryStep', (): Tree.TryStep => {
    const start = this.start();
    this.CONSUME(K.try);
    const body = this.SUBRULE(this.block);
    let handler: Tree.Block | undefined;
    this.OPTION(() => {
      this.CONSUME(K.catch);
      handler = this.SUBRULE2(this.block);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Try',
      body,
      ...(handler && { catch: handler }),
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  /** `scope { … }`: a Scope of its own, which contains no failure (a `try` without its catch). */
  scopeStep = this.RULE('scopeStep', (): Tree.TryStep => {
    const start = this.start();
    this.CONSUME(T.Identifier);
    const body = this.SUBRULE(this.block);
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Try',
      body,
      scope: true,
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  waitStep = this.RULE('waitStep', (): Tree.WaitStep => {
    const start = this.start();
    this.CONSUME(K.wait);
    let duration: Tree.Duration | undefined;
    let until: Tree.Expression | undefined;
    let amount: Tree.Expression | undefined;
    let unit: Tree.Identifier | undefined;
    // One token decides: a number is `wait N UNIT` (whose missing unit is then reported after it).
    this.OR({ MAX_LOOKAHEAD: 1, DEF: [
      // `wait 5 minutes`: a number and its unit; any other amount is an expression (`wait (EXPR) UNIT`,
      // in parentheses when it starts with a number, as `@count((2 * n))`).
      { GATE: () => this.LA(1).tokenType === T.NumberLiteral, ALT: () => { duration = this.SUBRULE(this.duration); }, IGNORE_AMBIGUITIES: true },
      { ALT: () => {
        this.CONSUME(K.until);
        until = this.SUBRULE(this.expression);
      } },
      { ALT: () => {
        amount = this.SUBRULE2(this.expression);
        const word = this.CONSUME(T.Identifier);
        unit = this.RECORDING_PHASE ? undefined : this.f.identifier(word, this.here());
      }, IGNORE_AMBIGUITIES: true },
    ] });
    return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Wait', ...(duration && { duration }), ...(until && { until }), ...(amount && { amount }), ...(unit && { unit }), annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) });
  });

  respondStep = this.RULE('respondStep', (): Tree.RespondStep => {
    const start = this.start();
    this.CONSUME(K.respond);
    let status: Tree.Expression | undefined;
    // `respond 200`: a number is the literal form; any other status is an expression (`respond
    // probe.statusCode`, `respond (EXPR)`: in parentheses when it starts with a number, as a wait's amount).
    this.OR({ MAX_LOOKAHEAD: 1, DEF: [
      { GATE: () => this.LA(1).tokenType === T.NumberLiteral, ALT: () => {
        const literal = this.CONSUME(T.NumberLiteral);
        const statusAt = this.mark();
        status = this.RECORDING_PHASE ? undefined : isReal(literal) ? this.f.numberLiteral(literal) : { kind: 'Number', value: NaN, isInteger: false, text: '', range: emptyAt(statusAt) };
      }, IGNORE_AMBIGUITIES: true },
      { ALT: () => { status = this.SUBRULE3(this.expression); }, IGNORE_AMBIGUITIES: true },
    ] });
    let headers: Tree.HeaderEntry[] | undefined;
    let body: Tree.Expression | undefined;
    this.OPTION2(() => {
      this.CONSUME(K.headers);
      headers = this.SUBRULE(this.headerEntries);
    });
    this.OPTION(() => {
      this.CONSUME(K.body);
      body = this.SUBRULE(this.expression);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : ({
      kind: 'Respond',
      status: status!,
      ...(headers && { headers }),
      ...(body && { body }),
      annotations: NO_ANNOTATIONS,
      range: this.rangeFrom(start),
    });
  });

  parallelStep = this.RULE('parallelStep', (): Tree.ParallelStep => {
    const start = this.start();
    this.CONSUME(K.parallel);
    const branches: Tree.Block[] = [];
    const first = this.SUBRULE(this.block);
    if (!this.RECORDING_PHASE) branches.push(first);
    this.AT_LEAST_ONE(() => {
      this.CONSUME(K.and);
      const next = this.SUBRULE2(this.block);
      if (!this.RECORDING_PHASE) branches.push(next);
    });
    return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Parallel', branches, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) });
  });

  /** `stop succeeded | failed | cancelled`. */
  stopStep = this.RULE('stopStep', (): Tree.StopStep => {
    const start = this.start();
    this.CONSUME(T.Identifier);
    const status = this.CONSUME2(T.Identifier);
    return this.RECORDING_PHASE ? NOT_BUILT : this.f.stopStep(status, this.rangeFrom(start));
  });

  failStep = this.RULE('failStep', (): Tree.FailStep => {
    const start = this.start();
    this.CONSUME(K.fail);
    if (this.recovers) this.partial(() => ({ kind: 'Fail', message: this.f.missing(this.here()), annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) }));
    const message = this.SUBRULE(this.expression);
    return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Fail', message, annotations: NO_ANNOTATIONS, range: this.rangeFrom(start) });
  });

  // -------------------------------------------------------------------------------------------
  // Expressions
  //
  // An expression is read as a flat list, `prefix* postfix (operator prefix* postfix | select
  // record)*`, where the operators include `where`; the factory gives it its structure by
  // precedence. Two grammar rules a nesting level (expression, postfix) keep deep nesting, and the
  // error recovery that may run at its bottom, far from the stack limit.

  expression = this.RULE(
    'expression',
    (): Tree.Expression => {
      // Most expressions are one operand without prefixes: no list is made for them.
      let firstPrefixes: IToken[] | undefined;
      this.MANY(() => {
        const prefix = this.SUBRULE(this.prefixOperator);
        if (!this.RECORDING_PHASE) (firstPrefixes ??= []).push(prefix);
      });
      const first = this.SUBRULE(this.postfixExpression);
      let rest: OperatorStep[] | undefined;
      this.MANY2(() => {
        const step = this.OR((this.operatorAlternatives ??= [
          {
            ALT: (): OperatorStep => {
              const operator = this.CONSUME(T.BinaryOperator);
              const prefixes: IToken[] = [];
              this.MANY3(() => {
                const prefix = this.SUBRULE2(this.prefixOperator);
                if (!this.RECORDING_PHASE) prefixes.push(prefix);
              });
              const operand = this.SUBRULE2(this.postfixExpression);
              return { operator, operand: { prefixes, expression: operand } };
            },
          },
          {
            ALT: (): OperatorStep => {
              const select = this.CONSUME(K.select);
              // The projection is one operand: a record literal, a name, a call, … (`select (EXPR)` for more).
              return { select, projection: this.SUBRULE3(this.postfixExpression) };
            },
          },
        ]));
        if (!this.RECORDING_PHASE) (rest ??= []).push(step);
      });
      if (this.RECORDING_PHASE) return NOT_BUILT;
      if (!firstPrefixes && !rest) return first;
      return this.f.expression({ prefixes: firstPrefixes ?? [], expression: first } as Operand, rest ?? []);
    },
    this.missingExpression,
  );

  prefixOperator = this.RULE('prefixOperator', (): IToken =>
    this.OR((this.prefixAlternatives ??= [{ ALT: () => this.CONSUME(K.not) }, { ALT: () => this.CONSUME(T.Minus) }])),
  );

  /** An interpolation `${…}` holds exactly one expression. */
  interpolation = this.RULE('interpolation', (): Tree.Expression => this.SUBRULE(this.expression), this.missingExpression);

  /** A primary expression followed by member accesses and indexes. */
  postfixExpression = this.RULE(
    'postfixExpression',
    (): Tree.Expression => {
      let result = this.OR<Tree.Expression>((this.primaryAlternatives ??= [
        {
          ALT: () => {
            const token = this.CONSUME(T.StringLiteral);
            return this.RECORDING_PHASE ? NOT_BUILT : this.f.stringLiteral(token);
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(T.NumberLiteral);
            return this.RECORDING_PHASE ? NOT_BUILT : this.f.numberLiteral(token);
          },
        },
        {
          ALT: () => {
            const token = this.OR2([{ ALT: () => this.CONSUME(K.true) }, { ALT: () => this.CONSUME(K.false) }]);
            return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Boolean', value: token.image === 'true', range: T.tokenRange(token) });
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(K.null);
            return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Null', range: T.tokenRange(token) });
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(K.trigger);
            return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Name', name: this.f.identifier(token, 0), range: T.tokenRange(token) });
          },
        },
        {
          // A name, or a call: the commonest primary, read here rather than in a rule of its own.
          ALT: () => {
            const name = this.CONSUME(T.Identifier);
            const args = this.OPTION2(this.callArguments);
            if (this.RECORDING_PHASE) return NOT_BUILT;
            const identifier = this.f.identifier(name, this.here());
            if (!args) return { kind: 'Name', name: identifier, range: identifier.range };
            return { kind: 'Call', callee: identifier, args, range: this.rangeFrom(identifier.range.start) };
          },
        },
        {
          ALT: () => {
            // Parentheses leave no node: the tree's structure already says what they grouped.
            this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
            return inner;
          },
        },
        { GATE: () => this.recordLiteralAhead(), ALT: () => this.SUBRULE(this.recordLiteral) },
        { ALT: () => this.SUBRULE(this.arrayLiteral) },
        { ALT: () => this.SUBRULE(this.conditional) },
      ]));
      this.MANY(() => {
        const suffix = this.OR3((this.suffixAlternatives ??= [
          {
            ALT: (): Suffix => {
              const dot = this.CONSUME(T.Dot);
              return { dot, member: this.OPTION(this.memberName) };
            },
          },
          {
            ALT: (): Suffix => {
              this.CONSUME(T.LBracket);
              const index = this.SUBRULE2(this.expression);
              this.CONSUME(T.RBracket);
              return { index };
            },
          },
        ]));
        if (this.RECORDING_PHASE) return;
        if ('index' in suffix) {
          result = this.f.index(result, suffix.index, this.rangeFrom(result.range.start));
          return;
        }
        result = this.f.member(result, suffix.dot, suffix.member);
      });
      return result;
    },
    this.missingExpression,
  );

  /**
   * `if COND then A else B`: the `else` value reaches as far as an expression does. The links of an
   * `else if` chain are read in a loop and nested from the last, so that a chain of thousands never
   * recurses once a link; the expression-depth limit (parser.ts) then cuts it as it cuts any deep
   * expression.
   */
  conditional = this.RULE(
    'conditional',
    (): Tree.Expression => {
      const links: ConditionalLink[] = [];
      const start = this.start();
      this.CONSUME(K.if);
      const condition = this.SUBRULE(this.expression);
      this.CONSUME(K.then);
      const whenTrue = this.SUBRULE2(this.expression);
      this.CONSUME(K.else);
      if (!this.RECORDING_PHASE) links.push({ start, condition, then: whenTrue });
      // The `else` value is a whole expression, so an `if` right after `else` is the next link.
      this.MANY({
        GATE: () => this.LA(1).tokenType === K.if,
        DEF: () => {
          const linkStart = this.start();
          this.CONSUME2(K.if);
          const linkCondition = this.SUBRULE4(this.expression);
          this.CONSUME2(K.then);
          const linkThen = this.SUBRULE5(this.expression);
          this.CONSUME2(K.else);
          if (!this.RECORDING_PHASE) links.push({ start: linkStart, condition: linkCondition, then: linkThen });
        },
      });
      const whenFalse = this.SUBRULE3(this.expression);
      return this.RECORDING_PHASE ? NOT_BUILT : this.f.conditional(links, whenFalse, this.here());
    },
    this.missingExpression,
  );

  recordLiteral = this.RULE(
    'recordLiteral',
    (): Tree.RecordLiteral => {
      const start = this.start();
      this.CONSUME(T.LBrace);
      const fields: Tree.RecordField[] = [];
      this.MANY(() => {
        const field = this.SUBRULE(this.recordField);
        if (!this.RECORDING_PHASE && field) fields.push(field);
        this.OPTION(() => this.CONSUME(T.Comma));
      });
      this.CONSUME(T.RBrace);
      return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Record', fields, range: this.rangeFrom(start) });
    },
    { recoveryValueFunc: (): Tree.RecordLiteral => ({ kind: 'Record', fields: [], range: emptyAt(this.here()) }) },
  );

  recordField = this.RULE(
    'recordField',
    (): Tree.RecordField | undefined => {
      const start = this.start();
      const name = this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
      this.CONSUME(T.Colon);
      const value = this.SUBRULE(this.expression);
      return this.RECORDING_PHASE ? NOT_BUILT : this.f.recordField(name, value, this.rangeFrom(start));
    },
    this.nothing,
  );

  arrayLiteral = this.RULE('arrayLiteral', (): Tree.ArrayLiteral => {
    const start = this.start();
    this.CONSUME(T.LBracket);
    const elements: Tree.Expression[] = [];
    this.MANY(() => {
      const element = this.SUBRULE(this.expression);
      if (!this.RECORDING_PHASE) elements.push(element);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBracket);
    return this.RECORDING_PHASE ? NOT_BUILT : ({ kind: 'Array', elements, range: this.rangeFrom(start) });
  }, { recoveryValueFunc: (): Tree.ArrayLiteral => ({ kind: 'Array', elements: [], range: emptyAt(this.here()) }) });
}
