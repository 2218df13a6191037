/**
 * How parse errors read: "Expected an expression after '=' but found 'store'." chevrotain names
 * tokens by their type and lists every path it tried; these messages name what a rule stands for
 * ("a step", "an expression") or the tokens' labels, and what came just before.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.js';

/** What a rule stands for, in a message ("Expected an expression after '='…"). */
const ruleDescriptions: Record<string, string> = {
  file: 'a declaration (policy, param, type or flow)',
  declaration: 'a declaration (policy, param, type or flow)',
  step: 'a step (let, var, set, append, store, delete, call, send, if, for each, switch, until, try, parallel, wait, respond or fail)',
  trigger: "a trigger ('http', 'schedule' or 'mail')",
  expression: 'an expression',
  prefixOperator: 'an expression',
  postfixExpression: 'an expression',
  letValue: 'an expression',
  conditional: 'an expression',
  parallelStep: "'and' and a second branch '{ … }' after the first branch of 'parallel'",
  typeRef: 'a type',
  annotationArgument: 'an annotation argument (a name, a string or a duration)',
  literal: 'a string, a number, true or false',
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

/** `after '2'`, `after the string`: where something missing goes; empty when that says nothing. */
export function describePrevious(previous: IToken | undefined): string {
  return after(previous).trimStart();
}

function after(previous: IToken | undefined): string {
  if (!previous || previous.tokenType === EOF || previous.image === '') return '';
  if (previous.tokenType === T.StringLiteral) return ' after the string';
  if (previous.image.length > 24) return '';
  return ` after '${previous.image}'`;
}

function alternatives(paths: TokenType[][][]): string {
  // An empty path (an alternative that may take nothing, its gate permitting) names no token.
  const names = [...new Set(paths.flat().filter((path) => path.length > 0).map((path) => describeTokenType(path[0]!)))];
  if (names.length <= 1) return names[0] ?? 'something else';
  const shown = names.slice(0, 6);
  const rest = names.length > shown.length ? ', …' : '';
  return `${shown.slice(0, -1).join(', ')}${rest} or ${shown[shown.length - 1]}`;
}

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

/** Messages carry only the "expected" phrase; the parser adds what was found (see parser.ts). */
export const messageProvider: IParserErrorMessageProvider = {
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
