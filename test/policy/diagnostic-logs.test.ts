/**
 * Tracked properties computed from the run's data go to the workflow's diagnostic logs (Azure
 * Monitor), storage outside run history's securing and outside Jig's retention: what the policy
 * hides from run history never (run-history, JIG3809), data about someone only where jig.yaml
 * declares the logs and their retention (§8, JIG3810), and then no longer than its maxima (JIG3811).
 */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import { parseConfig } from '../../compiler/src/project/config.js';
import { projectSettings } from '../../compiler/src/project/workspace.js';
import { fixtures, loadPolicyFile } from './helpers.js';

const policy = loadPolicyFile(join(fixtures, 'fixtures.policy.yaml')).policy!;
const projectWith = (yaml: string) => {
  const read = parseConfig('/p/jig.yaml', yaml);
  expect(read.diagnostics).toEqual([]);
  return projectSettings(read.config);
};

// With a customer's mail in the request, Jig hides the trigger from run history, and Logic Apps
// refuses a tracked property that reads it (JIG4118, test/emit/step-kinds.test.ts): the flows whose
// findings are the policy's alone have none.
const flow = (tracked: string, personal = false) => `type Order {
  id:    string @business.transaction
  runId: string @system.operational${personal ? '\n  email: string @personal.contact @subject(customer)' : ''}
}

@purpose(automation, "Acknowledge orders")
@data(business.transaction, system.operational${personal ? ', personal.contact' : ''})
@retain(30 days)
flow ack {
  trigger http post body Order
  respond 200 body { received: true }
    ${tracked}
}
`;

const findings = (text: string, yaml = '') => {
  const compilation = compileText('t.jig', text, { policy, project: projectWith(yaml) });
  return compilation.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, text.slice(d.range.start, d.range.end)]);
};

describe('a computed tracked property: the diagnostic logs as a store', () => {
  test('business data needs the logs declared in jig.yaml (§8, JIG3810); data about no one and plain text do not', () => {
    expect(findings(flow('@tracked("order", trigger.body.id)'))).toEqual([['JIG3810', 'trigger.body.id']]);
    expect(findings(flow('@tracked("order", "O-${trigger.body.id}")'))).toEqual([['JIG3810', 'trigger.body.id']]);
    expect(findings(flow('@tracked("run", trigger.body.runId) @tracked("kind", "order")'))).toEqual([]);
  });

  test('declared, the logs keep data as long as jig.yaml says: within the maxima it is clean, beyond them JIG3811', () => {
    expect(findings(flow('@tracked("order", trigger.body.id)'), 'diagnosticLogs: { retention: 90 days }')).toEqual([]);
    // business.* may be kept 7 years at most (the fixtures' policy): logs that keep 8 exceed it.
    expect(findings(flow('@tracked("order", trigger.body.id)'), 'diagnosticLogs:\n  retention: 8 years\n')).toEqual([['JIG3811', 'trigger.body.id']]);
    // system.* may be kept 2 years: logs that keep 3 exceed it even for data about no one.
    expect(findings(flow('@tracked("run", trigger.body.runId)'), 'diagnosticLogs: { retention: 3 years }')).toEqual([['JIG3811', 'trigger.body.runId']]);
  });

  test('data the policy hides from run history never goes there, declared or not (JIG3809)', () => {
    expect(findings(flow('@tracked("customer", trigger.body.email)', true))).toEqual([['JIG3809', 'trigger.body.email']]);
    expect(findings(flow('@tracked("customer", toLower(trigger.body.email))', true), 'diagnosticLogs: { retention: 30 days }')).toEqual([['JIG3809', 'trigger.body.email']]);
  });

  test('a copy into the logs counts from when the data was first kept, and the time it waited in the run (JIG3811)', () => {
    // Orders kept 7 years, read back and sent on a queue to a flow that tracks each: 7 years and 90 days.
    const copied = (wait: string, retain: string) => `type Order {
  id:     string @business.transaction
}

@purpose(automation, "Keep orders")
@data(business.transaction)
@retain(${retain})
flow keep_orders {
  trigger http post body Order
  store trigger.body in cosmos("sales", "orders") @subject(customer, id)
}

@purpose(automation, "Replay orders")
@data(business.transaction)
@retain(1 day)
flow replay_orders {
  trigger schedule every 1 day
  let orders = query cosmos("sales", "orders") returns Order[]
  for each order in orders {
    send order to servicebus("contoso-orders", "replayed")
  }
}

@purpose(automation, "Track replayed orders")
@data(business.transaction)
@retain(1 day)
flow track_replayed {
  trigger servicebus("contoso-orders", "replayed") body Order
  ${wait}
  respond 200 @tracked("order", trigger.body.id)
}
`;
    const logs = 'diagnosticLogs: { retention: 90 days }';
    // (The message itself is a copy too, JIG3808, and its namespace no resource of this project's.)
    const logFindings = (text: string) => findings(text, logs).filter(([code]) => code === 'JIG3811');
    expect(logFindings(copied('', '7 years'))).toEqual([['JIG3811', 'trigger.body.id']]);
    expect(logFindings(copied('', '6 years'))).toEqual([]);
    // Read from no container, but held in the run 30 days by a wait first: technical data, kept 2 years at most, in logs that keep it 2.
    const waited = flow('@tracked("run", trigger.body.runId)').replace('  respond 200', '  wait 30 days\n  respond 200');
    expect(findings(waited, 'diagnosticLogs: { retention: 2 years }')).toEqual([['JIG3811', 'trigger.body.runId']]);
    expect(findings(flow('@tracked("run", trigger.body.runId)'), 'diagnosticLogs: { retention: 2 years }')).toEqual([]);
  });

  test("a raw trigger's or action's trackedProperties are log writes of what it may read; a secondary flow's get only aggregates (JIG3401)", () => {
    const raw = `@purpose(automation, "Take orders")
@data(business.transaction, personal.contact)
@retain(30 days)
flow take_raw {
  trigger raw "manual" { "type": "Request", "kind": "Http", "trackedProperties": { "Email": "@triggerBody()?['email']" } }
  respond 202
}
`;
    expect(findings(raw)).toEqual([['JIG3809', '"trackedProperties": { "Email": "@triggerBody()?[\'email\']" }'], ['JIG3810', '"trackedProperties": { "Email": "@triggerBody()?[\'email\']" }']]);
    const secondary = flow('@tracked("order", trigger.body.id)').replace('@purpose(automation, "Acknowledge orders")', '@purpose(analytics, "Count orders")\n@allow(s06-opt-out, "the caller sends no opted-out order")');
    expect(findings(secondary, 'diagnosticLogs: { retention: 90 days }').filter(([code]) => code === 'JIG3401')).toEqual([['JIG3401', 'trigger.body.id']]);
  });

  test("jig.yaml's diagnosticLogs takes a retention in days, weeks, months or years", () => {
    expect(projectWith('diagnosticLogs: { retention: 2 weeks }').diagnosticLogs?.retention).toEqual({ amount: 2, unit: 'weeks', seconds: 14 * 86_400 });
    for (const bad of ['diagnosticLogs: { retention: forever }', 'diagnosticLogs: {}', 'diagnosticLogs: { retention: 3 hours }']) {
      expect(parseConfig('/p/jig.yaml', bad).diagnostics.map((d) => d.code), bad).toHaveLength(1);
    }
  });
});
