/**
 * A store's retention is its documents' Cosmos DB `ttl`, in seconds, which Cosmos DB takes only as
 * "a nonzero positive integer less than or equal to 2147483647, or -1" (Microsoft, "Time to Live
 * (TTL) in Azure Cosmos DB"). A retention of 70 years, which a company's own policy may allow, was
 * written as a ttl of 2,207,520,000: every upsert is refused in Azure, while jig test stored the
 * document. Now Jig refuses it (JIG4125), and the engine's Cosmos DB refuses what Cosmos DB does.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { runWorkflow, World } from '../../compiler/src/engine/index.js';
import { loadPolicy } from '../../compiler/src/policy/load.js';
import { referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';
import { emitFixtureProject } from './helpers.js';

// JigAjob's policy under another id, whose operational data may be kept a century.
const embedded = readFileSync(fileURLToPath(new URL('../../compiler/src/policy/jigajob.policy.yaml', import.meta.url)), 'utf8');
const { policy } = loadPolicy(
  embedded.replace(/^id: jigajob$/m, 'id: longco').replace('maxRetention: { period: 2 years, provisional: true }', 'maxRetention: { period: 100 years, provisional: true }'),
  'longco.policy.yaml',
);

const flow = (retain: string) => `type Run {
  id: string @system.operational
}

@purpose(automation, "Keep the runs of a job")
@data(system.operational)
@retain(${retain})
flow keep_runs {
  trigger http post body Run
  store trigger.body in cosmos("jigajob", "runs")
  respond 200
}
`;

const compile = (retain: string) => compileText('keep.jig', flow(retain), { policy: policy!, project: emitFixtureProject });
const codes = (retain: string) => compile(retain).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe("a store's retention as Cosmos DB's ttl", () => {
  it('is refused (JIG4125) past 2,147,483,647 seconds, and written up to it', () => {
    expect(policy).toBeDefined();
    expect(codes('70 years')).toEqual(['JIG4125']);
    expect(codes('24856 days')).toEqual(['JIG4125']);
    expect(codes('24855 days')).toEqual([]);
    expect(codes('68 years')).toEqual([]);
  });

  it('a ttl Cosmos DB does not take fails the store in the engine, as in Azure', () => {
    const upsert = (ttl: unknown) => ({
      name: 'upsert',
      parameterValues: {},
      definition: {
        $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
        contentVersion: '1.0.0.0',
        parameters: { $connections: { type: 'Object', defaultValue: {} } },
        triggers: { manual: { type: 'Request', kind: 'Http', inputs: {} } },
        actions: {
          Store: {
            type: 'ApiConnection',
            runAfter: {},
            inputs: {
              host: { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } },
              method: 'post',
              path: "/v2/cosmosdb/@{encodeURIComponent('acct')}/dbs/@{encodeURIComponent('jigajob')}/colls/@{encodeURIComponent('runs')}/docs",
              body: { id: 'r1', ttl },
            },
          },
        },
      },
    });
    for (const ttl of [2_207_520_000, 2_147_483_648, 0, -2, 1.5, null, '60']) {
      const run = runWorkflow(upsert(ttl), { trigger: { body: {} }, world: new World() });
      expect([ttl, run.actions[0]!.status]).toEqual([ttl, 'Failed']);
    }
    for (const ttl of [1, 2_147_483_647, -1]) {
      const run = runWorkflow(upsert(ttl), { trigger: { body: {} }, world: new World() });
      expect([ttl, run.actions[0]!.status, run.effects.stored.length]).toEqual([ttl, 'Succeeded', 1]);
    }
  });

  it('the longest retention Jig writes is stored', () => {
    const { workflows } = compile('24855 days').emit();
    const definition = workflows[0]!.definition;
    expect(referenceSchemaErrors(definition)).toEqual([]);
    expect(saveRuleFindings([{ name: 'keep_runs', json: { definition, parameters: workflows[0]!.parameterValues } }])).toEqual([]);
    const run = runWorkflow({ name: 'keep_runs', definition: definition as unknown as Record<string, unknown>, parameterValues: workflows[0]!.parameterValues }, { trigger: { body: { id: 'r1' } }, world: new World() });
    expect(run.status).toBe('Succeeded');
    expect(run.effects.stored.map((s) => s.ttl)).toEqual([24855 * 86400]);
  });
});
