/**
 * A secret is confined to the requests of calls (JIG2050 refuses the secret itself elsewhere), and
 * so is every value that may hold one (semantics/categories.ts SECRET): what a request that sent a
 * secret answers, what reads the run's own state where the run holds one, and what is computed from
 * those. Such a value may go into another call's request (sent outside the platform it is a shared
 * credential, JIG3306: s03-sharing.ts), and nowhere else: not where Logic Apps cannot hide it from
 * run history (a variable action, a failure message, an agent's chat history), nor to the
 * diagnostic logs, nor where it leaves the run for good (a response, a mail, a message, a store, a
 * child flow's trigger, a blob's name, a URL a recipient follows). Not a rule of the policy: secrets
 * are Jig's to keep, whatever a policy lists, so no policy turns it off, cites it or waives it.
 */
import * as messages from '../diagnostics/catalogue/policy.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FlowData, Sink } from '../flow/categories.js';
import type { CategoryOrigin, SemanticModel } from '../semantics/model.js';
import type { TextRange } from '../syntax/source.js';
import { pointAt } from './rules/rule.js';

const PLACES: Record<Exclude<Sink['kind'], 'http'> | 'read' | 'redirect', string> = {
  store: 'A stored document',
  mail: 'A mail',
  message: 'A message',
  respond: 'A response',
  flow: "A child flow's trigger (its own run history, as data)",
  fail: 'A failure message (run history cannot hide it)',
  read: "A blob's name (sent in the URL)",
  redirect: 'A URL the recipient follows',
};

const VARIABLE_VERBS = { Var: "'var'", Set: "'set'", Append: "'append'" } as const;

/** The findings of what may hold a secret leaving a call's request, in the file's flows. */
export function checkSecrets(model: SemanticModel, flows: readonly FlowData[]): Diagnostic[] {
  const findings: Diagnostic[] = [];
  // The secret itself is JIG2050's (semantics/expressions.ts): one finding a leak.
  const reported = model.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG2050').map((diagnostic) => diagnostic.range);
  const report = (anchor: TextRange, within: TextRange, place: string, origin: CategoryOrigin) => {
    if (reported.some((range) => range.start >= within.start && range.end <= within.end)) return;
    const { range, related } = pointAt(anchor, origin);
    findings.push(messages.secretCarried(range, { place, source: origin.description }, related ? { related } : {}));
  };
  for (const { sinks, reads, variables, logs, histories } of flows) {
    for (const sink of [...sinks, ...reads]) {
      if (!sink.secret || sink.kind === 'http') continue;
      report(sink.node.range, sink.step.range, PLACES[sink.kind], sink.secret);
    }
    for (const { step, secret } of variables) {
      if (secret) report((step.value ?? step).range, step.range, `A ${VARIABLE_VERBS[step.kind]} (a variable action, which run history cannot hide)`, secret);
    }
    for (const { node, secret } of logs) {
      if (secret) report(node.range, node.range, 'A tracked property (the diagnostic logs)', secret);
    }
    for (const { step, secret } of histories) {
      if (secret) report(step.request.range, step.request.range, "This agent's chat history (its messages, and what its tools answer its model)", secret);
    }
  }
  return findings;
}
