/**
 * A value of the shape a JSON Schema describes, for runs that have no recorded input: a Request
 * trigger's body from its schema, a connector's reply from its response shape. Every property is
 * given, arrays hold one item, so that the workflow's reads find something of the right type.
 */
import type { Mock } from '../runtime/mocks.js';
import { OPERATIONS, TRIGGER_SHAPES } from './catalog.js';

const SAMPLE_TIME = '2025-01-01T00:00:00Z';

export function sampleOf(schema: unknown, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 8) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s['const'];
  if (Array.isArray(s['enum']) && s['enum'].length > 0) return s['enum'][0];
  if ('default' in s) return s['default'];
  for (const key of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(s[key]) && s[key].length > 0) return sampleOf(s[key][0], depth + 1);
  const types = Array.isArray(s['type']) ? (s['type'] as unknown[]).filter((t) => t !== 'null') : [s['type']];
  const type = types[0] ?? (s['properties'] ? 'object' : s['items'] ? 'array' : undefined);
  switch (type) {
    case 'object': {
      const properties = (s['properties'] ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, sampleOf(property, depth + 1)]));
    }
    case 'array':
      return s['items'] === undefined ? [] : [sampleOf(s['items'], depth + 1)];
    case 'string':
      return s['format'] === 'date-time' ? SAMPLE_TIME : s['format'] === 'date' ? SAMPLE_TIME.slice(0, 10) : s['format'] === 'uri' ? 'https://example.com/' : 'text';
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The known connector trigger a definition's trigger is, by its path: a polling trigger's
 * `inputs.path`, a webhook's (ApiConnectionNotification) `inputs.fetch.pathTemplate.template`.
 */
export function connectorTriggerOf(trigger: Record<string, unknown>): (typeof TRIGGER_SHAPES)[number] | undefined {
  const inputs = isRecord(trigger['inputs']) ? trigger['inputs'] : {};
  const fetch = isRecord(inputs['fetch']) ? inputs['fetch'] : {};
  const template = isRecord(fetch['pathTemplate']) ? fetch['pathTemplate']['template'] : undefined;
  const path = typeof inputs['path'] === 'string' ? inputs['path'] : typeof template === 'string' ? template : '';
  return TRIGGER_SHAPES.find((candidate) => candidate.path.test(path));
}

/**
 * A trigger input of the right shape for a workflow run without a recorded one: a Request
 * trigger's body from its schema, a known connector trigger's from the connector's shape.
 */
export function sampleTriggerInput(definition: Record<string, unknown>): { body: unknown } {
  const triggers = definition['triggers'];
  const [trigger] = typeof triggers === 'object' && triggers !== null ? Object.values(triggers as Record<string, unknown>) : [];
  if (typeof trigger !== 'object' || trigger === null) return { body: {} };
  const t = trigger as Record<string, unknown>;
  const inputs = (typeof t['inputs'] === 'object' && t['inputs'] !== null ? t['inputs'] : {}) as Record<string, unknown>;
  if (String(t['type']).toLowerCase() === 'request') return { body: inputs['schema'] ? sampleOf(inputs['schema']) : {} };
  const shape = connectorTriggerOf(t);
  if (shape) return { body: t['splitOn'] ? sampleOf(shape.body) : { value: [sampleOf(shape.body)] } };
  return { body: {} };
}

/** Answers of the connector operations the engine knows but does not simulate, from their shapes. */
export function sampleOperationMocks(): Record<string, Mock> {
  return Object.fromEntries(OPERATIONS.filter((operation) => !operation.simulate).map((operation) => [`${operation.connector}.${operation.id}`, { responses: [{ status: 200, body: sampleOf(operation.response) }] }]));
}
