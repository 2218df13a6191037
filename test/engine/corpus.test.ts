/**
 * The engine over the 427 real workflows of ../shared/wdl/corpus and corpus2, with inputs
 * generated from shapes (as scripts/run-corpus.mjs runs them and prints the figures): every run
 * ends as a run ends (Succeeded, Failed, Cancelled) or stops at a named unsupported feature; none
 * fails inside the engine, and a good share succeeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkflow, sampleOf, sampleOperationMocks, sampleTriggerInput, workflowsOf, World } from '../../compiler/src/engine/index.js';
import { sharedWdl } from '../validate/reference-checks.js';

const files = ['corpus', 'corpus2'].flatMap((folder) =>
  readdirSync(join(sharedWdl, folder))
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(sharedWdl, folder, name)),
);

describe('the engine over the real-workflow corpus', () => {
  it('runs every workflow to an end or a named unsupported feature, never failing inside', () => {
    expect(files.length).toBe(427);
    const statuses = new Map<string, number>();
    const crashes: string[] = [];
    const mocks = { actions: {}, operations: sampleOperationMocks() };
    for (const file of files) {
      for (const document of workflowsOf(JSON.parse(readFileSync(file, 'utf8')), basename(file, '.json'))) {
        try {
          const record = runWorkflow(document, { trigger: sampleTriggerInput(document.definition), mocks, world: new World() });
          statuses.set(record.status, (statuses.get(record.status) ?? 0) + 1);
          if (record.status === 'NotSupported') expect(record.notSupported, basename(file)).toMatch(/is not supported by jig run/);
        } catch (error) {
          crashes.push(`${basename(file)}: ${(error as Error).message}`);
        }
      }
    }
    expect(crashes).toEqual([]);
    expect([...statuses.keys()].every((status) => ['Succeeded', 'Failed', 'Cancelled', 'NotSupported'].includes(status))).toBe(true);
    // 146 of 427 succeed today with shape-generated inputs; far fewer would mean the engine regressed.
    expect(statuses.get('Succeeded')).toBeGreaterThanOrEqual(140);
    expect(statuses.get('NotSupported') ?? 0).toBeLessThanOrEqual(55);
  }, 120_000);
});

describe('inputs generated from shapes', () => {
  it('gives every property, one item an array, and values of the declared type and format', () => {
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'string' },
        at: { type: 'string', format: 'date-time' },
        count: { type: 'integer' },
        kind: { enum: ['a', 'b'] },
        lines: { type: 'array', items: { type: ['null', 'object'], properties: { qty: { type: 'number' }, ok: { type: 'boolean' } } } },
      },
    };
    expect(sampleOf(schema)).toEqual({ id: 'text', at: '2025-01-01T00:00:00Z', count: 1, kind: 'a', lines: [{ qty: 1.5, ok: true }] });
    expect(sampleTriggerInput({ triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: { type: 'array', items: { type: 'integer' } } } } } })).toEqual({ body: [1] });
    expect(sampleTriggerInput({ triggers: { daily: { type: 'Recurrence' } } })).toEqual({ body: {} });
  });
});
