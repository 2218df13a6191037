/**
 * `jig test --from-run`: a run exported from Azure turned into a test file that replays it. The
 * calls' recorded answers become mocks (a sequence when the service retried or a loop called
 * several times), and what the run did becomes the expectations: its status, each action's
 * status, the response, the HTTP requests in the order they started.
 *
 * The input is the REST API's run (`GET …/runs/{run}`, `{name, properties: {status, trigger, …}}`)
 * with its actions (`GET …/runs/{run}/actions`: a `{value: […]}` list, a list, or a map by name)
 * under `actions`, where each action's and the trigger's `inputs` and `outputs` are the contents
 * of their `inputsLink` and `outputsLink` (what `az logicapp run action show-content` downloads),
 * and a looped action may carry its `repetitions` (`GET …/actions/{action}/repetitions`).
 */
import type { TestCase, TestFile } from './test-file.js';

export class RunExportError extends Error {
  override readonly name = 'RunExportError';
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The properties of a REST resource (`{name, properties: {…}}`) or the object itself. */
function propertiesOf(resource: Json): Json {
  return isRecord(resource['properties']) ? resource['properties'] : resource;
}

interface RecordedAction {
  readonly name: string;
  readonly properties: Json;
  readonly repetitions: readonly Json[];
}

function actionsOf(run: Json): RecordedAction[] {
  const listed = run['actions'] ?? propertiesOf(run)['actions'];
  const entries: [string | undefined, unknown][] = Array.isArray(listed)
    ? listed.map((item) => [undefined, item])
    : isRecord(listed) && Array.isArray(listed['value'])
      ? (listed['value'] as unknown[]).map((item) => [undefined, item])
      : isRecord(listed)
        ? Object.entries(listed)
        : [];
  return entries.flatMap(([key, item]) => {
    if (!isRecord(item)) return [];
    const name = key ?? (typeof item['name'] === 'string' ? item['name'] : undefined);
    if (!name) return [];
    const repetitions = item['repetitions'] ?? propertiesOf(item)['repetitions'];
    const listedRepetitions = Array.isArray(repetitions) ? repetitions : isRecord(repetitions) && Array.isArray(repetitions['value']) ? repetitions['value'] : [];
    return [{ name, properties: propertiesOf(item), repetitions: listedRepetitions.filter(isRecord).map(propertiesOf) }];
  });
}

/** Status codes by the names the service gives them in `code` (`BadGateway`…). */
const STATUS_BY_NAME: Readonly<Record<string, number>> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  RequestTimeout: 408,
  Conflict: 409,
  PreconditionFailed: 412,
  TooManyRequests: 429,
  InternalServerError: 500,
  NotImplemented: 501,
  BadGateway: 502,
  ServiceUnavailable: 503,
  GatewayTimeout: 504,
};

/** A recorded call's answer as a mock response, or undefined when the action made no call. */
function answerOf(properties: Json): Json | undefined {
  const inputs = properties['inputs'];
  const outputs = properties['outputs'];
  // A Response action's inputs carry the status it answered; a call's outputs carry the one it got.
  if (isRecord(inputs) && 'statusCode' in inputs) return undefined;
  if (isRecord(outputs) && typeof outputs['statusCode'] === 'number') {
    return {
      status: outputs['statusCode'],
      ...('body' in outputs && { body: outputs['body'] }),
      ...(isRecord(outputs['headers']) && Object.keys(outputs['headers']).length > 0 && { headers: outputs['headers'] }),
    };
  }
  if (properties['status'] === 'Failed' && outputs === undefined && isRecord(properties['error']) && isRecord(inputs) && ('method' in inputs || 'host' in inputs)) {
    return { error: String(properties['error']['message'] ?? properties['error']['code'] ?? 'the call failed') };
  }
  return undefined;
}

/** The failed attempts before the last, from `retryHistory`. */
function retriesOf(properties: Json): Json[] {
  const history = properties['retryHistory'];
  if (!Array.isArray(history)) return [];
  return history.filter(isRecord).map((attempt) => {
    const code = String(attempt['code'] ?? '');
    const status = /^\d{3}$/.test(code) ? Number(code) : STATUS_BY_NAME[code];
    if (status !== undefined) return { status };
    const error = isRecord(attempt['error']) ? attempt['error']['message'] : undefined;
    return { error: String(error ?? (code || 'the call failed')) };
  });
}

function isoOf(value: unknown): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

export interface GeneratedTest {
  readonly file: TestFile;
  /** What could not be carried over, for the author to complete by hand. */
  readonly notes: readonly string[];
}

export function testFromRun(exported: unknown, name?: string): GeneratedTest {
  if (!isRecord(exported)) throw new RunExportError('the run must be a JSON object (the REST API\'s run, with its actions under "actions")');
  const run = propertiesOf(exported);
  const status = run['status'];
  if (typeof status !== 'string') throw new RunExportError('the run has no "status": is it a run of the REST API (GET …/runs/{run})?');
  const actions = actionsOf(exported);
  const notes: string[] = [];
  if (actions.length === 0) notes.push('The export lists no actions: add them under "actions" (GET …/runs/{run}/actions) to get mocks and action statuses.');

  const trigger = isRecord(run['trigger']) ? propertiesOf(run['trigger']) : {};
  const triggerOutputs = isRecord(trigger['outputs']) ? trigger['outputs'] : undefined;
  if (!triggerOutputs && trigger['outputsLink'] !== undefined) notes.push("The trigger's outputs are only a link: put their content under trigger.outputs to replay its input.");
  const triggerInput: NonNullable<TestCase['trigger']> = {
    ...(triggerOutputs && 'body' in triggerOutputs && { body: triggerOutputs['body'] }),
    ...(triggerOutputs && isRecord(triggerOutputs['queries']) && { queries: triggerOutputs['queries'] }),
    ...(isoOf(trigger['scheduledTime']) && { scheduledTime: isoOf(trigger['scheduledTime']) }),
  };

  const mocks: Record<string, unknown> = {};
  const statuses: Record<string, string> = {};
  const requests: { started: string; method: string; uri: string }[] = [];
  let response: { status: number; body?: unknown } | undefined;
  for (const action of actions) {
    const { properties } = action;
    if (typeof properties['status'] === 'string') statuses[action.name] = properties['status'];
    const inputs = properties['inputs'];
    if (isRecord(inputs) && typeof inputs['statusCode'] === 'number' && properties['status'] === 'Succeeded') {
      response = { status: inputs['statusCode'], ...('body' in inputs && { body: inputs['body'] }) };
    }
    const attempts = action.repetitions.length > 0 ? action.repetitions : [properties];
    const answers = attempts.flatMap((attempt) => {
      const answer = answerOf(attempt);
      return answer ? [...retriesOf(attempt), answer] : [];
    });
    for (const attempt of attempts) {
      const called = attempt['inputs'];
      if (isRecord(called) && typeof called['method'] === 'string' && typeof called['uri'] === 'string') {
        requests.push({ started: String(attempt['startTime'] ?? properties['startTime'] ?? ''), method: called['method'].toUpperCase(), uri: called['uri'] });
      }
    }
    if (answers.length === 1) mocks[action.name] = answers[0];
    else if (answers.length > 1) mocks[action.name] = { sequence: answers };
    else if (properties['status'] !== 'Skipped' && properties['inputs'] === undefined && properties['outputs'] === undefined && (properties['inputsLink'] !== undefined || properties['outputsLink'] !== undefined)) {
      notes.push(`${action.name}: its inputs and outputs are only links (or hidden by secureData): if it is a call, write its mock by hand.`);
    }
  }

  const error = isRecord(run['error']) && typeof run['error']['code'] === 'string' ? { code: run['error']['code'] } : undefined;
  const startTime = isoOf(run['startTime']);
  const test: TestCase = {
    name: name ?? `replays run ${typeof exported['name'] === 'string' ? exported['name'] : 'exported from Azure'}`,
    ...(Object.keys(triggerInput).length > 0 && { trigger: triggerInput }),
    ...(startTime && { now: startTime }),
    ...(Object.keys(mocks).length > 0 && { mocks }),
    expect: {
      status,
      ...(error && status !== 'Succeeded' && { error }),
      ...(Object.keys(statuses).length > 0 && { actions: statuses }),
      ...(response && { response }),
      ...(actions.length > 0 && { requests: requests.sort((a, b) => a.started.localeCompare(b.started)).map(({ method, uri }) => ({ method, uri })) }),
    },
  };
  return { file: { tests: [test] }, notes };
}
