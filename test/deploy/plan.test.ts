import { describe, expect, it } from 'vitest';
import { jsonHash } from '../../compiler/src/deploy/hash.js';
import { desiredWorkflow, planWorkflow, TAGS, type DeployedWorkflow } from '../../compiler/src/deploy/plan.js';
import { definitionDiff } from '../../compiler/src/deploy/diff.js';
import { connectionsValue, connectorsUsed } from '../../compiler/src/deploy/connections.js';
import { childrenFirst } from '../../compiler/src/deploy/run.js';
import { cosmosWorkflow, definition, scope, workflow } from './helpers.js';

function deployedAs(desired: ReturnType<typeof desiredWorkflow>, changes: Partial<DeployedWorkflow> = {}): DeployedWorkflow {
  return { location: desired.location, definition: structuredClone(desired.definition), tags: { ...desired.tags }, state: 'Enabled', ...changes };
}

describe('jsonHash', () => {
  it('does not depend on key order but does on values', () => {
    expect(jsonHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(jsonHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(jsonHash({ a: [1, 2] })).not.toBe(jsonHash({ a: [2, 1] }));
    expect(jsonHash({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('planWorkflow', () => {
  const desired = desiredWorkflow(workflow('greeter'), 'eastus', {}, undefined);

  it('creates a workflow that is not deployed', () => {
    expect(planWorkflow(desired, undefined).action).toBe('create');
  });

  it('leaves alone a workflow deployed from the same source, whatever the key order the service returns', () => {
    const reordered = JSON.parse(JSON.stringify(desired.definition, Object.keys(desired.definition).reverse()));
    const deployed = deployedAs(desired, { definition: { ...reordered, ...desired.definition }, location: 'East US' });
    expect(planWorkflow(desired, deployed)).toMatchObject({ action: 'unchanged', changes: [] });
  });

  it('updates when the definition, the parameters, the location or the policy changed', () => {
    const changedSource = desiredWorkflow(workflow('greeter', 'new text'), 'eastus', {}, undefined);
    expect(planWorkflow(changedSource, deployedAs(desired)).changes).toEqual(['definition']);

    const withParameter = desiredWorkflow(workflow('greeter'), 'eastus', { greeting: { value: 'yo', fingerprint: { value: 'yo' } } }, undefined);
    expect(planWorkflow(withParameter, deployedAs(desired)).changes).toEqual(['parameters']);

    const elsewhere = desiredWorkflow(workflow('greeter'), 'westus', {}, undefined);
    expect(planWorkflow(elsewhere, deployedAs(desired, { location: 'eastus' })).changes).toEqual(['location']);

    const newPolicy = desiredWorkflow({ ...workflow('greeter'), policy: { id: 'jigajob', version: '2024-01-01', hash: 'sha256:new' } }, 'eastus', {}, undefined);
    expect(planWorkflow(newPolicy, deployedAs(desired))).toMatchObject({ action: 'update', changes: ['policy'] });
  });

  it('reports drift when the deployed definition no longer matches its tag', () => {
    const edited = deployedAs(desired, { definition: definition('edited in the portal') });
    expect(planWorkflow(desired, edited)).toMatchObject({ action: 'drifted', drift: 'edited' });
  });

  it('reports a workflow without Jig tags as not managed by Jig', () => {
    expect(planWorkflow(desired, { definition: desired.definition, tags: { owner: 'someone' } })).toMatchObject({
      action: 'drifted',
      drift: 'not-managed',
    });
  });

  it('records the policy stamp and hashes in the tags, never a secret', () => {
    const secretValue = 'never-in-a-tag';
    const withSecret = desiredWorkflow(workflow('greeter'), 'eastus', {
      apiKey: { value: secretValue, fingerprint: { env: 'API_KEY' } },
    }, undefined);
    expect(withSecret.tags).toMatchObject({ [TAGS.policyId]: 'jigajob', [TAGS.policyVersion]: '2023-08-27', [TAGS.policyHash]: 'sha256:policyhash' });
    expect(withSecret.tags[TAGS.definitionHash]).toBe(jsonHash(withSecret.definition));
    expect(withSecret.tags[TAGS.parametersHash]).toBe(jsonHash({ apiKey: { env: 'API_KEY' } }));
    expect(JSON.stringify(withSecret.tags)).not.toContain(secretValue);
  });
});

describe('connections', () => {
  it('finds the managed connectors a definition references', () => {
    expect(connectorsUsed(cosmosWorkflow('x').definition)).toEqual(['documentdb']);
    expect(connectorsUsed(workflow('x').definition)).toEqual([]);
  });

  it('builds $connections from a connection name, or takes a full id and extra properties', () => {
    const byName = connectionsValue('x', cosmosWorkflow('x').definition, { documentdb: { connectionName: 'cosmos' } }, scope);
    expect(byName.value!['documentdb']!['connectionId']).toBe(
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-jig/providers/Microsoft.Web/connections/cosmos',
    );
    const byId = connectionsValue(
      'x',
      cosmosWorkflow('x').definition,
      { documentdb: { connectionId: '/subscriptions/s/resourceGroups/shared/providers/Microsoft.Web/connections/c1', connectionProperties: { authentication: { type: 'ManagedServiceIdentity' } } } },
      { ...scope, location: 'East US' },
    );
    expect(byId.value!['documentdb']).toEqual({
      connectionId: '/subscriptions/s/resourceGroups/shared/providers/Microsoft.Web/connections/c1',
      connectionName: 'c1',
      id: '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Web/locations/eastus/managedApis/documentdb',
      connectionProperties: { authentication: { type: 'ManagedServiceIdentity' } },
    });
  });

  it("refuses a connection that is not to Microsoft's managed API of the connector's name", () => {
    const wired = (setting: Record<string, unknown>) => connectionsValue('store', cosmosWorkflow('store').definition, { documentdb: setting }, scope);
    const customApi = wired({ connectionName: 'cosmos', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/customApis/collector' });
    expect(customApi.value).toBeUndefined();
    expect(customApi.findings.map((f) => [f.workflow, f.diagnostic.code])).toEqual([['store', 'JIG6021']]);
    expect(customApi.findings[0]!.diagnostic.message).toContain("deploy.connections.documentdb.id '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/customApis/collector', which is not Microsoft's managed API 'documentdb'");
    const otherApi = wired({ connectionName: 'cosmos', id: '/subscriptions/s/providers/Microsoft.Web/locations/eastus/managedApis/azureblob' });
    expect(otherApi.findings.map((f) => f.diagnostic.code)).toEqual(['JIG6021']);
    const notAConnection = wired({ connectionId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/customApis/collector' });
    expect(notAConnection.findings[0]!.diagnostic.message).toContain('deploy.connections.documentdb.connectionId');
    // A connection of a call connector's own key is already judged as going anywhere.
    expect(connectionsValue('x', { actions: { a: { inputs: { host: { connection: { name: "@parameters('$connections')['azuretables_1']['connectionId']" } } } } } }, { azuretables_1: { connectionName: 't', id: '/subscriptions/s/providers/Microsoft.Web/locations/eastus/managedApis/azuretables' } }, scope).findings).toEqual([]);
    // The managed API in any region, its name in any case.
    expect(wired({ connectionName: 'cosmos', id: '/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/DocumentDB' }).findings).toEqual([]);
    // So is Defender for Cloud's alert connection, whose raw trigger is judged as answering an alert, no credential.
    const alert = { triggers: { t: { inputs: { host: { connection: { name: "@parameters('$connections')['ascalert']['connectionId']" } } } } } };
    expect(connectionsValue('x', alert, { ascalert: { connectionName: 'a', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/customApis/alerts' } }, scope).findings.map((f) => f.diagnostic.code)).toEqual(['JIG6021']);
    expect(connectionsValue('x', alert, { ascalert: { connectionName: 'a' } }, scope).findings).toEqual([]);
  });

  it('reports a connector that jig.yaml names no connection for', () => {
    const result = connectionsValue('store', cosmosWorkflow('store').definition, { office365: { connectionName: 'o' } }, scope);
    expect(result.value).toBeUndefined();
    expect(result.findings.map((f) => [f.workflow, f.diagnostic.code])).toEqual([['store', 'JIG6007']]);
    expect(result.findings[0]!.diagnostic.message).toContain('deploy.connections.documentdb');
  });
});

describe('definitionDiff', () => {
  it('shows only what changed, regardless of key order', () => {
    const before = definition('old text');
    const after = { ...definition('new text') };
    const diff = definitionDiff('greeter', before, after);
    expect(diff).toContain('--- greeter (deployed)');
    expect(diff).toContain('+++ greeter (from source)');
    expect(diff).toMatch(/^- +"body": "old text",?$/m);
    expect(diff).toMatch(/^\+ +"body": "new text",?$/m);
    expect(diff).not.toContain('contentVersion');
  });

  it('is empty for equal definitions and a whole addition for a new workflow', () => {
    expect(definitionDiff('g', definition(), JSON.parse(JSON.stringify(definition())))).toBe('');
    const created = definitionDiff('g', undefined, definition());
    expect(created).toContain('--- /dev/null');
    expect(created.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---'))).toEqual([]);
  });
});

describe('childrenFirst', () => {
  it('puts called flows before their callers, keeps the order otherwise, and survives a cycle', () => {
    const calls = (name: string, ...childFlows: string[]) => ({ ...workflow(name), childFlows });
    const names = (list: { name: string }[]) => list.map((w) => w.name);
    expect(names(childrenFirst([calls('a', 'c'), calls('b'), calls('c', 'd'), calls('d')]))).toEqual(['d', 'c', 'a', 'b']);
    expect(names(childrenFirst([calls('x', 'y'), calls('y', 'x')]))).toEqual(['y', 'x']);
    expect(names(childrenFirst([calls('solo', 'elsewhere')]))).toEqual(['solo']);
  });
});
