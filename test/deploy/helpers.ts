/**
 * Shared pieces of the deploy tests: the fake Resource Manager's lifetime, a client for it, a static
 * credential, small workflows, fast retries.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { createLogicClient, type LogicClient } from '../../compiler/src/deploy/azure.js';
import type { CompiledWorkflow } from '../../compiler/src/deploy/plan.js';
import type { RetrySettings } from '../../compiler/src/deploy/retry.js';
import { startFakeArm, type FakeArm } from './fake-arm.js';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const RESOURCE_GROUP = 'rg-jig';
export const LOCATION = 'eastus';
export const scope = { subscription: SUBSCRIPTION, resourceGroup: RESOURCE_GROUP, location: LOCATION };
export const policy = { id: 'jigajob', version: '2023-08-27', hash: 'sha256:policyhash' };

/** Retries without real waiting, except where a Retry-After says otherwise. */
export const fastRetry: RetrySettings = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 2_000, requestTimeoutMs: 5_000 };

/**
 * The fake Resource Manager for the calling test file: started before its tests, closed after them,
 * and emptied before each test so that no test sees another's requests, workflows or secrets.
 */
export function useFakeArm(): () => FakeArm {
  let arm: FakeArm | undefined;
  const started = (): FakeArm => {
    if (!arm) throw new Error('the fake Resource Manager is only there inside tests and their hooks');
    return arm;
  };
  beforeAll(async () => {
    arm = await startFakeArm();
  });
  afterAll(async () => {
    await arm?.close();
  });
  beforeEach(() => {
    started().requests.length = 0;
    started().workflows.clear();
    started().secrets.clear();
    started().containers.clear();
    started().anyContainer = undefined;
  });
  return started;
}

/** The real SDK client for the fake Resource Manager's resource group, trusting its certificate. */
export function fakeArmClient(arm: FakeArm, credential: TokenCredential): Promise<LogicClient> {
  return createLogicClient({
    credential,
    subscription: SUBSCRIPTION,
    resourceGroup: RESOURCE_GROUP,
    endpoint: arm.url,
    trustedCertificates: arm.certificate,
    retry: fastRetry,
  });
}

/** A credential that hands out a fixed token and counts the scopes asked for. */
export function staticCredential(token = 'fake-token'): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(scope: string | string[]): Promise<AccessToken> {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

/** A small valid definition; `message` varies it. */
export function definition(message = 'hello', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      greeting: { type: 'String', defaultValue: 'hi' },
      ...((extra['parameters'] as Record<string, unknown>) ?? {}),
    },
    triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' } } },
    actions: { Respond: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: message }, runAfter: {} } },
    outputs: {},
    metadata: { jig: { policy, source: 'test.jig' } },
  };
}

export function workflow(name: string, message = 'hello'): CompiledWorkflow {
  return { name, definition: definition(message), policy };
}

/** A definition that stores in Cosmos DB (uses $connections) and takes a secret parameter. */
export function cosmosWorkflow(name: string): CompiledWorkflow {
  const base = definition('stored');
  return {
    name,
    policy,
    definition: {
      ...base,
      parameters: {
        $connections: { type: 'Object', defaultValue: {} },
        apiKey: { type: 'SecureString' },
        retries: { type: 'Int', defaultValue: 1 },
      },
      actions: {
        Store: {
          type: 'ApiConnection',
          inputs: {
            host: { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } },
            method: 'post',
            path: "/v2/cosmosdb/@{encodeURIComponent('acct')}/dbs/@{encodeURIComponent('db')}/colls/@{encodeURIComponent('c')}/docs",
            headers: { 'x-api-key': "@parameters('apiKey')", 'x-ms-documentdb-is-upsert': true },
            body: { id: '@{guid()}' },
          },
          runAfter: {},
        },
      },
    },
  };
}
