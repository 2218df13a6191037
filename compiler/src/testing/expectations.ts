/**
 * What a test expects of a run, checked against the run record. Objects match by the keys the
 * expectation lists (a document may have more); arrays and plain values match exactly.
 */
import type { RunRecord } from '../engine/index.js';

export interface Expectations {
  readonly status?: string;
  readonly error?: { code?: string; message?: string };
  readonly actions?: Readonly<Record<string, string>>;
  readonly response?: { status?: number; headers?: Record<string, unknown>; body?: unknown };
  readonly noResponse?: boolean;
  readonly stored?: readonly { container: string; document?: unknown; ttl?: number }[];
  readonly mails?: readonly { to?: string; subject?: string; body?: string }[];
  readonly requests?: readonly { method?: string; uri?: string; headers?: unknown; body?: unknown }[];
  readonly categories?: Readonly<Record<string, readonly string[]>>;
  readonly hidden?: readonly string[];
}

/** Where `actual` differs from what `expected` lists, or undefined when it matches. */
export function mismatch(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path || 'the value'} is ${JSON.stringify(actual)}, not an object`;
    for (const [key, value] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, key)) return `${path ? `${path}.` : ''}${key} is missing`;
      const inner = mismatch(value, (actual as Record<string, unknown>)[key], `${path ? `${path}.` : ''}${key}`);
      if (inner) return inner;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || 'the value'} is ${JSON.stringify(actual)}, not an array`;
    if (actual.length !== expected.length) return `${path || 'the array'} has ${actual.length} items, not ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const inner = mismatch(expected[i], actual[i], `${path}[${i}]`);
      if (inner) return inner;
    }
    return undefined;
  }
  if (expected === actual || (typeof expected === 'number' && typeof actual === 'number' && expected === actual)) return undefined;
  return `${path || 'the value'} is ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`;
}

/** The destination a sink's categories are expected under: `store db/container`, `http host`, `mail to`, `respond`, `flow name`, `fail`. */
export function destinationKey(sink: RunRecord['sinks'][number]): string {
  if (sink.kind === 'respond' || sink.kind === 'fail') return sink.kind;
  if (sink.kind === 'store') return `store ${sink.destination.replace(/^\S+ /, '')}`;
  return `${sink.kind} ${sink.destination}`;
}

export function categoriesByDestination(record: RunRecord): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const sink of record.sinks) {
    const key = destinationKey(sink);
    const set = out.get(key) ?? new Set<string>();
    for (const category of sink.categories) set.add(category);
    out.set(key, set);
  }
  return out;
}

export function checkExpectations(expect: Expectations, record: RunRecord): string[] {
  const failures: string[] = [];
  const describeRun = () => (record.notSupported ? ` (${record.notSupported})` : record.error ? ` (${record.error.code}: ${record.error.message})` : '');
  if (record.status === 'NotSupported' && expect.status !== 'NotSupported') failures.push(`the run stopped: ${record.notSupported}`);
  else if (record.error?.code === 'InvalidMock') failures.push(record.error.message);
  if (expect.status !== undefined && record.status !== expect.status) failures.push(`the run is ${record.status}, not ${expect.status}${describeRun()}`);
  if (expect.error) {
    if (!record.error) failures.push('the run has no error');
    else {
      if (expect.error.code !== undefined && record.error.code !== expect.error.code) failures.push(`the run's error code is '${record.error.code}', not '${expect.error.code}'`);
      if (expect.error.message !== undefined && !record.error.message.includes(expect.error.message)) failures.push(`the run's error message '${record.error.message}' does not contain '${expect.error.message}'`);
    }
  }
  for (const [name, status] of Object.entries(expect.actions ?? {})) {
    const runs = record.actions.filter((action) => action.name === name);
    const actual = runs.length === 0 ? 'NotRun' : runs[runs.length - 1]!.status;
    if (actual !== status) {
      const last = runs[runs.length - 1];
      failures.push(`the action ${name} is ${actual}, not ${status}${last?.error ? ` (${last.error.message})` : ''}`);
    }
  }
  if (expect.noResponse && record.response) failures.push(`the run responded ${record.response.statusCode} (from ${record.response.action})`);
  if (expect.response) {
    if (!record.response) failures.push('the run sent no response');
    else {
      if (expect.response.status !== undefined && record.response.statusCode !== expect.response.status) failures.push(`the response's status is ${record.response.statusCode}, not ${expect.response.status}`);
      if (expect.response.headers !== undefined) {
        const problem = mismatch(expect.response.headers, record.response.headers, 'headers');
        if (problem) failures.push(`the response's ${problem}`);
      }
      if ('body' in expect.response) {
        const problem = mismatch(expect.response.body, record.response.body, 'body');
        if (problem) failures.push(`the response's ${problem}`);
      }
    }
  }
  if (expect.stored) {
    const stored = record.effects.stored;
    if (stored.length !== expect.stored.length) {
      failures.push(`${stored.length} document${stored.length === 1 ? ' was' : 's were'} stored (${stored.map((s) => `${s.database}/${s.container}`).join(', ') || 'none'}), not ${expect.stored.length}`);
    } else {
      expect.stored.forEach((expected, index) => {
        const actual = stored[index]!;
        if (`${actual.database}/${actual.container}` !== expected.container) failures.push(`stored document ${index + 1} went to ${actual.database}/${actual.container}, not ${expected.container}`);
        if (expected.ttl !== undefined && actual.ttl !== expected.ttl) failures.push(`stored document ${index + 1} has ttl ${actual.ttl ?? 'none'}, not ${expected.ttl}`);
        if ('document' in expected) {
          const problem = mismatch(expected.document, actual.document, 'document');
          if (problem) failures.push(`stored document ${index + 1}: ${problem}`);
        }
      });
    }
  }
  if (expect.mails) {
    const mails = record.effects.mails;
    if (mails.length !== expect.mails.length) failures.push(`${mails.length} mail${mails.length === 1 ? ' was' : 's were'} sent, not ${expect.mails.length}`);
    else expect.mails.forEach((expected, index) => {
      const problem = mismatch(expected, mails[index], `mail ${index + 1}`);
      if (problem) failures.push(problem);
    });
  }
  if (expect.requests) {
    const requests = record.effects.requests;
    if (requests.length !== expect.requests.length) failures.push(`${requests.length} request${requests.length === 1 ? ' was' : 's were'} made, not ${expect.requests.length}`);
    else expect.requests.forEach((expected, index) => {
      const actual = requests[index]!;
      const { method, ...rest } = expected;
      if (method !== undefined && method.toUpperCase() !== actual.method.toUpperCase()) failures.push(`request ${index + 1} is a ${actual.method}, not a ${method.toUpperCase()}`);
      const problem = mismatch(rest, actual, `request ${index + 1}`);
      if (problem) failures.push(problem);
    });
  }
  if (expect.categories) {
    const arrived = categoriesByDestination(record);
    for (const [destination, categories] of Object.entries(expect.categories)) {
      const actual = [...(arrived.get(destination) ?? [])].sort();
      const wanted = [...categories].sort();
      if (actual.join(',') !== wanted.join(',')) {
        failures.push(`the categories that reached '${destination}' are [${actual.join(', ')}], not [${wanted.join(', ')}]${arrived.has(destination) ? '' : ` (destinations reached: ${[...arrived.keys()].join(', ') || 'none'})`}`);
      }
    }
  }
  for (const name of expect.hidden ?? []) {
    const runs = record.actions.filter((action) => action.name === name);
    const trigger = record.trigger.name === name ? [record.trigger] : [];
    const all = [...runs, ...trigger];
    if (all.length === 0) failures.push(`${name} did not run, so nothing of it is hidden`);
    else if (all.some((run) => !run.secured || ('inputs' in run && run.inputs !== undefined && run.secured.inputs) || ('outputs' in run && run.outputs !== undefined && run.secured.outputs))) {
      failures.push(`run history shows the inputs or outputs of ${name}`);
    }
  }
  return failures;
}
