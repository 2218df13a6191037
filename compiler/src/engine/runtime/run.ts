/**
 * One run of a workflow definition: the trigger's outputs from the caller's input, then the
 * actions in `runAfter` order on a simulated clock, each action's status, inputs and outputs
 * recorded as the service's run history records them.
 *
 * Time is logical and execution synchronous: an action starts when the actions it runs after have
 * ended; of the actions ready to run, the earliest starts first (ties in definition order).
 * Parallel branches and concurrent loop iterations therefore run one after another, each on its
 * own timeline from the moment they fork, and a join waits for the latest of them. The run's
 * status follows the service's rule: a branch that ends in a Skipped action takes the status of
 * what made it skip, and the run (or scope) fails when any branch ends in failure.
 */
import { ExpressionError, NotSupportedError } from '../errors.js';
import { evaluateTemplate } from '../expressions/evaluate.js';
import type { RuntimeState } from '../expressions/runtime-state.js';
import { formatDateTime } from '../functions/date-format.js';
import { dateTime } from '../functions/datetime-core.js';
import { arrayLabel, Label, objectLabel, type Traced, untraced } from '../tracing/labels.js';
import { cloneValue, fromJson, isObject, objectOf, toJson, type Value } from '../values.js';
import type { World } from '../connectors/world.js';
import type { ActionContext, ActionResult, Executor } from './context.js';
import { nestedActions, type WorkflowDocument } from './document.js';
import { Frame } from './frames.js';
import { hiddenInHistory, hidesReaders, secureDataOf } from './history-hiding.js';
import type { ActionRun, ActionStatus, RunError, RunRecord, SinkCategories, TriggerRun } from './history.js';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Operation } from '../connectors/catalog.js';
import { MockCalls, type Mock, type Mocks } from './mocks.js';
import { variableValue, type Variable } from './actions/variables.js';
import { validatorFor } from './actions/data.js';

export interface TriggerInput {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly queries?: Readonly<Record<string, unknown>>;
  /** The trigger's whole outputs, instead of body/headers/queries. */
  readonly outputs?: unknown;
  /** What the trigger's outputs carry (category tracing): see `labelFromShape`. */
  readonly label?: Label;
  /** For a schedule: the time the run was scheduled for (default: the run's start). */
  readonly scheduledTime?: string;
}

export interface RunOptions {
  readonly trigger?: TriggerInput;
  /** Values of the workflow's parameters (over the definition's defaults and deployed values). */
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly mocks?: Mocks;
  /** The run's start, in ms since 1970 (default: 2025-01-01T00:00:00Z, so runs repeat exactly). */
  readonly startTime?: number;
  /** The simulated world the connectors act on (Cosmos DB containers…). */
  readonly world?: World;
  /** A child workflow of a Workflow action, by the id its `host.workflow.id` evaluates to. */
  readonly childWorkflow?: (id: string) => WorkflowDocument | undefined;
  /** Categories of parameters' values, by parameter name. */
  readonly parameterLabels?: Readonly<Record<string, Label>>;
  /** What the documents of a Cosmos DB container carry, by `database/container`. */
  readonly containerLabels?: Readonly<Record<string, Label>>;
  /**
   * What the answer (body) of a call carries, by action name, where the caller knows better than
   * the container: a query whose aggregate Cosmos DB computes yields anonymized aggregates.
   */
  readonly answerLabels?: Readonly<Record<string, Label>>;
  /** How deep child workflows may nest (default 8). */
  readonly depth?: number;
  /**
   * How long, in ms, the caller of a Request trigger waits for the workflow's Response: by default
   * the service's inbound request limit, 120 s on Consumption and 235 s on Standard (a document
   * read from a Standard workflow.json), and without limit in a child run, whose parent waits
   * (WorkflowRun.callerDeadline).
   */
  readonly callerWaitsMs?: number;
  /**
   * Run only this action (and what it contains), as AWS's TestState runs one state: the actions
   * it reads are given (`upstream`), and so are the variables.
   */
  readonly only?: {
    readonly action: string;
    readonly upstream?: Readonly<Record<string, { readonly status?: string; readonly outputs?: unknown; readonly inputs?: unknown }>>;
    readonly variables?: Readonly<Record<string, unknown>>;
  };
}

export const DEFAULT_START = Date.UTC(2025, 0, 1);
/** How long the caller of a Consumption workflow's Request trigger waits for its Response. */
export const CONSUMPTION_CALLER_WAITS_MS = 120_000;
/** How long the caller of a Standard workflow's Request trigger waits, by default. */
export const STANDARD_CALLER_WAITS_MS = 235_000;
/** The most action executions one run may make before it is stopped (a guard against runaway loops). */
const MAX_EXECUTIONS = 200_000;

const FAILING: ReadonlySet<ActionStatus> = new Set(['Failed', 'TimedOut', 'Cancelled']);

export class WorkflowRun implements RuntimeState {
  readonly record: RunRecord;
  readonly mockCalls = new MockCalls();
  readonly variables = new Map<string, Variable>();
  readonly definition: Record<string, unknown>;
  private readonly parameterValues = new Map<string, { value: unknown; secure: boolean; declared: boolean }>();
  private readonly secrets = new Set<string>();
  private frame: Frame;
  private time: number;
  private itemStack: Traced[] = [];
  private triggerTraced: Traced = untraced(null);
  private currentActionName: string | undefined;
  private guidCounter = 0;
  private randomState = 0x9e3779b9;
  private executions = 0;
  /** Set by a Terminate action: the run stops where it is. */
  terminated: { status: ActionStatus | 'Cancelled'; error?: RunError } | undefined;
  private readonly topFrame = new Frame();
  /**
   * When the caller of a Request trigger stops waiting for the Response (ms since 1970). Microsoft:
   * the steps a response needs must finish within the inbound request limit, "unless the triggered
   * workflow is called as a nested workflow", whose parent "continues to wait for a response until
   * all the steps are completed, regardless of how much time is required" (Receive and respond to
   * inbound HTTPS calls; limits reference, Timeout duration: inbound request 120 s multitenant, 235 s
   * single-tenant by default). A Response that runs later fails (response.ts's executor).
   */
  readonly callerDeadline: number;

  constructor(
    readonly document: WorkflowDocument,
    readonly options: RunOptions,
    private readonly executors: Readonly<Record<string, Executor>>,
  ) {
    this.definition = document.definition;
    this.frame = this.topFrame;
    this.time = options.startTime ?? DEFAULT_START;
    this.callerDeadline = this.time + (options.callerWaitsMs ?? (options.depth ? Infinity : document.standard ? STANDARD_CALLER_WAITS_MS : CONSUMPTION_CALLER_WAITS_MS));
    const start = this.iso(this.time);
    this.record = {
      workflow: document.name,
      status: 'Succeeded',
      startTime: start,
      endTime: start,
      trigger: { name: '', type: '', status: 'Succeeded', startTime: start, endTime: start },
      actions: [],
      effects: { stored: [], mails: [], requests: [], childRuns: [] },
      sinks: [],
      exposures: [],
      notes: [],
    };
    this.readParameters();
  }

  get world(): World | undefined {
    return this.options.world;
  }

  iso(ms: number): string {
    return formatDateTime(dateTime(ms, 'utc'), 'o', 'en-US', 'run');
  }

  /** Runs the workflow to its end and returns its record. */
  execute(): RunRecord {
    try {
      const started = this.startTrigger();
      if (!started) return this.record;
      if (this.options.only) return this.executeOnly(this.options.only);
      const actions = this.definition['actions'];
      const outcome = this.runScope(isObject(actions as Value) ? (actions as Record<string, unknown>) : {}, [], this.topFrame, this.time);
      this.record.endTime = this.iso(outcome.end);
      if (this.terminated) {
        this.record.status = this.terminated.status === 'Succeeded' ? 'Succeeded' : this.terminated.status === 'Cancelled' ? 'Cancelled' : 'Failed';
        if (this.terminated.error) this.record.error = this.terminated.error;
      } else if (outcome.status === 'Failed') {
        this.record.status = 'Failed';
        this.record.error = { code: 'ActionFailed', message: 'An action failed. No dependent actions succeeded.' };
      }
      this.readOutputs();
    } catch (error) {
      if (error instanceof NotSupportedError) {
        this.record.status = 'NotSupported';
        this.record.notSupported = error.message;
        this.record.endTime = this.iso(this.time);
      } else if (error instanceof InvalidMockError) {
        this.record.status = 'Failed';
        this.record.error = { code: 'InvalidMock', message: error.message };
        this.record.endTime = this.iso(this.time);
      } else if (error instanceof DefinitionError || error instanceof ExpressionError) {
        this.record.status = 'Failed';
        this.record.error = { code: error instanceof DefinitionError ? 'InvalidDefinition' : error.code, message: error.message };
        this.record.endTime = this.iso(this.time);
      } else {
        throw error;
      }
    }
    return this.record;
  }

  private executeOnly(only: NonNullable<RunOptions['only']>): RunRecord {
    const found = this.findDefinition(only.action);
    if (!found) throw new DefinitionError(`The workflow has no action '${only.action}' to run.`);
    for (const [name, given] of Object.entries(only.upstream ?? {})) {
      const record: ActionRun = { name, type: this.actionTypes.get(name) ?? '', scope: [], status: (given.status ?? 'Succeeded') as ActionStatus, startTime: this.iso(this.time), endTime: this.iso(this.time) };
      const traced = this.tracedRecord(record, { status: record.status, ...(given.inputs !== undefined && { inputs: untraced(fromJson(given.inputs)) }), outputs: untraced(fromJson(given.outputs ?? null)) });
      this.topFrame.actions.set(name, { record, traced });
    }
    for (const [name, value] of Object.entries(only.variables ?? {})) {
      const v = fromJson(value);
      const type = typeof v === 'boolean' ? 'Boolean' : typeof v === 'string' ? 'String' : Array.isArray(v) ? 'Array' : isObject(v) ? 'Object' : typeOfNumber(v);
      this.variables.set(name, { name, type, value: v, label: Label.EMPTY });
    }
    const result = this.runAction(only.action, found.definition, found.scope, this.topFrame, this.time);
    this.record.endTime = this.iso(result.end);
    if (this.terminated) {
      this.record.status = this.terminated.status === 'Cancelled' ? 'Cancelled' : this.terminated.status === 'Failed' ? 'Failed' : 'Succeeded';
      if (this.terminated.error) this.record.error = this.terminated.error;
    } else if (result.status !== 'Succeeded') {
      this.record.status = 'Failed';
      this.record.error = { code: 'ActionFailed', message: `The action '${only.action}' ended ${result.status}.` };
    }
    return this.record;
  }

  /** An action's definition wherever it is nested, and the actions around it. */
  private findDefinition(name: string): { definition: Record<string, unknown>; scope: string[] } | undefined {
    for (const nested of nestedActions(this.definition)) if (nested.name === name) return { definition: nested.action, scope: [...nested.scope] };
    return undefined;
  }

  // ---- parameters ---------------------------------------------------------------------------

  private readParameters(): void {
    const declared = this.definition['parameters'];
    const given = { ...this.document.parameterValues, ...this.options.parameters };
    if (isObject(declared as Value)) {
      for (const [name, spec] of Object.entries(declared as Record<string, unknown>)) {
        const type = typeof spec === 'object' && spec !== null ? String((spec as Record<string, unknown>)['type'] ?? '') : '';
        const secure = /^secure/i.test(type);
        const hasGiven = Object.hasOwn(given, name);
        const fallback = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['defaultValue'] : undefined;
        const value = hasGiven ? given[name] : fallback;
        this.parameterValues.set(name, { value, secure, declared: true });
        if (secure && value !== undefined) this.addSecret(value);
      }
    }
    for (const [name, value] of Object.entries(given)) if (!this.parameterValues.has(name)) this.parameterValues.set(name, { value, secure: false, declared: false });
    this.provideConnections();
  }

  /**
   * The `$connections` value a deployment would give: an entry for each connector the definition
   * names, where the deployed value (if any) has none, so that `host.connection.name` evaluates.
   */
  private provideConnections(): void {
    const entry = this.parameterValues.get('$connections');
    if (!entry) return;
    const given = typeof entry.value === 'object' && entry.value !== null ? (entry.value as Record<string, unknown>) : {};
    const connectors = new Set([...JSON.stringify(this.definition).matchAll(/\$connections'\)\s*\[\s*'([^']+)'\]/g)].map((match) => match[1]!));
    const value: Record<string, unknown> = { ...given };
    for (const connector of connectors) {
      if (Object.hasOwn(value, connector)) continue;
      value[connector] = { connectionId: `/connections/${connector}`, connectionName: connector, id: `/managedApis/${connector}` };
    }
    this.parameterValues.set('$connections', { ...entry, value });
  }

  private addSecret(value: unknown): void {
    if (typeof value === 'string' && value.length >= 3) this.secrets.add(value);
    else if (typeof value === 'object' && value !== null) for (const inner of Object.values(value)) this.addSecret(inner);
  }

  /** A value for the run history, with every secure parameter's value masked. */
  private forHistory(value: unknown): unknown {
    if (this.secrets.size === 0) return value;
    if (typeof value === 'string') {
      let text = value;
      for (const secret of this.secrets) text = text.split(secret).join('***');
      return text;
    }
    if (Array.isArray(value)) return value.map((item) => this.forHistory(item));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.forHistory(v)]));
    return value;
  }

  // ---- RuntimeState -------------------------------------------------------------------------

  parameter(name: string): Traced {
    const entry = this.parameterValues.get(name);
    if (!entry || !entry.declared) throw new ExpressionError(`The workflow parameter '${name}' is not found.`);
    if (entry.value === undefined) throw new ExpressionError(`The workflow parameter '${name}' has no value: it has no default, and the run was given none (give it with --param or the test's parameters).`);
    return { value: fromJson(entry.value), label: this.options.parameterLabels?.[name] ?? Label.EMPTY };
  }

  variable(name: string): Traced {
    const variable = this.variables.get(name);
    if (!variable) throw new ExpressionError(`The variable '${name}' is not initialized: an InitializeVariable action must run first.`);
    return variableValue(variable);
  }

  trigger(): Traced {
    return this.triggerTraced;
  }

  action(name: string): Traced {
    const state = this.frame.find(name);
    if (!state) {
      if (!this.knownActions().has(name)) throw new ExpressionError(`The template language expression references the action '${name}', which the workflow does not have.`);
      throw new ExpressionError(`The action '${name}' has not run yet: an expression can read only actions that ran before it.`);
    }
    return state.traced;
  }

  currentAction(): Traced {
    const name = this.currentActionName;
    const state = name === undefined ? undefined : this.frame.find(name);
    if (!state) throw new ExpressionError(`The template language function 'action' is used outside an action's trackedProperties or an Until condition.`);
    return state.traced;
  }

  item(): Traced {
    const item = this.itemStack[this.itemStack.length - 1];
    if (!item) throw new ExpressionError(`The template language function 'item' can only be used inside a Foreach, a Select or a Filter array.`);
    return item;
  }

  items(loopName: string): Traced {
    const loop = this.frame.findLoop(loopName);
    if (!loop || loop.kind !== 'foreach') throw new ExpressionError(`The template language function 'items' must be called from within the Foreach loop '${loopName}'.`);
    return loop.item!;
  }

  iterationIndexes(loopName: string): number {
    const loop = this.frame.findLoop(loopName);
    if (!loop || loop.kind !== 'until') throw new ExpressionError(`The template language function 'iterationIndexes' must be called from within the Until loop '${loopName}'.`);
    return loop.index;
  }

  agentParameter(name: string): Traced {
    const call = this.frame.findToolCall();
    if (!call) throw new ExpressionError(`The template language function 'agentParameters' ('${name}') can only be used in an agent's tool.`);
    const args = call.item!.value;
    // What the service gives for an argument the model did not pass is not documented: the run stops.
    if (!isObject(args) || !Object.hasOwn(args, name)) {
      throw new NotSupportedError(`agentParameters('${name}') of an argument the model did not pass`, `the mock's tool call of '${call.name}' gives none`);
    }
    return { value: (args as Record<string, Value>)[name]!, label: call.item!.label };
  }

  result(scopeName: string): Traced {
    const scope = this.frame.find(scopeName);
    if (!scope) throw new ExpressionError(`The template language function 'result' names '${scopeName}', which has not run.`);
    const children = this.record.actions.filter((action) => action.scope[action.scope.length - 1] === scopeName && action.scope.length === scope.record.scope.length + 1);
    const loop = scope.record.type.toLowerCase() === 'foreach' || scope.record.type.toLowerCase() === 'until';
    if (!loop) return untraced(children.map((child) => fromJson(this.publicRecord(child))));
    const byName = new Map<string, ActionRun[]>();
    for (const child of children) byName.set(child.name, [...(byName.get(child.name) ?? []), child]);
    return untraced([...byName].map(([name, runs]) => objectOf([['name', name], ['outputs', runs.map((run) => fromJson(this.publicRecord(run)))]])));
  }

  workflow(): Traced {
    const name = this.document.name;
    return untraced(
      objectOf([
        ['id', `/workflows/${name}`],
        ['name', name],
        ['type', 'Microsoft.Logic/workflows'],
        ['location', 'local'],
        ['run', objectOf([['id', `/workflows/${name}/runs/local`], ['name', 'local'], ['type', 'Microsoft.Logic/workflows/runs']])],
        ['tags', objectOf([])],
      ]),
    );
  }

  now(): number {
    return this.time;
  }

  newGuid(): string {
    // Deterministic, so that runs and their tests repeat exactly.
    this.guidCounter++;
    const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
    const a = hex(Math.imul(this.guidCounter, 0x9e3779b1));
    const b = hex(Math.imul(this.guidCounter ^ 0x5bd1e995, 0x85ebca6b));
    const c = hex(Math.imul(this.guidCounter + 0x27d4eb2f, 0xc2b2ae35));
    const d = hex(Math.imul(this.guidCounter * 31 + 7, 0x165667b1));
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${(8 + (parseInt(c[0]!, 16) & 3)).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  random(min: number, max: number): number {
    this.randomState = (Math.imul(this.randomState, 1664525) + 1013904223) >>> 0;
    return min + (this.randomState % (max - min));
  }

  listCallbackUrl(): string {
    return `https://localhost/workflows/${this.document.name}/triggers/manual/run?api-version=2016-10-01`;
  }

  note(message: string): void {
    const text = this.currentActionName ? `${this.currentActionName}: ${message}` : message;
    if (!this.record.notes.includes(text)) this.record.notes.push(text);
  }

  // ---- what executors ask of the run ----------------------------------------------------------

  /** A string for the run history or its effects, with every secure parameter's value masked. */
  historyText(text: string): string {
    return this.forHistory(text) as string;
  }

  historyValue(value: unknown): unknown {
    return this.forHistory(value);
  }

  triggerType(): string {
    const triggers = this.definition['triggers'];
    const first = isObject(triggers as Value) ? Object.values(triggers as Record<string, unknown>)[0] : undefined;
    return String((first as Record<string, unknown> | undefined)?.['type'] ?? 'Request');
  }

  isLoop(name: string): boolean {
    this.knownActions();
    return /^(foreach|until)$/i.test(this.actionTypes.get(name) ?? '');
  }

  isForeach(name: string): boolean {
    this.knownActions();
    return /^foreach$/i.test(this.actionTypes.get(name) ?? '');
  }

  private readonly controlLabels = new Map<string, Label>();
  /** What the response's body carries (a Workflow action's caller reads it). */
  responseLabel: Label = Label.EMPTY;

  /** The categories a condition read: every sink inside the condition's branches depends on them. */
  observeControl(context: ActionContext, label: Label): void {
    this.controlLabels.set(context.name, label);
  }

  /** Records the categories that reached a sink (a store, call, mail, response, child flow, failure). */
  observeSink(context: ActionContext, kind: SinkCategories['kind'], destination: string, label: Label): void {
    const control = new Set<string>();
    for (const name of context.scope) for (const category of this.controlLabels.get(name)?.all() ?? []) control.add(category);
    if (kind === 'respond') this.responseLabel = label;
    this.record.sinks.push({
      action: context.name,
      kind,
      destination: this.historyText(destination),
      categories: [...label.all()].sort(),
      control: [...control].sort(),
    });
  }

  /** Records the categories that run history shows in a part of an action (or the trigger). */
  private expose(action: string, type: string, part: 'inputs' | 'outputs', label: Label): void {
    if (label.isEmpty()) return;
    const categories = [...label.all()].sort();
    if (categories.length > 0) this.record.exposures.push({ action, type, part, categories });
  }

  /** What a Cosmos DB container's documents carry, as an answer's `value` elements. */
  containerLabel(database: string, container: string): Label {
    const label = this.options.containerLabels?.[`${database}/${container}`];
    if (!label || label.isEmpty()) return Label.EMPTY;
    return objectLabel(new Map([['value', Label.of([], { elements: label })]]));
  }

  /** A mock that answers what no service could (a tool call of a tool the Agent lacks): the test is wrong. */
  refuseMock(message: string): never {
    throw new InvalidMockError(message);
  }

  /** A mock of a known operation must answer as the real connector could. */
  checkMockShape(context: ActionContext, operation: Operation, mock: Mock): void {
    const validate = responseValidator(operation);
    mock.responses.forEach((response, index) => {
      if (response.error !== undefined || (response.status ?? 200) >= 400) return;
      if (!validate(response.body ?? null)) {
        const problems = (validate.errors ?? []).map((error) => `${error.instancePath || 'the body'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` ('${String(error.params['additionalProperty'])}')` : ''}`);
        throw new InvalidMockError(
          `The mock of '${context.name}'${mock.responses.length > 1 ? ` (response ${index + 1})` : ''} answers what ${operation.connector}.${operation.id} never returns: ${problems.join('; ')}.`,
        );
      }
    });
  }

  /** Runs a child workflow of a Workflow action, from the same build. */
  runChild(
    context: ActionContext,
    id: string,
    trigger: { body: unknown; headers: Record<string, unknown> },
    label: Label,
    /** When the child starts (a retry starts it again later): the action's start by default. */
    start = context.start,
  ): { record: RunRecord; end: number; responseLabel: Label; answers: boolean } | undefined {
    const document = this.options.childWorkflow?.(id);
    if (!document) return undefined;
    const depth = (this.options.depth ?? 0) + 1;
    if (depth > 8) throw new NotSupportedError(`Child workflows nested more than 8 deep (at '${context.name}')`);
    const child = new WorkflowRun(
      document,
      {
        trigger: { body: trigger.body, headers: trigger.headers, label },
        ...(this.options.mocks?.operations && { mocks: { operations: this.options.mocks.operations } }),
        startTime: start,
        ...(this.options.world && { world: this.options.world }),
        ...(this.options.childWorkflow && { childWorkflow: this.options.childWorkflow }),
        ...(this.options.parameters && { parameters: this.options.parameters }),
        ...(this.options.containerLabels && { containerLabels: this.options.containerLabels }),
        depth,
      },
      this.executors,
    );
    const record = child.execute();
    this.record.effects.childRuns.push({ action: context.name, workflow: record.workflow, run: record });
    const prefix = (action: string) => `${record.workflow}/${action}`;
    for (const stored of record.effects.stored) this.record.effects.stored.push({ ...stored, action: prefix(stored.action) });
    for (const mail of record.effects.mails) this.record.effects.mails.push({ ...mail, action: prefix(mail.action) });
    for (const request of record.effects.requests) this.record.effects.requests.push({ ...request, action: prefix(request.action) });
    const answers = [...nestedActions(document.definition)].some(({ action }) => /^response$/i.test(String(action['type'] ?? '')));
    return { record, end: Date.parse(record.endTime), responseLabel: child.responseLabel, answers };
  }

  // ---- evaluation helpers for executors -----------------------------------------------------

  evaluate(value: unknown, frame: Frame, time: number): Traced {
    const saved = [this.frame, this.time] as const;
    this.frame = frame;
    this.time = time;
    try {
      return evaluateTemplate(value, { state: this });
    } finally {
      [this.frame, this.time] = saved;
    }
  }

  /** Evaluates with `item()` bound, for Select, Query and Foreach. */
  withItem<T>(item: Traced, work: () => T): T {
    this.itemStack.push(item);
    try {
      return work();
    } finally {
      this.itemStack.pop();
    }
  }

  // ---- trigger ------------------------------------------------------------------------------

  private startTrigger(): boolean {
    const triggers = this.definition['triggers'];
    const entries = isObject(triggers as Value) ? Object.entries(triggers as Record<string, unknown>) : [];
    const [name, spec] = entries[0] ?? ['manual', { type: 'Request', kind: 'Http' }];
    const definition = (spec ?? {}) as Record<string, unknown>;
    const type = String(definition['type'] ?? 'Request');
    const input = this.options.trigger ?? {};
    const start = this.iso(this.time);
    let outputs: Value;
    if (input.outputs !== undefined) outputs = fromJson(input.outputs);
    else {
      const entriesOut: [string, Value][] = [['headers', fromJson(input.headers ?? {})]];
      if (input.queries !== undefined) entriesOut.push(['queries', fromJson(input.queries)]);
      entriesOut.push(['body', fromJson(input.body ?? null)]);
      outputs = objectOf(entriesOut);
    }
    const scheduled = /^(recurrence|slidingwindow)$/i.test(type) ? (input.scheduledTime ?? start) : undefined;
    const outputsLabel = input.label ? objectLabel(new Map([['body', input.label]])) : Label.EMPTY;
    const triggerRecord: [string, Value][] = [
      ['name', name],
      ['inputs', fromJson(definition['inputs'] ?? null)],
      ['outputs', outputs],
      ['startTime', start],
      ['endTime', start],
      ['status', 'Succeeded'],
      ['code', 'OK'],
    ];
    if (scheduled !== undefined) triggerRecord.push(['scheduledTime', scheduled]);
    this.triggerTraced = { value: objectOf(triggerRecord), label: objectLabel(new Map([['outputs', outputsLabel]])) };
    const secured = secureDataOf(definition);
    this.triggerHidesReaders = hidesReaders(definition, type);
    if (!secured?.outputs) this.expose(name, type, 'outputs', outputsLabel);
    const trigger: TriggerRun = {
      name,
      type,
      status: 'Succeeded',
      startTime: start,
      endTime: start,
      ...(scheduled !== undefined && { scheduledTime: scheduled }),
      ...(secured ? { secured } : {}),
      ...(!secured?.outputs && { outputs: this.forHistory(toJson(outputs)) }),
    };
    this.record.trigger = trigger;
    if (this.refusesBody(name, definition, input.body ?? null)) return false;
    // Trigger conditions: a false one means the trigger fires no run.
    const conditions = definition['conditions'];
    if (Array.isArray(conditions)) {
      for (const condition of conditions) {
        const expression = (condition as Record<string, unknown>)?.['expression'];
        if (typeof expression !== 'string') continue;
        const result = this.evaluate(expression, this.topFrame, this.time);
        if (result.value !== true) {
          trigger.status = 'Skipped';
          this.record.status = 'Skipped';
          this.record.notes.push(`The trigger condition ${expression} is not true: no run starts.`);
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A Request trigger with `operationOptions: EnableSchemaValidation` answers 400 to a body its
   * schema refuses, and no run starts; the record says so as a failed trigger and run.
   */
  private refusesBody(name: string, definition: Record<string, unknown>, body: unknown): boolean {
    const options = String(definition['operationOptions'] ?? '').split(',').map((option) => option.trim().toLowerCase());
    const schema = ((definition['inputs'] ?? {}) as Record<string, unknown>)['schema'];
    if (!/^request$/i.test(String(definition['type'])) || !options.includes('enableschemavalidation') || typeof schema !== 'object' || schema === null) return false;
    const validate = validatorFor(schema, name);
    if (validate(body)) return false;
    const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is not valid'}`);
    const error = { code: 'TriggerInputSchemaMismatch', message: `The input body for trigger '${name}' of type 'Request' did not match its schema definition: ${problems.join('; ')}.` };
    this.record.trigger.status = 'Failed';
    this.record.status = 'Failed';
    this.record.error = error;
    this.record.response = { action: name, statusCode: 400, headers: {}, body: { error } };
    this.record.notes.push('The trigger refused the request (400): in Azure no run starts.');
    return true;
  }

  private readOutputs(): void {
    const outputs = this.definition['outputs'];
    if (!isObject(outputs as Value) || Object.keys(outputs as object).length === 0) return;
    const values: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(outputs as Record<string, unknown>)) {
      try {
        values[name] = toJson(this.evaluate((spec as Record<string, unknown>)?.['value'] ?? null, this.topFrame, this.time).value);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        values[name] = { error: error.message };
      }
    }
    this.record.outputs = values;
  }

  // ---- scopes -------------------------------------------------------------------------------

  private knownNames: Set<string> | undefined;
  private readonly actionTypes = new Map<string, string>();
  /** The actions whose outputs hide their readers' inputs in run history (history-hiding.ts). */
  private readonly hidingActions = new Set<string>();
  private triggerHidesReaders = false;

  private knownActions(): Set<string> {
    if (this.knownNames) return this.knownNames;
    const names = new Set<string>();
    for (const { name, action } of nestedActions(this.definition)) {
      names.add(name);
      this.actionTypes.set(name, String(action['type'] ?? ''));
      if (hidesReaders(action, String(action['type'] ?? ''))) this.hidingActions.add(name);
    }
    this.knownNames = names;
    return names;
  }

  /**
   * Runs a map of actions (the workflow's, or a scope's, branch's or iteration's) from `start`.
   * Returns the scope's status by the service's rule and when its last action ended.
   */
  runScope(actions: Record<string, unknown>, scope: readonly string[], frame: Frame, start: number): { status: 'Succeeded' | 'Failed'; end: number } {
    const names = Object.keys(actions);
    const order = new Map(names.map((name, index) => [name, index]));
    const after = new Map<string, Record<string, string[]>>();
    for (const name of names) {
      const runAfter = ((actions[name] ?? {}) as Record<string, unknown>)['runAfter'] ?? {};
      if (!isObject(runAfter as Value)) throw new DefinitionError(`The action '${name}' has a runAfter that is not an object.`);
      const entries = Object.entries(runAfter as Record<string, unknown>);
      for (const [dependency, statuses] of entries) {
        if (!order.has(dependency)) throw new DefinitionError(`The action '${name}' runs after '${dependency}', which is not an action of the same scope.`);
        if (!Array.isArray(statuses)) throw new DefinitionError(`The runAfter of '${name}' lists no statuses for '${dependency}'.`);
      }
      after.set(name, Object.fromEntries(entries.map(([dependency, statuses]) => [dependency, (statuses as unknown[]).map((s) => String(s).toLowerCase())])));
    }
    const done = new Map<string, { status: ActionStatus; end: number; effective?: 'ok' | 'failed' }>();
    const pending = new Set(names);
    let end = start;
    while (pending.size > 0 && !this.terminated) {
      let pick: string | undefined;
      let pickStart = Infinity;
      for (const name of pending) {
        const dependencies = Object.keys(after.get(name)!);
        if (!dependencies.every((d) => done.has(d))) continue;
        const at = Math.max(start, ...dependencies.map((d) => done.get(d)!.end));
        if (at < pickStart || (at === pickStart && order.get(name)! < order.get(pick!)!)) {
          pick = name;
          pickStart = at;
        }
      }
      if (pick === undefined) throw new DefinitionError(`The actions ${[...pending].map((n) => `'${n}'`).join(', ')} run after each other in a cycle.`);
      pending.delete(pick);
      const conditions = after.get(pick)!;
      const unmet = Object.entries(conditions).find(([dependency, statuses]) => !statuses.includes(done.get(dependency)!.status.toLowerCase()));
      if (unmet) {
        const [dependency, statuses] = unmet;
        this.recordSkip(pick, actions[pick] as Record<string, unknown>, scope, frame, pickStart, dependency, statuses, done.get(dependency)!.status);
        done.set(pick, { status: 'Skipped', end: pickStart });
        continue;
      }
      const result = this.runAction(pick, (actions[pick] ?? {}) as Record<string, unknown>, scope, frame, pickStart);
      done.set(pick, { status: result.status, end: result.end });
      end = Math.max(end, result.end);
    }
    // The status of each branch: its last action's, or for a skipped one, what made it skip
    // (Microsoft, "Handle errors and exceptions", Manage the run after behavior: "if a branch ends
    // with a Skipped action, that branch's completion status is based on that skipped action's
    // predecessor status"); after several predecessors, failed where any of them failed.
    const effective = (name: string, seen = new Set<string>()): boolean => {
      const entry = done.get(name);
      if (!entry) return true;
      if (entry.status !== 'Skipped') return !FAILING.has(entry.status);
      if (seen.has(name)) return true;
      seen.add(name);
      return Object.keys(after.get(name)!).every((dependency) => effective(dependency, seen));
    };
    const hasSuccessor = new Set([...after.values()].flatMap((conditions) => Object.keys(conditions)));
    const terminals = names.filter((name) => !hasSuccessor.has(name));
    const failed = terminals.some((name) => !effective(name));
    return { status: failed ? 'Failed' : 'Succeeded', end };
  }

  private recordSkip(name: string, definition: Record<string, unknown>, scope: readonly string[], frame: Frame, at: number, dependency: string, statuses: string[], actual: ActionStatus): void {
    const time = this.iso(at);
    const record: ActionRun = {
      name,
      type: String(definition?.['type'] ?? ''),
      scope,
      ...(frame.repetition() && { repetition: frame.repetition() }),
      status: 'Skipped',
      code: 'ActionSkipped',
      error: {
        code: 'ActionConditionFailed',
        message: `The execution of template action '${name}' is skipped: the 'runAfter' condition for action '${dependency}' is not satisfied. Expected status values '${statuses.map(capitalize).join(', ')}' and actual value '${actual}'.`,
      },
      startTime: time,
      endTime: time,
    };
    this.record.actions.push(record);
    frame.actions.set(name, { record, traced: untraced(fromJson(this.publicRecord(record))) });
  }

  /** Runs one action whose runAfter conditions hold, and records it. */
  runAction(name: string, definition: Record<string, unknown>, scope: readonly string[], frame: Frame, start: number): { status: ActionStatus; end: number } {
    if (++this.executions > MAX_EXECUTIONS) throw new NotSupportedError(`A run of more than ${MAX_EXECUTIONS} action executions`);
    const type = String(definition['type'] ?? '');
    const executor = this.executors[type.toLowerCase()];
    const repetition = frame.repetition();
    const record: ActionRun = { name, type, scope, ...(repetition && { repetition }), status: 'Succeeded', startTime: this.iso(start), endTime: this.iso(start) };
    this.record.actions.push(record);
    const savedName = this.currentActionName;
    this.currentActionName = name;
    let result: ActionResult;
    try {
      result = this.staticResult(name, definition, start) ?? (executor ? this.invoke(executor, { run: this, name, type, definition, scope, frame, start }) : this.unknownType(name, type));
    } finally {
      this.currentActionName = savedName;
    }
    const end = result.end ?? start;
    record.status = result.status;
    if (result.code) record.code = result.code;
    if (result.error) record.error = result.error;
    record.endTime = this.iso(end);
    this.knownActions();
    const secured = hiddenInHistory(definition, type, (reads) => (reads.trigger && this.triggerHidesReaders) || [...reads.actions].some((source) => this.hidingActions.has(source)));
    if (secured) record.secured = secured;
    if (result.inputs && !secured?.inputs) this.expose(name, type, 'inputs', result.inputs.label);
    if (result.outputs && !secured?.outputs) this.expose(name, type, 'outputs', result.outputs.label);
    if (result.inputs && !secured?.inputs) record.inputs = this.forHistory(toJson(result.inputs.value));
    if (result.outputs && !secured?.outputs) record.outputs = this.forHistory(toJson(result.outputs.value));
    if (result.mocked) record.mocked = result.mocked;
    if (result.notes?.length) record.notes = [...result.notes];
    if (result.retryHistory?.length) record.retryHistory = [...result.retryHistory];
    const traced = this.tracedRecord(record, result);
    frame.actions.set(name, { record, traced });
    const tracked = definition['trackedProperties'];
    if (isObject(tracked as Value)) record.trackedProperties = this.trackedProperties(name, tracked as Record<string, unknown>, frame, end);
    return { status: result.status, end };
  }

  /**
   * An action's tracked properties, computed once it has run, with `action()` its own record: what
   * Logic Apps sends with the action's run to the diagnostic logs (Microsoft, "Monitor and collect
   * diagnostic data for workflows", Tracked properties). Whether an action whose tracked property
   * cannot be computed fails, or only loses the property, Microsoft does not say: the engine does
   * not guess.
   */
  private trackedProperties(name: string, tracked: Record<string, unknown>, frame: Frame, time: number): Record<string, unknown> {
    const saved = this.currentActionName;
    this.currentActionName = name;
    try {
      return Object.fromEntries(Object.entries(tracked).map(([property, value]) => [property, toJson(this.evaluate(value, frame, time).value)]));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      throw new NotSupportedError(`A tracked property of '${name}' that cannot be computed (${error.message}): whether the action fails then is not documented`);
    } finally {
      this.currentActionName = saved;
    }
  }

  private invoke(executor: Executor, context: ActionContext): ActionResult {
    try {
      return executor(context);
    } catch (error) {
      if (error instanceof ExpressionError) {
        return {
          status: 'Failed',
          code: error.code === 'InvalidTemplate' ? 'InvalidTemplate' : error.code,
          error: { code: error.code, message: `Unable to process template language expressions in action '${context.name}' inputs: '${error.message}'` },
        };
      }
      throw error;
    }
  }

  private unknownType(name: string, type: string): ActionResult {
    throw new NotSupportedError(`The action type '${type}' (action '${name}')`, 'give the action a mock, or remove it');
  }

  /** `runtimeConfiguration.staticResult`: the service's own mocking, from `staticResults`. */
  private staticResult(name: string, definition: Record<string, unknown>, start: number): ActionResult | undefined {
    const config = ((definition['runtimeConfiguration'] ?? {}) as Record<string, unknown>)['staticResult'] as Record<string, unknown> | undefined;
    if (!config || String(config['staticResultOptions'] ?? '').toLowerCase() !== 'enabled') return undefined;
    const results = this.definition['staticResults'] as Record<string, unknown> | undefined;
    const entry = results?.[String(config['name'])] as Record<string, unknown> | undefined;
    if (!entry) throw new DefinitionError(`The action '${name}' uses the static result '${String(config['name'])}', which staticResults does not define.`);
    const status = capitalize(String(entry['status'] ?? 'Succeeded')) as ActionStatus;
    return { status, outputs: untraced(fromJson(entry['outputs'] ?? null)), end: start, mocked: 'mock', notes: [`static result '${String(config['name'])}'`] };
  }

  /** The record `actions(name)` returns, with what its inputs and outputs carry. */
  private tracedRecord(record: ActionRun, result: ActionResult): Traced {
    const fields: [string, Value][] = [
      ['name', record.name],
      ['inputs', result.inputs ? cloneValue(result.inputs.value) : null],
      ['outputs', result.outputs ? cloneValue(result.outputs.value) : null],
      ['startTime', record.startTime],
      ['endTime', record.endTime],
      ['status', record.status],
      ['code', record.code ?? (record.status === 'Succeeded' ? 'OK' : record.status)],
      ['trackingId', this.newGuid()],
      ['clientTrackingId', 'local'],
    ];
    if (record.error) fields.push(['error', fromJson(record.error)]);
    const labels = new Map<string, Label>();
    if (result.inputs && !result.inputs.label.isEmpty()) labels.set('inputs', result.inputs.label);
    if (result.outputs && !result.outputs.label.isEmpty()) labels.set('outputs', result.outputs.label);
    return { value: objectOf(fields), label: labels.size > 0 ? objectLabel(labels) : Label.EMPTY };
  }

  /** An action's record as `result()` lists it. */
  publicRecord(record: ActionRun): unknown {
    const state = this.frame.find(record.name);
    const traced = state?.record === record ? toJson(state.traced.value) : undefined;
    return traced ?? { name: record.name, startTime: record.startTime, endTime: record.endTime, status: record.status, code: record.code ?? 'OK', ...(record.error && { error: record.error }) };
  }

  /** A label for a list of the run's values (used by executors building arrays). */
  static arrayOf(items: readonly Traced[]): Traced {
    return { value: items.map((item) => item.value), label: arrayLabel(items.map((item) => item.label)) };
  }
}

export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
}

/** A mock that answers what the connector never would: the test is wrong, not the workflow. */
export class InvalidMockError extends Error {
  override readonly name = 'InvalidMockError';
}

const mockShapes = new Ajv({ strict: false, allErrors: true });
/** Compiled once a process: compiling a shape costs milliseconds, a run far less. */
const responseValidators = new WeakMap<Operation, ValidateFunction>();

function responseValidator(operation: Operation): ValidateFunction {
  let validate = responseValidators.get(operation);
  if (!validate) {
    validate = mockShapes.compile(operation.response);
    responseValidators.set(operation, validate);
  }
  return validate;
}

function typeOfNumber(value: Value): 'Integer' | 'Float' {
  return typeof value === 'number' && Number.isInteger(value) ? 'Integer' : 'Float';
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1).toLowerCase();
}


