/**
 * The grammar of Jig as a chevrotain CstParser with error recovery. It only recognises; the tree
 * of `tree.ts` is built from its CST by `cst-to-tree.ts`. Binary operators are read as a flat
 * list (`unary (op unary)*`) and given their precedence by the builder: one grammar rule instead
 * of one a precedence level keeps the recursion per nested parenthesis short, so deep nesting
 * stays far from the stack limit.
 */
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.js';

const K = T.keywordTokens;

/** What a rule stands for, in a message ("Expected an expression after '='…"). */
const ruleDescriptions: Record<string, string> = {
  file: 'a declaration (policy, param, type or flow)',
  declaration: 'a declaration (policy, param, type or flow)',
  step: 'a step (let, var, set, append, store, call, send, if, for each, switch, until, try, wait, respond or fail)',
  trigger: "a trigger ('http', 'schedule' or 'mail')",
  expression: 'an expression',
  prefixOperator: 'an expression',
  postfixExpression: 'an expression',
  letValue: 'an expression',
  typeRef: 'a type',
  annotationArgument: 'an annotation argument (a name, a string or a duration)',
  literal: 'a string, a number, true or false',
  headerName: 'a header name',
  versionText: 'a version (such as 2023-08-27)',
  callStep: "'http' or 'flow'",
};

export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the file';
  const type = token.tokenType;
  if (type === T.StringLiteral) return 'a string';
  const image = token.image.length > 24 ? `${token.image.slice(0, 24)}…` : token.image;
  return `'${image}'`;
}

function describeTokenType(type: TokenType): string {
  if (type === EOF) return 'the end of the file';
  return type.LABEL ?? type.name;
}

function after(previous: IToken | undefined): string {
  if (!previous || previous.tokenType === EOF || previous.image === '') return '';
  if (previous.tokenType === T.StringLiteral) return ' after the string';
  if (previous.image.length > 24) return '';
  return ` after '${previous.image}'`;
}

function alternatives(paths: TokenType[][][]): string {
  const names = [...new Set(paths.flat().map((path) => describeTokenType(path[0]!)))];
  if (names.length <= 1) return names[0] ?? 'something else';
  const shown = names.slice(0, 6);
  const rest = names.length > shown.length ? ', …' : '';
  return `${shown.slice(0, -1).join(', ')}${rest} or ${shown[shown.length - 1]}`;
}

/** Messages carry only the "expected" phrase; the caller adds what was found (see parser.ts). */
/** Where a rule's closing `}` was expected, what else could have stood there. */
const beforeClosingBrace: Record<string, string> = {
  flowDecl: "a step or '}'",
  block: "a step or '}'",
  typeDecl: "a field or '}'",
  switchStep: "'case', 'default' or '}'",
  recordLiteral: "a field or '}'",
  httpCall: "a header or '}'",
  aggregateOperation: "an output or '}'",
};

const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, previous, ruleName }) => {
    if (expected === EOF) return ruleDescriptions['declaration']!;
    const phrase = (expected === T.RBrace && beforeClosingBrace[ruleName]) || describeTokenType(expected);
    return `${phrase}${after(previous)}`;
  },
  buildNotAllInputParsedMessage: () => 'a declaration (policy, param, type or flow)',
  buildNoViableAltMessage: ({ expectedPathsPerAlt, previous, ruleName }) =>
    `${ruleDescriptions[ruleName] ?? alternatives(expectedPathsPerAlt)}${after(previous)}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    ruleDescriptions[ruleName] ?? alternatives([expectedIterationPaths]),
};

export class JigGrammar extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'onlyOffset',
      maxLookahead: 3,
      errorMessageProvider: messageProvider,
    });
    this.performSelfAnalysis();
  }

  /** True when the tokens from LA(1) on are annotations followed by `flow` (they belong to it). */
  private annotationsPrecedeFlow(): boolean {
    let k = 1;
    for (;;) {
      const type = this.LA(k).tokenType;
      if (type === K.flow) return true;
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

  /** A keyword may serve as a member name only on the line of its `.` (else it starts a step). */
  private memberOnSameLine(): boolean {
    const next = this.LA(1);
    if (next.tokenType === T.Identifier) return true;
    const dot = this.LA(0);
    return !/[\r\n]/.test(this.sourceText.slice(dot.startOffset + 1, next.startOffset));
  }

  /** The text being parsed: the grammar looks at line breaks in one place (`memberOnSameLine`). */
  sourceText = '';

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE('declaration', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.policyPin) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.typeDecl) },
      { ALT: () => this.SUBRULE(this.flowDecl) },
    ]);
  });

  policyPin = this.RULE('policyPin', () => {
    this.CONSUME(K.policy);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.GreaterEqual);
      this.SUBRULE(this.versionText);
    });
  });

  versionText = this.RULE('versionText', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DateLiteral) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
  });

  paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(K.param);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  typeDecl = this.RULE('typeDecl', () => {
    this.CONSUME(K.type);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.fieldDecl));
    this.CONSUME(T.RBrace);
  });

  fieldDecl = this.RULE('fieldDecl', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.SUBRULE(this.category);
      this.MANY(() => {
        this.OPTION2(() => this.CONSUME(T.Comma));
        this.SUBRULE2(this.category);
      });
    });
  });

  /** `@business.transaction`: the first part is in the AtName token. */
  category = this.RULE('category', () => {
    this.CONSUME(T.AtName);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.Name);
    });
  });

  typeRef = this.RULE('typeRef', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.CONSUME(T.RBracket);
          },
        },
        { ALT: () => this.CONSUME(T.Question) },
      ]);
    });
  });

  annotation = this.RULE('annotation', () => {
    this.CONSUME(T.AtName);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.annotationArgument);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.annotationArgument);
        });
      });
      this.CONSUME(T.RParen);
    });
  });

  annotationArgument = this.RULE('annotationArgument', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral);
          this.OPTION(() => this.CONSUME(T.Identifier));
        },
      },
      { ALT: () => this.SUBRULE(this.dottedName) },
    ]);
  });

  /** `business.transaction`, `s03-sharing`: parts joined by dots, a part may contain hyphens. */
  dottedName = this.RULE('dottedName', () => {
    this.CONSUME(T.Name);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Dot) },
        { ALT: () => this.CONSUME(T.Minus) },
      ]);
      this.OR2([
        { ALT: () => this.CONSUME2(T.Name) },
        { ALT: () => this.CONSUME(T.NumberLiteral) },
      ]);
    });
  });

  flowDecl = this.RULE('flowDecl', () => {
    this.MANY(() => this.SUBRULE(this.annotation));
    this.CONSUME(K.flow);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.OPTION(() => this.SUBRULE(this.trigger));
    this.MANY2(() => this.SUBRULE(this.step));
    this.CONSUME(T.RBrace);
  });

  trigger = this.RULE('trigger', () => {
    this.CONSUME(K.trigger);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.http);
          this.CONSUME(T.Identifier);
          this.OPTION(() => {
            this.CONSUME(K.body);
            this.SUBRULE(this.typeRef);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.schedule);
          this.CONSUME(K.every);
          this.SUBRULE(this.duration);
          this.OPTION2(() => {
            this.CONSUME(K.at);
            this.CONSUME(T.NumberLiteral);
            this.CONSUME(T.Colon);
            this.CONSUME2(T.NumberLiteral);
          });
          this.OPTION3(() => {
            this.CONSUME(K.in);
            this.CONSUME(T.StringLiteral);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.mail);
          this.CONSUME2(T.Identifier);
          this.CONSUME(K.folder);
          this.CONSUME2(T.StringLiteral);
        },
      },
    ]);
  });

  duration = this.RULE('duration', () => {
    this.CONSUME(T.NumberLiteral);
    this.CONSUME(T.Identifier);
  });

  block = this.RULE('block', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.step));
    this.CONSUME(T.RBrace);
  });

  step = this.RULE('step', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.letStep) },
      { ALT: () => this.SUBRULE(this.varStep) },
      { ALT: () => this.SUBRULE(this.setStep) },
      { ALT: () => this.SUBRULE(this.appendStep) },
      { ALT: () => this.SUBRULE(this.storeStep) },
      { ALT: () => this.SUBRULE(this.callStep) },
      { ALT: () => this.SUBRULE(this.sendMailStep) },
      { ALT: () => this.SUBRULE(this.ifStep) },
      { ALT: () => this.SUBRULE(this.forEachStep) },
      { ALT: () => this.SUBRULE(this.switchStep) },
      { ALT: () => this.SUBRULE(this.untilStep) },
      { ALT: () => this.SUBRULE(this.tryStep) },
      { ALT: () => this.SUBRULE(this.waitStep) },
      { ALT: () => this.SUBRULE(this.respondStep) },
      { ALT: () => this.SUBRULE(this.failStep) },
    ]);
    this.MANY({
      GATE: () => !this.annotationsPrecedeFlow(),
      DEF: () => this.SUBRULE(this.annotation),
    });
  });

  letStep = this.RULE('letStep', () => {
    this.CONSUME(K.let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.letValue);
  });

  letValue = this.RULE('letValue', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.queryOperation) },
      { ALT: () => this.SUBRULE(this.aggregateOperation) },
      { ALT: () => this.SUBRULE(this.httpCall) },
      { ALT: () => this.SUBRULE(this.flowCall) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  varStep = this.RULE('varStep', () => {
    this.CONSUME(K.var);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  setStep = this.RULE('setStep', () => {
    this.CONSUME(K.set);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  appendStep = this.RULE('appendStep', () => {
    this.CONSUME(K.append);
    this.SUBRULE(this.expression);
    this.CONSUME(K.to);
    this.CONSUME(T.Identifier);
  });

  storeStep = this.RULE('storeStep', () => {
    this.CONSUME(K.store);
    this.SUBRULE(this.expression);
    this.CONSUME(K.in);
    this.SUBRULE(this.storeTarget);
  });

  storeTarget = this.RULE('storeTarget', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.CONSUME(T.StringLiteral);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.CONSUME2(T.StringLiteral);
      });
    });
    this.CONSUME(T.RParen);
  });

  queryOperation = this.RULE('queryOperation', () => {
    this.CONSUME(K.query);
    this.SUBRULE(this.storeTarget);
    this.OPTION(() => {
      this.CONSUME(K.where);
      this.SUBRULE(this.expression);
    });
    this.OPTION2(() => {
      this.CONSUME(K.returns);
      this.SUBRULE(this.typeRef);
    });
  });

  aggregateOperation = this.RULE('aggregateOperation', () => {
    this.CONSUME(K.aggregate);
    this.SUBRULE(this.expression);
    this.CONSUME(K.by);
    this.CONSUME(T.Name);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.aggregateOutput);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  aggregateOutput = this.RULE('aggregateOutput', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => this.CONSUME2(T.Name));
    this.CONSUME(T.RParen);
  });

  callStep = this.RULE('callStep', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.httpCall) }, { ALT: () => this.SUBRULE(this.flowCall) }]);
  });

  httpCall = this.RULE('httpCall', () => {
    this.CONSUME(K.call);
    this.CONSUME(K.http);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(K.headers);
      this.CONSUME(T.LBrace);
      this.MANY(() => {
        this.SUBRULE(this.headerEntry);
        this.OPTION2(() => this.CONSUME(T.Comma));
      });
      this.CONSUME(T.RBrace);
    });
    this.OPTION3(() => {
      this.CONSUME(K.body);
      this.SUBRULE2(this.expression);
    });
    this.OPTION4(() => {
      this.CONSUME(K.returns);
      this.SUBRULE(this.typeRef);
    });
  });

  headerEntry = this.RULE('headerEntry', () => {
    this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.Name) }]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  flowCall = this.RULE('flowCall', () => {
    this.CONSUME(K.call);
    this.CONSUME(K.flow);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(K.with);
      this.SUBRULE(this.expression);
    });
  });

  sendMailStep = this.RULE('sendMailStep', () => {
    this.CONSUME(K.send);
    this.CONSUME(K.mail);
    this.CONSUME(T.Identifier);
    this.CONSUME(K.to);
    this.SUBRULE(this.expression);
    this.CONSUME(K.subject);
    this.SUBRULE2(this.expression);
    this.CONSUME(K.body);
    this.SUBRULE3(this.expression);
  });

  ifStep = this.RULE('ifStep', () => {
    this.CONSUME(K.if);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(K.else);
      this.OR([{ ALT: () => this.SUBRULE(this.ifStep) }, { ALT: () => this.SUBRULE2(this.block) }]);
    });
  });

  forEachStep = this.RULE('forEachStep', () => {
    this.CONSUME(K.for);
    this.CONSUME(K.each);
    this.CONSUME(T.Identifier);
    this.CONSUME(K.in);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
  });

  switchStep = this.RULE('switchStep', () => {
    this.CONSUME(K.switch);
    this.SUBRULE(this.expression);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.switchCase));
    this.OPTION(() => {
      this.CONSUME(K.default);
      this.SUBRULE(this.block);
    });
    this.CONSUME(T.RBrace);
  });

  switchCase = this.RULE('switchCase', () => {
    this.CONSUME(K.case);
    this.SUBRULE(this.literal);
    this.SUBRULE(this.block);
  });

  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus));
          this.CONSUME(T.NumberLiteral);
        },
      },
      { ALT: () => this.CONSUME(K.true) },
      { ALT: () => this.CONSUME(K.false) },
    ]);
  });

  untilStep = this.RULE('untilStep', () => {
    this.CONSUME(K.until);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
  });

  tryStep = this.RULE('tryStep', () => {
    this.CONSUME(K.try);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(K.catch);
      this.SUBRULE2(this.block);
    });
  });

  waitStep = this.RULE('waitStep', () => {
    this.CONSUME(K.wait);
    this.SUBRULE(this.duration);
  });

  respondStep = this.RULE('respondStep', () => {
    this.CONSUME(K.respond);
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => {
      this.CONSUME(K.body);
      this.SUBRULE(this.expression);
    });
  });

  failStep = this.RULE('failStep', () => {
    this.CONSUME(K.fail);
    this.SUBRULE(this.expression);
  });

  // -------------------------------------------------------------------------------------------
  // Expressions
  //
  // An expression is read as a flat list, `prefix* postfix (operator prefix* postfix | select
  // record)*`, where the operators include `where`; the builder gives it its structure by
  // precedence. Two grammar rules a nesting level (expression, postfix) keep deep nesting, and the
  // error recovery that may run at its bottom, far from the stack limit.

  expression = this.RULE('expression', () => {
    this.MANY(() => this.SUBRULE(this.prefixOperator));
    this.SUBRULE(this.postfixExpression);
    this.MANY2(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.BinaryOperator);
            this.MANY3(() => this.SUBRULE2(this.prefixOperator));
            this.SUBRULE2(this.postfixExpression);
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.select);
            this.SUBRULE(this.recordLiteral);
          },
        },
      ]);
    });
  });

  prefixOperator = this.RULE('prefixOperator', () => {
    this.OR([{ ALT: () => this.CONSUME(K.not) }, { ALT: () => this.CONSUME(T.Minus) }]);
  });

  /** An interpolation `${…}` holds exactly one expression. */
  interpolation = this.RULE('interpolation', () => {
    this.SUBRULE(this.expression);
  });

  /** A primary expression followed by member accesses and indexes. */
  postfixExpression = this.RULE('postfixExpression', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(K.true) },
      { ALT: () => this.CONSUME(K.false) },
      { ALT: () => this.CONSUME(K.null) },
      { ALT: () => this.CONSUME(K.trigger) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      // `if a > { respond 1 }`: a `{` that does not open `{}` or `{ name: …` is a block, not a record.
      { GATE: () => this.recordLiteralAhead(), ALT: () => this.SUBRULE(this.recordLiteral) },
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
    ]);
    this.MANY(() => {
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.OPTION({ GATE: () => this.memberOnSameLine(), DEF: () => this.CONSUME(T.Name) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE2(this.expression);
            this.CONSUME(T.RBracket);
          },
        },
      ]);
    });
  });

  private recordLiteralAhead(): boolean {
    const second = this.LA(2).tokenType;
    if (second === T.RBrace) return true;
    return this.LA(3).tokenType === T.Colon && (second === T.Identifier || (second.CATEGORIES?.includes(T.Name) ?? false));
  }

  nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY(() => {
        this.SUBRULE(this.expression);
        this.OPTION2(() => this.CONSUME(T.Comma));
      });
      this.CONSUME(T.RParen);
    });
  });

  recordLiteral = this.RULE('recordLiteral', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.recordField);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  recordField = this.RULE('recordField', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  arrayLiteral = this.RULE('arrayLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.expression);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });
}

export type { CstNode };
