/**
 * The emitter's entry point: each flow of a checked file → one Consumption workflow definition
 * (WDL 2016-06-01), with the values that go beside it, the managed connections and child flows it
 * needs, and the JSON Pointer each step became (so that later diagnostics point at the source).
 *
 * Choices where the language sketch is silent (each explained where it is made):
 * - `call flow NAME` reaches the child through a definition parameter `workflowId_NAME` holding
 *   the child's resource id in the documented `/subscriptions/…` form; the ARM target and the
 *   deploy step fill it in, the Standard target replaces the host by the plain workflow name.
 * - Cosmos DB operations address the account the connection names (`AccountNameFromSettings`);
 *   documents get `id` (their own, else a GUID) and `ttl`; a container is expected to be
 *   partitioned on a field the stored record has (or on `/id`).
 * - `fail` inside a loop records its message in the variable `failureMessage`; the rest of the
 *   iteration and later iterations are skipped (an Until stops), and an If after the outermost
 *   loop terminates the run with the message.
 * - `try` without `catch` contains a failure (an empty catch): the next step runs whatever happened.
 * - Aggregates over arrays compute `sum` with XPath over the values' XML form (WDL has no sum of
 *   an array); over a `query cosmos(…)` they run as GROUP BY inside Cosmos DB.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DataResolver, factsOfFile } from '../flow/project-data.js';
import type { Policy } from '../policy/model.js';
import type { SemanticModel } from '../semantics/model.js';
import { BUILTINS } from '../semantics/builtins.js';
import type { Type } from '../semantics/types.js';
import { parameterName } from '../semantics/annotations.js';
import type { FlowDecl, Node, ParamDecl } from '../syntax/tree.js';
import { startsWithChat } from '../syntax/tree.js';
import { forEachStep } from '../syntax/visit.js';
import { ActionList } from './action-list.js';
import {
  WDL_SCHEMA_URL,
  type Json,
  type ManagedApi,
  type WdlDefinition,
  type WdlParameter,
  type WdlParameterType,
  type WdlTrigger,
} from './builders.js';
import { FlowContext } from './flow-context.js';
import { StepEmitter } from './steps.js';
import { collectPushedDownSources } from './steps-aggregate.js';
import { childWorkflowParameter, keepsOptOutMark } from './steps-connectors.js';
import { emitTrigger, triggerName } from './triggers.js';
import { runHistoryRetention, runLifeDiagnostics } from './run-history.js';

/** What the output targets need of an emitted workflow: no link back to the syntax tree. */
export interface RenderableWorkflow {
  /** The flow's name, which is the workflow's. */
  readonly name: string;
  readonly definition: WdlDefinition;
  /** The `parameters` of the `{ "definition", "parameters" }` file: values the definition needs from outside. */
  readonly parameterValues: Readonly<Record<string, { readonly value: Json }>>;
  /** The managed APIs the workflow uses (keys of `$connections`), sorted. */
  readonly connections: readonly ManagedApi[];
  /** Flows it calls with `call flow`; each is reached through the parameter `workflowId_<flow>`. */
  readonly childFlows: readonly string[];
  /** JSON Pointer (into `definition`) of each Workflow action, to the flow it calls. */
  readonly childFlowActions: ReadonlyMap<string, string>;
  /**
   * How many days its run history may be kept, when less than Logic Apps' 90 (run-history.ts): the
   * targets write it as the workflow's `runtimeConfiguration.lifetime` or the app's host settings.
   */
  readonly runHistoryDays?: number;
}

export interface EmittedWorkflow extends RenderableWorkflow {
  readonly flow: FlowDecl;
  /** JSON Pointer (into `definition`) of the action or trigger each step or trigger became. */
  readonly pointers: ReadonlyMap<Node, string>;
}

/**
 * The workflow without its syntax nodes, for a build that keeps every workflow of a workspace
 * until all are rendered: the nodes would keep every file's tree alive until then.
 */
export function renderable(workflow: EmittedWorkflow): RenderableWorkflow {
  const { name, definition, parameterValues, connections, childFlows, childFlowActions, runHistoryDays } = workflow;
  return { name, definition, parameterValues, connections, childFlows, childFlowActions, ...(runHistoryDays !== undefined && { runHistoryDays }) };
}

export interface EmitOptions {
  /** The source file's name, recorded in `metadata.jig.source` (only its last path segment). */
  readonly sourceName?: string;
  /** The project's data (what queries and request bodies hold); without it, the file's own. */
  readonly resolver?: DataResolver;
  /**
   * The workflows are emitted for their diagnostics alone (`jig check`, the language server: what
   * Logic Apps would refuse), and then dropped. What only a written workflow shows, and no limit or
   * save rule (limits.ts) reads, is left out: the JSON Schemas of triggers and Parse JSON actions
   * (FlowContext.schemaOf), the policy's hash, the parameters' descriptions and the values of the
   * parameters file. None holds an action or an expression longer than the limit (a description
   * is at most 256 characters), and the limits count the parameters by name, which stay.
   */
  readonly forDiagnostics?: boolean;
}

export function emitWorkflows(
  model: SemanticModel,
  policy: Policy,
  options: EmitOptions = {},
): { workflows: EmittedWorkflow[]; diagnostics: Diagnostic[] } {
  const workflows: EmittedWorkflow[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const declaration of model.file.declarations) {
    if (declaration.kind !== 'Flow') continue;
    const { workflow, diagnostics: found } = emitFlow(model, policy, declaration, options);
    workflows.push(workflow);
    diagnostics.push(...found);
  }
  return { workflows, diagnostics };
}

const wdlFunction = (name: string): string => BUILTINS.get(name)?.wdl ?? name;

function emitFlow(
  model: SemanticModel,
  policy: Policy,
  flow: FlowDecl,
  options: EmitOptions,
): { workflow: EmittedWorkflow; diagnostics: Diagnostic[] } {
  const forDiagnostics = options.forDiagnostics ?? false;
  const ctx = new FlowContext(model, policy, flow, wdlFunction, options.resolver ?? new DataResolver(factsOfFile(model)), forDiagnostics);
  collectPushedDownSources(ctx, flow.body);
  // A raw action and an `@action` step keep their imported names, which the actions Jig names must then avoid.
  forEachStep(flow.body, (step) => {
    const own = step.kind === 'RawAction' ? step.name.value : model.actionNameOf(step);
    if (own) ctx.names.claim(own);
    const catchName = model.catchActionNameOf(step);
    if (catchName) ctx.names.claim(catchName);
  });

  const triggers: Record<string, WdlTrigger> = {};
  if (flow.trigger) {
    const name = triggerName(flow.trigger);
    triggers[name] = emitTrigger(ctx, flow.trigger);
    ctx.triggerHidesReaders = ctx.privacy.hidesReaders(triggers[name]);
    ctx.pointers.set(flow.trigger, `/triggers/${name}`);
    if (keepsOptOutMark(model, flow.body)) triggers[name] = oneRunAtATime(triggers[name]);
  }

  const body = new ActionList('/actions');
  new StepEmitter(ctx).block(flow.body, body, { topLevel: true });
  const actions = new ActionList('/actions');
  for (const variable of ctx.variables) actions.add(variable.name, variable.action);
  actions.addAll(body);

  const connections = [...ctx.connections].sort();
  const childFlows = [...ctx.childFlows].sort();
  const retention = runHistoryRetention(model, policy, flow);
  // Where the definition holds JSON written in the source (raw actions, a raw trigger): what Jig
  // did not write, which `jig build`'s schema of what Jig writes leaves unchecked.
  const raw: string[] = [];
  for (const [node, pointer] of ctx.pointers) if (node.kind === 'RawAction' || node.kind === 'RawTrigger') raw.push(pointer);
  const definition: WdlDefinition = {
    $schema: WDL_SCHEMA_URL,
    contentVersion: '1.0.0.0',
    parameters: parameters(ctx, model, connections, childFlows),
    triggers,
    // A chat's first actions run after its trigger, as the designer writes them (triggers.ts).
    actions: actions.build(flow.trigger && startsWithChat(flow.trigger) ? [{ name: triggerName(flow.trigger), statuses: ['Succeeded'] }] : []),
    outputs: {},
    metadata: {
      jig: {
        // Hashed in plain JS on first use: some 20 ms that a check need not spend. It is `sha256:` and hex.
        policy: { id: policy.id, version: policy.version, hash: forDiagnostics ? '' : policy.hash },
        source: baseName(options.sourceName ?? ''),
        ...(raw.length > 0 && { raw }),
      },
    },
  };
  const workflow: EmittedWorkflow = {
    name: flow.name.name,
    flow,
    definition,
    parameterValues: forDiagnostics ? {} : parameterValues(connections, childFlows),
    connections,
    childFlows,
    childFlowActions: ctx.childFlowActions,
    pointers: ctx.pointers,
    ...(retention && { runHistoryDays: retention.days }),
  };
  return { workflow, diagnostics: [...ctx.diagnostics, ...runLifeDiagnostics(model, policy, flow, retention)] };
}

/**
 * The trigger of a flow that stores personal data into Cosmos DB, keeping the opt-out mark (§6: a
 * store reads the mark of the document's id and subject, then upserts it): its runs start one after
 * the other. Runs of one workflow run at once by default (Microsoft, limits reference: trigger
 * concurrency unlimited while concurrency control is off), so two runs storing one id may both read
 * before either writes, and the one that read no mark overwrites the mark the other wrote: the
 * person is back in every analysis, an outcome no order of the two runs gives. Microsoft's
 * "Trigger instances sequentially" (workflow actions and triggers reference) is
 * `runtimeConfiguration.concurrency.runs: 1`, which waits each run for the one before; not beside
 * `operationOptions` `SingleInstance`, its other spelling (a raw trigger that has it keeps it).
 */
function oneRunAtATime(trigger: WdlTrigger): WdlTrigger {
  if (/\bsingleinstance\b/i.test(trigger.operationOptions ?? '')) return trigger;
  return { ...trigger, runtimeConfiguration: { ...trigger.runtimeConfiguration, concurrency: { runs: 1 } } };
}

function parameters(
  ctx: FlowContext,
  model: SemanticModel,
  connections: readonly ManagedApi[],
  childFlows: readonly string[],
): Record<string, WdlParameter> {
  const result: Record<string, WdlParameter> = {};
  if (connections.length > 0 || ctx.rawReadsConnections) result.$connections = { type: 'Object', defaultValue: {} };
  for (const declaration of model.file.declarations) {
    if (declaration.kind !== 'Param') continue;
    const name = parameterName(declaration);
    if (ctx.usedParameters.has(name)) result[name] = parameter(ctx, model, declaration);
  }
  for (const flow of childFlows) {
    result[childWorkflowParameter(flow)] = ctx.forDiagnostics
      ? { type: 'String' }
      : { type: 'String', metadata: { description: `Resource id of the workflow of flow '${flow}' (called with 'call flow ${flow}').` } };
  }
  return result;
}

function parameter(ctx: FlowContext, model: SemanticModel, declaration: ParamDecl): WdlParameter {
  const type = model.symbolOf(declaration.name)?.type ?? { kind: 'any' };
  const wdlType = parameterType(type);
  // A secret's value is never written into the definition, even from a default.
  const defaultValue =
    declaration.defaultValue && wdlType !== 'SecureString'
      ? ctx.translator(new ActionList('/parameters')).value(declaration.defaultValue)
      : undefined;
  return {
    type: wdlType,
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    ...(declaration.doc && !ctx.forDiagnostics ? { metadata: { description: declaration.doc.text.slice(0, 256) } } : {}),
  };
}

function parameterType(type: Type): WdlParameterType {
  switch (type.kind) {
    case 'optional':
      return parameterType(type.inner);
    case 'secret':
      return 'SecureString';
    case 'primitive':
      return type.name === 'integer' ? 'Int' : type.name === 'number' ? 'Float' : type.name === 'boolean' ? 'Bool' : 'String';
    case 'array':
      return 'Array';
    default:
      return 'Object';
  }
}

/**
 * Placeholders in the documented `/subscriptions/…` form: the deploy step and the ARM target
 * replace them with the real connection and workflow ids.
 */
function parameterValues(connections: readonly ManagedApi[], childFlows: readonly string[]): Record<string, { value: Json }> {
  const values: Record<string, { value: Json }> = {};
  if (connections.length > 0) {
    const value: Record<string, Json> = {};
    for (const api of connections) {
      value[api] = {
        connectionId: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/connections/${api}`,
        connectionName: api,
        id: `/subscriptions/{subscriptionId}/providers/Microsoft.Web/locations/{location}/managedApis/${api}`,
      };
    }
    values.$connections = { value };
  }
  for (const flow of childFlows) {
    values[childWorkflowParameter(flow)] = {
      value: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Logic/workflows/${flow}`,
    };
  }
  return values;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
