/**
 * Steps → actions. Each block becomes one `actions` map whose actions run in source order; the
 * placements the service refuses are planned around here: variables are initialised at the top
 * level, a `fail` inside a loop records its message and terminates after the outermost loop, and
 * a loop whose body changes a variable runs its iterations one at a time.
 */
import type {
  AgentStep,
  Block,
  ForEachStep,
  IfStep,
  LetStep,
  Step,
  SwitchStep,
  TryStep,
  UntilStep,
  VarStep,
  SetStep,
  AppendStep,
  FailStep,
  StopStep,
  RespondStep,
  WaitStep,
  ParallelStep,
  RawActionStep,
} from '../syntax/tree.js';
import { computedCount, writtenName } from '../syntax/tree.js';
import { requestParts } from '../syntax/visit.js';
import type { Type } from '../semantics/types.js';
import type { RunOutcome } from '../semantics/model.js';
import type { TextRange } from '../syntax/source.js';
import * as catalogue from '../diagnostics/catalogue/emit.js';
import type { ActionList } from './action-list.js';
import {
  agent,
  type AgentToolJson,
  appendToArrayVariable,
  appendToStringVariable,
  compose,
  condition,
  decrementVariable,
  foreach,
  incrementVariable,
  initializeVariable,
  response,
  scope,
  setVariable,
  switchAction,
  javaScriptCode,
  waitUntil,
  terminate,
  terminateFailed,
  until,
  isoDuration,
  table,
  timeAction,
  timeInterval,
  TIME_ACTION_KINDS,
  wait,
  type Json,
  type VariableType,
  initializeVariables,
  type RunStatus,
  type WdlAction,
} from './builders.js';
import type { FlowContext } from './flow-context.js';
import { describeExpression, firstWords } from './naming.js';
import { literalValue, refer, stringLiteral } from './wdl-strings.js';
import { jsonOf, parametersRead } from './raw.js';
import { emitAggregate } from './steps-aggregate.js';
import { emitDelete, emitDocumentOperation, emitFlowCall, emitHttpCall, emitParseJson, emitQuery, emitSendMail, emitSendMessage, emitStore, keepsOptOutMark, optOutKeepContainers } from './steps-connectors.js';
import { normalizeUnit } from '../semantics/durations.js';
import { CALLER_WAITS_SECONDS, describeSeconds, statedWaitBefore } from '../flow/run-time.js';
import { dropsResponseHeader } from '../util/http-headers.js';
import { variableNameOf } from '../semantics/annotations.js';
import { chainWaitsOnOutcome, changesVariables, runsAfterOtherOutcome, containsFail, isOnlyAggregated, isPlainPath, passOwnVariable, readsNoAction, stepHoldsFail } from './step-queries.js';

/** The step before a step, and whether it added an action of its own in its place (what `@after` applies to). */
interface StepBefore {
  readonly step: Step | undefined;
  readonly added: boolean;
}

/** The loop a step stands in, if any (Terminate and Response may not stand in one). */
interface Placement {
  readonly loop?: 'for each' | 'until';
  readonly topLevel: boolean;
}

export class StepEmitter {
  /** How many For each loops hold the step being emitted: the service runs an inner one sequentially. */
  private foreachDepth = 0;

  constructor(private readonly ctx: FlowContext) {}

  block(block: Block, list: ActionList, placement: Placement): void {
    this.steps(block.steps, list, placement);
  }

  /**
   * Steps in order. In a loop, a `fail` only records its message (Terminate may not stand there),
   * so what follows a step that may fail runs only while no failure was recorded.
   */
  private steps(steps: readonly Step[], list: ActionList, placement: Placement, before?: StepBefore): void {
    // Whether the step before added an action of its own, in its place.
    let previousAdded = before?.added ?? false;
    // Where the step before began in this list (for `@after` on the actions it became).
    let previousStart: number | undefined;
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const variables = placement.topLevel ? this.namedTogether(steps, index) : [];
      const size = list.size;
      if (variables.length > 1) {
        // One InitializeVariable for them all: the first's `@after` is its runAfter, another's has no action of its own.
        for (const other of variables.slice(1)) {
          if (runsAfterOtherOutcome(this.ctx, other)) this.ctx.report(catalogue.afterWithoutAction(annotationRange(other, 'after'), { reason: 'this var shares the action of the var before it, whose runAfter it cannot change' }));
        }
        this.runNextOn(step, steps, index, list, placement, before, previousAdded, previousStart);
        this.variables(variables, list);
        index += variables.length - 1;
        previousAdded = list.addedSince(size);
        previousStart = undefined;
        continue;
      }
      this.runNextOn(step, steps, index, list, placement, before, previousAdded, previousStart);
      const start = list.beginStep();
      this.step(step, list, placement, { step: index === 0 ? before?.step : steps[index - 1], added: previousAdded }, index < steps.length - 1 || list.joinedAfter);
      previousAdded = list.addedSince(size);
      previousStart = start;
      if (!placement.loop || index === steps.length - 1 || !stepHoldsFail(step)) continue;
      // What follows a `fail` that ran never runs; what follows one that was skipped runs only on an `@after`.
      if (step.kind === 'Fail' && !chainWaitsOnOutcome(this.ctx, steps.slice(index + 1))) return;
      this.unlessFailed(list, this.ctx.names.allocate('Unless_failed'), (guarded) => {
        guarded.guardedRest = true;
        this.steps(steps.slice(index + 1), guarded, { ...placement, topLevel: false }, { step, added: false });
      });
      return;
    }
  }

  /** The outcomes of the step before after which `step`'s action runs (its `@after`), or why it cannot (JIG4113). */
  private runNextOn(step: Step, steps: readonly Step[], index: number, list: ActionList, placement: Placement, before: StepBefore | undefined, previousAdded: boolean, previousStart: number | undefined): void {
    const outcomes = runsAfterOtherOutcome(this.ctx, step);
    if (!outcomes) return;
    // A var is an action where it stands only at the top level and named; else it is initialized at the workflow's start.
    const problem =
      step.kind === 'Var' && !(placement.topLevel && this.ctx.model.actionNameOf(step))
        ? "this var is initialized at the workflow's start, not where it stands (only a named var at the top level keeps its place)"
        : (afterProblem(index === 0 ? before?.step : steps[index - 1], previousAdded, placement, index === 0 ? undefined : { list, start: previousStart }) ??
          (list.guardedRest && outcomes.includes('skipped') ? GUARDED_REST_SKIPPED : undefined));
    if (problem) this.ctx.report(catalogue.afterWithoutAction(annotationRange(step, 'after'), { reason: problem }));
    else list.runNextOn(outcomes.map((outcome) => RUN_STATUSES[outcome]), index === 0 ? undefined : previousStart);
  }

  /**
   * @param before the step before it in its block (or before the block, for a `parallel`'s branches), for `@after`.
   * @param followed whether an action waits for it where it stands: a step after it in its block, or a `parallel`'s join.
   */
  private step(step: Step, list: ActionList, placement: Placement, before: StepBefore, followed: boolean): void {
    const ctx = this.ctx;
    switch (step.kind) {
      case 'Let':
        return this.let(step, list);
      case 'Var':
        return this.var(step, list, placement);
      case 'Set':
        return this.set(step, list);
      case 'Append':
        return this.append(step, list);
      case 'Store':
        return emitStore(ctx, list, step);
      case 'Delete':
        return emitDelete(ctx, list, step);
      case 'HttpCallStep':
        void emitHttpCall(ctx, list, step.call, step);
        return;
      case 'SendMail':
        return emitSendMail(ctx, list, step);
      case 'SendMessage':
        return emitSendMessage(ctx, list, step);
      case 'FlowCallStep':
        void emitFlowCall(ctx, list, step.call, step);
        return;
      case 'If':
        return this.if(step, list, placement);
      case 'ForEach':
        return this.forEach(step, list, placement);
      case 'Switch':
        return this.switch(step, list, placement);
      case 'Until':
        return this.until(step, list, placement);
      case 'Try':
        return this.try(step, list, placement);
      case 'Wait':
        return this.wait(step, list);
      case 'Respond':
        return this.respond(step, list, placement);
      case 'Fail':
        return this.fail(step, list, placement);
      case 'Stop':
        return this.stop(step, list, placement);
      case 'Parallel':
        return this.parallel(step, list, placement, before, followed);
      case 'RawAction':
        return this.raw(step, list);
      case 'Agent':
        return this.agent(step, list, placement);
    }
  }

  /**
   * An Agent action: the model request, and each tool's steps in its own list (the tools hold
   * actions as a switch's cases do). Its result names the action's outputs (the answer in
   * `lastAssistantMessage`). Its chat history cannot be hidden (policy rule run-history), so the
   * categories it is given are those of what the model is sent and answers.
   */
  private agent(step: AgentStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    const request = step.request;
    const connection = request.connector?.value ?? '';
    const name = ctx.actionName(step, 'Agent', step.result?.name ?? connection);
    const messages = request.body ? ctx.translator(list).value(request.body) : [];
    const tools: Record<string, AgentToolJson> = {};
    for (const tool of step.tools) {
      const toolList = list.nested(name, 'tools', tool.name.name);
      this.block(tool.body, toolList, { ...placement, topLevel: false });
      tools[tool.name.name] = { actions: toolList.build(), description: literalValue(tool.description.value ?? ''), ...(tool.schema && { agentParameterSchema: jsonOf(tool.schema) }) };
    }
    const { timeout, count } = ctx.model.callOptionsOf(step);
    const limit = count !== undefined || timeout ? { ...(count !== undefined && { count }), ...(timeout && { timeout: isoDuration(timeout.amount, timeout.unit) }) } : undefined;
    const deployment = request.url.kind === 'String' ? (request.url.value ?? '') : '';
    const options = step.options ? (jsonOf(step.options) as Record<string, Json>) : undefined;
    ctx.addAction(list, name, agent(connection, deployment, messages, options, tools, limit), [...ctx.categoriesOf(...requestParts(request)), ...ctx.categoriesOf(request)], step);
    if (step.result) ctx.bind(step.result, refer('outputs', name));
  }

  /** A raw action: its JSON as written, under its own name (claimed before the flow's steps). */
  private raw(step: RawActionStep, list: ActionList): void {
    const action = jsonOf(step.body) as unknown as WdlAction;
    // The definition declares the parameters its expressions read.
    for (const name of parametersRead(action as unknown as Json)) {
      if (name === '$connections') this.ctx.rawReadsConnections = true;
      else this.ctx.usedParameters.add(name);
    }
    const name = step.name.value ?? '';
    const pointer = list.add(name, action, { ownRunAfter: action.runAfter !== undefined });
    this.ctx.pointers.set(step, pointer);
    if (step.result) this.ctx.bind(step.result, refer('outputs', name));
  }

  // -------------------------------------------------------------------------------------------
  // Values and variables

  private let(step: LetStep, list: ActionList): void {
    const ctx = this.ctx;
    const value = step.value;
    const name = step.name.name;
    let binding: string;
    switch (value.kind) {
      case 'Query':
        if (isOnlyAggregated(ctx, step)) return;
        binding = emitQuery(ctx, list, value, name, step);
        break;
      case 'Aggregate':
        binding = emitAggregate(ctx, list, value, name, step);
        break;
      case 'HttpCall':
        binding = emitHttpCall(ctx, list, value, step, name);
        break;
      case 'FlowCall':
        binding = emitFlowCall(ctx, list, value, step, name);
        break;
      case 'ParseJson':
        binding = emitParseJson(ctx, list, value, step, name);
        break;
      case 'DocumentOperation':
        binding = emitDocumentOperation(ctx, list, value, step, name);
        break;
      case 'InlineCode': {
        const action = ctx.actionName(step, 'Run', name);
        ctx.addAction(list, action, javaScriptCode(value.code.value ?? '', ctx.model.codeDependenciesOf(step)), ctx.categoriesOf(value), step);
        // `@outputs`: the name stands for the action's outputs as the workflow reads them, whatever
        // the service puts there (the designer's manifest says `{ body: Result }`; Standard
        // templates read outputs('A') as the value the code returns).
        binding = refer(ctx.model.callOptionsOf(step).outputs ? 'outputs' : 'body', action);
        break;
      }
      case 'TableOperation': {
        const action = ctx.actionName(step, 'Table', name);
        const translator = ctx.translator(list);
        // A column's value reads the row as `item`, which is the service's item() in a Table.
        const columns = value.columns?.fields.map((column) => ({ header: column.name.name, value: translator.value(column.value) }));
        ctx.addAction(list, action, table(translator.value(value.from), value.format === 'html' ? 'HTML' : 'CSV', columns), ctx.categoriesOf(value), step);
        binding = refer('body', action);
        break;
      }
      case 'TimeOperation': {
        const action = ctx.actionName(step, 'Time', name);
        const translator = ctx.translator(list);
        const inputs: Record<string, Json> = {};
        if (value.base) inputs.baseTime = translator.value(value.base);
        if (value.amount) inputs.interval = translator.value(value.amount);
        const unit = value.unit && normalizeUnit(value.unit.name);
        if (unit) inputs.timeUnit = timeInterval(1, unit).unit;
        if (value.sourceZone) inputs.sourceTimeZone = translator.value(value.sourceZone);
        if (value.destinationZone) inputs.destinationTimeZone = translator.value(value.destinationZone);
        if (value.format) inputs.formatString = translator.value(value.format);
        ctx.addAction(list, action, timeAction(TIME_ACTION_KINDS[value.operation], inputs), ctx.categoriesOf(value), step);
        binding = refer('body', action);
        break;
      }
      case 'Where':
      case 'Select':
        binding = ctx.hoistListOperation(list, value, name, step);
        break;
      default:
        // A named let is an action of its own (an imported Compose keeps its name and place).
        if (isPlainPath(ctx, value) && !ctx.model.actionNameOf(step) && !ctx.model.trackedPropertiesOf(step)) {
          binding = ctx.translator(list).expression(value);
        } else {
          const action = ctx.actionName(step, 'Compose', name);
          ctx.addAction(list, action, compose(ctx.translator(list).value(value)), ctx.categoriesOf(value), step);
          binding = refer('outputs', action);
        }
    }
    ctx.bind(step.name, binding);
  }

  /** The `var`s from `index` on that one `@action` names (semantics/steps.ts lets consecutive top-level ones share it). */
  private namedTogether(steps: readonly Step[], index: number): VarStep[] {
    const first = steps[index]!;
    const name = first.kind === 'Var' ? this.ctx.model.actionNameOf(first) : undefined;
    if (first.kind !== 'Var' || name === undefined) return [];
    const group: VarStep[] = [first];
    for (let next = steps[index + group.length]; next?.kind === 'Var' && this.ctx.model.actionNameOf(next) === name; next = steps[index + group.length]) group.push(next);
    return group;
  }

  /** Consecutive top-level `var`s one `@action` names: one InitializeVariable, their variables in order. */
  private variables(steps: readonly VarStep[], list: ActionList): void {
    const ctx = this.ctx;
    const translate = ctx.translator(list);
    const variables = steps.map((step) => {
      const variable = ctx.variableName(variableNameOf(step));
      const entry = { name: variable, type: this.variableTypeOf(step), value: step.value && translate.value(step.value) };
      ctx.bindVariable(step.name, variable);
      return entry;
    });
    ctx.addAction(list, ctx.actionName(steps[0], 'Initialize', variables[0]!.name), initializeVariables(variables), [], steps[0]);
  }

  private variableTypeOf(step: VarStep): VariableType {
    return variableType(this.ctx.symbolOf(step.name)?.type ?? (step.value ? this.ctx.typeOf(step.value) : { kind: 'any' }));
  }

  private var(step: VarStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    const type = this.variableTypeOf(step);
    const translate = ctx.translator(list);
    if (placement.topLevel && (ctx.model.actionNameOf(step) || ctx.model.trackedPropertiesOf(step))) {
      // A named var (an imported InitializeVariable) keeps its place: the service asks only that it stand at the top level.
      // So does one with tracked properties, which are its own action's, not those of the variables initialized with it.
      const variable = ctx.variableName(variableNameOf(step));
      ctx.addAction(list, ctx.actionName(step, 'Initialize', variable), initializeVariable(variable, type, step.value && translate.value(step.value)), [], step);
      ctx.bindVariable(step.name, variable);
      return;
    }
    if (placement.topLevel && (!step.value || readsNoAction(ctx, step.value))) {
      const { variable, pointer } = ctx.hoistVariable(variableNameOf(step), type, step.value && translate.value(step.value), step);
      ctx.bindVariable(step.name, variable);
      ctx.pointers.set(step, pointer);
      return;
    }
    // Initialised empty at the top, then set where the `var` stands (and again on each iteration).
    const { variable } = ctx.hoistVariable(variableNameOf(step), type, emptyValue(type), step);
    const value = step.value ? translate.value(step.value) : emptyValue(type);
    ctx.bindVariable(step.name, variable);
    ctx.addAction(list, ctx.names.allocate('Set', variable), setVariable(variable, value), [], step);
  }

  private set(step: SetStep, list: ActionList): void {
    const ctx = this.ctx;
    const variable = ctx.variableOf(step.target) ?? step.target.name;
    const translate = ctx.translator(list);
    const value = step.value;
    const type = variableType(ctx.symbolOf(step.target)?.type ?? ctx.typeOf(value));
    let action: WdlAction;
    let verb = 'Set';
    const self = value.kind === 'Binary' && value.left.kind === 'Name' && ctx.variableOf(value.left.name) === variable;
    if (self && value.kind === 'Binary' && (type === 'Integer' || type === 'Float') && value.operator === '+') {
      verb = 'Increment';
      action = incrementVariable(variable, translate.value(value.right));
    } else if (self && value.kind === 'Binary' && (type === 'Integer' || type === 'Float') && value.operator === '-') {
      verb = 'Decrement';
      action = decrementVariable(variable, translate.value(value.right));
    } else if (self && value.kind === 'Binary' && type === 'String' && value.operator === '+') {
      verb = 'Append_to';
      action = appendToStringVariable(variable, translate.value(value.right));
    } else {
      action = setVariable(variable, translate.value(value));
    }
    this.updateVariable(list, ctx.actionName(step, verb, variable), action, variable, step);
  }

  /**
   * Adds an action that updates a variable. The service refuses one whose value reads the
   * variable itself ("Self reference is not supported when updating the value of variable"): a
   * Compose computes that value first.
   */
  private updateVariable(list: ActionList, name: string, action: WdlAction, variable: string, step: SetStep | AppendStep): void {
    const ctx = this.ctx;
    const inputs = action.inputs as { value: Json };
    if (readsVariable(inputs.value, variable)) {
      const compute = ctx.names.allocate('Compute', variable);
      ctx.addAction(list, compute, compose(inputs.value), ctx.categoriesOf(step.value));
      inputs.value = `@${refer('outputs', compute)}`;
    }
    ctx.addAction(list, name, action, [], step);
  }

  private append(step: AppendStep, list: ActionList): void {
    const ctx = this.ctx;
    const variable = ctx.variableOf(step.target) ?? step.target.name;
    const type = variableType(ctx.symbolOf(step.target)?.type ?? ctx.typeOf(step.value));
    const value = ctx.translator(list).value(step.value);
    const action = type === 'String' ? appendToStringVariable(variable, value) : appendToArrayVariable(variable, value);
    this.updateVariable(list, ctx.actionName(step, 'Append_to', variable), action, variable, step);
  }

  // -------------------------------------------------------------------------------------------
  // Control flow

  private if(step: IfStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    const expression = `@${ctx.translator(list).expression(step.condition)}`;
    const name = ctx.actionName(step, 'Condition', describeExpression(step.condition));
    const inner = { ...placement, topLevel: false };
    const thenList = list.nested(name);
    this.block(step.then, thenList, inner);
    let elseActions: Record<string, WdlAction> | undefined;
    if (step.else) {
      const elseList = list.nested(name, 'else');
      if (step.else.kind === 'If') this.if(step.else, elseList, inner);
      else this.block(step.else, elseList, inner);
      elseActions = elseList.build();
    }
    ctx.addAction(list, name, condition(expression, thenList.build(), elseActions), [], step);
  }

  private forEach(step: ForEachStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    // A Foreach's `foreach` is an expression string: a list written out (`[a, b]`) is createArray(…).
    const translate = ctx.translator(list);
    const value = translate.value(step.iterable);
    const read = typeof value === 'string' && value.startsWith('@') && !value.startsWith('@{') ? value.slice(1) : typeof value === 'string' ? undefined : translate.expression(step.iterable);
    const items = read === undefined ? (value as string) : `@${ctx.hiddenOperand(list, read, ctx.categoriesOf(step.iterable), 'list', step.iterable)}`;
    const name = ctx.actionName(step, 'For_each', step.variable.name);
    ctx.bind(step.variable, refer('items', name));
    const body = list.nested(name);
    const inLoop = { loop: 'for each', topLevel: false } as const;
    const nested = this.foreachDepth > 0;
    this.foreachDepth++;
    if (containsFail(step.body)) {
      // Iterations cannot be stopped: after a failure, the remaining ones do nothing.
      this.unlessFailed(body, ctx.names.allocate('Unless_failed_in', name), (guarded) => this.block(step.body, guarded, inLoop));
    } else {
      this.block(step.body, body, inLoop);
    }
    this.foreachDepth--;
    // A loop that writes a var runs one iteration at a time, unless `@concurrent` says otherwise;
    // one that keeps the opt-out mark (§6) always does: passes at once could lose a mark (JIG4116).
    const concurrency = ctx.model.concurrencyOf(step);
    const keepsMark = keepsOptOutMark(ctx.model, step.body);
    if (keepsMark && concurrency && concurrency.limit !== 1) {
      const annotation = step.annotations.find((a) => a.name.name === 'concurrent');
      ctx.report(catalogue.concurrentOptOutKeep((annotation ?? step).range, { what: 'loop' }));
    }
    // The service runs a For each inside another one pass at a time, whatever it says.
    if (concurrency && concurrency.limit !== 1 && !nested) {
      const own = passOwnVariable(step.body);
      const annotation = step.annotations.find((a) => a.name.name === 'concurrent');
      if (own) ctx.report(catalogue.concurrentPassVariable((annotation ?? step).range, own));
    }
    const repetitions = keepsMark ? 1 : concurrency ? concurrency.limit : changesVariables(step.body) ? 1 : undefined;
    ctx.addAction(list, name, foreach(items, body.build(), repetitions), [], step);
    if (!placement.loop) this.failAfterLoop(step, name, list);
  }

  private until(step: UntilStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    const name = ctx.actionName(step, 'Until', describeExpression(step.condition));
    const body = list.nested(name);
    this.block(step.body, body, { loop: 'until', topLevel: false });
    // The condition may read what the body computes, so it is translated after the body.
    let expression = ctx.translator(body).expression(step.condition);
    if (containsFail(step.body)) {
      expression = `or(${expression}, not(empty(${refer('variables', ctx.failureVariable())})))`;
    }
    const { timeout, count } = ctx.model.callOptionsOf(step);
    // `@count(EXPR)`: limit.count the expression, evaluated when the loop starts (outside its body).
    const computed = computedCount(step);
    const limit = computed ? ctx.translator(list).value(computed) : count;
    ctx.addAction(list, name, until(`@${expression}`, body.build(), timeout && isoDuration(timeout.amount, timeout.unit), limit), [], step);
    if (!placement.loop) this.failAfterLoop(step, name, list);
  }

  private switch(step: SwitchStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    const subject = ctx.hiddenOperand(list, ctx.translator(list).expression(step.subject), ctx.categoriesOf(step.subject), 'value', step.subject);
    // The service fails a Switch whose value is null ("of type 'Null' but is expected to be a value
    // of type 'String, Integer'"); in Jig no case equals null, so the default runs: an optional
    // value is coalesced to one that no case is.
    const expression = ctx.typeOf(step.subject).kind === 'optional' ? `@coalesce(${subject}, ${noCaseValue(step)})` : `@${subject}`;
    const name = ctx.actionName(step, 'Switch_on', describeExpression(step.subject));
    const inner = { ...placement, topLevel: false };
    const cases: Record<string, { case: string | number; actions: Record<string, WdlAction> }> = {};
    for (const c of step.cases) {
      const value = c.value.kind === 'String' ? (c.value.value ?? '') : c.value.kind === 'Number' ? c.value.value : String(c.value.value);
      const caseName = ctx.names.allocate('Case', String(value));
      const caseList = list.nested(name, 'cases', caseName);
      this.block(c.body, caseList, inner);
      // The service reads a case's string as it reads every other value (`@` starts an expression;
      // a case that would be read as one is JIG2026, so none is escaped in fact).
      cases[caseName] = { case: typeof value === 'string' ? literalValue(value) : value, actions: caseList.build() };
    }
    let defaultActions: Record<string, WdlAction> | undefined;
    if (step.default) {
      const defaultList = list.nested(name, 'default');
      this.block(step.default, defaultList, inner);
      defaultActions = defaultList.build();
    }
    ctx.addAction(list, name, switchAction(expression, cases, defaultActions), [], step);
  }

  private try(step: TryStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    const inner = { ...placement, topLevel: false };
    const tryName = ctx.actionName(step, step.scope ? 'Scope' : 'Try');
    const tryList = list.nested(tryName);
    this.block(step.body, tryList, inner);
    if (step.scope) {
      // What follows a scope runs once it succeeded, as after any step.
      list.add(tryName, scope(tryList.build()));
      ctx.pointers.set(step, list.pointerOf(tryName));
      return;
    }
    list.add(tryName, scope(tryList.build()));
    ctx.pointers.set(step, list.pointerOf(tryName));
    const catchName = ctx.model.catchActionNameOf(step) ?? ctx.names.allocate('Catch');
    const catchList = list.nested(catchName);
    // A `try` without `catch` only contains a failure, with an empty catch: were the failed try
    // the last action of its map, the scope around it (or the run) would take its failure.
    const handler = step.catch;
    if (handler && placement.loop && containsFail(step.body)) {
      // In a loop, a `fail` in the try only records its message, and the try may still fail by a
      // call in another pass of a loop inside it: the catch then runs only if no `fail` was
      // recorded, since the source's `fail` ends the run where it stands.
      this.unlessFailed(catchList, ctx.names.allocate('Unless_failed_in', catchName), (guarded) => this.block(handler, guarded, inner));
    } else if (handler) this.block(handler, catchList, inner);
    // The catch is skipped when the try succeeds; the steps after it run in both cases, but not
    // when the try itself was skipped (a step before it failed), which skips the catch too: they
    // also run after the try, unless it is the first action of its map (as the designer writes it).
    list.add(catchName, scope(catchList.build()), {
      after: { name: tryName, statuses: ['Failed', 'TimedOut'] },
      successorRunsOn: ['Succeeded', 'Skipped'],
      successorAlsoAfter: { name: tryName, statuses: ['Succeeded', 'Failed', 'TimedOut'] },
    });
  }

  /**
   * Branches that start together; the next step runs after the last action of each. Each branch
   * starts after the step before the `parallel`, so an `@after` on a branch's first step sets
   * that step's statuses in its `runAfter`: branches that run on its success and on its failure.
   */
  private parallel(step: ParallelStep, list: ActionList, placement: Placement, before: StepBefore, followed: boolean): void {
    // Branches run at once: two that keep the opt-out mark of one container may lose it (JIG4116).
    const seen = new Set<string>();
    for (const branch of step.branches) {
      const containers = optOutKeepContainers(this.ctx.model, branch);
      const shared = [...containers].find((container) => seen.has(container));
      if (shared !== undefined) {
        this.ctx.report(catalogue.concurrentOptOutKeep(step.range, { what: 'parallel', container: shared }));
        break;
      }
      for (const container of containers) seen.add(container);
    }
    const branches = list.fork(step.branches.length);
    step.branches.forEach((branch, i) => {
      branches[i]!.joinedAfter = followed;
      this.steps(branch.steps, branches[i]!, placement, before);
      // What follows a `try` runs after its catch and after the try itself on any outcome, so that
      // it does not run when the try was skipped. After a `parallel` it also waits for the other
      // branches, and is skipped when one of them ended skipped: a skipped action's status comes
      // from the actions it runs after, and whether Logic Apps then counts the try's failure, which
      // it accepted and the catch handled, is not documented (the engine counts it). An empty Scope
      // after the try stands for it instead: it runs once the try ended and its catch did not fail.
      // Where nothing waits for the parallel, nothing reads the try's status: the workflow and a
      // Scope are judged by their last actions, which the try is not (its catch runs after it).
      if (followed && branch.steps.at(-1)?.kind === 'Try') this.ctx.addAction(branches[i]!, this.ctx.names.allocate('Try_ended'), scope({}), []);
    });
  }

  private wait(step: WaitStep, list: ActionList): void {
    if (step.until) {
      const until = this.ctx.translator(list).value(step.until);
      this.ctx.addAction(list, this.ctx.actionName(step, 'Wait', 'until'), waitUntil(until), this.ctx.categoriesOf(step.until), step);
      return;
    }
    if (step.amount) {
      // `wait (EXPR) UNIT`: interval.count an expression (the service evaluates it when the Wait runs).
      const count = this.ctx.translator(list).value(step.amount);
      const { unit } = timeInterval(1, normalizeUnit(step.unit?.name ?? '') ?? 'seconds');
      this.ctx.addAction(list, this.ctx.actionName(step, 'Wait', step.unit?.name ?? ''), wait(count, unit), this.ctx.categoriesOf(step.amount), step);
      return;
    }
    if (!step.duration) return;
    const { count, unit } = timeInterval(step.duration.amount, normalizeUnit(step.duration.unit) ?? 'seconds');
    const name = this.ctx.actionName(step, 'Wait', String(step.duration.amount), step.duration.unit);
    this.ctx.addAction(list, name, wait(count, unit), [], step);
  }

  private respond(step: RespondStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    if (placement.loop) {
      ctx.report(catalogue.respondInLoop(step.range, { loop: placement.loop }));
      return;
    }
    const trigger = ctx.flow.trigger;
    // A raw Request trigger (one with options Jig does not write, from `jig import`) has a caller too.
    const rawRequest = trigger?.kind === 'RawTrigger' && String((jsonOf(trigger.body) as { type?: unknown }).type).toLowerCase() === 'request';
    if (trigger && trigger.kind !== 'HttpTrigger' && !rawRequest) {
      const described = trigger.kind === 'ScheduleTrigger' ? 'a schedule' : trigger.kind === 'RawTrigger' ? `the raw trigger '${trigger.name.value ?? ''}'` : trigger.kind === 'ChatTrigger' ? 'a chat (its agents answer it)' : 'a new mail';
      ctx.report(catalogue.respondWithoutHttpTrigger(step.range, { trigger: described }));
      return;
    }
    const waited = statedWaitBefore(ctx.model, ctx.flow, step);
    if (waited > CALLER_WAITS_SECONDS) ctx.report(catalogue.respondAfterCallerTimeout(step.range, { waited: describeSeconds(waited) }));
    const translate = ctx.translator(list);
    const body: Json | undefined = step.body ? translate.value(step.body) : undefined;
    const headers = step.headers && step.headers.length > 0
      ? Object.fromEntries(step.headers.map((header) => [writtenName(header) ?? '', translate.value(header.value)]))
      : undefined;
    for (const header of step.headers ?? []) {
      const written = writtenName(header) ?? '';
      if (dropsResponseHeader(written)) ctx.report(catalogue.httpHeaderDropped(header.name.range, { header: written, method: '', response: true }));
    }
    // A computed status is the statusCode's expression, translated in the list that holds the action.
    const literal = step.status.kind === 'Number' ? step.status.value : undefined;
    const name = literal !== undefined ? ctx.actionName(step, 'Respond', String(literal)) : ctx.actionName(step, 'Respond_status', describeExpression(step.status));
    const values = [...(literal === undefined ? [step.status] : []), ...(step.headers ?? []).map((header) => header.value), ...(step.body ? [step.body] : [])];
    ctx.addAction(list, name, response(literal ?? translate.value(step.status), body, headers), ctx.categoriesOf(...values), step);
  }

  private fail(step: FailStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    const message = ctx.translator(list).value(step.message);
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    const name = ctx.actionName(step, 'Fail', firstWords(describeExpression(step.message)));
    if (!placement.loop) {
      ctx.addAction(list, name, terminateFailed(text, ctx.model.failureCodeOf(step)), [], step);
      return;
    }
    // Terminate may not stand in a loop: remember the message; the run fails after the loop.
    ctx.addAction(list, name, appendToArrayVariable(ctx.failureVariable(), text), [], step);
  }

  private stop(step: StopStep, list: ActionList, placement: Placement): void {
    const ctx = this.ctx;
    if (placement.loop) {
      ctx.report(catalogue.respondInLoop(step.range, { loop: placement.loop, step: `stop ${step.status.name}` }));
      return;
    }
    const status = STOP_STATUS[step.status.name];
    if (status) ctx.addAction(list, ctx.actionName(step, 'Stop', step.status.name), terminate(status, ctx.model.failureCodeOf(step)), [], step);
  }

  /** An If named `guard` at the end of `list`, whose actions (what `fill` adds) run only while no `fail` was recorded. */
  private unlessFailed(list: ActionList, guard: string, fill: (guarded: ActionList) => void): void {
    const guarded = list.nested(guard);
    fill(guarded);
    list.add(guard, condition(`@empty(${refer('variables', this.ctx.failureVariable())})`, guarded.build()));
  }

  /**
   * After an outermost loop whose body may `fail`: terminate when a failure was recorded. The loop
   * itself fails when a pass failed otherwise (a call), before or after the pass that recorded the
   * `fail`; a check run on the loop's success alone would then be skipped and the recorded `fail`
   * lost (caught by a `try` around the loop). So a second check runs beside the chain on the loop's
   * failure: the loop's failure still skips what follows, which waits for that check too.
   */
  private failAfterLoop(loop: ForEachStep | UntilStep, loopName: string, list: ActionList): void {
    const ctx = this.ctx;
    if (!containsFail(loop.body)) return;
    const variable = ctx.failureVariable();
    const failed = `@not(empty(${refer('variables', variable)}))`;
    const terminateWhenRecorded = (checkName: string) => {
      const inner = list.nested(checkName);
      inner.add(ctx.names.allocate('Fail_after', loopName), terminateFailed(`@{first(${refer('variables', variable)})}`));
      return condition(failed, inner.build());
    };
    const checkName = ctx.names.allocate('Check_failure_of', loopName);
    list.add(checkName, terminateWhenRecorded(checkName));
    const afterFailure = ctx.names.allocate('Check_failure_after_failed', loopName);
    list.add(afterFailure, terminateWhenRecorded(afterFailure), { after: { name: loopName, statuses: ['Failed', 'TimedOut'] }, aside: true });
  }
}

/** Whether a JSON value's expressions read the workflow variable `variable` (names ignore case). */
function readsVariable(value: Json, variable: string): boolean {
  // The emitter names a variable only through refer; a `@name` may hold `(`, `.`, `'`, `"`, so the
  // text is looked for as it is (no pattern made of it), in each string, not in JSON's escaped text.
  const reference = refer('variables', variable).toLowerCase();
  const reads = (json: Json): boolean =>
    typeof json === 'string' ? json.toLowerCase().includes(reference) : Array.isArray(json) ? json.some(reads) : json !== null && typeof json === 'object' ? Object.values(json).some(reads) : false;
  return reads(value);
}

// ---------------------------------------------------------------------------------------------
// Values

export function variableType(type: Type): VariableType {
  switch (type.kind) {
    case 'optional':
      return variableType(type.inner);
    case 'primitive':
      return type.name === 'integer' ? 'Integer' : type.name === 'number' ? 'Float' : type.name === 'boolean' ? 'Boolean' : 'String';
    case 'secret':
      return 'String';
    case 'array':
      return 'Array';
    case 'record':
    case 'any':
    case 'null':
    case 'error':
      return 'Object';
  }
}

function emptyValue(type: VariableType): Json {
  switch (type) {
    case 'String':
      return '';
    case 'Integer':
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    case 'Array':
      return [];
    case 'Object':
      return {};
  }
}

/** The run status of each `stop`. */
const STOP_STATUS: Readonly<Record<string, 'Succeeded' | 'Failed' | 'Cancelled'>> = { succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' };

/** The run status `@after` names for each outcome. */
const RUN_STATUSES: Readonly<Record<RunOutcome, RunStatus>> = { succeeded: 'Succeeded', failed: 'Failed', skipped: 'Skipped', timedout: 'TimedOut' };

/**
 * Why `@after` cannot follow `previous`, if it cannot. After a `parallel` (whose fork stands in
 * `where.list` at `where.start`), it names the outcomes of the last step of every branch, at any
 * depth, so each of those must be a step `@after` could follow.
 */
/**
 * `@after(skipped)` in the rest of a loop's pass after a step that may `fail`: the source runs it
 * once the step before it was skipped (that step, or one before it, after the one that may fail,
 * which did not succeed), but Jig writes that rest inside an If that runs after that step's
 * success only, and a skipped If skips every action in it whatever its `runAfter` says.
 */
const GUARDED_REST_SKIPPED =
  "it stands after a step that holds a 'fail' inside a loop, after which Jig nests the rest of the pass in a condition that is skipped as a whole when that step did not succeed: a step there never runs on 'skipped'";

function afterProblem(previous: Step | undefined, previousAdded: boolean, placement: Placement, where?: { list: ActionList; start: number | undefined }): string | undefined {
  if (!previous) return 'it is the first step of its block, which waits for nothing';
  if (previous.kind === 'Try' && !previous.scope) return "the step before it is a 'try', after which Jig waits for several actions";
  if (placement.loop && stepHoldsFail(previous)) return "the step before it holds a 'fail' inside a loop, after which Jig nests what follows in a condition";
  if (!previousAdded) return 'the step before it becomes no action in its place (give it @action("NAME") to make it one)';
  if (previous.kind !== 'Parallel') return undefined;
  const branches = where?.start === undefined ? undefined : where.list.forkAt(where.start);
  if (!branches) return "the step before it is a 'parallel' Jig did not write in its place";
  for (const [index, branch] of previous.branches.entries()) {
    const last = branch.steps.at(-1);
    const written = branches[index]?.lastStep;
    const problem = last && written ? afterProblem(last, written.added, placement, { list: branches[index]!, start: written.start }) : 'it is empty';
    if (problem) return `of the 'parallel' before it, branch ${index + 1} ends in a step that cannot be waited for so: ${problem.replace(/^the step before it/, 'its last step').replace(/^of the 'parallel' before it,/, "a 'parallel' whose")}`;
  }
  return undefined;
}

function annotationRange(step: Step, name: string): TextRange {
  return step.annotations.find((annotation) => annotation.name.name === name)?.range ?? step.range;
}

/** A value of the switch's type that none of its cases is, as a WDL literal: '' or -1 unless a case is that. */
function noCaseValue(step: SwitchStep): string {
  const values = new Set(step.cases.map((c) => (c.value.kind === 'String' ? (c.value.value ?? '') : c.value.kind === 'Number' ? c.value.value : String(c.value.value))));
  if (step.cases.every((c) => c.value.kind === 'Number')) {
    let n = -1;
    while (values.has(n)) n--;
    return String(n);
  }
  let text = '';
  while (values.has(text)) text += '_';
  return stringLiteral(text);
}
