/**
 * Typed builders for the pieces of a Workflow Definition Language (2016-06-01) definition. Every
 * action and trigger the emitter writes goes through one of these, so that the JSON shapes live in
 * one place and their key order (hence the output bytes) is fixed.
 */

import type { DurationUnit } from '../semantics/durations.js';
import { escapeWdlString, literalValue } from './wdl-strings.js';
import { SERVICE_PROVIDER_PREFIX } from '../connectors/service-providers.js';
import { CHUNKING_STRATEGY } from '../connectors/document-operations.js';
import { xsltShape } from '../connectors/xslt.js';
import type { XsltMapSource } from '../syntax/tree.js';

/** A JSON value as it appears in a definition (strings may be `@`-expressions). */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export type RunStatus = 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut';

export interface WdlAction {
  readonly type: string;
  readonly kind?: string;
  readonly inputs?: Json;
  readonly expression?: Json;
  readonly foreach?: Json;
  readonly actions?: Record<string, WdlAction>;
  readonly else?: { readonly actions: Record<string, WdlAction> };
  readonly cases?: Record<string, { readonly case: string | number; readonly actions: Record<string, WdlAction> }>;
  readonly default?: { readonly actions: Record<string, WdlAction> };
  readonly limit?: { readonly count?: Json; readonly timeout?: string };
  /** An Agent's tools, by name: the actions each runs, its description and the schema of what the model passes it. */
  readonly tools?: Record<string, AgentToolJson>;
  runAfter?: Record<string, RunStatus[]>;
  runtimeConfiguration?: RuntimeConfiguration;
  /** `@tracked("NAME", VALUE)`: plain text, or a value the service computes, that it sends to the diagnostic logs. */
  readonly trackedProperties?: Record<string, Json>;
}

export interface RuntimeConfiguration {
  secureData?: { properties: ('inputs' | 'outputs')[] };
  /** A loop's passes at once (`repetitions`), or a trigger's runs at once (`runs`). */
  concurrency?: { repetitions: number } | { runs: number };
  /** `@chunked`: a large message moves in chunks. */
  contentTransfer?: { transferMode: 'Chunked' };
  /** `@paginate(N)`: a connector's next pages are followed until N items are there. */
  paginationPolicy?: { minimumItemCount: number };
}

export interface WdlTrigger {
  readonly type: string;
  readonly kind?: string;
  readonly inputs?: Json;
  readonly recurrence?: Json;
  readonly splitOn?: string;
  /** `EnableSchemaValidation` on a Request trigger: a body that does not fit the schema is refused. */
  readonly operationOptions?: string;
  runtimeConfiguration?: RuntimeConfiguration;
}

export type WdlParameterType = 'String' | 'SecureString' | 'Int' | 'Float' | 'Bool' | 'Array' | 'Object';

export interface WdlParameter {
  readonly type: WdlParameterType;
  readonly defaultValue?: Json;
  readonly metadata?: { readonly description: string };
}

export interface WdlDefinition {
  readonly $schema: string;
  readonly contentVersion: string;
  readonly parameters: Record<string, WdlParameter>;
  readonly triggers: Record<string, WdlTrigger>;
  readonly actions: Record<string, WdlAction>;
  readonly outputs: Record<string, Json>;
  readonly metadata: { readonly jig: { readonly policy: { id: string; version: string; hash: string }; readonly source: string; readonly raw?: readonly string[] } };
}

export const WDL_SCHEMA_URL =
  'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

/** The managed connectors Jig uses (the `$connections` keys are these API names). */
export type { ManagedApi } from '../connectors/managed-apis.js';

// ---------------------------------------------------------------------------------------------
// Data operations

export const compose = (inputs: Json): WdlAction => ({ type: 'Compose', inputs });

export const parseJson = (content: Json, schema: Json): WdlAction => ({
  type: 'ParseJson',
  inputs: { content, schema },
});

/**
 * Execute JavaScript Code (Consumption with an integration account, Standard built in): the code as
 * text, its result `body` (learn.microsoft.com/azure/logic-apps/logic-apps-add-run-inline-code;
 * LogicAppsUX manifests/inlinecode.ts: inputs `code`, optional `explicitDependencies`). The code
 * is not a template: written so that the service reads it as it is.
 */
/** An Execute JavaScript Code action; its explicitDependencies as Microsoft's reference writes them (actions, then includeTrigger), where the step has any. */
export const javaScriptCode = (code: string, dependencies?: { readonly actions: readonly string[]; readonly includeTrigger: boolean }): WdlAction => ({
  type: 'JavaScriptCode',
  inputs: {
    code: literalValue(code),
    ...(dependencies && {
      explicitDependencies: { ...(dependencies.actions.length > 0 && { actions: [...dependencies.actions] }), ...(dependencies.includeTrigger && { includeTrigger: true }) },
    }),
  },
});

/**
 * The designer's Date Time actions: an Expression action of a kind, its result `body`, the time as
 * text (LogicAppsUX, libs/logic-apps-shared/src/designer-client-services/src/lib/base/manifests/
 * datetime.ts: CurrentTime takes no inputs; GetFutureTime and GetPastTime `interval`, `timeUnit`;
 * AddToTime and SubtractFromTime `baseTime`, `interval`, `timeUnit`; ConvertTimeZone `baseTime`,
 * `sourceTimeZone`, `destinationTimeZone` and an optional `formatString`).
 */
export const TIME_ACTION_KINDS = {
  current: 'CurrentTime',
  future: 'GetFutureTime',
  past: 'GetPastTime',
  add: 'AddToTime',
  subtract: 'SubtractFromTime',
  convert: 'ConvertTimeZone',
} as const;

export const timeAction = (kind: (typeof TIME_ACTION_KINDS)[keyof typeof TIME_ACTION_KINDS], inputs: Record<string, Json>): WdlAction => ({ type: 'Expression', kind, inputs });

/**
 * Create HTML table and Create CSV table: a Table action, its columns the rows' fields when it
 * names none ("Schema reference for trigger and action types in Azure Logic Apps", Table action:
 * inputs `from`, an array, `format`, `CSV` or `HTML`, and optional `columns`; its result `body`,
 * the table as text; learn.microsoft.com/azure/logic-apps/logic-apps-perform-data-operations).
 */
export const table = (from: Json, format: 'HTML' | 'CSV', columns?: readonly { header: string; value: Json }[]): WdlAction => ({
  type: 'Table',
  inputs: { from, format, ...(columns && { columns: columns.map(({ header, value }) => ({ header: literalValue(header), value })) }) },
});

/** Parse a document (connectors/document-operations.ts): the content's text, as `body.text`. */
export const parseDocument = (content: Json): WdlAction => ({ type: 'ParseDocument', inputs: { content } });

/** Chunk text (connectors/document-operations.ts): every input is required, the options with the designer's defaults. */
export const chunkText = (text: Json, options: { encodingModel: string; tokenSize: number; pageOverlapLength: number }): WdlAction => ({
  type: 'ChunkText',
  inputs: { chunkingStrategy: CHUNKING_STRATEGY, text, ...options },
});

/** An XSLT map applied to content (connectors/xslt.ts): where the map is kept, and its parameters as xsltParameters. */
export const xslt = (content: Json, source: XsltMapSource, name: string, parameters?: Json): WdlAction => {
  const shape = xsltShape(source, literalValue(name));
  return {
    type: 'Xslt',
    ...(shape.kind !== undefined && { kind: shape.kind }),
    inputs: { content, ...(shape.map as Record<string, Json>), ...(parameters !== undefined && { xsltParameters: parameters }) },
  };
};

/** A Liquid map applied to content (connectors/liquid.ts): its kind, and where the map is kept (as an Xslt action's). */
export const liquid = (content: Json, kind: string, source: XsltMapSource, name: string): WdlAction => ({
  type: 'Liquid',
  kind,
  inputs: { content, ...(xsltShape(source, literalValue(name)).map as Record<string, Json>) },
});

export const query = (from: Json, where: string): WdlAction => ({ type: 'Query', inputs: { from, where } });

export const select = (from: Json, projection: Json): WdlAction => ({
  type: 'Select',
  inputs: { from, select: projection },
});

// ---------------------------------------------------------------------------------------------
// Variables

export type VariableType = 'String' | 'Integer' | 'Float' | 'Boolean' | 'Array' | 'Object';

/** Without a value, the variable starts with its type's empty value. */
export const initializeVariable = (name: string, type: VariableType, value: Json | undefined): WdlAction => initializeVariables([{ name, type, value }]);

/** One InitializeVariable for several variables, in order (consecutive `var`s that one `@action` names). */
export const initializeVariables = (variables: readonly { name: string; type: VariableType; value: Json | undefined }[]): WdlAction => ({
  type: 'InitializeVariable',
  inputs: { variables: variables.map(({ name, type, value }) => ({ name, type, ...(value !== undefined && { value }) })) },
});

export const setVariable = (name: string, value: Json): WdlAction => ({ type: 'SetVariable', inputs: { name, value } });

export const incrementVariable = (name: string, value: Json): WdlAction => ({
  type: 'IncrementVariable',
  inputs: { name, value },
});

export const decrementVariable = (name: string, value: Json): WdlAction => ({
  type: 'DecrementVariable',
  inputs: { name, value },
});

export const appendToArrayVariable = (name: string, value: Json): WdlAction => ({
  type: 'AppendToArrayVariable',
  inputs: { name, value },
});

export const appendToStringVariable = (name: string, value: Json): WdlAction => ({
  type: 'AppendToStringVariable',
  inputs: { name, value },
});

// ---------------------------------------------------------------------------------------------
// Control flow

type Actions = Record<string, WdlAction>;

export const condition = (expression: string, actions: Actions, elseActions?: Actions): WdlAction => ({
  type: 'If',
  expression,
  actions,
  ...(elseActions ? { else: { actions: elseActions } } : {}),
});

/** A For each running at most `repetitions` iterations at once (absent: as many as the service runs by default). */
export const foreach = (items: Json, actions: Actions, repetitions: number | undefined): WdlAction => ({
  type: 'Foreach',
  foreach: items,
  actions,
  ...(repetitions !== undefined ? { runtimeConfiguration: { concurrency: { repetitions } } } : {}),
});

export const switchAction = (
  expression: string,
  cases: Record<string, { case: string | number; actions: Actions }>,
  defaultActions?: Actions,
): WdlAction => ({
  type: 'Switch',
  expression,
  cases,
  ...(defaultActions ? { default: { actions: defaultActions } } : {}),
});

/** The designer's defaults: 60 iterations, one hour. */
export const UNTIL_LIMIT = { count: 60, timeout: 'PT1H' } as const;

/** An Until; its count a number, or an expression the service evaluates when the loop starts. */
export const until = (expression: string, actions: Actions, timeout: string = UNTIL_LIMIT.timeout, count: Json = UNTIL_LIMIT.count): WdlAction => ({
  type: 'Until',
  expression,
  limit: { count, timeout },
  actions,
});

export const scope = (actions: Actions): WdlAction => ({ type: 'Scope', actions });

export interface AgentToolJson {
  readonly actions: Actions;
  readonly description: string;
  readonly agentParameterSchema?: Json;
}

/**
 * An Agent action, as the designer writes it (LogicAppsUX's Agent manifest; the samples of
 * github.com/Azure/logicapps-labs): the model's deployment and the messages in
 * `inputs.parameters` with the model's other parameters, the agent connection of connections.json
 * (`agentConnections`) in `modelConfigurations.model1.referenceName`, the tools by name, and the
 * loop's limit (`count`: the model's turns at most; `timeout`).
 */
export const agent = (
  connection: string,
  deployment: string,
  messages: Json,
  options: Record<string, Json> | undefined,
  tools: Record<string, AgentToolJson>,
  limit: { count?: number; timeout?: string } | undefined,
): WdlAction => ({
  type: 'Agent',
  inputs: { parameters: { deploymentId: literalValue(deployment), messages, ...options }, modelConfigurations: { model1: { referenceName: connection } } },
  ...(Object.keys(tools).length > 0 && { tools }),
  ...(limit && { limit }),
});

export type WaitUnit = 'Second' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month';

const TIME_UNITS: Record<Exclude<DurationUnit, 'years'>, WaitUnit> = {
  seconds: 'Second',
  minutes: 'Minute',
  hours: 'Hour',
  days: 'Day',
  weeks: 'Week',
  months: 'Month',
};

/** A Jig duration as the service counts time (Wait intervals, Recurrence frequencies): its largest unit is the month. */
export function timeInterval(amount: number, unit: DurationUnit): { count: number; unit: WaitUnit } {
  if (unit === 'years') return { count: amount * 12, unit: 'Month' };
  return { count: amount, unit: TIME_UNITS[unit] };
}

/** ISO 8601 duration designators of each unit: time units after `T`. */
const ISO_DURATION: Record<DurationUnit, readonly [prefix: string, designator: string]> = {
  seconds: ['PT', 'S'],
  minutes: ['PT', 'M'],
  hours: ['PT', 'H'],
  days: ['P', 'D'],
  weeks: ['P', 'W'],
  months: ['P', 'M'],
  years: ['P', 'Y'],
};

/** A Jig duration as an ISO 8601 duration, in the unit it was written in (`10 seconds` → `PT10S`). */
export function isoDuration(amount: number, unit: DurationUnit): string {
  const [prefix, designator] = ISO_DURATION[unit];
  return `${prefix}${amount}${designator}`;
}

/** A Wait of an interval (azure-docs logic-apps-workflow-actions-triggers, "Wait"): its count a number, or an expression the service evaluates. */
export const wait = (count: Json, unit: WaitUnit): WdlAction => ({
  type: 'Wait',
  inputs: { interval: { count, unit } },
});

/** `wait until TIME`: a Wait until a timestamp (azure-docs workflow-definition-language actions reference, "Wait"). */
export const waitUntil = (timestamp: Json): WdlAction => ({ type: 'Wait', inputs: { until: { timestamp } } });

/** `respond STATUS …`: a Response; its status a number, or the expression (`@…`) that computes it. */
export const response = (statusCode: Json, body?: Json, headers?: Record<string, Json>): WdlAction => ({
  type: 'Response',
  kind: 'Http',
  inputs: { statusCode, ...(headers !== undefined ? { headers } : {}), ...(body !== undefined ? { body } : {}) },
});

/** `stop STATUS`: a Terminate without a message; a failed one with the code `@code` gives, if any. */
export const terminate = (status: 'Succeeded' | 'Failed' | 'Cancelled', code: string | null | undefined): WdlAction => ({
  type: 'Terminate',
  inputs: { runStatus: status, ...(typeof code === 'string' && { runError: { code: literalValue(code) } }) },
});

/** A Terminate that fails the run, with Jig's error code unless `@code` gives one (null: none). */
export const terminateFailed = (message: string, code: string | null = 'JigFail'): WdlAction => ({
  type: 'Terminate',
  inputs: { runStatus: 'Failed', runError: code === null ? { message } : { code: literalValue(code), message } },
});

// ---------------------------------------------------------------------------------------------
// Calls

/** `authentication` is a `call http`'s `auth { … }` (Basic, ClientCertificate, ActiveDirectoryOAuth, Raw), as the service reads it. */
export const http = (method: string, uri: Json, queries: Json | undefined, headers: Json | undefined, body: Json | undefined, authentication?: Json): WdlAction => ({
  type: 'Http',
  inputs: {
    method: method.toUpperCase(),
    uri,
    ...(queries !== undefined ? { queries } : {}),
    ...(headers !== undefined ? { headers } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(authentication !== undefined ? { authentication } : {}),
  },
});

/**
 * A Standard built-in operation (`call service`): the app's built-in connection KEY (connections.json
 * `serviceProviderConnections`), the provider and the operation, its parameters the call's body.
 */
export const serviceProvider = (key: string, provider: string, operation: string, parameters: Json | undefined): WdlAction => ({
  type: 'ServiceProvider',
  inputs: {
    ...(parameters !== undefined ? { parameters } : {}),
    serviceProviderConfiguration: { connectionName: key, operationId: operation, serviceProviderId: `${SERVICE_PROVIDER_PREFIX}${provider}` },
  },
});

/** How a Consumption operation reaches its managed API connection (through `$connections`, whose key is KEY). */
export const connectionHost = (key: string): Json => ({
  connection: { name: `@parameters('$connections')['${key}']['connectionId']` },
});

/** A Consumption managed-connector operation (`host.connection.name` through `$connections`): a Jig connector's (ManagedApi), or any key's for `call connector`. */
export const apiConnection = (
  key: string,
  request: {
    method: string;
    path: string;
    queries?: Json;
    headers?: Json;
    body?: Json;
  },
): WdlAction => ({
  type: 'ApiConnection',
  inputs: {
    host: connectionHost(key),
    method: request.method,
    path: request.path,
    ...(request.queries !== undefined ? { queries: request.queries } : {}),
    ...(request.headers !== undefined ? { headers: request.headers } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
  },
});

/**
 * A managed connector's webhook operation (`call connector "KEY" webhook "PATH"`, connectors/webhooks.ts):
 * an ApiConnectionWebhook, the subscribe request the designer writes, without a method.
 */
export const apiConnectionWebhook = (key: string, request: { path: string; queries?: Json; headers?: Json; body?: Json }): WdlAction => {
  const { method: _method, ...inputs } = apiConnection(key, { method: '', ...request }).inputs as Record<string, Json>;
  return { type: 'ApiConnectionWebhook', inputs };
};

/**
 * A Function action (`call function METHOD ID`, connectors/functions.ts): the Azure function of that
 * resource id, its method in capitals as the reference and the designer write it.
 */
export const azureFunction = (functionId: Json, method: string, queries?: Json, headers?: Json, body?: Json): WdlAction => ({
  type: 'Function',
  inputs: {
    function: { id: functionId },
    method: method.toUpperCase(),
    ...(queries !== undefined ? { queries } : {}),
    ...(headers !== undefined ? { headers } : {}),
    ...(body !== undefined ? { body } : {}),
  },
});

/**
 * An ApiManagement action (`call api METHOD ID "PATH"`, connectors/api-management.ts): the API of
 * that resource id, its method in lower case and its path template without parameters as the
 * designer writes them, the subscription key a secure parameter.
 */
export const apiManagement = (apiId: Json, method: string, path: string, subscriptionKey?: Json, queries?: Json, headers?: Json, body?: Json): WdlAction => ({
  type: 'ApiManagement',
  inputs: {
    api: { id: apiId },
    method: method.toLowerCase(),
    pathTemplate: { template: path, parameters: {} },
    ...(subscriptionKey !== undefined ? { subscriptionKey } : {}),
    ...(queries !== undefined ? { queries } : {}),
    ...(headers !== undefined ? { headers } : {}),
    ...(body !== undefined ? { body } : {}),
  },
});

/**
 * A Workflow action: `call flow` starts its child's `manual` trigger; `call workflow` the trigger
 * it names, or the host's default when it names none (host.triggerName is optional in the
 * corpus's Standard workflows, which call a workflow of their app by its name).
 */
export const workflow = (workflowId: Json, body: Json | undefined, triggerName: string | undefined, headers?: Record<string, Json>): WdlAction => ({
  type: 'Workflow',
  inputs: {
    // Literals, not a spread first (util/objects.ts): this object is made for every call of a child flow.
    host: triggerName !== undefined ? { triggerName, workflow: { id: workflowId } } : { workflow: { id: workflowId } },
    ...(headers && { headers }),
    ...(body !== undefined ? { body } : {}),
  },
});

/** The connector path shorthand of connectors.md §1: `@{encodeURIComponent('x')}`. */
export const encodeOnce = (text: string): string => `@{encodeURIComponent('${escapeWdlString(text)}')}`;
/** `@{encodeURIComponent(encodeURIComponent('x'))}`, for swaggers with `x-ms-url-encoding: double`. */
export const encodeTwice = (text: string): string =>
  `@{encodeURIComponent(encodeURIComponent('${escapeWdlString(text)}'))}`;
