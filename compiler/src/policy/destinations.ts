/**
 * Where a sink sends data, as §3 sees it: to the platform (Azure and Microsoft 365 hosts and
 * connectors the policy lists) or to a third party. The URL's host is read from the text of the
 * call: a literal, the literal start of an interpolated string, a parameter's default value or a
 * `let` of such a string. A host that cannot be known at compile time counts as a third party.
 */
import type { Expression, LetValue } from '../syntax/tree.js';
import type { SemanticModel } from '../semantics/model.js';
import type { HttpSink, MailSink } from '../flow/categories.js';
import type { Policy } from './model.js';

export interface Destination {
  /** True for the platform, false for a third party or a host that cannot be known. */
  readonly platform: boolean;
  /** The host, when the URL's text names it. */
  readonly host?: string;
  /** How the destination reads in a message (`'api.example.com'`, `a URL computed at run time`). */
  readonly description: string;
}

export function destinationOf(sink: HttpSink | MailSink, model: SemanticModel, policy: Policy): Destination {
  if (sink.kind === 'mail') {
    const connector = sink.step.connector.name;
    return { platform: policy.platform.connectors.includes(connector), description: `the '${connector}' connector` };
  }
  const host = hostOf(sink.call.url, model);
  if (host === undefined) return { platform: false, description: 'a URL whose host is only known at run time' };
  return { platform: hostMatches(host, policy.platform.hosts), host, description: `'${host}'` };
}

/** Whether `host` is one of `patterns`: a name, or `*.domain` for any subdomain of it. */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase();
  const { exact, suffixes } = hostPatterns(patterns);
  if (exact.has(name)) return true;
  for (const suffix of suffixes) if (name.endsWith(suffix)) return true;
  return false;
}

/** A policy's host patterns, lower-cased and split once (every HTTP call of every file asks). */
const compiledPatterns = new WeakMap<readonly string[], { exact: Set<string>; suffixes: string[] }>();

function hostPatterns(patterns: readonly string[]): { exact: Set<string>; suffixes: string[] } {
  let compiled = compiledPatterns.get(patterns);
  if (!compiled) {
    const lower = patterns.map((pattern) => pattern.toLowerCase());
    // `*.example.com` matches any name ending in `.example.com`.
    compiled = { exact: new Set(lower.filter((pattern) => !pattern.startsWith('*.'))), suffixes: lower.filter((pattern) => pattern.startsWith('*.')).map((pattern) => pattern.slice(1)) };
    compiledPatterns.set(patterns, compiled);
  }
  return compiled;
}

function hostOf(url: Expression, model: SemanticModel): string | undefined {
  const text = leadingText(url, model);
  const match = text === undefined ? null : /^https?:\/\/([^/:?#\s]+)/i.exec(text);
  // The host must be complete: `https://${tenant}.example.com` names no host at compile time.
  if (!match || (text !== undefined && text.length === match[0].length && !isWholeText(url, model))) return undefined;
  return match[1]!.toLowerCase();
}

/** The literal text a URL starts with: a string's first text part, or a parameter's default's. */
function leadingText(url: Expression, model: SemanticModel, depth = 0): string | undefined {
  if (url.kind === 'String') {
    const first = url.parts[0];
    return first?.kind === 'Text' ? first.text : undefined;
  }
  if (url.kind === 'Name' && depth === 0) {
    const value = boundValue(url, model);
    if (value) return leadingText(value, model, depth + 1);
  }
  return undefined;
}

/** The text a name stands for when it is fixed: a parameter's default or a `let` of an expression. */
function boundValue(name: Expression & { kind: 'Name' }, model: SemanticModel): Expression | undefined {
  const declaring = model.symbolOf(name.name)?.declaringNode;
  if (declaring?.kind === 'Param') return declaring.defaultValue;
  if (declaring?.kind === 'Let' && isExpression(declaring.value)) return declaring.value;
  return undefined;
}

function isExpression(value: LetValue): value is Expression {
  return !['Query', 'Aggregate', 'HttpCall', 'FlowCall'].includes(value.kind);
}

/** Whether the URL's text has no interpolation, so that its leading text is all of it. */
function isWholeText(url: Expression, model: SemanticModel): boolean {
  if (url.kind === 'String') return url.parts.length <= 1;
  if (url.kind === 'Name') {
    const value = boundValue(url, model);
    return value !== undefined && value.kind !== 'Name' && isWholeText(value, model);
  }
  return false;
}
