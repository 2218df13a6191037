/**
 * `@tracked("NAME", VALUE)`, run against its meaning: what reaches the diagnostic logs. Logic Apps
 * computes an action's tracked properties once the action has run and sends them with its run to
 * the logs (Microsoft, "Monitor and collect diagnostic data for workflows", Tracked properties);
 * the engine now computes them so (ActionRun.trackedProperties), and a skipped action sends none.
 * VALUE is plain text, where a leading `@` and `@{` must reach the logs as written, or an
 * interpolation of the trigger and params: the differential property compares Jig's meaning of
 * random texts with what the engine computes from the emitted JSON.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RunRecord } from '../../compiler/src/engine/index.js';
import { expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

const flow = (tracked: string, branch = 'true') => `param region: string = "west"

type Ping {
  runId: string  @system.operational
  go:    boolean @system.operational
}

@purpose(automation, "Track pings")
@data(system.operational)
@retain(1 day)
flow track_pings {
  trigger http post body Ping
  if ${branch} {
    call http post "https://status.azurewebsites.net/api/ping" body { ok: true } @action("Ping")
      ${tracked}
  }
  respond 200
}
`;

const trackedOf = (record: RunRecord, action = 'Ping') => record.actions.find((a) => a.name === action)?.trackedProperties;
const ok = { operations: { 'http:POST https://status.azurewebsites.net/api/ping': { responses: [{ status: 200 }] } } };

describe('what @tracked sends to the logs', () => {
  it('the trigger\'s field, an interpolation, a param, a function of them and plain text, computed when the action ran', () => {
    const run = compileJig(
      flow('@tracked("run", trigger.body.runId) @tracked("label", "run ${trigger.body.runId}") @tracked("region", region) @tracked("size", length(trigger.body.runId)) @tracked("kind", "ping")'),
    );
    const record = run({ trigger: { body: { runId: 'R-17', go: true } }, mocks: ok });
    expect(trackedOf(record)).toEqual({ run: 'R-17', label: 'run R-17', region: 'west', size: 4, kind: 'ping' });
  });

  it('sends plain text as written, an @ and @{ in it too', () => {
    const run = compileJig(flow('@tracked("a", "@home") @tracked("b", "ops@example.com") @tracked("c", "@{not} an expression") @tracked("d", "x @@ y")'));
    expect(trackedOf(run({ trigger: { body: { runId: 'R', go: true } }, mocks: ok }))).toEqual({ a: '@home', b: 'ops@example.com', c: '@{not} an expression', d: 'x @@ y' });
  });

  it('sends nothing for an action that did not run', () => {
    const run = compileJig(flow('@tracked("run", trigger.body.runId)', 'trigger.body.go'));
    const record = run({ trigger: { body: { runId: 'R', go: false } }, mocks: ok });
    expect(record.actions.find((a) => a.name === 'Ping')).toBeUndefined();
    expect(record.actions.some((a) => a.trackedProperties !== undefined)).toBe(false);
  });

  it('differential: random texts with interpolations reach the logs as Jig means them', () => {
    const literal = fc.stringMatching(/^[a@{} %b]{0,6}$/);
    const part = fc.oneof(
      literal.map((text) => ({ jig: text, meaning: (runId: string) => text })),
      fc.constant({ jig: '${trigger.body.runId}', meaning: (runId: string) => runId }),
      fc.constant({ jig: '${region}', meaning: () => 'west' }),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.stringMatching(/^[a@{}b]{0,4}$/), (parts, runId) => {
        const run = compileJig(flow(`@tracked("t", "${parts.map((p) => p.jig).join('')}")`));
        const record = run({ trigger: { body: { runId, go: true } }, mocks: ok });
        expect(trackedOf(record)).toEqual({ t: parts.map((p) => p.meaning(runId)).join('') });
      }),
      { numRuns: 60 },
    );
  });
});
