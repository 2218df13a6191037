/**
 * What an Http action sends and answers, as Microsoft's HTTP connector reference documents it:
 * - Logic Apps removes some request headers "without showing any warning or error" (Known issues,
 *   Omitted HTTP headers): the engine sent them, and Jig wrote them without a word. Now the engine
 *   does not send them, and Jig warns where a `call http` names one (JIG4124). A Response loses
 *   most of the same headers, as the Request trigger's reference documents (the engine answered
 *   with them, and Jig wrote them without a word): now likewise.
 * - An answer of 202 Accepted with a `location` header is not the action's result: the service
 *   polls that URL until it answers otherwise ("Asynchronous request-response behavior"), unless
 *   `@synchronous` turns the pattern off. Jig's README said so, and the engine took the 202 as the
 *   answer: a `jig test` of a flow calling such an API read an answer Azure never gives it.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mock } from '../../compiler/src/engine/index.js';
import { emitText, expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

const URL = 'https://status.azurewebsites.net/api/export';
const STATUS = 'https://status.azurewebsites.net/api/status/7';

const flow = (call: string) => `type Export {
  id: string @system.operational
}
type Done {
  total: integer @system.operational
}

@purpose(automation, "Export a batch")
@data(system.operational)
@retain(1 day)
flow export_batch {
  trigger http post body Export
${call}
}
`;

const codes = (text: string) => emitText(text).diagnostics.map((d) => `${d.code} ${d.message.match(/'([^']+)'/)?.[1] ?? ''}`);

describe('headers Logic Apps does not send', () => {
  const call = (method: string, headers: string) => flow(`  call http ${method} "${URL}"\n    headers { ${headers} }${method === 'post' ? '\n    body trigger.body' : ''}`);
  const HEADERS = '"Host": "other.example.org", "origin": "https://x.example.org", "Content-Type": "application/json", "Accept": "application/json", "Accept-Language": "nl", "X-Batch": trigger.body.id';

  it('warns (JIG4124) at each, and the engine sends the request without them', () => {
    expect(codes(call('get', HEADERS))).toEqual(['JIG4124 Host', 'JIG4124 origin', 'JIG4124 Content-Type', 'JIG4124 Accept-Language']);
    // Content-Type goes with a POST.
    expect(codes(call('post', HEADERS))).toEqual(['JIG4124 Host', 'JIG4124 origin', 'JIG4124 Accept-Language']);
    const get = compileJig(call('get', HEADERS))({ trigger: { body: { id: 'B-1' } } });
    expect(get.effects.requests[0]!.headers).toEqual({ Accept: 'application/json', 'X-Batch': 'B-1' });
    const post = compileJig(call('post', HEADERS))({ trigger: { body: { id: 'B-1' } } });
    expect(post.effects.requests[0]!.headers).toEqual({ 'Content-Type': 'application/json', Accept: 'application/json', 'X-Batch': 'B-1' });
  });

  it('for any header and method, the engine drops exactly the headers Jig warns of', () => {
    const NAMES = ['Host', 'HOST', 'Cookie', 'Set-Cookie', 'Origin', 'Allow', 'Expires', 'Last-Modified', 'Transfer-Encoding', 'Accept', 'Accept-Encoding', 'accept-version', 'Content-Type', 'Content-Length', 'content-disposition', 'Content-Encoding', 'Content-Language', 'X-Trace', 'Authorization-Hint'];
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }), fc.constantFrom('get', 'post', 'put'), (names, method) => {
        const text = call(method, names.map((name) => `"${name}": "v"`).join(', '));
        const warned = emitText(text).diagnostics.filter((d) => d.code === 'JIG4124').map((d) => d.message.match(/'([^']+)'/)![1]);
        const sent = Object.keys((compileJig(text)({ trigger: { body: { id: 'B' } } }).effects.requests[0]!.headers ?? {}) as Record<string, unknown>);
        expect({ names, method, warned, sent }).toEqual({ names, method, warned: names.filter((n) => !sent.includes(n)), sent: names.filter((n) => !warned.includes(n)) });
      }),
      { numRuns: 60 },
    );
  });
});

describe('headers Logic Apps removes from a response', () => {
  // "Receive and respond to inbound HTTPS calls", Add a Response action: Logic Apps "automatically
  // removes these headers from the generated response message without showing any warning or error".
  const respond = (headers: string) => flow(`  respond 200 headers { ${headers} } body trigger.body`);

  it('warns (JIG4124) at each, and the engine answers without them', () => {
    const text = respond('"Set-Cookie": "a=1", "Content-Type": "application/json", "Content-Language": "nl", "Expires": "0", "Location": "https://status.azurewebsites.net/x", "X-Batch": trigger.body.id');
    expect(codes(text)).toEqual(['JIG4124 Set-Cookie', 'JIG4124 Content-Language', 'JIG4124 Expires']);
    expect(emitText(text).diagnostics.find((d) => d.code === 'JIG4124')!.message).toContain('the caller never receives it');
    const record = compileJig(text)({ trigger: { body: { id: 'B-1' } } });
    expect(record.response?.headers).toEqual({ 'Content-Type': 'application/json', Location: 'https://status.azurewebsites.net/x', 'X-Batch': 'B-1' });
  });

  it('for any headers, the engine drops exactly those Jig warns of', () => {
    const NAMES = ['Allow', 'cookie', 'Set-Cookie', 'Expires', 'Last-Modified', 'Transfer-Encoding', 'Content-Type', 'content-disposition', 'Content-Encoding', 'Content-Length', 'Content-Language', 'Accept', 'Host', 'Location', 'Retry-After', 'X-Trace'];
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }), (names) => {
        const text = respond(names.map((name) => `"${name}": "https://status.azurewebsites.net/v"`).join(', '));
        const warned = emitText(text).diagnostics.filter((d) => d.code === 'JIG4124').map((d) => d.message.match(/'([^']+)'/)![1]);
        const answered = Object.keys(compileJig(text)({ trigger: { body: { id: 'B' } } }).response?.headers ?? {});
        expect({ names, warned, answered }).toEqual({ names, warned: names.filter((n) => !answered.includes(n)), answered: names.filter((n) => !warned.includes(n)) });
      }),
      { numRuns: 40 },
    );
  });
});

describe('the asynchronous pattern', () => {
  const accepted = (retryAfter?: number) => ({ status: 202, headers: { Location: STATUS, ...(retryAfter && { 'Retry-After': String(retryAfter) }) } });
  const answering = (start: Mock, status: Mock) => ({ operations: { [`http:POST ${URL}`]: start, [`http:GET ${STATUS}`]: status } });
  const typed = flow(`  let done = call http post "${URL}" body trigger.body returns Done\n  respond 200 body { total: done.total }`);
  const trigger = { body: { id: 'B-1' } };

  it('polls the location until it answers otherwise, and that answer is the result', () => {
    const record = compileJig(typed)({ trigger, mocks: answering({ responses: [accepted(5)] }, { responses: [accepted(10), { status: 200, body: { total: 3 } }] }) });
    expect([record.status, record.response?.body]).toEqual(['Succeeded', { total: 3 }]);
    expect(record.effects.requests.map((r) => `${r.method} ${r.uri}`)).toEqual([`POST ${URL}`, `GET ${STATUS}`, `GET ${STATUS}`]);
    const call = record.actions.find((a) => a.type === 'Http')!;
    // Retry-After 5, then 10.
    expect(Date.parse(call.endTime) - Date.parse(call.startTime)).toBe(15_000);
  });

  it('polls every 20 seconds without Retry-After, takes the action\'s own mock in turn, and fails on a failed answer', () => {
    const own = { actions: { Call_done: { responses: [accepted(), accepted(), { status: 200, body: { total: 4 } }] } } };
    const record = compileJig(typed)({ trigger, mocks: own });
    expect(record.response?.body).toEqual({ total: 4 });
    const call = record.actions.find((a) => a.type === 'Http')!;
    expect(Date.parse(call.endTime) - Date.parse(call.startTime)).toBe(40_000);
    const failed = compileJig(typed)({ trigger, mocks: answering({ responses: [accepted(5)] }, { responses: [{ status: 404 }] }) });
    expect([failed.status, failed.actions.find((a) => a.type === 'Http')!.status]).toEqual(['Failed', 'Failed']);
  });

  it('takes the 202 as the answer with @synchronous, or without a location', () => {
    const synchronous = flow(`  let started = call http post "${URL}" body trigger.body @outputs @synchronous\n  respond 200 body { status: started.statusCode }`);
    const record = compileJig(synchronous)({ trigger, mocks: answering({ responses: [accepted(5)] }, { responses: [{ status: 200 }] }) });
    expect([record.response?.body, record.effects.requests.length]).toEqual([{ status: 202 }, 1]);
    const plain = flow(`  let started = call http post "${URL}" body trigger.body @outputs\n  respond 200 body { status: started.statusCode }`);
    const noLocation = compileJig(plain)({ trigger, mocks: { operations: { [`http:POST ${URL}`]: { responses: [{ status: 202 }] } } } });
    expect(noLocation.response?.body).toEqual({ status: 202 });
  });
});
