/**
 * `analyze`: binding, type checking and category analysis of one file, into the SemanticModel
 * that the policy checker, the emitter and the language server read.
 *
 * Order: record types, params and flows are declared first (they are visible in the whole file);
 * then each flow is checked in source order, declaring its values as it meets them; then the data
 * categories are propagated through every binding to a fixpoint. Nothing here throws on a broken
 * tree: a missing part has the `error` type, which never produces a second diagnostic.
 */
import type { Expression, FlowCall, FlowDecl, HttpCall, Identifier, JigFile, JsonObject, LetValue, ParamDecl, RawActionStep, RawTrigger, SendMessageStep, Step, StoreStep } from '../syntax/tree.js';
import type { MixedSource, Policy } from '../policy/model.js';
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import type { CallOptions, CategoryFlow, CodeDependencies, Concurrency, Declassification, ExternalFlow, FlowAnnotations, RunOutcome, FlowResolver, JigSymbol, ResolvedDuration, SemanticModel, ShareAnnotation, SubjectKey, Waiver } from './model.js';
import type { RecordType, Type } from './types.js';
import { Binder } from './binder.js';
import { AnalysisContext } from './context.js';
import { ExpressionChecker } from './expressions.js';
import { StepChecker } from './steps.js';
import { declareFile, triggerTypeOf } from './declarations.js';
import { parameterName, readFlowAnnotations } from './annotations.js';
import { CategoryAnalysis, isImportAssumption, SECRET_DECLASSIFIED } from './categories.js';
import { controlDependences, mayFail, type ControlSource } from './control.js';
import { unguardedFailures } from './eager-operands.js';
import { cellsReadBy, rawReadsCredentials, rawReadsMailbox, readsCredentialsBy, readsKeptData, readsMailboxBy, runsStartedBy } from './store-reads.js';
import { TRIGGER_PATH } from '../connectors/logic-apps.js';
import { forEachStep } from '../syntax/visit.js';
import { MAIL_SOURCE_ID } from './builtin-types.js';
import { connectionReadsMailbox } from '../connectors/managed-apis.js';
import { valuesOfUrl, type UrlText } from './url-texts.js';
import { containsSecret, storedRecord } from './relations.js';

/**
 * What `@declassify` drops: of each category named, the categories of the taxonomy at or below it
 * that the policy's `declassification` rule lets be declassified (none when the rule is missing or
 * not waivable; the rule reports that).
 */
function declassifiable(policy: Policy, declassifications: readonly Declassification[]): string[] {
  const rule = policy.rules.get('declassification');
  if (!rule?.waivable || declassifications.length === 0) return [];
  const allowed = rule.categories ?? [...policy.categories.keys()];
  // Minors' data is never declassified: §9 protects it whatever an author says.
  const protectedByMinors = policy.rules.has('s09-minors') ? (policy.rules.get('s09-minors')!.categories ?? ['personal.minor']) : [];
  const covers = (parent: string, id: string) => id === parent || id.startsWith(`${parent}.`);
  const result: string[] = [];
  for (const declassification of declassifications) {
    const { category, reason } = declassification;
    // jig import's assumption is a hole until the author confirms it: it drops nothing.
    if (reason.trim() === '' || isImportAssumption(declassification)) continue;
    // A secret is no category of the policy: the author's reason is what lets it go (policy/rules/declassification.ts).
    if (category === SECRET_DECLASSIFIED) {
      result.push(SECRET_DECLASSIFIED);
      continue;
    }
    for (const id of policy.categories.keys()) {
      if (covers(category, id) && allowed.some((a) => covers(a, id)) && !protectedByMinors.some((m) => covers(m, id))) result.push(id);
    }
  }
  return result;
}

/**
 * Each policy's closures, by the declared categories (joined by newlines): a file's flows declare
 * a few lists, asked for again by each flow's run history (project data, emission) and each unknown
 * value, and every flow of a workspace checked against one policy shares them.
 */
const closures = new WeakMap<Policy, Map<string, readonly string[]>>();

/** The declared categories and every category of the taxonomy below them: what an unknown value may hold. */
export function declaredClosure(policy: Policy, declared: readonly string[]): string[] {
  let byDeclared = closures.get(policy);
  if (!byDeclared) closures.set(policy, (byDeclared = new Map()));
  const key = declared.join('\n');
  let closure = byDeclared.get(key);
  if (!closure) {
    const result = new Set<string>();
    for (const id of declared) {
      result.add(id);
      const below = `${id}.`;
      for (const category of policy.categories.keys()) if (category.startsWith(below)) result.add(category);
    }
    byDeclared.set(key, (closure = [...result]));
  }
  return closure.slice();
}

export interface AnalyzeOptions {
  readonly policy: Policy;
  /** Flows of the other files of the project, for `call flow`. */
  readonly flows?: FlowResolver;
  /** Parameters whose deployed value comes from the environment or Key Vault (jig.yaml's `deploy.parameters`). */
  readonly deployTimeParameters?: ReadonlySet<string>;
  /** The plain values jig.yaml's `deploy.parameters` gives, by workflow parameter. */
  readonly parameterValues?: ReadonlyMap<string, string>;
}

const NO_ANNOTATIONS: FlowAnnotations = { waivers: [] };
const NO_CALL_OPTIONS: CallOptions = {};

function checkFlow(context: AnalysisContext, steps: StepChecker, flow: FlowDecl): void {
  context.flow = flow;
  context.flowAnnotations.set(flow, readFlowAnnotations(flow, context.report));
  context.binder.enterFlow(flow);
  // Declared even when the trigger line is missing (with the error type), so that uses of
  // `trigger` are not reported a second time.
  const trigger = Binder.symbol({
    kind: 'trigger',
    name: 'trigger',
    declaringNode: flow.trigger,
    type: triggerTypeOf(flow, context.triggerBodyTypes.get(flow)),
    flow,
    doc: 'What started this run of the flow.',
  });
  context.binder.declareLocal(trigger, flow.trigger?.range.end ?? flow.body.range.start);
  context.triggerSymbols.set(flow, trigger);
  steps.checkBlock(flow.body);
  context.binder.exitScope();
  context.flow = undefined;
}

export function analyze(file: JigFile, options: AnalyzeOptions): SemanticModel {
  const context = new AnalysisContext(options.policy, options.flows);
  const expressions = new ExpressionChecker(context);
  const steps = new StepChecker(context, expressions);
  declareFile(context, expressions, file);
  const flows = file.declarations.filter((declaration): declaration is FlowDecl => declaration.kind === 'Flow');
  for (const flow of flows) checkFlow(context, steps, flow);

  // Flows stand in source order: a binary search (every store asks for its flow's @retain).
  const flowAt = (offset: number): FlowDecl | undefined => {
    let low = 0;
    let high = flows.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const flow = flows[middle]!;
      if (offset < flow.range.start) high = middle - 1;
      else if (offset > flow.range.end) low = middle + 1;
      else return flow;
    }
    return undefined;
  };
  const urlValuesOf = (url: Expression): UrlText[] =>
    valuesOfUrl(url, (name) => context.binder.symbolOf(name), (param) => {
      const given = options.parameterValues?.get(parameterName(param));
      return given === undefined ? [] : [given];
    });
  // Asked of each request by the control analysis, each flow that may fail and the category
  // analysis (several times a request): the answers depend on the call and the bound names alone.
  const storesRead = new Map<HttpCall, boolean>();
  const readsStores = (call: HttpCall): boolean => {
    let reads = storesRead.get(call);
    if (reads === undefined) storesRead.set(call, (reads = readsKeptData(call, urlValuesOf)));
    return reads;
  };
  const cellsRead = new Map<HttpCall, readonly string[] | undefined>();
  const cellsOf = (call: HttpCall): readonly string[] | undefined => {
    if (!cellsRead.has(call)) cellsRead.set(call, cellsReadBy(call, urlValuesOf));
    return cellsRead.get(call);
  };
  // The step each request stands in, for its `@identity`: an authenticated request to a URL known
  // only at run time may read Key Vault (store-reads.ts readsCredentialsBy).
  let stepsOfCalls: Map<HttpCall, Step> | undefined;
  const authenticates = (call: HttpCall): boolean => {
    if (call.auth) return true;
    if (!stepsOfCalls) {
      const found = new Map<HttpCall, Step>();
      for (const flow of flows) {
        forEachStep(flow.body, (step) => {
          if (step.kind === 'Let' && step.value.kind === 'HttpCall') found.set(step.value, step);
          else if (step.kind === 'HttpCallStep') found.set(step.call, step);
        });
      }
      stepsOfCalls = found;
    }
    const step = stepsOfCalls.get(call);
    return step !== undefined && context.stepAnnotations.get(step)?.callOptions?.identity !== undefined;
  };
  // The app settings a Standard app keeps the file's secret params in: each under its workflow parameter's name.
  let settingsOfSecrets: Set<string> | undefined;
  const secretSettings = (): Set<string> =>
    (settingsOfSecrets ??= new Set(
      [...context.binder.globals.values()]
        .filter((symbol) => symbol.kind === 'param' && containsSecret(symbol.type) && symbol.declaringNode?.kind === 'Param')
        .map((symbol) => parameterName(symbol.declaringNode as ParamDecl).toLowerCase()),
    ));
  // The flows whose run holds a secret: each that reads a `secret` param, and each with a raw action
  // or trigger, whose JSON may read any parameter (`parameters('KEY')`), Jig not reading it; and
  // each with a request that may be answered a credential (Key Vault, a connection Jig cannot
  // identify: readsCredentialsBy), or a raw action or trigger whose JSON makes one
  // (rawReadsCredentials), whether or not the file has secret params: what reads the run's own
  // state (result(), action(), inline code, a raw action's JSON) reads that answer too.
  const requestsOf = (step: Step): HttpCall[] =>
    step.kind === 'Let' && step.value.kind === 'HttpCall' ? [step.value] : step.kind === 'HttpCallStep' ? [step.call] : [];
  const secretParams = () => [...context.binder.globals.values()].filter((symbol) => symbol.kind === 'param' && containsSecret(symbol.type));
  let holdingSecrets: Set<FlowDecl> | undefined;
  const flowsHoldingSecrets = (): Set<FlowDecl> => {
    if (holdingSecrets) return holdingSecrets;
    holdingSecrets = new Set();
    const secrets = secretParams();
    for (const secret of secrets) {
      for (const reference of context.binder.referencesOf(secret)) {
        const flow = flowAt(reference.range.start);
        if (flow) holdingSecrets.add(flow);
      }
    }
    for (const flow of flows) {
      if (holdingSecrets.has(flow)) continue;
      const raw = (body: JsonObject) => secrets.length > 0 || rawReadsCredentials(body);
      if (flow.trigger?.kind === 'RawTrigger' && raw(flow.trigger.body)) holdingSecrets.add(flow);
      forEachStep(flow.body, (step) => {
        if (holdingSecrets!.has(flow)) return;
        if (step.kind === 'RawAction' ? raw(step.body) : requestsOf(step).some((call) => readsCredentialsBy(call, urlValuesOf, authenticates(call)))) holdingSecrets!.add(flow);
      });
    }
    return holdingSecrets;
  };
  const control = new Map<Step, readonly ControlSource[]>();
  const childMayFail = (call: FlowCall): boolean => {
    const target = context.calledFlows.get(call.flow);
    // A flow Jig cannot find may do anything, fail included.
    return !target || ('kind' in target ? mayFail(target, readsStores) : target.mayFail !== false);
  };
  const typeOf = (value: Expression): Type => context.typeOf(value);
  for (const flow of flows) unguardedFailures(flow, typeOf).forEach(context.report);
  const controlOf = (step: Step): readonly ControlSource[] => control.get(step) ?? [];
  const closure = (declared: readonly string[]) => declaredClosure(options.policy, declared);
  // What another flow may read of this one's data (its run history): the taxonomy's categories only,
  // a misspelt one being reported where it is declared, and of a parent its children, which name
  // what it holds more closely.
  const declaredOf = (flow: FlowDecl): readonly string[] => {
    const known = closure(context.flowAnnotations.get(flow)?.data?.categories.map((c) => c.id) ?? []).filter((id) => options.policy.categories.has(id));
    return known.filter((id) => !known.some((other) => other.startsWith(`${id}.`)));
  };
  // A request to a trigger's URL (`…/api/WORKFLOW/triggers/…`) may start a flow as `call flow` does,
  // in this file or by a URL jig.yaml gives a parameter (the project's other files: `mayBeCalledElsewhere`).
  let startsByUrl: boolean | undefined;
  const requestStartsRuns = (): boolean =>
    (startsByUrl ??=
      [...(options.parameterValues?.values() ?? [])].some((value) => TRIGGER_PATH.test(value)) ||
      flows.some((flow) => {
        let found = false;
        forEachStep(flow.body, (step) => {
          const call = step.kind === 'HttpCallStep' ? step.call : step.kind === 'Let' && step.value.kind === 'HttpCall' ? step.value : undefined;
          if (!found && call) found = runsStartedBy(call, urlValuesOf).length > 0;
        });
        return found;
      }));
  const mayBeCalled = (name: string): boolean => {
    for (const called of context.calledFlows.values()) if ('kind' in called && called.name.name === name) return true;
    return requestStartsRuns() || (options.flows?.mayBeCalledElsewhere(name) ?? false);
  };
  /**
   * Whether a caller may send the call of a flow again when it fails (control.ts `rerunBy`): a
   * `call flow` of this file without `@retry(none)`, and any caller Jig does not see here (another
   * file's, a request to the trigger's URL, whose retry policy it does not read).
   */
  let retriedHere: Set<FlowDecl | ExternalFlow> | undefined;
  const mayBeRetried = (flow: FlowDecl): boolean => {
    if (!retriedHere) {
      retriedHere = new Set();
      for (const caller of flows) {
        forEachStep(caller.body, (step) => {
          const call = step.kind === 'FlowCallStep' ? step.call : step.kind === 'Let' && step.value.kind === 'FlowCall' ? step.value : undefined;
          const target = call && context.calledFlows.get(call.flow);
          if (target && context.stepAnnotations.get(step)?.callOptions?.retry?.kind !== 'none') retriedHere!.add(target);
        });
      }
    }
    return retriedHere.has(flow) || requestStartsRuns() || (options.flows?.mayBeCalledElsewhere(flow.name.name) ?? false);
  };
  for (const flow of flows) for (const [step, sources] of controlDependences(flow, childMayFail, typeOf, readsStores, mayBeRetried(flow))) control.set(step, sources);
  const mailbox = options.policy.mixedSources.get(MAIL_SOURCE_ID);
  /**
   * The mailbox, for a door that reads it: a request to Graph or Outlook's REST API, a `call
   * connector` through Office 365's or Teams' connection (connectors/managed-apis.ts: `jig deploy`
   * wires those keys to those APIs; a `call service` names its built-in provider, none of which
   * reads mail), a raw action or trigger whose JSON does (store-reads.ts).
   */
  const mixedSourceReadBy = (door: HttpCall | RawActionStep | RawTrigger): MixedSource | undefined => {
    if (!mailbox) return undefined;
    const reads =
      door.kind !== 'HttpCall' ? rawReadsMailbox(door.body)
      : door.connector === undefined ? readsMailboxBy(door, urlValuesOf)
      : door.service === undefined && connectionReadsMailbox(door.connector.value ?? '');
    return reads ? mailbox : undefined;
  };
  const categories = new CategoryAnalysis({
    typeOf: (node) => context.typeOf(node),
    symbolOfName: (node) => context.binder.symbolOf(node.name) as ReturnType<typeof context.binder.lookup>,
    flowAt,
    mayBeCalled,
    declaredClosure: (flow) => closure(flow ? (context.flowAnnotations.get(flow)?.data?.categories.map((c) => c.id) ?? []) : []),
    flowResultCategories: (call) => {
      const target = context.calledFlows.get(call.flow);
      return closure(!target ? [] : 'kind' in target ? (context.flowAnnotations.get(target)?.data?.categories.map((c) => c.id) ?? []) : target.categories);
    },
    isDeployTimeParam: (param) =>
      param.declaringNode?.kind === 'Param' &&
      param.type.kind !== 'secret' &&
      ((param.declaringNode as ParamDecl).defaultValue === undefined || options.deployTimeParameters?.has(parameterName(param.declaringNode as ParamDecl)) === true),
    declassified: (step) => declassifiable(options.policy, context.stepAnnotations.get(step)?.declassifications ?? []),
    holdsSecret: (flow) => flow !== undefined && flowsHoldingSecrets().has(flow),
    rawTriggerAnswersSecret: (trigger) => secretParams().length > 0 || rawReadsCredentials(trigger.body),
    readsCredentials: (call) => readsCredentialsBy(call, urlValuesOf, authenticates(call)),
    readsSecretSetting: (call) => {
      const name = call.args[0];
      if (name?.kind !== 'String' || name.value === undefined) return true;
      return secretSettings().has(name.value.toLowerCase());
    },
    cellsReadBy: cellsOf,
    mixedSourceReadBy,
    controlOf,
    agentModelOf: (call) => context.agentParameterReads.get(call),
    triggerSymbolOf: (flow) => context.triggerSymbols.get(flow),
    bindings: context.bindings,
  });
  categories.run();

  const binder = context.binder;
  return {
    file,
    diagnostics: context.diagnostics.sort(compareDiagnostics),
    types: context.types as ReadonlyMap<string, RecordType>,
    globals: binder.globals as ReadonlyMap<string, JigSymbol>,
    symbolOf: (identifier: Identifier) => binder.symbolOf(identifier),
    referencesOf: (symbol: JigSymbol) => binder.referencesOf(symbol),
    typeOf: (node: Expression | LetValue): Type => context.typeOf(node),
    categoriesOf: (node: Expression | LetValue): CategoryFlow => categories.categoriesOf(node),
    shapeOf: (node: Expression | LetValue) => categories.shapeOf(node),
    urlValuesOf,
    triggerCategories: (flow: FlowDecl): CategoryFlow => {
      const trigger = context.triggerSymbols.get(flow);
      return trigger ? categories.triggerCategories(trigger) : new Map();
    },
    controlOf,
    controlCategoriesOf: (step: Step, except?: (source: ControlSource) => boolean) => categories.controlCategories(step, except),
    declassificationsOf: (step: Step) => context.stepAnnotations.get(step)?.declassifications ?? [],
    mixedSourceReadBy,
    symbolsInScopeAt: (offset: number) => binder.symbolsInScopeAt(offset),
    triggerBodyType: (flow: FlowDecl) => context.triggerBodyTypes.get(flow),
    calledFlow: (name: Identifier) => context.calledFlows.get(name),
    annotationsOf: (flow: FlowDecl) => context.flowAnnotations.get(flow) ?? NO_ANNOTATIONS,
    declaredClosureOf: declaredOf,
    retentionOf: (step: StoreStep | SendMessageStep): ResolvedDuration | undefined => {
      const own = step.kind === 'Store' ? context.stepAnnotations.get(step)?.retain : undefined;
      if (own) return own;
      const flow = flowAt(step.range.start);
      return flow ? context.flowAnnotations.get(flow)?.retain : undefined;
    },
    subjectKeysOf: (step: StoreStep): readonly SubjectKey[] => {
      const own = context.stepAnnotations.get(step)?.subject;
      if (own?.field) return [{ kind: own.kind, field: own.field.name }];
      const stored = storedRecord(context.typeOf(step.value));
      if (!stored) return [];
      const keys: SubjectKey[] = [];
      for (const field of stored.fields.values()) if (field.subject) keys.push({ kind: field.subject, field: field.name });
      return keys;
    },
    shareOf: (step: Step): ShareAnnotation | undefined => context.stepAnnotations.get(step)?.share,
    waiversOf: (step: Step): readonly Waiver[] => context.stepAnnotations.get(step)?.waivers ?? [],
    stepWaivers: [...context.stepAnnotations.values()].some((annotations) => annotations.waivers.length > 0),
    callOptionsOf: (step: Step): CallOptions => context.stepAnnotations.get(step)?.callOptions ?? NO_CALL_OPTIONS,
    actionNameOf: (step: Step): string | undefined => context.stepAnnotations.get(step)?.actionName?.name,
    concurrencyOf: (step: Step): Concurrency | undefined => context.stepAnnotations.get(step)?.concurrency,
    failureCodeOf: (step: Step): string | null | undefined => context.stepAnnotations.get(step)?.failureCode?.code,
    trackedPropertiesOf: (step: Step) => context.stepAnnotations.get(step)?.trackedProperties,
    catchActionNameOf: (step: Step): string | undefined => context.stepAnnotations.get(step)?.actionName?.catchName?.name,
    runsAfterOf: (step: Step): readonly RunOutcome[] | undefined => context.stepAnnotations.get(step)?.runsAfter,
    codeDependenciesOf: (step: Step): CodeDependencies | undefined => context.stepAnnotations.get(step)?.codeDependencies,
    flowAt,
  };
}
