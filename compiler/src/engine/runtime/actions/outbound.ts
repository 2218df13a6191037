/**
 * Actions that call out of the workflow: Http, ApiConnection (and their webhook forms), Function
 * and Workflow (a child flow). Calls are answered by a mock (by action name, else by connector
 * operation), else by the simulation of a known connector operation, else by an empty success,
 * which the run history says. Failed calls are retried by the action's retry policy.
 */
import { ExpressionError, NotSupportedError } from '../../errors.js';
import { findOperation, connectorOf, type ConnectorReply, type Operation } from '../../connectors/catalog.js';
import { stringOf } from '../../functions/conversion-core.js';
import { joinLabels, Label, objectLabel, type Traced } from '../../tracing/labels.js';
import { fromJson, isObject, objectOf, toJson, type Value } from '../../values.js';
import type { ActionContext, ActionResult } from '../context.js';
import { parseDuration } from '../durations.js';
import type { RetryAttempt } from '../history.js';
import type { Mock, MockResponse, ToolCall } from '../mocks.js';
import { Frame } from '../frames.js';
import { isRetryable, retryPolicyOf } from '../retry.js';
import { dropsRequestHeader } from '../../../util/http-headers.js';

const STATUS_CODES: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'NoContent', 301: 'MovedPermanently', 302: 'Found', 304: 'NotModified',
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 408: 'RequestTimeout', 409: 'Conflict',
  412: 'PreconditionFailed', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType', 422: 'UnprocessableEntity', 429: 'TooManyRequests',
  500: 'InternalServerError', 501: 'NotImplemented', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};

export function statusName(status: number): string {
  return STATUS_CODES[status] ?? String(status);
}

/** How long one request may take before the service gives up on it (Consumption: 2 minutes). */
const REQUEST_TIMEOUT_MS = 120_000;

interface Answer {
  readonly reply?: ConnectorReply;
  readonly transportError?: string;
  readonly delayMs: number;
}

interface CallPlan {
  readonly mock?: Mock;
  readonly simulate?: () => ConnectorReply;
  readonly empty: ConnectorReply;
  readonly operation?: Operation;
}

function inputsObject(context: ActionContext): Traced {
  const raw = context.definition['inputs'];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ExpressionError(`The action '${context.name}' has no inputs object.`);
  const inputs = context.run.evaluate(raw, context.frame, context.start);
  return inputs;
}

function findMock(context: ActionContext, keys: readonly string[]): Mock | undefined {
  const mocks = context.run.options.mocks;
  const byAction = mocks?.actions?.[context.name];
  if (byAction) return byAction;
  for (const key of keys) {
    const found = mocks?.operations?.[key];
    if (found) return found;
  }
  return undefined;
}

function answerOf(response: MockResponse): Answer {
  if (response.error !== undefined) return { transportError: response.error, delayMs: response.delayMs ?? 0 };
  return { reply: { status: response.status ?? 200, body: fromJson(response.body ?? null), headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k, fromJson(v)])) }, delayMs: response.delayMs ?? 0 };
}

type CallResult = ActionResult & { reply?: ConnectorReply };

/**
 * Makes the call, retrying as the policy says; the result has the call's outputs and status.
 * @param at when the request is made: the action's start, or later for a poll (followAsync); the
 *   action's `limit.timeout` counts from its start.
 */
function call(context: ActionContext, plan: CallPlan, retryPolicy: unknown, at = context.start): CallResult {
  const policy = retryPolicyOf(retryPolicy === undefined ? undefined : toJson(context.run.evaluate(retryPolicy, context.frame, context.start).value));
  const timeoutSpec = (context.definition['limit'] as Record<string, unknown> | undefined)?.['timeout'];
  const timeout = timeoutSpec === undefined ? undefined : parseDuration(String(timeoutSpec), `The timeout of '${context.name}'`);
  const retries: RetryAttempt[] = [];
  let time = at;
  for (let attempt = 0; ; attempt++) {
    const started = time;
    const answer: Answer = plan.mock ? answerOf(context.run.mockCalls.next(plan.mock)) : { reply: plan.simulate ? plan.simulate() : plan.empty, delayMs: 0 };
    let reply = answer.reply;
    let transportError = answer.transportError;
    if (answer.delayMs > REQUEST_TIMEOUT_MS) {
      time += REQUEST_TIMEOUT_MS;
      reply = undefined;
      transportError = `The request timed out after ${REQUEST_TIMEOUT_MS / 1000} seconds.`;
    } else time += answer.delayMs;
    if (timeout !== undefined && time - context.start > timeout) {
      return { status: 'TimedOut', code: 'ActionTimedOut', error: { code: 'ActionTimedOut', message: `The action '${context.name}' did not finish within its timeout of ${String(timeoutSpec)}.` }, end: context.start + timeout, retryHistory: retries };
    }
    const failed = transportError !== undefined || reply!.status >= 400;
    if (failed && isRetryable(reply?.status) && attempt < policy.count) {
      retries.push({
        code: reply ? statusName(reply.status) : 'BadGateway',
        startTime: context.run.iso(started),
        endTime: context.run.iso(time),
        ...(transportError !== undefined && { error: { code: 'ConnectionFailure', message: transportError } }),
      });
      const retryAfter = Number(stringOf((reply?.headers?.['Retry-After'] as Value | undefined) ?? null));
      time += Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : policy.waitBefore(attempt + 1);
      continue;
    }
    const mocked = plan.mock ? 'mock' : plan.simulate ? 'simulated' : 'empty';
    if (transportError !== undefined) {
      return { status: 'Failed', code: 'BadGateway', error: { code: 'ConnectionFailure', message: transportError }, end: time, retryHistory: retries, mocked };
    }
    const status = reply!.status;
    return {
      status: status >= 400 ? 'Failed' : 'Succeeded',
      code: statusName(status),
      ...(status >= 400 && { error: { code: statusName(status), message: `The call failed with status ${status} (${statusName(status)}).` } }),
      end: time,
      retryHistory: retries,
      mocked,
      reply: reply!,
    };
  }
}

function responseOutputs(reply: ConnectorReply | undefined, label: Label): Traced | undefined {
  if (!reply) return undefined;
  return {
    value: objectOf([['statusCode', reply.status], ['headers', objectOf(Object.entries(reply.headers ?? {}))], ['body', reply.body]]),
    label: label.isEmpty() ? Label.EMPTY : objectLabel(new Map([['body', label]])),
  };
}

function mockLabel(mock: Mock | undefined): Label {
  return mock?.categories?.length ? Label.of(mock.categories) : Label.EMPTY;
}

const EMPTY_NOTE = 'no mock: an empty success (status 200, no body)';

export function http(context: ActionContext): ActionResult {
  const inputs = inputsObject(context);
  const fields = inputs.value as Record<string, Value>;
  const method = stringOf(fields['method'] ?? 'GET').toUpperCase();
  const uri = stringOf(fields['uri'] ?? '');
  const mock = findMock(context, [`http:${method} ${uri}`, `http:${method} ${uri.split('?')[0]}`, `http:${uri}`]);
  // The headers Logic Apps removes from the request are not sent (util/http-headers.ts).
  const given = isObject(fields['headers'] ?? null) ? (fields['headers'] as Record<string, Value>) : undefined;
  const sent = given && Object.keys(given).filter((name) => dropsRequestHeader(name, method) !== true);
  const headers = given && sent!.length < Object.keys(given).length ? objectOf(sent!.map((name) => [name, given[name]!])) : fields['headers'];
  const headersLabel = given && headers !== fields['headers'] ? joinLabels(sent!.map((name) => inputs.label.field('headers').field(name))) : inputs.label.field('headers');
  context.run.record.effects.requests.push({
    action: context.name,
    method,
    uri: context.run.historyText(uri),
    ...(headers !== undefined && { headers: context.run.historyValue(toJson(headers)) }),
    ...(fields['body'] !== undefined && { body: context.run.historyValue(toJson(fields['body']!)) }),
  });
  context.run.observeSink(context, 'http', hostOf(uri), joinLabels([inputs.label.field('uri'), headersLabel, inputs.label.field('queries'), inputs.label.field('body')]));
  const retryPolicy = (context.definition['inputs'] as Record<string, unknown>)['retryPolicy'];
  const first = call(context, { ...(mock && { mock }), empty: { status: 200, body: null } }, retryPolicy);
  const synchronous = /\bdisableasyncpattern\b/i.test(String(context.definition['operationOptions'] ?? ''));
  const result: CallResult & { answeredBy?: Mock } = synchronous ? first : followAsync(context, first, context.run.options.mocks?.actions?.[context.name], retryPolicy);
  // What the answer carries is what its mock says, the poll's where the call was polled.
  const answered = result === first ? mock : result.answeredBy;
  return { ...result, inputs, outputs: responseOutputs(result.reply, mockLabel(answered)), notes: result.mocked === 'empty' ? [EMPTY_NOTE] : [] };
}

/** How long the service waits between polls of an asynchronous call that gives no Retry-After (logicappsio/LogicAppsAsyncResponseSample, the Logic Apps team's sample: "By default the engine will check every 20 seconds"). */
const POLL_INTERVAL_MS = 20_000;
/** The most polls the engine follows before it says it cannot (a mock that answers 202 for ever). */
const MAX_POLLS = 1_000;

/**
 * The asynchronous pattern, an Http action's default in a stateful workflow (Microsoft, HTTP
 * connector reference, "Asynchronous request-response behavior"): an answer of 202 Accepted with a
 * `location` header is not the action's result; the service polls that URL until it answers other
 * than 202, and that answer is the action's (its status, headers and body: a status of 400 or more
 * fails it). The poll waits the answer's Retry-After seconds ("The Retry-After header also works
 * with the 202 - Accepted status code"), else 20 s, is a GET that sends nothing of the flow's, and
 * is answered by the action's own mock (its next response), else by a mock of `http:GET LOCATION`,
 * else by an empty success, as any call is; the action's retry policy and `limit.timeout` hold for
 * it too. `operationOptions: DisableAsyncPattern` (`@synchronous`) turns it off.
 */
function followAsync(context: ActionContext, first: CallResult, byAction: Mock | undefined, retryPolicy: unknown): CallResult & { answeredBy?: Mock } {
  let result: CallResult & { answeredBy?: Mock } = first;
  for (let polls = 0; ; polls++) {
    const reply = result.reply;
    const location = reply?.status === 202 && result.status === 'Succeeded' ? headerOf(reply, 'location') : undefined;
    if (location === undefined) return result;
    if (polls === MAX_POLLS) throw new NotSupportedError(`A call still answering 202 Accepted after ${MAX_POLLS} polls ('${context.name}')`);
    const retryAfter = Number(stringOf(headerOf(reply!, 'retry-after') ?? null));
    const at = result.end! + (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : POLL_INTERVAL_MS);
    const uri = stringOf(location);
    const mock = byAction ?? findMock(context, [`http:GET ${uri}`, `http:GET ${uri.split('?')[0]}`, `http:${uri}`]);
    context.run.record.effects.requests.push({ action: context.name, method: 'GET', uri: context.run.historyText(uri) });
    context.run.observeSink(context, 'http', hostOf(uri), Label.EMPTY);
    const polled = call(context, { ...(mock && { mock }), empty: { status: 200, body: null } }, retryPolicy, at);
    result = { ...polled, retryHistory: [...(result.retryHistory ?? []), ...(polled.retryHistory ?? [])], ...(mock && { answeredBy: mock }) };
  }
}

/** A header of an answer, by its name in any case. */
function headerOf(reply: ConnectorReply, name: string): Value | undefined {
  const found = Object.keys(reply.headers ?? {}).find((key) => key.toLowerCase() === name);
  return found === undefined ? undefined : reply.headers![found];
}

function hostOf(uri: string): string {
  try {
    return new URL(uri).host;
  } catch {
    return uri;
  }
}

export function apiConnection(context: ActionContext): ActionResult {
  const raw = context.definition['inputs'] as Record<string, unknown> | undefined;
  const connector = connectorOf(raw?.['host']) ?? 'unknown';
  const inputs = inputsObject(context);
  const fields = inputs.value as Record<string, Value>;
  const method = stringOf(fields['method'] ?? 'get').toLowerCase();
  const path = stringOf(fields['path'] ?? '');
  const found = findOperation(connector, method, path);
  const keys = [...(found ? [`${connector}.${found.operation.id}`] : []), `${connector}:${method} ${path}`, `${connector}:${method.toUpperCase()} ${path}`, connector];
  const mock = findMock(context, keys);
  const queries = isObject(fields['queries'] ?? null) ? (fields['queries'] as Record<string, Value>) : {};
  const body = fields['body'] ?? null;
  const operation = found?.operation;
  if (mock && operation) context.run.checkMockShape(context, operation, mock);
  const headers = isObject(fields['headers'] ?? null) ? Object.fromEntries(Object.entries(fields['headers'] as Record<string, Value>).map(([name, value]) => [name.toLowerCase(), value])) : {};
  const simulate = operation?.simulate && context.run.world ? () => operation.simulate!({ method, path, params: found!.params, queries, headers, body }, context.run.world) : undefined;
  const empty = operation?.empty ?? { status: 200, body: null };
  const result = call(context, { ...(mock && { mock }), ...(simulate && { simulate }), empty, ...(operation && { operation }) }, raw?.['retryPolicy']);
  const bodyLabel = inputs.label.field('body');
  if (operation?.effect === 'store' && result.status === 'Succeeded') {
    const [, , database, container] = found!.params as [string, string, string, string];
    const document = toJson(body);
    const ttl = isObject(body) && typeof body['ttl'] === 'number' ? body['ttl'] : undefined;
    context.run.record.effects.stored.push({ action: context.name, connector, database, container, document: context.run.historyValue(document), ...(ttl !== undefined && { ttl }) });
  }
  if (operation?.effect === 'mail' && result.status === 'Succeeded' && isObject(body)) {
    const text = (key: string) => stringOf(body[key] ?? body[key.toLowerCase()] ?? null);
    context.run.record.effects.mails.push({
      action: context.name,
      to: text('To'),
      subject: context.run.historyText(text('Subject')),
      body: context.run.historyText(text('Body')),
      ...(text('Cc') && { cc: text('Cc') }),
      ...(text('Bcc') && { bcc: text('Bcc') }),
    });
  }
  if (operation?.effect === 'store') {
    const [, , database, container] = found!.params as [string, string, string, string];
    context.run.observeSink(context, 'store', `${connector} ${database}/${container}`, bodyLabel);
  } else if (operation?.effect === 'mail') {
    context.run.observeSink(context, 'mail', isObject(body) ? stringOf(body['To'] ?? null) : connector, bodyLabel);
  } else if (method !== 'get' || body !== null) {
    context.run.observeSink(context, 'call', connector, joinLabels([bodyLabel, inputs.label.field('queries'), inputs.label.field('path')]));
  }
  const answer = context.run.options.answerLabels?.[context.name];
  const replyLabel = mock
    ? mockLabel(mock)
    : answer
      ? answer
      : operation?.id === 'QueryDocumentsV5' && found
        ? context.run.containerLabel(found.params[2]!, found.params[3]!)
        : Label.EMPTY;
  const notes = result.mocked === 'empty' ? [operation ? `no mock: the empty success of ${connector}.${operation.id}` : EMPTY_NOTE] : result.mocked === 'simulated' ? [`simulated ${connector}.${operation!.id}`] : [];
  return { ...result, inputs, outputs: responseOutputs(result.reply, replyLabel), notes };
}

/**
 * Function, HttpWebhook, ApiConnectionWebhook, ServiceProvider and the other calls out: a mock's
 * answer, else an empty success. Actions that compute (JavaScriptCode, Xslt, Liquid, Agent…) are
 * answered only by a mock: an empty success would be a value the action never computes.
 */
function otherAction(computes: boolean) {
  return (context: ActionContext): ActionResult => {
    const mock = findMock(context, [context.type.toLowerCase()]);
    if (!mock && computes) throw new NotSupportedError(`The action type '${context.type}' (action '${context.name}') without a mock`, 'give it a mock');
    const inputs = context.definition['inputs'] === undefined ? undefined : context.run.evaluate(context.definition['inputs'], context.frame, context.start);
    if (inputs && !computes) context.run.observeSink(context, 'call', context.type, inputs.label);
    const agent = context.type.toLowerCase() === 'agent';
    // An Agent runs the tools its model calls (the mock's toolCalls) before it answers.
    const tools = agent && mock ? runToolCalls(context, context.run.mockCalls.peek(mock).toolCalls ?? [], mockLabel(mock)) : undefined;
    if (tools?.timedOut) {
      // The model's turn that called the tools is spent, as a call's answer is.
      context.run.mockCalls.next(mock!);
      return { ...tools.timedOut, ...(inputs && { inputs }), notes: tools.notes };
    }
    let result = call(
      tools ? { ...context, start: tools.end } : context,
      { ...(mock && { mock }), empty: { status: 200, body: null } },
      (context.definition['inputs'] as Record<string, unknown> | undefined)?.['retryPolicy'],
    );
    // The answer, started once the tools ended, is still within the Agent's one timeout.
    if (tools?.timeout !== undefined && (result.end ?? tools.end) - context.start > tools.timeout) result = timedOutAgent(context, tools.timeout);
    // An Agent's outputs are its answer itself (`outputs('Agent')?['lastAssistantMessage']`): the mock's body.
    const outputs = agent && result.reply ? { value: result.reply.body, label: mockLabel(mock) } : responseOutputs(result.reply, mockLabel(mock));
    return { ...result, ...(inputs && { inputs }), outputs, notes: [...(result.mocked === 'empty' ? [EMPTY_NOTE] : []), ...(tools?.notes ?? [])] };
  };
}

/**
 * The tools an Agent's model calls, one after another, each call's actions in a frame of their own
 * whose `agentParameters()` are the arguments passed (Microsoft, agent-workflows-concepts: "An agent
 * can invoke the same tool multiple times with different agent parameter values"). What the model
 * picks is the test's to say, so the mock lists the calls. A call of a tool the Agent does not have
 * is a mock no model could give; and what the agent does after a tool's action failed (the model
 * is told, the loop stops?) is not documented, so the run stops there rather than guess.
 */
function runToolCalls(context: ActionContext, calls: readonly ToolCall[], label: Label): { end: number; notes: string[]; timedOut?: ActionResult; timeout?: number } {
  const tools = (context.definition['tools'] ?? {}) as Record<string, { actions?: unknown }>;
  // The Agent's `limit.timeout` bounds its whole loop, the tools it runs included: a call that
  // would start past it does not run, and the Agent times out as an action past its limit does.
  const timeoutSpec = (context.definition['limit'] as Record<string, unknown> | undefined)?.['timeout'];
  const timeout = timeoutSpec === undefined ? undefined : parseDuration(String(timeoutSpec), `The timeout of '${context.name}'`);
  let time = context.start;
  const ran: string[] = [];
  for (const [index, toolCall] of calls.entries()) {
    if (timeout !== undefined && time - context.start >= timeout) {
      return { end: context.start + timeout, notes: ran.length > 0 ? [`the model called ${ran.join(', ')}`] : [], timedOut: timedOutAgent(context, timeout), timeout };
    }
    const tool = Object.hasOwn(tools, toolCall.tool) ? tools[toolCall.tool] : undefined;
    if (!tool) context.run.refuseMock(`The mock of the Agent '${context.name}' calls the tool '${toolCall.tool}', which the agent does not have (its tools: ${Object.keys(tools).join(', ') || 'none'}).`);
    const item: Traced = { value: fromJson(toolCall.arguments ?? {}), label };
    const frame = new Frame(context.frame, { name: context.name, kind: 'tool', index, item });
    const actions = (typeof tool.actions === 'object' && tool.actions !== null ? tool.actions : {}) as Record<string, unknown>;
    const outcome = context.run.runScope(actions, [...context.scope, context.name], frame, time);
    if (context.run.terminated) break;
    if (outcome.status === 'Failed') {
      throw new NotSupportedError(`An action of the tool '${toolCall.tool}' of the Agent '${context.name}' failed: what the agent does then`, 'Microsoft does not document it');
    }
    ran.push(toolCall.tool);
    time = outcome.end;
  }
  return { end: time, notes: ran.length > 0 ? [`the model called ${ran.join(', ')}`] : [], ...(timeout !== undefined && { timeout }) };
}

function timedOutAgent(context: ActionContext, timeout: number): ActionResult & { reply?: ConnectorReply } {
  const spec = String((context.definition['limit'] as Record<string, unknown>)['timeout']);
  return { status: 'TimedOut', code: 'ActionTimedOut', error: { code: 'ActionTimedOut', message: `The action '${context.name}' did not finish within its timeout of ${spec}.` }, end: context.start + timeout };
}

export const callOut = otherAction(false);
export const computed = otherAction(true);

export function workflowAction(context: ActionContext): ActionResult {
  const inputs = inputsObject(context);
  const fields = inputs.value as Record<string, Value>;
  const host = isObject(fields['host'] ?? null) ? (fields['host'] as Record<string, Value>) : {};
  const id = stringOf((isObject(host['workflow'] ?? null) ? (host['workflow'] as Record<string, Value>)['id'] : null) ?? null);
  context.run.observeSink(context, 'flow', id.split('/').pop() ?? id, inputs.label.field('body'));
  const mock = findMock(context, [`workflow:${id.split('/').pop()}`]);
  const retryPolicySpec = (context.definition['inputs'] as Record<string, unknown>)['retryPolicy'];
  if (mock) {
    const result = call(context, { mock, empty: { status: 200, body: null } }, retryPolicySpec);
    return { ...result, inputs, outputs: responseOutputs(result.reply, mockLabel(mock)) };
  }
  const trigger = { body: toJson(fields['body'] ?? null), headers: (toJson(fields['headers'] ?? objectOf([])) ?? {}) as Record<string, unknown> };
  // The action's retry policy (without one, the service's default) holds for the child's answer as
  // for any call's: a 408, 429 or 5xx runs the child again, and its effects (stores, mails) happen
  // again. A child with a Response action that ends without running it (it failed first, or the
  // Response was skipped) returns 502 Bad Gateway to its caller (Microsoft, "Receive and respond
  // to inbound HTTPS calls": "if all Response actions are skipped, the caller receives a 502 Bad
  // Gateway error, even if the workflow finishes successfully"; the 504 that page names is a
  // caller's whose time limit passed, which a parent flow's has not), which is retried as well: a
  // nested workflow that failed ran five times, the call and its default four retries (Codit,
  // "Cascading effects of nested Logic Apps").
  const policy = retryPolicyOf(retryPolicySpec === undefined ? undefined : toJson(context.run.evaluate(retryPolicySpec, context.frame, context.start).value));
  const retries: RetryAttempt[] = [];
  let time = context.start;
  for (let attempt = 0; ; attempt++) {
    const started = time;
    const child = context.run.runChild(context, id, trigger, inputs.label.field('body'), time);
    if (!child) throw new NotSupportedError(`The child workflow '${id}' of '${context.name}'`, 'it is not in the same build; give the action a mock');
    if (!child.answers) {
      // Microsoft: a workflow without a Response action answers its caller at once with 202
      // Accepted, and the Workflow action's outputs are then empty; the caller does not wait for the
      // child's run, nor take its failure.
      return {
        status: 'Succeeded',
        code: statusName(202),
        inputs,
        outputs: responseOutputs({ status: 202, body: null }, Label.EMPTY),
        end: time,
        ...(retries.length > 0 && { retryHistory: retries }),
        notes: [`the child workflow '${child.record.workflow}' has no Response action: it answered 202 at once (its run ended ${child.record.status})`],
      };
    }
    const response = child.record.response;
    const status = response ? response.statusCode : 502;
    time = child.end;
    if (status >= 400 && isRetryable(status) && attempt < policy.count) {
      retries.push({ code: statusName(status), startTime: context.run.iso(started), endTime: context.run.iso(time) });
      time += policy.waitBefore(attempt + 1);
      continue;
    }
    if (!response) {
      return {
        status: 'Failed',
        code: statusName(502),
        error: { code: 'WorkflowRunFailed', message: `The child workflow '${child.record.workflow}' ended ${child.record.status} without running its Response${child.record.error ? `: ${child.record.error.message}` : ''}.` },
        inputs,
        end: time,
        ...(retries.length > 0 && { retryHistory: retries }),
      };
    }
    const reply: ConnectorReply = { status, body: fromJson(response.body), headers: Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, fromJson(v)])) };
    return {
      status: status >= 400 ? 'Failed' : 'Succeeded',
      code: statusName(status),
      inputs,
      outputs: responseOutputs(reply, child.responseLabel),
      end: time,
      ...(retries.length > 0 && { retryHistory: retries }),
      notes: [`ran the child workflow '${child.record.workflow}' (${child.record.status})${retries.length > 0 ? `, ${retries.length + 1} times` : ''}`],
    };
  }
}
