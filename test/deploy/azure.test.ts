/**
 * The real @azure/arm-logic client against the fake Resource Manager on 127.0.0.1 (TLS, the fake's
 * certificate trusted through the client's options), driven by deployWorkflows.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { LogicClient } from '../../compiler/src/deploy/azure.js';
import { createKeyVaultReader } from '../../compiler/src/deploy/keyvault.js';
import { createCosmosContainerReader } from '../../compiler/src/deploy/cosmos.js';
import { TAGS } from '../../compiler/src/deploy/plan.js';
import { deployWorkflows, succeeded, type DeployOptions } from '../../compiler/src/deploy/run.js';
import { jsonHash } from '../../compiler/src/deploy/hash.js';
import {
  cosmosWorkflow,
  fakeArmClient,
  fastRetry,
  policy,
  RESOURCE_GROUP,
  scope,
  staticCredential,
  SUBSCRIPTION,
  useFakeArm,
  workflow,
} from './helpers.js';

const arm = useFakeArm();
const credential = staticCredential();

function client(): Promise<LogicClient> {
  return fakeArmClient(arm(), credential);
}

// Cosmos DB containers answer with time to live on unless a test says otherwise.
beforeEach(() => {
  arm().anyContainer = { defaultTtl: -1 };
});

async function deploy(options: Partial<DeployOptions> & Pick<DeployOptions, 'workflows'>) {
  return deployWorkflows({
    scope,
    client: await client(),
    parameters: { settings: {}, env: {}, readKeyVaultSecret: async () => 'unused' },
    cosmos: { account: 'acct' },
    readContainer: await createCosmosContainerReader({ credential, endpoint: arm().url, trustedCertificates: arm().certificate, retry: fastRetry }),
    ...options,
  });
}

const containerPath = (container: string, resourceGroup = RESOURCE_GROUP) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/Microsoft.DocumentDB/databaseAccounts/acct/sqlDatabases/db/containers/${container}`;

const workflowPath = (name: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Logic/workflows/${name}`;

describe('deploy against the fake Resource Manager', () => {
  it('creates a new workflow: GET 404, validate, PUT with definition, parameters and tags', async () => {
    const result = await deploy({
      workflows: [cosmosWorkflow('store_docs')],
      parameters: {
        settings: { apiKey: { env: 'API_KEY' }, retries: 3 },
        env: { API_KEY: 's3cr3t-value' },
        readKeyVaultSecret: async () => 'unused',
      },
      connections: { documentdb: { connectionName: 'cosmos-conn' } },
    });
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['created']);
    expect(succeeded(result)).toBe(true);

    // The container's time to live is read before anything else.
    expect(arm().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${containerPath('c')}`,
      `GET ${workflowPath('store_docs')}`,
      `POST ${workflowPath('store_docs')}/validate`,
      `PUT ${workflowPath('store_docs')}`,
    ]);
    for (const request of arm().requests) {
      expect(request.apiVersion).toBe(request.path.includes('Microsoft.DocumentDB') ? '2024-11-15' : '2019-05-01');
      expect(request.authorization).toBe('Bearer fake-token');
    }
    const put = arm().requests[3]!.body;
    expect(put.location).toBe('eastus');
    expect(put.properties.state).toBe('Enabled');
    expect(put.properties.definition).toEqual(cosmosWorkflow('store_docs').definition);
    expect(put.properties.parameters).toEqual({
      apiKey: { value: 's3cr3t-value' },
      retries: { value: 3 },
      $connections: {
        value: {
          documentdb: {
            connectionId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Web/connections/cosmos-conn`,
            connectionName: 'cosmos-conn',
            id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Web/locations/eastus/managedApis/documentdb`,
          },
        },
      },
    });
    expect(put.tags).toMatchObject({
      [TAGS.policyId]: policy.id,
      [TAGS.policyVersion]: policy.version,
      [TAGS.policyHash]: policy.hash,
      [TAGS.definitionHash]: jsonHash(cosmosWorkflow('store_docs').definition),
    });
    expect(arm().requests[2]!.body).toEqual(put);
    // The token was asked for Resource Manager's scope on the configured endpoint.
    expect(credential.scopes).toContain(`${arm().url}/.default`);
    // The secret reached Azure and nowhere else.
    expect(JSON.stringify(result)).not.toContain('s3cr3t-value');
  });

  it('deploys a called flow before its caller and passes its workflow id', async () => {
    const caller = workflow('caller');
    const callerDefinition = {
      ...caller.definition,
      parameters: { workflowId_callee: { type: 'String' } },
    };
    const result = await deploy({ workflows: [{ ...caller, definition: callerDefinition, childFlows: ['callee'] }, workflow('callee')] });
    expect(result.outcomes.map((o) => `${o.name}:${o.outcome}`)).toEqual(['callee:created', 'caller:created']);
    const put = arm().requests.filter((r) => r.method === 'PUT')[1]!;
    expect(put.path).toBe(workflowPath('caller'));
    expect(put.body.properties.parameters.workflowId_callee).toEqual({ value: workflowPath('callee') });
  });

  it('leaves an unchanged workflow alone on the next run (only a GET)', async () => {
    await deploy({ workflows: [workflow('greeter')] });
    arm().requests.length = 0;
    const again = await deploy({ workflows: [workflow('greeter')] });
    expect(again.outcomes.map((o) => o.outcome)).toEqual(['unchanged']);
    expect(arm().requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('updates a workflow whose source changed, keeping tags others added and a disabled state', async () => {
    await deploy({ workflows: [workflow('greeter')] });
    const stored = arm().workflows.get('greeter');
    stored.tags = { ...stored.tags, costCenter: 'ops' };
    stored.properties.state = 'Disabled';
    arm().requests.length = 0;

    const result = await deploy({ workflows: [workflow('greeter', 'hello again')] });
    expect(result.outcomes[0]).toMatchObject({ outcome: 'updated', plan: { changes: ['definition'] } });
    expect(arm().requests.map((r) => r.method)).toEqual(['GET', 'POST', 'PUT']);
    const put = arm().requests[2]!.body;
    expect(put.properties.definition.actions.Respond.inputs.body).toBe('hello again');
    expect(put.properties.state).toBe('Disabled');
    expect(put.tags.costCenter).toBe('ops');
  });

  it('updates when only a parameter value changed', async () => {
    const settings = (retries: number) => ({
      settings: { apiKey: { env: 'K' }, retries },
      env: { K: 'k' },
      readKeyVaultSecret: async () => 'unused',
    });
    const connections = { documentdb: { connectionName: 'cosmos-conn' } };
    await deploy({ workflows: [cosmosWorkflow('docs')], parameters: settings(1), connections });
    const result = await deploy({ workflows: [cosmosWorkflow('docs')], parameters: settings(2), connections });
    expect(result.outcomes[0]).toMatchObject({ outcome: 'updated', plan: { changes: ['parameters'] } });
  });

  it('refuses to overwrite a workflow edited outside Jig, and overwrites it with force', async () => {
    await deploy({ workflows: [workflow('greeter')] });
    arm().workflows.get('greeter').properties.definition.actions.Respond.inputs.body = 'edited in the portal';
    arm().requests.length = 0;

    const refused = await deploy({ workflows: [workflow('greeter', 'from source')] });
    expect(refused.outcomes[0]).toMatchObject({ outcome: 'drifted', plan: { drift: 'edited' } });
    expect(refused.outcomes[0]!.finding!.diagnostic.code).toBe('JIG6010');
    expect(succeeded(refused)).toBe(false);
    expect(arm().writes()).toEqual([]);

    const forced = await deploy({ workflows: [workflow('greeter', 'from source')], force: true });
    expect(forced.outcomes[0]!.outcome).toBe('updated');
    expect(arm().workflows.get('greeter').properties.definition.actions.Respond.inputs.body).toBe('from source');
  });

  it('refuses to take over a workflow Jig did not deploy', async () => {
    arm().workflows.set('greeter', { name: 'greeter', location: 'eastus', properties: { definition: { actions: {} } } });
    const result = await deploy({ workflows: [workflow('greeter')] });
    expect(result.outcomes[0]).toMatchObject({ outcome: 'drifted', plan: { drift: 'not-managed' } });
    expect(result.outcomes[0]!.finding!.diagnostic.code).toBe('JIG6011');
    expect(arm().writes()).toEqual([]);
  });

  it('writes nothing in a dry run and says what it would do', async () => {
    await deploy({ workflows: [workflow('existing')] });
    arm().requests.length = 0;
    const planned: string[] = [];
    const result = await deploy({
      workflows: [workflow('existing', 'changed'), workflow('fresh')],
      dryRun: true,
      onPlan: (plan) => planned.push(`${plan.name}:${plan.action}`),
    });
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['would-update', 'would-create']);
    expect(planned).toEqual(['existing:update', 'fresh:create']);
    expect(arm().requests.every((r) => r.method === 'GET')).toBe(true);
    expect(arm().workflows.has('fresh')).toBe(false);
    expect(succeeded(result, true)).toBe(true);
  });

  it('retries a 429 after the Retry-After the service gave', async () => {
    arm().fail({ method: 'GET', pathIncludes: '/workflows/greeter', status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
    const result = await deploy({ workflows: [workflow('greeter')] });
    expect(result.outcomes[0]!.outcome).toBe('created');
    const gets = arm().requests.filter((r) => r.method === 'GET');
    expect(gets).toHaveLength(2);
    expect(gets[1]!.at - gets[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries a 503 on the write with backoff', async () => {
    arm().fail({ method: 'PUT', pathIncludes: '/workflows/greeter', status: 503, times: 2, body: { error: { code: 'ServiceUnavailable', message: 'busy' } } });
    const result = await deploy({ workflows: [workflow('greeter')] });
    expect(result.outcomes[0]!.outcome).toBe('created');
    expect(arm().requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
  });

  it('retries a dropped connection', async () => {
    arm().fail({ method: 'GET', pathIncludes: '/workflows/greeter', status: 0 });
    const result = await deploy({ workflows: [workflow('greeter')] });
    expect(result.outcomes[0]!.outcome).toBe('created');
    expect(arm().requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('gives up when throttled longer than it may wait, naming the service error', async () => {
    arm().fail({ method: 'GET', pathIncludes: '/workflows/greeter', status: 429, headers: { 'Retry-After': '3600' }, body: { error: { code: 'TooManyRequests', message: 'come back in an hour' } } });
    const started = Date.now();
    const result = await deploy({ workflows: [workflow('greeter')] });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.outcomes[0]!.outcome).toBe('failed');
    expect(result.outcomes[0]!.finding!.diagnostic.message).toContain('come back in an hour');
  });

  it('reports a 400 from validation with the service message and writes nothing', async () => {
    arm().fail({ method: 'POST', pathIncludes: '/validate', status: 400, body: { error: { code: 'InvalidDefinition', message: 'definition missing' } } });
    const result = await deploy({ workflows: [workflow('greeter')] });
    expect(result.outcomes[0]!.outcome).toBe('refused');
    const diagnostic = result.outcomes[0]!.finding!.diagnostic;
    expect(diagnostic.code).toBe('JIG6012');
    expect(diagnostic.message).toContain('InvalidDefinition: definition missing');
    expect(arm().requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('reports a half-failed run: which workflows are in place and which are not', async () => {
    arm().fail({ method: 'PUT', pathIncludes: '/workflows/second', status: 500, times: 10, body: { error: { code: 'InternalServerError', message: 'boom' } } });
    const result = await deploy({ workflows: [workflow('first'), workflow('second'), workflow('third')] });
    expect(result.outcomes.map((o) => `${o.name}:${o.outcome}`)).toEqual(['first:created', 'second:failed', 'third:created']);
    expect(result.outcomes[1]!.finding!.diagnostic).toMatchObject({ code: 'JIG6013' });
    expect(result.outcomes[1]!.finding!.diagnostic.message).toContain('boom');
    expect(succeeded(result)).toBe(false);
    expect([...arm().workflows.keys()].sort()).toEqual(['first', 'third']);
  });

  it('stops before any request when a parameter or connection is missing', async () => {
    const result = await deploy({ workflows: [workflow('fine'), cosmosWorkflow('docs')] });
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['skipped', 'skipped']);
    expect(result.findings.map((f) => f.diagnostic.code).sort()).toEqual(['JIG6003', 'JIG6007']);
    expect(arm().requests).toEqual([]);
  });

  it('reads a secret parameter from Key Vault with the deploying identity', async () => {
    arm().secrets.set('api-key', 'vault-secret');
    const vaultCredential = staticCredential('vault-token');
    const readKeyVaultSecret = await createKeyVaultReader({ credential: vaultCredential, trustedCertificates: arm().certificate, retry: fastRetry });
    const result = await deploy({
      workflows: [cosmosWorkflow('docs')],
      parameters: { settings: { apiKey: { keyVault: { vault: arm().url, secret: 'api-key' } } }, env: {}, readKeyVaultSecret },
      connections: { documentdb: { connectionName: 'c' } },
    });
    expect(result.outcomes[0]!.outcome).toBe('created');
    const secretRead = arm().requests.find((r) => r.path === '/secrets/api-key')!;
    expect(secretRead.apiVersion).toBe('7.4');
    expect(secretRead.authorization).toBe('Bearer vault-token');
    expect(arm().requests.find((r) => r.method === 'PUT')!.body.properties.parameters.apiKey).toEqual({ value: 'vault-secret' });
  });

  it('reports a Key Vault secret that cannot be read', async () => {
    const readKeyVaultSecret = await createKeyVaultReader({ credential, trustedCertificates: arm().certificate, retry: fastRetry });
    const result = await deploy({
      workflows: [cosmosWorkflow('docs')],
      parameters: { settings: { apiKey: { keyVault: { vault: arm().url, secret: 'missing' } } }, env: {}, readKeyVaultSecret },
      connections: { documentdb: { connectionName: 'c' } },
    });
    expect(result.findings[0]!.diagnostic.code).toBe('JIG6006');
    expect(result.findings[0]!.diagnostic.message).toContain('was not found');
    expect(arm().requests.some((r) => r.path.includes('/workflows/'))).toBe(false);
  });
});

describe("a Cosmos DB container's time to live, read before anything is written", () => {
  const connections = { documentdb: { connectionName: 'cosmos-conn' } };
  const parameters = { settings: { apiKey: { env: 'API_KEY' } }, env: { API_KEY: 'k' }, readKeyVaultSecret: async () => 'unused' };
  const storing = { workflows: [workflow('plain'), cosmosWorkflow('docs'), cosmosWorkflow('more')], parameters, connections };

  it('deploys when time to live is on, whether -1 or a number of seconds', async () => {
    for (const defaultTtl of [-1, 86_400]) {
      arm().workflows.clear();
      arm().requests.length = 0;
      arm().anyContainer = undefined;
      arm().containers.set('acct/db/c', { id: 'c', defaultTtl });
      const result = await deploy(storing);
      expect(result.findings).toEqual([]);
      expect(result.outcomes.map((o) => o.outcome)).toEqual(['created', 'created', 'created']);
      // One read for the container both workflows store into.
      expect(arm().requests.filter((r) => r.path.includes('Microsoft.DocumentDB')).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${containerPath('c')}`]);
    }
  });

  it('deploys nothing when time to live is off (absent or null), and says how to turn it on', async () => {
    for (const resource of [{ id: 'c' }, { id: 'c', defaultTtl: null }]) {
      arm().requests.length = 0;
      arm().anyContainer = undefined;
      arm().containers.set('acct/db/c', resource);
      const result = await deploy(storing);
      expect(result.outcomes.map((o) => o.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
      expect(succeeded(result)).toBe(false);
      expect(result.findings.map((f) => f.diagnostic.code)).toEqual(['JIG6018']);
      const { message } = result.findings[0]!.diagnostic;
      expect(message).toContain("Cosmos DB container 'db/c' (account 'acct'), where 'docs', 'more' store documents, has time to live off");
      expect(message).toContain(`az cosmosdb sql container update --resource-group ${RESOURCE_GROUP} --account-name acct --database-name db --name c --ttl -1`);
      expect(arm().requests.filter((r) => r.path.includes('/workflows/'))).toEqual([]);
      expect(arm().writes()).toEqual([]);
    }
  });

  it('reads the account in its own resource group when deploy.cosmos names one', async () => {
    const result = await deploy({ ...storing, cosmos: { account: 'acct', resourceGroup: 'rg-data' } });
    expect(succeeded(result)).toBe(true);
    expect(arm().requests[0]!.path).toBe(containerPath('c', 'rg-data'));
  });

  it('deploys nothing when the container does not exist', async () => {
    arm().anyContainer = undefined;
    const result = await deploy(storing);
    expect(result.findings.map((f) => f.diagnostic.code)).toEqual(['JIG6019']);
    expect(result.findings[0]!.diagnostic.message).toContain("Cosmos DB container 'db/c' does not exist in account 'acct'");
    expect(arm().writes()).toEqual([]);
  });

  it("deploys nothing when the container cannot be read, quoting the service's message", async () => {
    arm().fail({ method: 'GET', pathIncludes: '/containers/c', status: 403, body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform action.' } } });
    const result = await deploy(storing);
    expect(result.findings.map((f) => f.diagnostic.code)).toEqual(['JIG6020']);
    expect(result.findings[0]!.diagnostic.message).toContain('HTTP 403 AuthorizationFailed: The client does not have authorization to perform action.');
    expect(arm().writes()).toEqual([]);
  });

  it('retries a throttled read, then verifies', async () => {
    arm().fail({ method: 'GET', pathIncludes: '/containers/c', status: 429, times: 2 });
    const result = await deploy(storing);
    expect(succeeded(result)).toBe(true);
    expect(arm().requests.filter((r) => r.path.includes('/containers/c'))).toHaveLength(3);
  });

  it('refuses before any request when no account is named, and plans on in a dry run with the finding', async () => {
    const unnamed = await deploy({ ...storing, cosmos: undefined });
    expect(unnamed.findings.map((f) => f.diagnostic.code)).toEqual(['JIG6017']);
    expect(unnamed.findings[0]!.diagnostic.message).toContain('set deploy.cosmos.account');
    expect(arm().requests).toEqual([]);

    arm().anyContainer = { defaultTtl: null };
    const dryRun = await deploy({ ...storing, dryRun: true });
    expect(dryRun.findings.map((f) => f.diagnostic.code)).toEqual(['JIG6018']);
    expect(dryRun.outcomes.map((o) => o.outcome)).toEqual(['would-create', 'would-create', 'would-create']);
    expect(succeeded(dryRun, true)).toBe(false);
    expect(arm().writes()).toEqual([]);
  });

  it('reads nothing in Cosmos DB for workflows that store nothing there', async () => {
    const result = await deploy({ workflows: [workflow('plain')], cosmos: undefined });
    expect(succeeded(result)).toBe(true);
    expect(arm().requests.some((r) => r.path.includes('Microsoft.DocumentDB'))).toBe(false);
  });

  // Run history is storage (rule 6): a workflow whose runs may be kept less than Logic Apps' 90 days
  // (emit/run-history.ts) gets Microsoft's ARM form of "Run history retention in days", which the
  // SDK's Workflow model would drop; the deploy sends it, and puts it back when it was changed.
  describe('run history retention', () => {
    const pupils = () => ({ ...workflow('pupils'), runHistoryDays: 23 });
    const lifetime = { lifetime: { unit: 'day', count: 23 } };

    it('validates and writes properties.runtimeConfiguration, then finds it unchanged', async () => {
      const result = await deploy({ workflows: [pupils()] });
      expect(result.outcomes.map((o) => o.outcome)).toEqual(['created']);
      const [validate, put] = arm().writes();
      expect(validate!.body.properties.runtimeConfiguration).toEqual(lifetime);
      expect(put!.body.properties.runtimeConfiguration).toEqual(lifetime);
      expect(arm().workflows.get('pupils').properties.runtimeConfiguration).toEqual(lifetime);

      arm().requests.length = 0;
      const again = await deploy({ workflows: [pupils()] });
      expect(again.outcomes.map((o) => o.outcome)).toEqual(['unchanged']);
      expect(arm().writes()).toEqual([]);
    });

    it('puts back a retention changed in the portal, or never written, and takes the service\'s spelling of the unit', async () => {
      await deploy({ workflows: [pupils()] });
      arm().workflows.get('pupils').properties.runtimeConfiguration = { lifetime: { unit: 'Day', count: 90 } };
      const restored = await deploy({ workflows: [pupils()] });
      expect(restored.outcomes[0]).toMatchObject({ outcome: 'updated', plan: { changes: ['retention'] } });
      expect(arm().workflows.get('pupils').properties.runtimeConfiguration).toEqual(lifetime);

      arm().workflows.get('pupils').properties.runtimeConfiguration = { lifetime: { unit: 'Day', count: 23 } };
      expect((await deploy({ workflows: [pupils()] })).outcomes[0]!.outcome).toBe('unchanged');

      delete arm().workflows.get('pupils').properties.runtimeConfiguration;
      expect((await deploy({ workflows: [pupils()] })).outcomes[0]).toMatchObject({ outcome: 'updated', plan: { changes: ['retention'] } });
    });

    it('writes none for a workflow that keeps the default, and leaves a shorter one alone', async () => {
      await deploy({ workflows: [workflow('plain')] });
      expect(arm().workflows.get('plain').properties.runtimeConfiguration).toBeUndefined();
      arm().workflows.get('plain').properties.runtimeConfiguration = { lifetime: { unit: 'day', count: 10 } };
      expect((await deploy({ workflows: [workflow('plain')] })).outcomes[0]!.outcome).toBe('unchanged');
    });
  });
});
