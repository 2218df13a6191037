/**
 * A secret is confined to the requests of calls (JIG2050 refuses the secret itself elsewhere), and
 * so is every value that may hold one (semantics/categories.ts SECRET): what a request that sent a
 * secret answers, what reads the run's own state where the run holds one, and what is computed from
 * those. Such a value may go into another call's request (sent outside the platform it is a shared
 * credential, JIG3306: s03-sharing.ts), and nowhere else: not where Logic Apps cannot hide it from
 * run history (a variable action, a failure message, an agent's chat history), nor to the
 * diagnostic logs, nor where it leaves the run for good (a response, a mail, a message, a store, a
 * child flow's trigger, a blob's name, a URL a recipient follows), nor into the part of a request
 * that its service keeps or passes on rather than reads as a credential: the body and the other
 * headers of a write into storage, a Service Bus queue or topic, an Event Grid topic, and of a
 * request that starts a workflow's run (its trigger's outputs). Not a rule of the policy: secrets
 * are Jig's to keep, whatever a policy lists, so no policy turns it off, cites it or waives it.
 * So is the hole `jig import` leaves where the JSON cannot say whether an answer holds a secret
 * (JIG3017: its `@declassify(secret, …)` declassifies nothing until the author confirms it).
 */
import * as messages from '../diagnostics/catalogue/policy.js';
import type { Diagnostic, Fix } from '../diagnostics/diagnostic.js';
import type { FlowData, HttpSink, Sink } from '../flow/categories.js';
import type { DataResolver } from '../flow/project-data.js';
import type { CategoryOrigin, SemanticModel } from '../semantics/model.js';
import type { Annotation, Expression, LetStep } from '../syntax/tree.js';
import type { TextRange } from '../syntax/source.js';
import { isImportAssumption, secretIn } from '../semantics/categories.js';
import { runsStartedBy } from '../semantics/store-reads.js';
import { isServiceBusHost } from '../connectors/storage.js';
import { topicOfEndpoint } from '../connectors/eventgrid.js';
import { destinationsOf, type ProjectSettings } from './destinations.js';
import type { Policy } from './model.js';
import { forEachStep } from '../syntax/visit.js';
import { pointAt } from './rules/rule.js';
import { writtenName } from '../syntax/tree.js';
import { writesWhatItSends } from '../semantics/declarations.js';

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

/** The headers a service reads a credential from (storage's, Event Grid's, a function's, API Management's), rather than keeping what it is sent. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'aeg-sas-key', 'aeg-sas-token', 'x-functions-key', 'ocp-apim-subscription-key']);
/** A run's trigger outputs show every header of the request that started it but Authorization (Logic Apps leaves it out unless asked). */
const RUN_CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization']);

/**
 * Where a request's service keeps or passes on what it is sent, beyond its credentials: a write
 * into storage (destinations.ts), a Service Bus namespace's queue or topic, an Event Grid topic
 * (which delivers it to its subscribers), and a request that starts a workflow's run (its trigger's
 * outputs, in that run's history, which Jig cannot hide); undefined for a request that is only read.
 */
function keeperOf(sink: HttpSink, model: SemanticModel, policy: Policy, project: ProjectSettings, data: DataResolver): { place: string; credentials: ReadonlySet<string> } | undefined {
  const call = sink.call;
  if (call.agent || sink.tokenRequest) return undefined;
  if (call.workflow || runsStartedBy(call, (url) => model.urlValuesOf(url)).length > 0) {
    return { place: "A request that starts a workflow's run (its trigger's outputs, in that run's history)", credentials: RUN_CREDENTIAL_HEADERS };
  }
  if (call.connector || !writesWhatItSends(call)) return undefined;
  for (const { storage, host } of destinationsOf(sink, model, policy, project, data)) {
    const place = storage ? `A write into ${storage.service}, which keeps what it is sent,`
      : host === undefined ? undefined
      : isServiceBusHost(host) ? 'A write into a Service Bus queue or topic, which keeps what it is sent,'
      : topicOfEndpoint(host) !== undefined ? 'A post to an Event Grid topic, which delivers what it is sent to its subscribers,'
      : undefined;
    if (place) return { place, credentials: CREDENTIAL_HEADERS };
  }
  return undefined;
}

/** The part of a request, outside its credentials, that holds a secret or what may hold one, and where that came from. */
function keptSecret(model: SemanticModel, sink: HttpSink, credentials: ReadonlySet<string>): { part: Expression; origin: CategoryOrigin } | undefined {
  const headers = (sink.call.headers ?? []).filter((header) => !credentials.has((writtenName(header) ?? '').toLowerCase()));
  for (const part of [...headers.map((header) => header.value), ...(sink.call.body ? [sink.call.body] : [])]) {
    const origin = secretIn(model.categoriesOf(part));
    if (origin) return { part, origin };
  }
  return undefined;
}

/** The findings of what may hold a secret leaving a call's request, in the file's flows. */
export function checkSecrets(model: SemanticModel, flows: readonly FlowData[], policy: Policy, project: ProjectSettings, data: DataResolver): Diagnostic[] {
  const findings: Diagnostic[] = [];
  // The secret itself is JIG2050's (semantics/expressions.ts): one finding a leak.
  const reported = model.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG2050').map((diagnostic) => diagnostic.range);
  let answers: ReadonlyMap<number, LetStep> | undefined;
  const report = (anchor: TextRange, within: TextRange, place: string, origin: CategoryOrigin) => {
    if (reported.some((range) => range.start >= within.start && range.end <= within.end)) return;
    const { range, related } = pointAt(anchor, origin);
    const fix = declassifyAnswer(origin, (answers ??= answerLets(model)));
    findings.push(messages.secretCarried(range, { place, source: origin.description }, { ...(related && { related }), ...(fix && { fixes: [fix] }) }));
  };
  findings.push(...unconfirmedAssumptions(model));
  for (const { sinks, reads, variables, logs, histories } of flows) {
    for (const sink of [...sinks, ...reads]) {
      if (!sink.secret) continue;
      if (sink.kind !== 'http') {
        report(sink.node.range, sink.step.range, PLACES[sink.kind], sink.secret);
        continue;
      }
      const keeper = keeperOf(sink, model, policy, project, data);
      const kept = keeper && keptSecret(model, sink, keeper.credentials);
      if (kept) report(kept.part.range, kept.part.range, keeper.place, kept.origin);
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

/**
 * The holes `jig import` left where the imported JSON cannot say whether an answer holds a secret
 * (an authenticated call to a URL known only at run time): each `@declassify(secret, …)` whose
 * reason is still the importer's assumption (semantics/categories.ts isImportAssumption), which
 * declassifies nothing until the author confirms it. Offered: the author's reason in its place
 * (not preferred: the reason is the author's to write), or the annotation removed.
 */
function unconfirmedAssumptions(model: SemanticModel): Diagnostic[] {
  const findings: Diagnostic[] = [];
  for (const declaration of model.file.declarations) {
    if (declaration.kind !== 'Flow') continue;
    forEachStep(declaration.body, (step) => {
      if (step.kind !== 'Let') return;
      for (const declassification of model.declassificationsOf(step)) {
        if (!isImportAssumption(declassification)) continue;
        const annotations: readonly Annotation[] = step.annotations;
        const index = annotations.findIndex((annotation) => annotation.range.start === declassification.range.start);
        const reason = annotations[index]?.args[1];
        const fixes: Fix[] = [];
        if (reason) fixes.push({ title: `Confirm that '${step.name.name}' holds no secret`, edits: [{ range: reason.range, newText: '"Say why this answer holds no secret"' }] });
        // The annotation goes with the space before it, back to the annotation or the value before it.
        const start = index > 0 ? annotations[index - 1]!.range.end : step.value.range.end;
        if (index >= 0) fixes.push({ title: `Keep '${step.name.name}' as a possible secret (remove this @declassify)`, edits: [{ range: { start, end: declassification.range.end }, newText: '' }] });
        findings.push(messages.secretAssumptionUnconfirmed(declassification.range, { name: step.name.name }, { fixes }));
      }
    });
  }
  return findings;
}

/**
 * Where what may hold a secret is a service's answer that a `let` binds, the remedy the message's
 * explanation names: the author who knows that the service answers no secret (a rates service
 * answers rates) says so on that `let`. Offered, never preferred: the reason is the author's to
 * write, and it is listed in every output as a declassification.
 */
function declassifyAnswer(origin: CategoryOrigin, answers: ReadonlyMap<number, LetStep>): Fix | undefined {
  const binding = answers.get(origin.range.start);
  if (!binding || binding.value.range.end !== origin.range.end) return undefined;
  const at = binding.range.end;
  return {
    title: `Declare that '${binding.name.name}' holds no secret`,
    edits: [{ range: { start: at, end: at }, newText: ' @declassify(secret, "Say why this answer holds no secret")' }],
  };
}

/** The file's lets that bind a call's answer, by where the call starts: read once, for the findings that have any. */
function answerLets(model: SemanticModel): ReadonlyMap<number, LetStep> {
  const lets = new Map<number, LetStep>();
  for (const declaration of model.file.declarations) {
    if (declaration.kind !== 'Flow') continue;
    forEachStep(declaration.body, (step) => {
      if (step.kind === 'Let' && step.value.kind === 'HttpCall') lets.set(step.value.range.start, step);
    });
  }
  return lets;
}
