/**
 * DefaultAzureCredential as `jig deploy` creates it, restricted to the Azure CLI credential
 * (AZURE_TOKEN_CREDENTIALS=AzureCliCredential, so that nothing probes the managed-identity endpoint)
 * with a stand-in `az` first on PATH.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCredential, CredentialUnavailableError, ensureSignedIn } from '../../compiler/src/deploy/credentials.js';
import { deployWorkflows } from '../../compiler/src/deploy/run.js';
import { writeFakeAz } from './fake-arm.js';
import { fakeArmClient, scope, useFakeArm, workflow } from './helpers.js';

let directory: string;
const arm = useFakeArm();
const saved = { ...process.env };

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'jig-fake-az-'));
  writeFakeAz(directory);
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});
afterEach(() => {
  for (const key of ['AZURE_TOKEN_CREDENTIALS', 'FAKE_AZ_LOGGED_OUT', 'PATH']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

function useFakeAz(loggedOut = false): void {
  process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
  process.env.PATH = `${directory}:${saved.PATH ?? ''}`;
  if (loggedOut) process.env.FAKE_AZ_LOGGED_OUT = '1';
}

describe('signing in with DefaultAzureCredential', () => {
  it('gets a token from the Azure CLI for the endpoint and deploys with it', async () => {
    useFakeAz();
    const credential = await createDefaultCredential();
    await ensureSignedIn(credential, `${arm().url}/.default`);
    expect(readFileSync(join(directory, 'az-calls.log'), 'utf8')).toContain(`account get-access-token --output json --resource ${arm().url}`);

    const client = await fakeArmClient(arm(), credential);
    const result = await deployWorkflows({
      workflows: [workflow('via_cli')],
      scope,
      client,
      parameters: { settings: {}, env: {}, readKeyVaultSecret: async () => '' },
    });
    expect(result.outcomes[0]!.outcome).toBe('created');
    expect(arm().requests.every((request) => request.authorization === 'Bearer cli-token')).toBe(true);
  });

  it('turns "not logged in" into a short reason, not a chain dump', async () => {
    useFakeAz(true);
    const credential = await createDefaultCredential();
    const failure = await ensureSignedIn(credential, 'https://management.azure.com/.default').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CredentialUnavailableError);
    const detail = (failure as CredentialUnavailableError).detail;
    expect(detail).toContain('az login');
    expect(detail).not.toContain('\n');
    expect(detail.length).toBeLessThanOrEqual(160);
  });

  it('reports an invalid AZURE_TOKEN_CREDENTIALS as a credential problem', async () => {
    process.env.AZURE_TOKEN_CREDENTIALS = 'NoSuchCredential';
    const failure = await createDefaultCredential().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CredentialUnavailableError);
    expect((failure as Error).message).toContain('AZURE_TOKEN_CREDENTIALS');
  });

  it('gives up on a credential that never answers', async () => {
    const silent = { getToken: () => new Promise<never>(() => {}) };
    await expect(ensureSignedIn(silent, 'https://management.azure.com/.default', 50)).rejects.toThrow(/no token after/);
  });
});
