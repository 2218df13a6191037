/**
 * What the emission of one flow accumulates while it walks the steps: unique action names, what
 * each Jig name reads as in WDL, the variables hoisted to the top level, the parameters and
 * connections the workflow uses, the JSON Pointer of every step, and emission diagnostics.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CallOptions, JigSymbol, ResolvedDuration, RetryPolicy, SemanticModel, TrackedProperty } from '../semantics/model.js';
import type { Type } from '../semantics/types.js';
import type { Policy } from '../policy/model.js';
import type { Expression, FlowDecl, Identifier, LetValue, NameRef, Node, SelectExpression, Step, StoreTarget, WhereExpression } from '../syntax/tree.js';
import * as catalogue from '../diagnostics/catalogue/emit.js';
import { ActionList } from './action-list.js';
import { readsName } from './expression-walk.js';
import {
  compose,
  initializeVariable,
  isoDuration,
  query,
  select,
  type Json,
  type ManagedApi,
  type VariableType,
  type WdlAction,
} from './builders.js';
import { ExpressionTranslator, type ExpressionScope } from './expressions.js';
import { describeExpression, NameAllocator } from './naming.js';
import { isSecondaryPurpose, RunHistoryPrivacy, SECRET_DATA } from './privacy.js';
import type { DataResolver } from '../flow/project-data.js';
import { containsSecret, isStringLike, stripOptional } from '../semantics/relations.js';
import { isPlaceholder, restPlaceholder, secretIn, storeCell, makeOrigin } from '../semantics/categories.js';
import { targetText } from '../semantics/targets.js';
import { parameterName } from '../semantics/annotations.js';
import { MESSAGE_CONTENT } from '../connectors/servicebus.js';
import { CREATE_SUBSCRIPTION } from '../connectors/eventgrid.js';
import { literalValue, refer, stringLiteral } from './wdl-strings.js';
import { schemaOfType } from './schema-of-type.js';

/** A schema left out of an emission for diagnostics: shared, so frozen. */
const UNWRITTEN_SCHEMA: Json = Object.freeze({});

/** The actions that call a service, which take a retry policy and a timeout. */
const CALL_TYPES = new Set(['Http', 'ApiConnection', 'ApiConnectionWebhook', 'Function', 'ApiManagement', 'ServiceProvider', 'Workflow']);

/**
 * The workflow functions that read data of the run (an action's, the trigger's, a loop's, a
 * variable's, a parameter's), with the name they take; the others compute from their arguments.
 */
const DATA_READ = /\b(outputs|body|actions|result|items|item|variables|parameters|appsetting|iterationIndexes|workflow|listCallbackUrl|trigger[A-Za-z]*)\s*\(\s*(?:'((?:[^']|'')*)')?/gi;

function isStep(node: Node): node is Step {
  return 'annotations' in node && node.kind !== 'Flow';
}

/**
 * `@retry` → `inputs.retryPolicy`, `@timeout` → `limit.timeout`, `@identity` → `inputs.authentication`,
 * `@chunked` → `runtimeConfiguration.contentTransfer`, `@paginate` → `runtimeConfiguration.paginationPolicy`, `@synchronous` → `operationOptions:
 * DisableAsyncPattern` (Microsoft's Workflow Definition Language reference, "Operation options").
 */
function withCallOptions(action: WdlAction, options: CallOptions, identityParameter: string | undefined): WdlAction {
  const { retry, timeout, identity, chunked, synchronous, paginate } = options;
  if (!retry && !timeout && !identity && !chunked && !synchronous && paginate === undefined) return action;
  const runtimeConfiguration = {
    ...action.runtimeConfiguration,
    ...(chunked && { contentTransfer: { transferMode: 'Chunked' as const } }),
    ...(paginate !== undefined && { paginationPolicy: { minimumItemCount: paginate } }),
  };
  const authentication = identity && {
    type: 'ManagedServiceIdentity',
    ...(identity.identity !== undefined && { identity: literalValue(identity.identity) }),
    ...(identityParameter !== undefined && { identity: `@${identityParameter}` }),
    ...(identity.audience !== undefined && { audience: literalValue(identity.audience) }),
  };
  const inputs =
    retry || authentication
      ? { ...(action.inputs as Record<string, Json>), ...(authentication && { authentication }), ...(retry && { retryPolicy: retryPolicy(retry) }) }
      : action.inputs;
  return {
    ...action,
    ...(inputs !== undefined && { inputs }),
    ...(timeout && { limit: { timeout: isoDuration(timeout.amount, timeout.unit) } }),
    ...((chunked || paginate !== undefined) && { runtimeConfiguration }),
    ...(synchronous && { operationOptions: 'DisableAsyncPattern' }),
  };
}

function retryPolicy(retry: RetryPolicy): Json {
  const iso = (duration: ResolvedDuration) => isoDuration(duration.amount, duration.unit);
  switch (retry.kind) {
    case 'none':
      return { type: 'none' };
    case 'fixed':
      return { type: 'fixed', count: retry.count, interval: iso(retry.interval) };
    case 'exponential':
      return {
        type: 'exponential',
        count: retry.count,
        interval: iso(retry.interval),
        ...(retry.minimum && { minimumInterval: iso(retry.minimum) }),
        ...(retry.maximum && { maximumInterval: iso(retry.maximum) }),
      };
  }
}

/** Maps a Jig built-in to its WDL function name (the semantics' builtins table). */
export type BuiltinResolver = (name: string) => string;

interface HoistedVariable {
  readonly name: string;
  readonly action: WdlAction;
}

export class FlowContext {
  readonly names = new NameAllocator();
  readonly pointers = new Map<Node, string>();
  readonly diagnostics: Diagnostic[] = [];
  readonly privacy: RunHistoryPrivacy;
  /** True when the flow's purpose is secondary: reads exclude opted-out records (§6). */
  readonly secondary: boolean;
  readonly connections = new Set<ManagedApi>();
  /** Identifiers naming a `query` let as the source of an `aggregate` (pushed into its SQL). */
  readonly aggregateSources = new Set<Identifier>();
  readonly childFlows = new Set<string>();
  /** JSON Pointer of each Workflow action, to the flow it calls. */
  readonly childFlowActions = new Map<string, string>();
  /** Names of the file's `param`s the flow reads. */
  readonly usedParameters = new Set<string>();
  /** A raw action or a `call connector` reads `parameters('$connections')` (a connection Jig does not manage). */
  rawReadsConnections = false;
  readonly variables: HoistedVariable[] = [];
  private failure?: string;

  private readonly bindings = new Map<JigSymbol, string>();
  private readonly variableNames = new Set<string>();
  private readonly variablesOfSymbols = new Map<JigSymbol, string>();
  /** Each list's translator: a step asks for one several times, and it holds only closures over the list. */
  private readonly translators = new Map<ActionList, ExpressionTranslator>();
  /** The actions whose readers run history hides (`hiddenOperand`). */
  private readonly hidingActions = new Set<string>();

  constructor(
    readonly model: SemanticModel,
    readonly policy: Policy,
    readonly flow: FlowDecl,
    private readonly builtins: BuiltinResolver,
    /** The project's data, for what a query or a request body holds (flow/project-data.ts). */
    private readonly resolver?: DataResolver,
    /** The workflow is emitted for its diagnostics alone (EmitOptions.forDiagnostics). */
    readonly forDiagnostics = false,
  ) {
    this.privacy = new RunHistoryPrivacy(policy);
    this.secondary = isSecondaryPurpose(policy, model.annotationsOf(flow).purpose?.id);
  }

  /**
   * The variable a `fail` inside a loop appends its message to (declared on first use): an array,
   * empty until a failure, so that an empty message still counts as one.
   */
  failureVariable(): string {
    return (this.failure ??= this.hoistVariable('failureMessage', 'Array', []).variable);
  }

  /** Records an emission diagnostic once (a query's filter is translated again for each aggregate of it). */
  report(diagnostic: Diagnostic): void {
    const same = (d: Diagnostic) => d.code === diagnostic.code && d.range.start === diagnostic.range.start && d.range.end === diagnostic.range.end;
    if (!this.diagnostics.some(same)) this.diagnostics.push(diagnostic);
  }

  symbolOf(identifier: Identifier): JigSymbol | undefined {
    return this.model.symbolOf(identifier);
  }

  /** Records what a let, loop variable or var reads as in WDL from now on. */
  bind(identifier: Identifier, expression: string): void {
    const symbol = this.symbolOf(identifier);
    if (symbol) this.bindings.set(symbol, expression);
  }

  /** Binds a `var` to its workflow variable. */
  bindVariable(identifier: Identifier, variable: string): void {
    const symbol = this.symbolOf(identifier);
    if (!symbol) return;
    this.variablesOfSymbols.set(symbol, variable);
    this.bindings.set(symbol, refer('variables', variable));
  }

  /** The workflow variable a `var` name refers to. */
  variableOf(identifier: Identifier): string | undefined {
    const symbol = this.symbolOf(identifier);
    return symbol ? this.variablesOfSymbols.get(symbol) : undefined;
  }

  /** A workflow variable's name, unique in the workflow (the service compares them ignoring case). */
  variableName(preferred: string): string {
    let variable = preferred;
    for (let n = 2; this.variableNames.has(variable.toLowerCase()); n++) variable = `${preferred}_${n}`;
    this.variableNames.add(variable.toLowerCase());
    return variable;
  }

  /**
   * Declares a workflow variable at the top level (the only place the service allows
   * InitializeVariable); returns its workflow-unique name and the pointer of its action.
   */
  hoistVariable(preferred: string, type: VariableType, initial: Json | undefined, step?: Step): { variable: string; pointer: string } {
    const variable = this.variableName(preferred);
    const actionName = this.actionName(step, 'Initialize', variable);
    this.variables.push({ name: actionName, action: initializeVariable(variable, type, initial) });
    return { variable, pointer: `/actions/${actionName}` };
  }

  /**
   * The name of the action a step becomes: the step's own `@action("NAME")` (claimed before any
   * name is handed out), else one made of `words`. Only a step's main action asks with its step.
   */
  actionName(step: Node | undefined, ...words: readonly string[]): string {
    const own = step && isStep(step) ? this.model.actionNameOf(step) : undefined;
    return own ?? this.names.allocate(...words);
  }

  /**
   * The JSON Schema of a type, for a Request trigger or a Parse JSON (schema-of-type.ts); empty in an
   * emission for diagnostics, which no limit or save rule reads it in: it holds no action, and its
   * strings (JSON Schema type names and formats, and the field names of a declared or built-in
   * type, which the grammar makes names without `@`) hold no expression to measure.
   */
  schemaOf(type: Type): Json {
    return this.forDiagnostics ? UNWRITTEN_SCHEMA : schemaOfType(type);
  }

  useConnection(api: ManagedApi): void {
    this.connections.add(api);
  }

  /**
   * The categories every expression given reads (an action's data), with the project's data
   * resolved; a secret, or a value that may hold one, counts as data to hide (SECRET_DATA), whatever
   * categories it has.
   */
  categoriesOf(...nodes: (Expression | LetValue | undefined)[]): Set<string> {
    const result = new Set<string>();
    for (const node of nodes) {
      if (!node) continue;
      const categories = this.model.categoriesOf(node);
      for (const c of (this.resolver ? this.resolver.resolve(categories) : categories).keys()) result.add(c);
      // A secret, or what may hold one (an answer to a request that sent it): resolving drops the mark.
      if (secretIn(categories) || containsSecret(this.model.typeOf(node))) result.add(SECRET_DATA);
    }
    return result;
  }

  /** Whether the flow's trigger has secureData, so that run history hides what reads its outputs. */
  triggerHidesReaders = false;

  /**
   * What the project's flows store in a container, resolved: a document read from it, or any part
   * of one (an id the emitter's own lookup answers with), may hold any of it.
   */
  heldIn(target: StoreTarget): Set<string> {
    const categories = new Map([[restPlaceholder(storeCell(target), []), makeOrigin(target.range, `what ${targetText(target)} holds`)]]);
    return new Set([...(this.resolver ? this.resolver.resolve(categories) : categories).keys()].filter((category) => !isPlaceholder(category)));
  }

  /** What the trigger brings in, resolved. */
  triggerCategories(): Set<string> {
    const categories = this.model.triggerCategories(this.flow);
    return new Set((this.resolver ? this.resolver.resolve(categories) : categories).keys());
  }

  /**
   * Adds an action to a list, hiding its data from run history when its categories require it;
   * the call a step makes takes the step's `@retry` and `@timeout`.
   */
  addAction(list: ActionList, name: string, action: WdlAction, categories: Iterable<string>, step?: Node): string {
    const options = step && isStep(step) && CALL_TYPES.has(action.type) ? this.model.callOptionsOf(step) : undefined;
    // A user-assigned identity a param names is read as the param is (`parameters('…')`).
    const identityParameter = options?.identity?.parameter && this.symbolOf(options.identity.parameter);
    const withOptions = options ? withCallOptions(action, options, identityParameter ? this.parameterReference(identityParameter) : undefined) : action;
    // `@tracked` goes on the step's own action: the first it becomes (a call's Http before its Parse JSON).
    const tracked = step && isStep(step) && !this.pointers.has(step) ? this.model.trackedPropertiesOf(step) : undefined;
    // A computed value is written as the service evaluates it, against the list the action goes in.
    const trackedValue = (property: TrackedProperty) => (property.expression ? this.translator(list).value(property.expression) : literalValue(property.value));
    const called = tracked ? { ...withOptions, trackedProperties: Object.fromEntries(tracked.map((property) => [property.name, trackedValue(property)])) } : withOptions;
    const protectedAction = this.privacy.protect(called, categories);
    if (this.privacy.hidesReaders(protectedAction)) this.hidingActions.add(name);
    const pointer = list.add(name, protectedAction);
    if (step) this.pointers.set(step, pointer);
    return pointer;
  }

  /**
   * The operand of a For each or a Switch (inner expression text), read so that run history hides
   * it when it carries data the policy keeps out of run history. Neither action takes secureData;
   * Logic Apps hides their inputs only where they explicitly read outputs that a trigger's or
   * action's own secureData hides (privacy.ts `hidesReaders`), not a Compose's or a Parse JSON's
   * (a `let`, a `parse json`), a loop's item or a variable. An operand that reads anything else
   * goes through a Filter array whose inputs and outputs are hidden and which keeps every element
   * (a single value as a list of one, read back with `first`).
   */
  hiddenOperand(list: ActionList, operand: string, categories: Set<string>, form: 'list' | 'value', hint: Expression): string {
    if (!this.privacy.needsSecureData(categories) || this.readsOnlyHiddenOutputs(operand)) return operand;
    const name = this.names.allocate('Hide', describeExpression(hint));
    this.addAction(list, name, query(form === 'list' ? `@${operand}` : `@createArray(${operand})`, '@true'), categories);
    return form === 'list' ? refer('body', name) : `first(${refer('body', name)})`;
  }

  /** Whether every data an expression reads comes from outputs whose readers run history hides. */
  private readsOnlyHiddenOutputs(expression: string): boolean {
    for (const [, fn, argument] of expression.matchAll(DATA_READ)) {
      const function_ = fn!.toLowerCase();
      if (function_.startsWith('trigger')) {
        if (!this.triggerHidesReaders) return false;
      } else if (function_ === 'outputs' || function_ === 'body') {
        if (argument === undefined || !this.hidingActions.has(argument.replace(/''/g, "'"))) return false;
      } else return false;
    }
    return true;
  }

  /**
   * A translator whose hoisted Filter array / Select / Compose actions go into `list`. Inside a
   * list operation's condition or projection (`perItem`), a hoisted action would run once, before
   * the operation, where `item` means nothing: such a nesting is reported instead of emitted.
   */
  translator(list: ActionList, perItem = false): ExpressionTranslator {
    if (perItem) return this.newTranslator(list, true);
    let translator = this.translators.get(list);
    if (!translator) this.translators.set(list, (translator = this.newTranslator(list, false)));
    return translator;
  }

  private newTranslator(list: ActionList, perItem: boolean): ExpressionTranslator {
    const readsItem = (expression: Expression) => perItem && readsName(expression, (name) => this.symbolOf(name.name)?.kind === 'item');
    const scope: ExpressionScope = {
      reference: (name) => this.reference(name),
      isTrigger: (name) => this.symbolOf(name.name)?.kind === 'trigger',
      triggerMember: (member) =>
        member === 'body' ? this.triggerBody() : member === 'scheduledTime' ? "trigger()?['scheduledTime']" : member === 'outputs' ? 'triggerOutputs()' : `triggerOutputs()?['${member}']`,
      hoistListOperation: (expression) => {
        if (readsItem(expression.source)) return this.refuseNesting(expression);
        return this.hoistListOperation(list, expression);
      },
      hoistValue: (value, hint) => {
        if (readsItem(hint)) return this.refuseNesting(hint);
        const name = this.names.allocate('Compose', describeExpression(hint));
        this.addAction(list, name, compose(value), this.categoriesOf(hint));
        return refer('outputs', name);
      },
      functionName: this.builtins,
      typeOf: (expression) => this.typeOf(expression),
    };
    return new ExpressionTranslator(scope);
  }

  /** `trigger.body`: a Service Bus message's content is base64 in its `ContentData`, read as JSON unless its type is string. */
  private triggerBody(): string {
    const trigger = this.flow.trigger;
    // An Event Grid event's payload is its `data`.
    if (trigger?.kind === 'MessageTrigger' && trigger.source.store.name === 'eventgrid') return `triggerBody()?[${stringLiteral(CREATE_SUBSCRIPTION.data)}]`;
    if (trigger?.kind !== 'MessageTrigger' || trigger.source.store.name !== 'servicebus') return 'triggerBody()';
    const content = `base64ToString(triggerBody()?[${stringLiteral(MESSAGE_CONTENT)}])`;
    const type = this.model.triggerBodyType(this.flow);
    return type && isStringLike(stripOptional(type)) ? content : `json(${content})`;
  }

  private refuseNesting(expression: Expression): string {
    this.report(catalogue.nestedItemOperation(expression.range, {}));
    return 'null';
  }

  typeOf(expression: Expression): Type {
    return this.model.typeOf(expression);
  }

  /** `parameters('NAME')` of a param, which the definition then declares. */
  private parameterReference(symbol: JigSymbol): string {
    const name = symbol.declaringNode?.kind === 'Param' ? parameterName(symbol.declaringNode) : symbol.name;
    this.usedParameters.add(name);
    return refer('parameters', name);
  }

  private reference(name: NameRef): string {
    const symbol = this.symbolOf(name.name);
    if (!symbol) return 'null';
    switch (symbol.kind) {
      case 'param':
        return this.parameterReference(symbol);
      case 'item':
        return 'item()';
      case 'trigger':
        return 'trigger()';
      default:
        return this.bindings.get(symbol) ?? 'null';
    }
  }

  /** `xs where COND` → a Filter array action; `xs select {…}` → a Select action. */
  hoistListOperation(
    list: ActionList,
    expression: WhereExpression | SelectExpression,
    preferredName?: string,
    step?: Node,
  ): string {
    const from = this.translator(list).value(expression.source);
    const translate = this.translator(list, true);
    const subject = preferredName ?? describeExpression(expression.source);
    let name: string;
    let action: WdlAction;
    // A let's own operation takes the let's `@action` name, if it has one.
    if (expression.kind === 'Where') {
      name = this.actionName(step, 'Filter', subject);
      const condition = translate.expression(expression.condition);
      action = query(from, `@${this.holdsRecords(expression.source) ? this.withOptOut(condition) : condition}`);
    } else {
      name = this.actionName(step, 'Select', subject);
      let records = from;
      // A projection may leave out the opt-out field that a later filter or aggregate would read:
      // in a secondary flow, opted-out records are dropped before it (§6).
      if (this.secondary && this.holdsRecords(expression.source)) {
        const kept = this.names.allocate('Drop_opted_out_from', subject);
        this.addAction(list, kept, query(from, `@${this.optOutItemCondition()}`), this.categoriesOf(expression.source), step);
        records = `@${refer('body', kept)}`;
      }
      action = select(records, translate.value(expression.projection));
    }
    this.addAction(list, name, action, this.categoriesOf(expression), step);
    return refer('body', name);
  }

  /** Whether an expression is an array of records (whose elements may carry the opt-out field). */
  holdsRecords(expression: Expression): boolean {
    let type = this.typeOf(expression);
    if (type.kind === 'optional') type = type.inner;
    if (type.kind !== 'array') return false;
    const element = type.element.kind === 'optional' ? type.element.inner : type.element;
    return element.kind === 'record' || element.kind === 'any';
  }

  /** In a secondary-purpose flow, a Filter array condition that also drops opted-out records. */
  withOptOut(condition: string): string {
    if (!this.secondary) return condition;
    return `and(${condition}, ${this.optOutItemCondition()})`;
  }

  /**
   * The WDL condition that keeps an array element that has not opted out: one without the field,
   * or with it false, exactly what a query's SQL keeps (`NOT IS_DEFINED(c.f) OR c.f = false`), so
   * that a record whose field is null, "true" or 1 is dropped whichever way the flow reads it.
   */
  optOutItemCondition(): string {
    const field = stringLiteral(this.policy.optOutField);
    return `or(not(contains(item(), ${field})), equals(item()?[${field}], false))`;
  }
}
