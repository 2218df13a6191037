/**
 * Mocks as test files and `jig run --mock` write them, read into the engine's form: by action
 * name, or by connector operation ('documentdb.QueryDocumentsV5', 'office365:post /v2/Mail',
 * 'http:POST https://host/path'); a mock is one response or a `sequence`, one a call.
 */
import type { Mock, MockResponse, Mocks } from '../engine/index.js';

/** Whether a mock's key names a connector operation rather than an action. */
export function isOperationKey(key: string): boolean {
  return key.includes(':') || /^[a-z0-9]+\.[A-Za-z0-9]+$/.test(key);
}

/** `PT2S`, `500ms`, `2s`, `1m`, `1h` in milliseconds. */
export function delayMs(text: string): number {
  const short = /^([0-9.]+)(ms|s|m|h)$/.exec(text);
  if (short) return Math.round(Number(short[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[short[2] as 'ms' | 's' | 'm' | 'h']);
  const iso = /^PT(?:([0-9.]+)H)?(?:([0-9.]+)M)?(?:([0-9.]+)S)?$/i.exec(text);
  if (iso) return Math.round(((Number(iso[1] ?? 0) * 60 + Number(iso[2] ?? 0)) * 60 + Number(iso[3] ?? 0)) * 1000);
  throw new Error(`'${text}' is not a duration (PT2S, 500ms, 2s, 1m, 1h)`);
}

function responseOf(value: Record<string, unknown>): MockResponse {
  return {
    ...(typeof value['status'] === 'number' && { status: value['status'] }),
    ...(typeof value['headers'] === 'object' && value['headers'] !== null && { headers: value['headers'] as Record<string, unknown> }),
    ...('body' in value && { body: value['body'] }),
    ...(typeof value['error'] === 'string' && { error: value['error'] }),
    ...(typeof value['delay'] === 'string' && { delayMs: delayMs(value['delay']) }),
    ...(Array.isArray(value['toolCalls']) && { toolCalls: value['toolCalls'] as MockResponse['toolCalls'] }),
  };
}

export function mockOf(value: Record<string, unknown>): Mock {
  const sequence = Array.isArray(value['sequence']) ? (value['sequence'] as Record<string, unknown>[]).map(responseOf) : [responseOf(value)];
  return { responses: sequence, ...(Array.isArray(value['categories']) && { categories: value['categories'] as string[] }) };
}

/** Mocks from a `mocks:` mapping (already checked against the schema). */
export function mocksOf(...layers: (Record<string, unknown> | undefined)[]): Mocks {
  const actions: Record<string, Mock> = {};
  const operations: Record<string, Mock> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      const mock = mockOf(value as Record<string, unknown>);
      if (isOperationKey(key)) operations[key] = mock;
      else actions[key] = mock;
    }
  }
  return { actions, operations };
}
