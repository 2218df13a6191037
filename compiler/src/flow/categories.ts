/**
 * Where data goes in a flow: for every sink (a store, an HTTP call, a mail, a response, a child
 * flow, a failure message) the categories that reach it and where each came from, and for every
 * source (the trigger, a query, an HTTP response, a child flow's result) the categories it brings
 * in. Built on the semantic model's `categoriesOf`, which already follows lets, vars, loops and
 * records, with the project's data (what its flows store in a container, what callers pass a
 * flow) resolved through `DataResolver`: nothing here resolves a name or a type again. The policy
 * rules and the data-map report read this; the emitter resolves categories the same way.
 *
 * A sink also records the categories of the conditions it runs under (`control`): sending even a
 * constant only when a condition holds tells the receiver what the condition read.
 */
import type {
  CallExpression,
  AgentStep,
  AggregateOperation,
  DeleteStep,
  Expression,
  FlowCall,
  FlowDecl,
  HttpCall,
  Identifier,
  LetStep,
  LetValue,
  Node,
  NameRef,
  QueryOperation,
  RecordLiteral,
  RawActionStep,
  RespondStep,
  SendMailStep,
  SendMessageStep,
  SetStep,
  StringLiteral,
  AppendStep,
  JsonMember,
  JsonObject,
  VarStep,
  Step,
  StoreStep,
  Trigger,
} from '../syntax/tree.js';
import type { CategoryFlow, CategoryOrigin, ResolvedDuration, SemanticModel, ShareAnnotation } from '../semantics/model.js';
import { secretIn, elementOf, flatten, isPlaceholder, memberOf, unionOfCategories, makeOrigin } from '../semantics/categories.js';
import { forEachStep, requestParts, walk } from '../syntax/visit.js';
import type { DataResolver } from './project-data.js';
import { startsWithChat, writtenName } from '../syntax/tree.js';
import { rawActionCategories } from './raw-actions.js';
import { extend } from '../util/objects.js';
import { tokenRequestOf } from '../connectors/http-authentication.js';
import { isFollowedHeader } from '../connectors/followed-headers.js';
import { markupLinks } from '../connectors/markup.js';
import { rawVariableWrites } from '../semantics/steps.js';
import { stripOptional } from '../semantics/relations.js';

interface SinkBase {
  /** The step the data leaves through (where `@share` and `@allow` are written). */
  readonly step: Step;
  /** What receives the data, as precisely as the tree allows (the diagnostic's anchor). */
  readonly node: Node;
  /** The categories of the data itself. */
  readonly categories: CategoryFlow;
  /** The categories of the conditions the step runs under. */
  readonly control: CategoryFlow;
  /**
   * Whether the data, or a condition it is sent under, holds anything that did not come from the
   * flow's own trigger (a reply to a mail's sender under a condition on others' data tells them of it).
   */
  readonly foreign: boolean;
  /** Where a secret the data may hold came from (semantics/categories.ts SECRET); confined to a call's request. */
  readonly secret?: CategoryOrigin;
}

export interface StoreSink extends SinkBase {
  readonly kind: 'store';
  readonly step: StoreStep;
  readonly retention?: ResolvedDuration;
  /** A store into a service outside the platform (a SharePoint site, a Blob account, a SQL server) is a share. */
  readonly share?: ShareAnnotation;
}

export interface HttpSink extends SinkBase {
  readonly kind: 'http';
  readonly call: HttpCall;
  readonly share?: ShareAnnotation;
  /**
   * The token request an `ActiveDirectoryOAuth` authentication makes before the call (its record):
   * a sink of its own, which sends what the record holds to the authority, not to the call's host
   * (connectors/http-authentication.ts).
   */
  readonly tokenRequest?: RecordLiteral;
}

export interface MailSink extends SinkBase {
  readonly kind: 'mail';
  readonly step: SendMailStep;
  readonly share?: ShareAnnotation;
}

/** `send EXPR to servicebus(…)`: a message into a queue or topic of a namespace; `send EXPR to teams(…)`: a post in a Teams channel. */
export interface MessageSink extends SinkBase {
  readonly kind: 'message';
  readonly step: SendMessageStep;
  /** How long a Service Bus message may wait in its queue or topic (its time to live, the flow's `@retain`). */
  readonly retention?: ResolvedDuration;
  readonly share?: ShareAnnotation;
}

export interface RespondSink extends SinkBase {
  readonly kind: 'respond';
}

export interface FlowSink extends SinkBase {
  readonly kind: 'flow';
  readonly call: FlowCall;
}

/** `fail "…"`: the message lands in run history. */
export interface FailSink extends SinkBase {
  readonly kind: 'fail';
}

export type Sink = StoreSink | HttpSink | MailSink | MessageSink | RespondSink | FlowSink | FailSink;

/**
 * `let … = query blob(ACCOUNT, CONTAINER) name EXPR`: the blob's name goes to the storage account
 * in the request's path, so what the name reads is sent there (a read, not a store: §2 and §8 are
 * not concerned, and it stays out of `sinks`, which list where data is written or answered).
 */
export interface ReadSink extends SinkBase {
  readonly kind: 'read';
  readonly step: LetStep;
  readonly query: QueryOperation;
  readonly share?: ShareAnnotation;
}

/**
 * `respond … headers { Location: URL }`: the caller's user agent (a browser, an HTTP client) follows
 * the redirect, so what the URL holds goes on to its host, whoever the caller is.
 */
export interface RedirectSink extends SinkBase {
  readonly kind: 'redirect';
  readonly step: RespondStep | SendMailStep | SendMessageStep;
  /** The value of a header that sends the caller onward (connectors/followed-headers.ts). */
  readonly location: Expression;
  /** Its name as written; undefined for one not written as plain text, which may be any. */
  readonly header?: string;
  /**
   * Or a URL that markup the recipient renders names (a mail's body, a Teams message, an HTML
   * response: connectors/markup.ts `markupLinks`), `location` being the markup: its
   * text as `parseUrl` reads it, undefined for one whose host is computed.
   */
  readonly link?: { readonly url: string | undefined };
  readonly share?: ShareAnnotation;
}

/**
 * A sink whose data leaves for a place §3 judges: the platform, or a third party
 * (policy/destinations.ts). A store is judged by §2, but one into a SharePoint site, a Blob account
 * or a SQL server goes to the host it names, which may be anyone's; so does a blob read's name, and
 * the URL a response redirects its caller to.
 */
export type OutboundSink = HttpSink | MailSink | MessageSink | StoreSink | ReadSink | RedirectSink;

export type SourceKind =
  | 'http-trigger'
  | 'mail-trigger'
  | 'message-trigger'
  | 'list-trigger'
  | 'event-trigger'
  | 'raw-trigger'
  | 'chat-trigger'
  | 'schedule-trigger'
  | 'query'
  | 'blob-read'
  | 'http-response'
  | 'flow-result'
  | 'raw-result';

export interface DataSource {
  readonly kind: SourceKind;
  /** The trigger, the `let` whose value reads the data, or the raw action whose result a step reads. */
  readonly node: Trigger | LetStep | RawActionStep | AgentStep;
  readonly value?: QueryOperation | HttpCall | FlowCall;
  readonly categories: CategoryFlow;
}

/** An aggregate, with what its key and each output's field hold, wherever they came from (§5). */
export interface AggregateUse {
  readonly step: LetStep;
  readonly operation: AggregateOperation;
  readonly key: CategoryFlow;
  /** By output field (`min(amount)`: `amount`). */
  readonly fields: ReadonlyMap<Identifier, CategoryFlow>;
}

/**
 * A `delete`: the platform's own store receives the key of a document it holds, which discloses
 * nothing (not a sink for §3), but acts on one record, chosen by what the key and the conditions
 * read: a use of that data (§4).
 */
export interface DeleteUse {
  readonly step: DeleteStep;
  readonly categories: CategoryFlow;
  readonly control: CategoryFlow;
}

/** A category that reaches the flow, the first place it does, and the step or trigger there. */
export interface TouchedCategory {
  readonly origin: CategoryOrigin;
  readonly at: Step | Trigger;
}

/** A `var`, `set` or `append`: a variable action, which Logic Apps cannot hide from run history. */
export interface VariableWrite {
  readonly step: VarStep | SetStep | AppendStep;
  readonly categories: CategoryFlow;
  /** Where a secret the value may hold came from. */
  readonly secret?: CategoryOrigin;
}

/**
 * A computed `@tracked("NAME", EXPR)`: what the expression reads goes with the action's run to the
 * workflow's diagnostic logs (Azure Monitor, Application Insights), a store outside run history's
 * securing and outside Jig's retention (policy: run-history and s08-retention).
 */
export interface LogWrite {
  readonly step: Step | Trigger;
  /** The tracked property's value, or a raw action's or trigger's `trackedProperties`. */
  readonly node: Node;
  readonly categories: CategoryFlow;
  /** Where a secret the value may hold came from. */
  readonly secret?: CategoryOrigin;
}

/**
 * An agent's chat history (README rule 6): the messages, what the model answered and passed the
 * tools, and what the tools answered, which the run history shows and Jig cannot hide.
 */
export interface AgentHistory {
  readonly step: AgentStep;
  readonly categories: CategoryFlow;
  /** Where a secret the history may hold came from (the messages, what the tools answered). */
  readonly secret?: CategoryOrigin;
}

export interface FlowData {
  readonly flow: FlowDecl;
  readonly sources: readonly DataSource[];
  readonly sinks: readonly Sink[];
  /** The reads that send what their selector reads to the store's host (a blob's name), and the redirects a response asks its caller to follow. */
  readonly reads: readonly (ReadSink | RedirectSink)[];
  readonly variables: readonly VariableWrite[];
  /** The computed tracked properties, which go to the diagnostic logs. */
  readonly logs: readonly LogWrite[];
  /** The agents' chat histories, which run history shows. */
  readonly histories: readonly AgentHistory[];
  readonly aggregates: readonly AggregateUse[];
  readonly deletes: readonly DeleteUse[];
  /** Every category that reaches the flow, in the order the flow first meets them. */
  readonly touched: ReadonlyMap<string, TouchedCategory>;
}


/** The data map of one flow. */
export function analyzeFlowData(model: SemanticModel, flow: FlowDecl, resolver: DataResolver): FlowData {
  const sources: DataSource[] = [];
  const sinks: Sink[] = [];
  const reads: (ReadSink | RedirectSink)[] = [];
  const aggregates: AggregateUse[] = [];
  const deletes: DeleteUse[] = [];
  const variables: VariableWrite[] = [];
  const logs: LogWrite[] = [];
  const histories: AgentHistory[] = [];
  const touched = new Map<string, TouchedCategory>();
  const onlyAggregated = onlyAggregatedQueries(model, flow);

  const touch = (categories: CategoryFlow, at: Step | Trigger) => {
    for (const [category, origin] of categories) if (!touched.has(category)) touched.set(category, { origin, at });
  };
  const raw = (...nodes: (Expression | LetValue | undefined)[]): CategoryFlow => unionOfCategories(nodes, (node) => model.categoriesOf(node));
  const resolved = (...nodes: (Expression | LetValue | undefined)[]): CategoryFlow => resolver.resolve(raw(...nodes));
  const sink = <K extends Sink['kind'] | 'read' | 'redirect'>(kind: K, step: Step, node: Node, values: (Expression | LetValue | undefined)[]) => {
    const unresolved = raw(...values);
    const categories = resolver.resolve(unresolved);
    const conditions = model.controlCategoriesOf(step);
    const control = resolver.resolve(conditions);
    touch(categories, step);
    const secret = secretIn(unresolved);
    return { kind, step, node, categories, control, foreign: resolver.isForeign(unresolved) || resolver.isForeign(conditions), ...(secret && { secret }) };
  };

  if (flow.trigger) {
    const categories = resolver.resolve(model.triggerCategories(flow));
    const trigger = flow.trigger;
    const kind = trigger.kind === 'MessageTrigger' ? SERVICE_TRIGGER_SOURCES[trigger.source.store.name] ?? 'message-trigger' : TRIGGER_SOURCES[trigger.kind];
    sources.push({ kind, node: flow.trigger, categories });
    touch(categories, flow.trigger);
    // A raw trigger's own tracked properties go to the logs with what it brings in.
    const tracked = trigger.kind === 'RawTrigger' ? trackedPropertiesIn(trigger.body) : undefined;
    if (tracked) logs.push({ step: trigger, node: tracked, categories });
  }

  // Each sink is the literal `sink` makes, extended (util/objects.ts: a spread first would give every sink its own hidden class).
  const visitHttpCall = (step: Step, call: HttpCall) => {
    const share = model.shareOf(step);
    const base = sink('http', step, call.body ?? call, requestParts(call));
    sinks.push(extend(base, { call, ...(share && { share }) }));
    // The token request goes first, to the authority, with the client's id and credential (and under the step's conditions).
    const tokenRequest = tokenRequestOf(call.auth);
    if (tokenRequest) sinks.push(extend(sink('http', step, tokenRequest, [tokenRequest]), { call, tokenRequest, ...(share && { share }) }));
  };
  const visitFlowCall = (step: Step, call: FlowCall) => {
    sinks.push(extend(sink('flow', step, call.argument ?? call, [call.argument]), { call }));
  };

  // What markup the recipient renders sends to the URLs it names: each URL a value is written into.
  const visitMarkup = (step: RespondStep | SendMailStep | SendMessageStep, markup: Expression | undefined) => {
    if (!markup) return;
    const share = model.shareOf(step);
    const link = (url: string | undefined, values: readonly Expression[], location: Expression) =>
      reads.push(extend(sink('redirect', step, values.length === 1 ? values[0]! : location, [...values]), { step, location, link: { url }, ...(share && { share }) }));
    const literal = markupText(model, markup);
    // Markup the flow computes (a concat, a join, a replace, a decoded text) whose text Jig cannot
    // read: what it carries may be in any of its URLs, whose hosts Jig cannot see.
    if (!literal) {
      if (computesMarkup(model, flow, markup)) link(undefined, [markup], markup);
      return;
    }
    for (const { url, values } of markupLinks(literal)) link(url, values, literal);
    // Markup written into it that Jig cannot read may open a URL that takes in what follows it
    // (an <img src=' left open): it and every value after it go to a host Jig cannot see.
    const opened = literal.parts.findIndex((part) => part.kind === 'Interpolation' && computesMarkup(model, flow, part.expression));
    if (opened >= 0) {
      const after = literal.parts.slice(opened).flatMap((part) => (part.kind === 'Interpolation' ? [part.expression] : []));
      link(undefined, after, literal);
    }
  };

  const visitStep = (step: Step): void => {
    for (const property of model.trackedPropertiesOf(step) ?? []) {
      if (!property.expression) continue;
      const unresolved = raw(property.expression);
      const categories = resolver.resolve(unresolved);
      const secret = secretIn(unresolved);
      logs.push({ step, node: property.expression, categories, ...(secret && { secret }) });
      touch(categories, step);
    }
    switch (step.kind) {
      case 'Let': {
        const value = step.value;
        if (value.kind === 'HttpCall') visitHttpCall(step, value);
        if (value.kind === 'FlowCall') visitFlowCall(step, value);
        if (value.kind === 'Aggregate') {
          const use = aggregateUse(model, resolver, step, value);
          aggregates.push(use);
          touch(use.key, step);
          for (const field of use.fields.values()) touch(field, step);
        }
        // A query pushed into its aggregates' SQL reads, of what the project stores there, only
        // the fields they group and total (aggregateUse); what its type declares the documents
        // to be still counts (a count of people is personal data).
        const pushedDown = value.kind === 'Query' && onlyAggregated.has(step);
        const categories = pushedDown ? declaredOnly(model.categoriesOf(value)) : resolved(value);
        if (value.kind === 'Query' || value.kind === 'HttpCall' || value.kind === 'FlowCall') {
          const kind = value.kind === 'Query' ? (value.source.store.name === 'blob' ? 'blob-read' : 'query') : value.kind === 'HttpCall' ? 'http-response' : 'flow-result';
          sources.push({ kind, node: step, value, categories });
        }
        touch(categories, step);
        if (value.kind === 'Query' && value.where) touch(resolved(value.where), step);
        if (value.kind === 'Query' && value.name) {
          const share = model.shareOf(step);
          reads.push(extend(sink('read', step, value.name, [value.name]), { step, query: value, ...(share && { share }) }));
        }
        return;
      }
      case 'Var':
      case 'Set':
      case 'Append': {
        const unresolved = raw(step.value);
        const categories = resolver.resolve(unresolved);
        const secret = secretIn(unresolved);
        variables.push({ step, categories, ...(secret && { secret }) });
        touch(categories, step);
        return;
      }
      case 'Store': {
        const retention = model.retentionOf(step);
        const share = model.shareOf(step);
        sinks.push(extend(sink('store', step, step.value, [step.value]), { step, ...(retention && { retention }), ...(share && { share }) }));
        return;
      }
      case 'Delete': {
        // The platform's own store receives the key of a document it holds: like a query's
        // filter, what the key reads is touched (declared in @data), not disclosed.
        const categories = resolved(step.id, step.partition);
        touch(categories, step);
        deletes.push({ step, categories, control: resolver.resolve(model.controlCategoriesOf(step)) });
        return;
      }
      case 'HttpCallStep':
        visitHttpCall(step, step.call);
        return;
      case 'FlowCallStep':
        visitFlowCall(step, step.call);
        return;
      case 'SendMail': {
        const share = model.shareOf(step);
        sinks.push(extend(sink('mail', step, step, [step.to, step.subject, step.body]), { step, ...(share && { share }) }));
        visitMarkup(step, step.body);
        return;
      }
      case 'SendMessage': {
        const share = model.shareOf(step);
        const retention = step.target.store.name === 'servicebus' ? model.retentionOf(step) : undefined;
        sinks.push(extend(sink('message', step, step.value, [step.value]), { step, ...(retention && { retention }), ...(share && { share }) }));
        if (step.target.store.name === 'teams') visitMarkup(step, step.value);
        return;
      }
      case 'Respond':
        // Its headers, and a status it computes, reach the caller as its body does.
        sinks.push(sink('respond', step, step.headers || step.status.kind !== 'Number' ? step : (step.body ?? step), [step.status.kind === 'Number' ? undefined : step.status, step.body, ...(step.headers ?? []).map((header) => header.value)]));
        for (const header of step.headers ?? []) {
          const name = writtenName(header);
          // A name that is not plain text (refused by the parser, JIG1001) could stand for Location.
          if (!isFollowedHeader(name)) continue;
          const share = model.shareOf(step);
          reads.push(extend(sink('redirect', step, header.value, [header.value]), { step, location: header.value, ...(name !== undefined && { header: name }), ...(share && { share }) }));
        }
        if (rendersMarkup(step)) visitMarkup(step, step.body);
        return;
      case 'Fail':
        sinks.push(sink('fail', step, step.message, [step.message]));
        return;
      case 'If':
        touch(resolved(step.condition), step);
        return;
      case 'ForEach':
        touch(resolved(step.iterable), step);
        return;
      case 'Switch':
        touch(resolved(step.subject), step);
        return;
      case 'Until':
        touch(resolved(step.condition), step);
        return;
      case 'RawAction': {
        // Its JSON's tracked properties (a Scope's actions' too) go to the logs with whatever it may read.
        const tracked = trackedPropertiesIn(step.body);
        if (tracked) {
          const origin = makeOrigin(tracked.range, `the tracked properties of the raw action '${step.name.value ?? ''}'`);
          const categories: CategoryFlow = new Map(rawActionCategories(model, flow, resolver, step).map((category) => [category, origin]));
          logs.push({ step, node: tracked, categories });
          touch(categories, step);
        }
        // What a step reads of its result, or of a var it writes, came from wherever its JSON read it
        // (rule 1): no filter of Jig's saw it.
        const symbol = step.result && model.symbolOf(step.result);
        const resultRead = symbol !== undefined && model.referencesOf(symbol).length > 1;
        if (!resultRead && rawVariableWrites(step).length === 0) return;
        const origin = makeOrigin(step.name.range, `the result of the raw action '${step.name.value ?? ''}'`);
        sources.push({ kind: 'raw-result', node: step, categories: new Map(rawActionCategories(model, flow, resolver, step).map((category) => [category, origin])) });
        return;
      }
      case 'Agent': {
        // The model's endpoint receives the messages and, turn after turn, what the tools answered
        // (rule 2): a call to the agent's connection (policy/destinations.ts).
        // In a flow a chat starts, the model is also given the chat, every message of it (what the
        // chat brings in: unknown, every category the flow declares), whatever the messages written say.
        const share = model.shareOf(step);
        const sent = sink('http', step, step.request.body ?? step.request, [...requestParts(step.request), ...toolResults(step)]);
        const chat: CategoryFlow = startsWithChat(flow.trigger) ? resolver.resolve(model.triggerCategories(flow)) : new Map();
        // A tool's let answers as it binds its value (what its @declassify drops, the model is not told).
        const bound = unionOfCategories(toolLets(step), (inner) => model.symbolOf(inner.name)?.categories ?? new Map());
        const fromTools = unionOfCategories([rawToolResults(model, flow, resolver, step), resolver.resolve(bound), chat], (flow) => flow);
        const secret = sent.secret ?? secretIn(bound);
        const request = fromTools.size === 0 ? sent : { ...sent, categories: unionOfCategories([sent.categories, fromTools], (flow) => flow), ...(secret && { secret }) };
        sinks.push(extend(request, { call: step.request, ...(share && { share }) }));
        // What it answers (and passes the tools) is unknown, with what it was sent (semantics/categories.ts).
        const answer = resolved(step.request);
        sources.push({ kind: 'http-response', node: step, value: step.request, categories: answer });
        touch(answer, step);
        histories.push({ step, categories: unionOfCategories([request.categories, answer], (flow) => flow), ...(request.secret && { secret: request.secret }) });
        return;
      }
      case 'Try':
      case 'Wait':
      case 'Parallel':
        return;
    }
  };
  forEachStep(flow.body, visitStep);

  return { flow, sources, sinks, reads, variables, logs, histories, aggregates, deletes, touched };
}

/**
 * What an agent's tools may answer its model: every value their steps compute or receive (a call's
 * or a child flow's answer; a let's value, as bound: toolLets), at any depth. Which of them Logic Apps hands back to
 * the model is not documented action by action, so all of them count.
 */
function toolResults(step: AgentStep): (Expression | LetValue)[] {
  const results: (Expression | LetValue)[] = [];
  for (const tool of step.tools) {
    forEachStep(tool.body, (inner) => {
      if (inner.kind === 'HttpCallStep' || inner.kind === 'FlowCallStep') results.push(inner.call);
      else if (inner.kind === 'Agent') results.push(inner.request);
    });
  }
  return results;
}

/** The lets of an agent's tools, whose values, as bound, answer its model. */
function toolLets(step: AgentStep): LetStep[] {
  const lets: LetStep[] = [];
  for (const tool of step.tools) forEachStep(tool.body, (inner) => void (inner.kind === 'Let' && lets.push(inner)));
  return lets;
}

/** What the raw actions of an agent's tools may answer its model: what their JSON may read (flow/raw-actions.ts). */
function rawToolResults(model: SemanticModel, flow: FlowDecl, resolver: DataResolver, step: AgentStep): CategoryFlow {
  const result = new Map<string, CategoryOrigin>();
  for (const tool of step.tools) {
    forEachStep(tool.body, (inner) => {
      if (inner.kind !== 'RawAction') return;
      const origin = makeOrigin(inner.name.range, `what the raw action '${inner.name.value ?? ''}' of the tool ${tool.name.name} answers the agent's model`);
      for (const category of rawActionCategories(model, flow, resolver, inner)) result.set(category, origin);
    });
  }
  return result;
}

/**
 * The `trackedProperties` of a raw action's or trigger's JSON, at any depth (a raw Scope's actions)
 * and in any case: Logic Apps sends them with the run to the diagnostic logs, and what they
 * reference is anything the action or trigger reads (README, rule 6).
 */
function trackedPropertiesIn(body: JsonObject): JsonMember | undefined {
  let found: JsonMember | undefined;
  walk(body, (node) => {
    if (found) return false;
    if (node.kind === 'JsonMember' && (node as JsonMember).key.value?.toLowerCase() === 'trackedproperties') found = node as JsonMember;
  });
  return found;
}

/**
 * A response whose content type is markup a browser renders (HTML, XHTML, SVG, XML), or may be:
 * one computed at run time.
 */
function rendersMarkup(step: RespondStep): boolean {
  return (step.headers ?? []).some((header) => {
    const name = writtenName(header);
    if (name !== undefined && name.toLowerCase() !== 'content-type') return false;
    return header.value.kind !== 'String' || header.value.value === undefined || /html|xml|svg/i.test(header.value.value);
  });
}

/**
 * The markup a value writes, as one string: a string literal, with each value in it that a `let`
 * binds to a string literal written in place (markup split across lets is markup still).
 */
function markupText(model: SemanticModel, value: Expression, depth = 0): StringLiteral | undefined {
  if (depth > 8) return undefined;
  if (value.kind === 'Name') {
    const declaring = model.symbolOf(value.name)?.declaringNode;
    return declaring?.kind === 'Let' && (declaring as LetStep).value.kind === 'String' ? markupText(model, (declaring as LetStep).value as Expression, depth + 1) : undefined;
  }
  if (value.kind !== 'String') return undefined;
  if (value.parts.every((part) => part.kind === 'Text' || markupText(model, part.expression, depth + 1) === undefined)) return value;
  const parts = value.parts.flatMap((part) => (part.kind === 'Text' ? [part] : (markupText(model, part.expression, depth + 1)?.parts ?? [part])));
  return { ...value, parts };
}

/**
 * Whether a value may be markup that the project itself writes, where Jig cannot read its text: a
 * value built (by a function, `+`, a list joined, a `let` or a `var`) from a literal that holds
 * markup (`<`, a CSS `url(` or `@import`), or decoded from text that may hold it (`json`, `xml`,
 * `xpath`, `base64ToString`, `base64ToBinary`), or a parameter or a Standard app's setting
 * (`appsetting`), whose text jig.yaml or the deployment gives. A value passed through as it came (a caller's field) is not: what it holds is
 * its writer's (README, limits).
 */
function computesMarkup(model: SemanticModel, flow: FlowDecl, value: Expression | LetValue, seen = new Set<Node>()): boolean {
  if (seen.has(value)) return false;
  seen.add(value);
  // A number or a boolean is written as digits or a word, never as markup.
  const type = stripOptional(model.typeOf(value));
  if (type.kind === 'primitive' && NOT_MARKUP.has(type.name)) return false;
  // Code the flow runs computes what it likes; what a service, a query or a child flow answers
  // is its writer's, as a caller's field is.
  if (value.kind === 'InlineCode') return true;
  if (value.kind === 'ParseJson') return computesMarkup(model, flow, value.content, seen);
  if (ANSWERS.has(value.kind)) return false;
  let found = false;
  walk(value, (node) => {
    if (found) return false;
    if (node.kind === 'String') {
      found = (node as StringLiteral).parts.some((part) => part.kind === 'Text' && MARKUP_TEXT.test(part.text));
    } else if (node.kind === 'Call') {
      // A Standard app's setting, like a parameter, holds the deployment's text.
      found = DECODERS.has((node as CallExpression).callee.name) || (node as CallExpression).callee.name === 'appsetting';
    } else if (node.kind === 'Name') {
      const declaring = model.symbolOf((node as NameRef).name)?.declaringNode;
      if (declaring?.kind === 'Let') found = computesMarkup(model, flow, (declaring as LetStep).value, seen);
      // A parameter's text is the deployment's, which may be markup whatever its default says.
      else if (declaring?.kind === 'Param') found = true;
      else if (declaring?.kind === 'Var') {
        // A var holds what it starts with and whatever is set or appended to it.
        const symbol = model.symbolOf((declaring as VarStep).name);
        const written: Expression[] = (declaring as VarStep).value ? [(declaring as VarStep).value!] : [];
        forEachStep(flow.body, (step) => {
          if ((step.kind === 'Set' || step.kind === 'Append') && model.symbolOf(step.target) === symbol) written.push(step.value);
        });
        found = written.some((expression) => computesMarkup(model, flow, expression, seen));
      }
    }
    return !found;
  });
  return found;
}

const MARKUP_TEXT = /<|url\(|@import/i;
const NOT_MARKUP = new Set(['number', 'integer', 'boolean']);
const ANSWERS = new Set<string>(['Query', 'Aggregate', 'HttpCall', 'FlowCall', 'DocumentOperation', 'TimeOperation', 'TableOperation']);
const DECODERS = new Set(['json', 'xml', 'xpath', 'base64ToString', 'base64ToBinary']);

/** What kind of source each trigger is. */
const TRIGGER_SOURCES = {
  HttpTrigger: 'http-trigger',
  RawTrigger: 'raw-trigger',
  MailTrigger: 'mail-trigger',
  MessageTrigger: 'message-trigger',
  ScheduleTrigger: 'schedule-trigger',
  ChatTrigger: 'chat-trigger',
} as const satisfies Record<Trigger['kind'], SourceKind>;

/** What kind of source a service's trigger is, by its service (Service Bus's is `message-trigger`). */
const SERVICE_TRIGGER_SOURCES: Readonly<Record<string, SourceKind>> = { sharepoint: 'list-trigger', eventgrid: 'event-trigger' };

/** Categories without the project's placeholders: what the file itself declares. */
function declaredOnly(categories: CategoryFlow): CategoryFlow {
  return new Map([...categories].filter(([key]) => !isPlaceholder(key)));
}

/** What an aggregate's key and fields hold: read through the source's elements, as the grouping does. */
function aggregateUse(model: SemanticModel, resolver: DataResolver, step: LetStep, operation: AggregateOperation): AggregateUse {
  const source = model.shapeOf(operation.source);
  const element = elementOf(source);
  const read = (field: Identifier) => resolver.resolve(flatten(memberOf(element, field.name)));
  const fields = new Map<Identifier, CategoryFlow>();
  for (const output of operation.outputs) if (output.field) fields.set(output.field, read(output.field));
  // What decides the groups decides who stands in them: the conditions the step runs under, and
  // the `where` that chose the records (a group of everyone but one person is about that person).
  const control = resolver.resolve(model.controlCategoriesOf(step));
  const selection = source.selection ? resolver.resolve(source.selection) : new Map<string, CategoryOrigin>();
  const key = read(operation.by);
  return { step, operation, key: control.size === 0 && selection.size === 0 ? key : unionOfCategories([key, control, selection], (flow) => flow), fields };
}

/**
 * The `let … = query` steps whose every use is as the source of an `aggregate`: the emitter pushes
 * the grouping into the query's SQL, so the documents themselves are never read.
 */
export function onlyAggregatedQueries(model: SemanticModel, flow: FlowDecl): Set<LetStep> {
  const result = new Set<LetStep>();
  const aggregateSources = new Set<Identifier>();
  const queries: LetStep[] = [];
  forEachStep(flow.body, (step) => {
    if (step.kind !== 'Let') return;
    if (step.value.kind === 'Query') queries.push(step);
    if (step.value.kind === 'Aggregate' && step.value.source.kind === 'Name') aggregateSources.add(step.value.source.name);
  });
  if (aggregateSources.size === 0) return result;
  for (const query of queries) {
    const symbol = model.symbolOf(query.name);
    if (!symbol) continue;
    const uses = model.referencesOf(symbol).filter((id) => id !== query.name);
    if (uses.length > 0 && uses.every((id) => aggregateSources.has(id))) result.add(query);
  }
  return result;
}

/** The flows of the file, each with its data map. */
export function analyzeFileData(model: SemanticModel, resolver: DataResolver): FlowData[] {
  return model.file.declarations.filter((d): d is FlowDecl => d.kind === 'Flow').map((flow) => analyzeFlowData(model, flow, resolver));
}

/** Whether `category` is `covering` or one of its descendants (`personal` covers `personal.name`). */
export function covers(covering: string, category: string): boolean {
  // Compared in place: this runs for every category against every declared one, in several rules.
  return category === covering || (category.charCodeAt(covering.length) === 0x2e && category.startsWith(covering));
}

/** What reaches a sink's receiver: its data and the conditions it was sent under. */
export function reaching(sink: Sink | ReadSink | RedirectSink | DeleteUse): CategoryFlow {
  return sink.control.size === 0 ? sink.categories : unionOfCategories([sink.categories, sink.control], (flow) => flow);
}

