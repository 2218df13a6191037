/**
 * Where data goes in a flow: for every sink (a store, an HTTP call, a mail, a response, a child
 * flow, a failure message) the categories that reach it and where each came from, and for every
 * source (the trigger, a query, an HTTP response, a child flow's result) the categories it brings
 * in. Built on the semantic model's `categoriesOf`, which already follows lets, vars, loops and
 * records: nothing here resolves a name or a type again. The policy rules and the data-map report
 * read this; the emitter reads the same model for its secure-data decisions.
 */
import type {
  AggregateOperation,
  Expression,
  FlowCall,
  FlowDecl,
  HttpCall,
  LetStep,
  LetValue,
  Node,
  QueryOperation,
  SendMailStep,
  Step,
  StoreStep,
  Trigger,
} from '../syntax/tree.js';
import type { CategoryFlow, CategoryOrigin, ResolvedDuration, SemanticModel, ShareAnnotation } from '../semantics/model.js';
import { deepCategories, unionOfCategories } from '../semantics/categories.js';

interface SinkBase {
  /** The step the data leaves through (where `@share` and `@allow` are written). */
  readonly step: Step;
  /** What receives the data, as precisely as the tree allows (the diagnostic's anchor). */
  readonly node: Node;
  readonly categories: CategoryFlow;
}

export interface StoreSink extends SinkBase {
  readonly kind: 'store';
  readonly step: StoreStep;
  readonly retention?: ResolvedDuration;
}

export interface HttpSink extends SinkBase {
  readonly kind: 'http';
  readonly call: HttpCall;
  readonly share?: ShareAnnotation;
}

export interface MailSink extends SinkBase {
  readonly kind: 'mail';
  readonly step: SendMailStep;
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

export type Sink = StoreSink | HttpSink | MailSink | RespondSink | FlowSink | FailSink;

export type SourceKind = 'http-trigger' | 'mail-trigger' | 'schedule-trigger' | 'query' | 'http-response' | 'flow-result';

export interface DataSource {
  readonly kind: SourceKind;
  /** The trigger, or the `let` whose value reads the data. */
  readonly node: Trigger | LetStep;
  readonly value?: QueryOperation | HttpCall | FlowCall;
  readonly categories: CategoryFlow;
}

/** A category that reaches the flow, the first place it does, and the step or trigger there. */
export interface TouchedCategory {
  readonly origin: CategoryOrigin;
  readonly at: Step | Trigger;
}

export interface FlowData {
  readonly flow: FlowDecl;
  readonly sources: readonly DataSource[];
  readonly sinks: readonly Sink[];
  readonly aggregates: readonly { readonly step: LetStep; readonly operation: AggregateOperation }[];
  /** Every category that reaches the flow, in the order the flow first meets them. */
  readonly touched: ReadonlyMap<string, TouchedCategory>;
}

const NONE: CategoryFlow = new Map();

/** The data map of one flow. */
export function analyzeFlowData(model: SemanticModel, flow: FlowDecl): FlowData {
  const sources: DataSource[] = [];
  const sinks: Sink[] = [];
  const aggregates: { step: LetStep; operation: AggregateOperation }[] = [];
  const touched = new Map<string, TouchedCategory>();

  const touch = (categories: CategoryFlow, at: Step | Trigger) => {
    for (const [category, origin] of categories) if (!touched.has(category)) touched.set(category, { origin, at });
  };
  const categoriesOf = (...nodes: (Expression | LetValue | undefined)[]): CategoryFlow =>
    unionOfCategories(nodes, (node) => model.categoriesOf(node));

  if (flow.trigger) {
    const bodyType = model.triggerBodyType(flow);
    const categories = bodyType ? deepCategories(bodyType, flow.trigger.range, 'trigger.body') : NONE;
    const kind = flow.trigger.kind === 'HttpTrigger' ? 'http-trigger' : flow.trigger.kind === 'MailTrigger' ? 'mail-trigger' : 'schedule-trigger';
    sources.push({ kind, node: flow.trigger, categories });
    touch(categories, flow.trigger);
  }

  const visitHttpCall = (step: Step, call: HttpCall) => {
    const categories = categoriesOf(call.url, ...(call.headers ?? []).map((header) => header.value), call.body);
    const share = model.shareOf(step);
    sinks.push({ kind: 'http', step, node: call.body ?? call, call, categories, ...(share && { share }) });
    touch(categories, step);
  };
  const visitFlowCall = (step: Step, call: FlowCall) => {
    const categories = categoriesOf(call.argument);
    sinks.push({ kind: 'flow', step, node: call.argument ?? call, call, categories });
    touch(categories, step);
  };

  const visitStep = (step: Step): void => {
    switch (step.kind) {
      case 'Let': {
        const value = step.value;
        if (value.kind === 'HttpCall') visitHttpCall(step, value);
        if (value.kind === 'FlowCall') visitFlowCall(step, value);
        if (value.kind === 'Aggregate') aggregates.push({ step, operation: value });
        const categories = categoriesOf(value);
        if (value.kind === 'Query' || value.kind === 'HttpCall' || value.kind === 'FlowCall') {
          const kind = value.kind === 'Query' ? 'query' : value.kind === 'HttpCall' ? 'http-response' : 'flow-result';
          sources.push({ kind, node: step, value, categories });
        }
        touch(categories, step);
        if (value.kind === 'Query' && value.where) touch(categoriesOf(value.where), step);
        if (value.kind === 'Aggregate') touch(categoriesOf(value.source), step);
        return;
      }
      case 'Var':
      case 'Set':
      case 'Append':
        touch(categoriesOf(step.value), step);
        return;
      case 'Store': {
        const categories = categoriesOf(step.value);
        const retention = model.retentionOf(step);
        sinks.push({ kind: 'store', step, node: step.value, categories, ...(retention && { retention }) });
        touch(categories, step);
        return;
      }
      case 'HttpCallStep':
        visitHttpCall(step, step.call);
        return;
      case 'FlowCallStep':
        visitFlowCall(step, step.call);
        return;
      case 'SendMail': {
        const categories = categoriesOf(step.to, step.subject, step.body);
        const share = model.shareOf(step);
        sinks.push({ kind: 'mail', step, node: step, categories, ...(share && { share }) });
        touch(categories, step);
        return;
      }
      case 'Respond': {
        const categories = categoriesOf(step.body);
        sinks.push({ kind: 'respond', step, node: step.body ?? step, categories });
        touch(categories, step);
        return;
      }
      case 'Fail': {
        const categories = categoriesOf(step.message);
        sinks.push({ kind: 'fail', step, node: step.message, categories });
        touch(categories, step);
        return;
      }
      case 'If':
        touch(categoriesOf(step.condition), step);
        step.then.steps.forEach(visitStep);
        if (step.else) (step.else.kind === 'Block' ? step.else.steps : [step.else]).forEach(visitStep);
        return;
      case 'ForEach':
        touch(categoriesOf(step.iterable), step);
        step.body.steps.forEach(visitStep);
        return;
      case 'Switch':
        touch(categoriesOf(step.subject), step);
        for (const switchCase of step.cases) switchCase.body.steps.forEach(visitStep);
        step.default?.steps.forEach(visitStep);
        return;
      case 'Until':
        step.body.steps.forEach(visitStep);
        touch(categoriesOf(step.condition), step);
        return;
      case 'Try':
        step.body.steps.forEach(visitStep);
        step.catch?.steps.forEach(visitStep);
        return;
      case 'Wait':
        return;
    }
  };
  flow.body.steps.forEach(visitStep);

  return { flow, sources, sinks, aggregates, touched };
}

/** The flows of the file, each with its data map. */
export function analyzeFileData(model: SemanticModel): FlowData[] {
  return model.file.declarations.filter((d): d is FlowDecl => d.kind === 'Flow').map((flow) => analyzeFlowData(model, flow));
}

/** Whether `category` is `covering` or one of its descendants (`personal` covers `personal.name`). */
export function covers(covering: string, category: string): boolean {
  // Compared in place: this runs for every category against every declared one, in several rules.
  return category === covering || (category.charCodeAt(covering.length) === 0x2e && category.startsWith(covering));
}
