/**
 * §3 Data sharing: "We do not share your data with any third parties beyond what's necessary for
 * the operations of our services."
 *
 * Data sent outside the platform (the client's own resources and the services bound to its
 * tenant, destinations.ts) goes only to a processor the policy lists, named with
 * `@share(PROCESSOR, "reason")`, reached at one of its hosts, only in categories it may receive,
 * and with the reason it needs them. What a sink sends includes the categories of the conditions
 * it runs under. A URL that hides where it goes is refused. An unknown processor is reported by
 * the name checks; minors' data, which no processor may receive, is §9's finding.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers, reaching, type HttpSink, type OutboundSink, type Sink } from '../../flow/categories.js';
import { containsSecret } from '../../semantics/relations.js';
import { secretIn } from '../../semantics/categories.js';
import type { TextRange } from '../../syntax/source.js';
import { destinationsOf, hostMatches, requesterOf, type Destination } from '../destinations.js';
import { listCategories, pointAt, type PolicyRule, type RuleContext } from './rule.js';
import type { ProcessorDefinition } from '../model.js';
import type { Fix } from '../../diagnostics/diagnostic.js';
import type { CategoryFlow } from '../../semantics/model.js';
import type { FlowDecl, JsonValue, ParamDecl, RawActionStep, RawTrigger } from '../../syntax/tree.js';
import { parameterName } from '../../semantics/annotations.js';
import { requestParts } from '../../syntax/visit.js';
import { rawActionCategories, rawActionsOf } from '../../flow/raw-actions.js';
import { authorityOf, tokenRequestOf } from '../../connectors/http-authentication.js';

export const sharing: PolicyRule = {
  id: 's03-sharing',
  check(context) {
    for (const { flow } of context.flows) checkRawActions(context, flow);
    for (const { sinks, reads } of context.flows) {
      for (const sink of [...sinks, ...reads]) {
        if (sink.kind !== 'http' && sink.kind !== 'mail' && sink.kind !== 'message' && sink.kind !== 'store' && sink.kind !== 'read' && sink.kind !== 'redirect') continue;
        // Technical data about no one (`aboutNoOne`, JigAjob's `system.*`) tells a receiver nothing about anyone.
        const sent = aboutSomeone(context, reaching(sink));
        const anchor =
          sink.kind === 'http' ? (sink.tokenRequest ? (authorityOf(sink.tokenRequest) ?? sink.tokenRequest) : sink.call.url).range
          : sink.kind === 'mail' ? sink.step.to.range
          : sink.kind === 'read' ? sink.query.source.range
          : sink.kind === 'redirect' ? sink.location.range
          : sink.step.target.range;
        const destinations = destinationsOf(sink, context.model, context.policy, context.project, context.data);
        for (const refused of destinations.filter((destination) => destination.refused)) {
          context.report(messages.destinationRefused, anchor, { url: refused.description, reason: refused.refused! });
        }
        if (sink.kind === 'http') checkCredentials(context, sink, destinations, anchor);
        if (sent.size === 0) continue;
        const outside = destinations.filter((destination) => !destination.platform && !destination.refused && !answersSubject(destination, sink));
        if (outside.length === 0) continue;
        checkShared(context, sink, sent, outside, anchor);
      }
    }
    for (const { flow, sinks } of context.flows) checkAnswers(context, flow, sinks);
  },
};

/**
 * A flow that serves data subjects' requests answers whoever calls it (requesterOf): its response
 * may say only that the request came, nothing about anyone, its conditions included (a status that
 * depends on what the request found tells the caller that someone's data is kept). No `@share`
 * makes that caller a processor.
 */
function checkAnswers(context: RuleContext, flow: FlowDecl, sinks: readonly Sink[]): void {
  const rights = context.model.annotationsOf(flow).rights;
  if (!rights || !requesterOf(context.model, flow)) return;
  for (const sink of sinks) {
    if (sink.kind !== 'respond') continue;
    const sent = aboutSomeone(context, reaching(sink));
    if (sent.size === 0) continue;
    const [first] = sent.values();
    const { range, related } = pointAt(sink.node.range, first!);
    context.report(messages.answerToRequester, range, { right: rights.right, categories: listCategories(sent.keys()) }, related ? { related } : {});
  }
}

/** The file's secret parameters, by their workflow parameter's name (lower-cased: WDL reads `parameters('…')` in any case) to their Jig name. */
function secretParameters(context: RuleContext): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const symbol of context.model.globals.values()) {
    if (symbol.kind !== 'param' || !containsSecret(symbol.type) || symbol.declaringNode?.kind !== 'Param') continue;
    secrets.set(parameterName(symbol.declaringNode as ParamDecl).toLowerCase(), symbol.name);
  }
  return secrets;
}

/**
 * A raw action may send every category the flow declares and the project keeps to a place Jig
 * cannot know (flow/raw-actions.ts). Where all that is about no one it is only JIG2064's warning.
 */
function checkRawActions(context: RuleContext, flow: FlowDecl): void {
  const raw = rawActionsOf(flow);
  const secrets = secretParameters(context);
  for (const node of [...(flow.trigger?.kind === 'RawTrigger' ? [flow.trigger] : []), ...raw]) checkRawCredentials(context, node, secrets);
  for (const node of raw) {
    const sent = rawActionCategories(context.model, flow, context.data, node).filter((id) => context.policy.categories.get(id)?.aboutNoOne !== true);
    if (sent.length === 0) continue;
    context.report(messages.shareRequired, node.name.range, {
      destination: 'wherever its JSON sends it (a raw action, which Jig does not read)',
      categories: listCategories(sent),
    });
  }
}

/**
 * A raw action's or trigger's JSON is not read for where it sends, but it may hold what the
 * workflow opens data with: a secret parameter (`parameters('NAME')`, or every secret where the
 * name is computed) and a token of the workflow's managed identity (an `authentication` of type
 * ManagedServiceIdentity, or of a type computed at run time). It sends them to a place Jig cannot
 * know: a credential shared, whatever the flow's data (unknown is not safe, rule 1).
 */
function checkRawCredentials(context: RuleContext, node: RawActionStep | RawTrigger, secrets: ReadonlyMap<string, string>): void {
  const credentials = new Set<string>();
  const visit = (value: JsonValue): void => {
    if (value.kind === 'JsonObject') {
      for (const member of value.members) {
        if (member.key.value?.toLowerCase() === 'authentication' && usesManagedIdentity(member.value)) credentials.add("a token of the workflow's managed identity");
        visit(member.value);
      }
    } else if (value.kind === 'JsonArray') value.elements.forEach(visit);
    else if (value.kind === 'String') for (const name of secretsRead(value.value ?? '', secrets)) credentials.add(`the secret '${name}'`);
  };
  visit(node.body);
  if (credentials.size === 0) return;
  context.report(messages.credentialShared, node.name.range, {
    credential: [...credentials].join(' and '),
    destination: `wherever its JSON sends ${credentials.size > 1 ? 'them' : 'it'} (a raw ${node.kind === 'RawTrigger' ? 'trigger' : 'action'}, which Jig does not read)`,
    remedy: 'Write it in Jig, where the checks see where a credential goes.',
  });
}

/** An `authentication` object whose type is ManagedServiceIdentity, or computed at run time. */
function usesManagedIdentity(value: JsonValue): boolean {
  if (value.kind === 'String') return true; // the whole object computed
  if (value.kind !== 'JsonObject') return false;
  const type = value.members.find((member) => member.key.value?.toLowerCase() === 'type')?.value;
  if (type?.kind !== 'String' || type.value === undefined) return true;
  return type.value.toLowerCase() === 'managedserviceidentity' || type.value.trim().startsWith('@');
}

/** The Jig names of the secrets a WDL string reads by `parameters('NAME')`; all of them where a name is computed. */
function secretsRead(text: string, secrets: ReadonlyMap<string, string>): string[] {
  if (!/parameters\s*\(/i.test(text)) return [];
  const read: string[] = [];
  const literal = /parameters\s*\(\s*'((?:[^']|'')*)'\s*\)/gi;
  for (const match of text.matchAll(literal)) {
    const name = secrets.get(match[1]!.replace(/''/g, "'").toLowerCase());
    if (name !== undefined) read.push(name);
  }
  // A parameter named by a computed value may be any of them.
  const calls = text.match(/parameters\s*\(/gi)?.length ?? 0;
  const literals = [...text.matchAll(literal)].length;
  return calls > literals ? [...secrets.values()] : read;
}

function aboutSomeone(context: RuleContext, categories: CategoryFlow): CategoryFlow {
  const aboutNoOne = (category: string) => context.policy.categories.get(category)?.aboutNoOne === true;
  for (const category of categories.keys()) if (aboutNoOne(category)) return new Map([...categories].filter(([c]) => !aboutNoOne(c)));
  return categories;
}

/** A reply to the sender of the triggering mail answers the data subject with their own mail. */
function answersSubject(destination: Destination, sink: OutboundSink): boolean {
  return destination.sender === true && !sink.foreign;
}

function checkShared(context: RuleContext, sink: OutboundSink, sent: CategoryFlow, outside: readonly Destination[], anchor: { start: number; end: number }): void {
  if (!sink.share) {
    const candidate = outside[0]!.cleartext ? undefined : processorAt(context, outside[0]!.host);
    context.report(
      messages.shareRequired,
      anchor,
      { destination: outside.map((destination) => destination.description).join(', '), categories: listCategories(sent.keys()) },
      candidate ? { fixes: [shareWith(candidate, sink.step.range.end)] } : {},
    );
    return;
  }
  const processor = context.policy.processors.get(sink.share.processor);
  if (!processor) return;
  if (sink.share.reason.trim() === '') {
    context.report(messages.shareWithoutReason, sink.share.range, { processor: processor.id });
  }
  // A host only known at run time is no host the processor is known to be reached at, unless it is reached anywhere (`*`).
  const elsewhere = outside.filter((destination) => !reachedAt(processor, destination));
  if (elsewhere.length > 0) {
    context.report(messages.processorHostMismatch, anchor, {
      processor: processor.id,
      host: elsewhere.map((destination) => destination.description).join(', '),
      hosts: processor.hosts.join(', '),
    });
  }
  // One finding for every category the processor may not receive: the fix is one decision.
  const refused = [...sent].filter(([category]) => !processor.categories.some((allowed) => covers(allowed, category)));
  if (refused.length === 0) return;
  const { range, related } = pointAt(sink.node.range, refused[0]![1]);
  context.report(
    messages.processorCategoryNotAllowed,
    refused.length === 1 ? range : sink.node.range,
    { processor: processor.id, categories: listCategories(refused.map(([category]) => category)) },
    refused.length === 1 && related ? { related } : { related: refused.map(([category, origin]) => ({ message: `'${category}' comes from ${origin.description}`, range: origin.range })) },
  );
}

/** Where a token of the workflow's managed identity is for when `@identity` names no audience (the service's default). */
const DEFAULT_AUDIENCE = 'https://management.azure.com/';

/**
 * A credential opens data, so sending one outside the platform shares what it opens: a secret only
 * to a processor named with `@share` and reached at that host (or, for a token, to Entra ID's
 * sign-in service); a managed identity's token only to the service it is for (its audience's
 * host), whatever `@share` says; an app's token (`ActiveDirectoryOAuth`) to its audience's host or
 * a processor named with `@share` reached there.
 */
function checkCredentials(context: RuleContext, sink: HttpSink, destinations: readonly Destination[], anchor: TextRange): void {
  const outside = destinations.filter((destination) => !destination.platform && !destination.refused);
  if (outside.length === 0) return;
  const describe = (destination: Destination) => destination.description;
  const { identity } = context.model.callOptionsOf(sink.step);
  if (identity && !sink.tokenRequest) {
    const audience = identity.audience ?? DEFAULT_AUDIENCE;
    const audienceHost = URL.canParse(audience) ? new URL(audience).hostname.toLowerCase() : undefined;
    const elsewhere = outside.filter((destination) => {
      const host = destination.host?.toLowerCase();
      // Only the audience's own host: a token for a service's whole suffix (Key Vault's
      // vault.azure.net) is good at every vault, the client's too, so another's vault is no place for it.
      return audienceHost === undefined || audienceHost === '' || host !== audienceHost || destination.cleartext;
    });
    if (elsewhere.length > 0) {
      context.report(messages.credentialShared, anchor, {
        credential: `a token of the workflow's managed identity for '${audience}'`,
        destination: elsewhere.map(describe).join(', '),
        remedy: 'A token goes only to the service it is for: call that service, or the client\'s own resource that is.',
      });
    }
  }
  const processor = sink.share && context.policy.processors.get(sink.share.processor);
  const reachedThere = (destination: Destination) => processor !== undefined && reachedAt(processor, destination);
  const remedy = processor
    ? `The processor '${processor.id}' is not reached there (${processor.hosts.join(', ')}).`
    : 'Name the processor it is for with @share(PROCESSOR, "reason"), reached at that host.';
  // An ActiveDirectoryOAuth authentication sends its credential to its authority (the token
  // request, a sink of its own) and the token it gets to the call's host: good at its audience's
  // own host, and a credential shared anywhere else, as a secret is.
  const oauth = sink.tokenRequest ? undefined : tokenRequestOf(sink.call.auth);
  if (oauth) {
    const audience = oauth.fields.find((field) => field.name.name === 'audience')?.value;
    const text = audience?.kind === 'String' ? audience.value : undefined;
    const audienceHost = text !== undefined && URL.canParse(text) ? new URL(text).hostname.toLowerCase() : undefined;
    const elsewhere = outside.filter((destination) => !(audienceHost && destination.host?.toLowerCase() === audienceHost && !destination.cleartext) && !reachedThere(destination));
    if (elsewhere.length > 0) {
      context.report(messages.credentialShared, (audience ?? oauth).range, {
        credential: `the token its auth { … } gets for ${text !== undefined ? `'${text}'` : 'an audience only known at run time'}`,
        destination: elsewhere.map(describe).join(', '),
        remedy: processor
          ? `A token goes to the service it is for (its audience's host); the processor '${processor.id}' is not reached there (${processor.hosts.join(', ')}).`
          : 'A token goes to the service it is for (its audience\'s host), or to a processor named with @share(PROCESSOR, "reason") and reached there.',
      });
    }
  }
  const parts = sink.tokenRequest ? sink.tokenRequest.fields.map((field) => field.value) : requestParts(sink.call).filter((part) => part !== oauth);
  // The secret itself, or a value that may hold one (what a request that sent it answered: semantics/categories.ts SECRET).
  const secret = parts.find((part) => containsSecret(context.model.typeOf(part)) || secretIn(context.model.categoriesOf(part)) !== undefined);
  if (!secret) return;
  // An app's secret is what a token request to the sign-in service is for; data about someone is not (sharedServiceTenant).
  const elsewhere = outside.filter((destination) => !destination.signIn && !reachedThere(destination));
  if (elsewhere.length === 0) return;
  context.report(messages.credentialShared, secret.range, {
    credential: 'a secret',
    destination: elsewhere.map(describe).join(', '),
    remedy,
  });
}

/**
 * A processor is reached at the hosts the policy lists for it (`*`: anywhere, a host only known at
 * run time too), and never over plain http, where whoever is on the path reads what it is sent.
 */
function reachedAt(processor: ProcessorDefinition, destination: Destination): boolean {
  if (destination.cleartext) return false;
  return destination.host === undefined ? processor.hosts.includes('*') : hostMatches(destination.host, processor.hosts);
}

/** Where a listed processor is reached at the host, naming it is the obvious fix. */
function processorAt(context: RuleContext, host: string | undefined): ProcessorDefinition | undefined {
  if (host === undefined) return undefined;
  return [...context.policy.processors.values()].find((processor) => hostMatches(host, processor.hosts));
}

function shareWith(processor: ProcessorDefinition, at: number): Fix {
  const text = ` @share(${processor.id}, "Describe why ${processor.id} needs this data")`;
  return { title: `Share with '${processor.id}'`, edits: [{ range: { start: at, end: at }, newText: text }], isPreferred: true };
}
