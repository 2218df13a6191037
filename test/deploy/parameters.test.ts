import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { keyVaultReferenceProblem, resolveParameters, type ParameterSources } from '../../compiler/src/deploy/parameters.js';
import { Secret, revealSecrets } from '../../compiler/src/deploy/secret.js';
import { retryAfterMs } from '../../compiler/src/deploy/retry.js';
import { vaultScope, vaultUrl } from '../../compiler/src/deploy/keyvault.js';
import { definition } from './helpers.js';

const typed = (parameters: Record<string, unknown>) => ({ name: 'flow', definition: definition('x', { parameters }) });

function sources(settings: ParameterSources['settings'], env: Record<string, string> = {}): ParameterSources {
  return { settings, env, readKeyVaultSecret: async (vault, secret) => `${vault}/${secret}-value` };
}

describe('resolveParameters', () => {
  it('takes plain values, environment variables and Key Vault secrets, converting to the declared type', async () => {
    const workflow = typed({
      url: { type: 'String' },
      count: { type: 'Int' },
      ratio: { type: 'Float' },
      enabled: { type: 'Bool' },
      tags: { type: 'Array' },
      key: { type: 'SecureString' },
    });
    const result = await resolveParameters(
      [workflow],
      sources(
        { url: 'https://x', count: { env: 'COUNT' }, ratio: 0.5, enabled: { env: 'ON' }, tags: { env: 'TAGS' }, key: { keyVault: { vault: 'jig-kv', secret: 'k' } } },
        { COUNT: '7', ON: 'true', TAGS: '["a","b"]' },
      ),
    );
    expect(result.findings).toEqual([]);
    const values = result.byWorkflow.get('flow')!;
    expect(values['url']!.value).toBe('https://x');
    expect(values['count']!.value).toBe(7);
    expect(values['ratio']!.value).toBe(0.5);
    expect(values['enabled']!.value).toBe(true);
    expect(values['tags']!.value).toEqual(['a', 'b']);
    expect(values['key']!.value).toBeInstanceOf(Secret);
    expect((values['key']!.value as Secret).reveal()).toBe('jig-kv/k-value');
    expect(values['key']!.fingerprint).toEqual({ keyVault: { vault: 'jig-kv', secret: 'k' } });
  });

  it('refuses a secret written in jig.yaml, a missing variable, a missing value and an ill-typed value', async () => {
    const result = await resolveParameters(
      [typed({ key: { type: 'SecureString' }, token: { type: 'SecureString' }, needed: { type: 'String' }, count: { type: 'Int' } })],
      sources({ key: 'plain-secret-in-yaml', token: { env: 'TOKEN' }, count: { env: 'COUNT' } }, { COUNT: 'seven' }),
    );
    expect(result.findings.map((f) => f.diagnostic.code)).toEqual(['JIG6004', 'JIG6005', 'JIG6003', 'JIG6009']);
    const messages = result.findings.map((f) => f.diagnostic.message).join('\n');
    expect(messages).toContain('TOKEN');
    expect(messages).not.toContain('plain-secret-in-yaml');
    expect(messages).not.toContain('seven');
  });

  it('needs no value for a parameter with a default, and warns about values no workflow uses', async () => {
    const result = await resolveParameters([typed({ greeting: { type: 'String', defaultValue: 'hi' } })], sources({ greting: 'typo' }));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.diagnostic).toMatchObject({ code: 'JIG6008', severity: 'warning' });
    expect(result.findings[0]!.diagnostic.message).toContain("did you mean 'greeting'");
  });

  it('reads a Key Vault secret once for all the workflows that use it', async () => {
    let reads = 0;
    const result = await resolveParameters(
      [typed({ key: { type: 'SecureString' } }), { ...typed({ key: { type: 'SecureString' } }), name: 'other' }],
      { settings: { key: { keyVault: { vault: 'jig-kv', secret: 's' } } }, env: {}, readKeyVaultSecret: async () => `value-${++reads}` },
    );
    expect(reads).toBe(1);
    expect(result.byWorkflow.size).toBe(2);
  });

  it('reports a Key Vault failure with its reason', async () => {
    const result = await resolveParameters([typed({ key: { type: 'SecureString' } })], {
      settings: { key: { keyVault: { vault: 'jig-kv', secret: 's' } } },
      env: {},
      readKeyVaultSecret: async () => {
        throw new Error('HTTP 403: Forbidden');
      },
    });
    expect(result.findings[0]!.diagnostic.code).toBe('JIG6006');
    expect(result.findings[0]!.diagnostic.message).toContain('HTTP 403: Forbidden');
  });
});

describe('resolveParameters before signing in (no Key Vault reader)', () => {
  it('checks every Key Vault reference for form, reads none, and still checks everything else', async () => {
    const result = await resolveParameters(
      [typed({ a: { type: 'SecureString' }, b: { type: 'SecureString' }, c: { type: 'SecureString' }, d: { type: 'Int' }, e: { type: 'SecureString' } })],
      {
        settings: {
          a: { keyVault: { vault: 'jig-kv', secret: 'api-key' } },
          b: { keyVault: { vault: 'kv', secret: 'x' } },
          c: { keyVault: { vault: 'jig-kv', secret: 'has_underscore' } },
          d: { env: 'MISSING' },
          e: { keyVault: { vault: 'http://jig-kv.vault.azure.net', secret: 'x' } },
        },
        env: {},
      },
    );
    expect(result.findings.map((finding) => [finding.diagnostic.code, finding.diagnostic.message])).toEqual([
      ['JIG6015', "Parameter 'b' reads Key Vault, but 'kv' is not a vault name (3 to 24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit)."],
      ['JIG6015', "Parameter 'c' reads Key Vault, but 'has_underscore' is not a secret name (1 to 127 letters, digits and hyphens)."],
      ['JIG6005', "Parameter 'd' reads environment variable MISSING, which is not set."],
      ['JIG6015', "Parameter 'e' reads Key Vault, but vault 'http://jig-kv.vault.azure.net' must be a vault's name or an https:// URL."],
    ]);
    // A well-formed reference gets its value only once Key Vault can be read.
    expect(result.byWorkflow.get('flow')).toEqual({});
  });

  it.each([
    ['abc', undefined],
    ['a-b-c-1', undefined],
    ['a'.repeat(24), undefined],
    ['https://vault.example.test:8443', undefined],
    ['a'.repeat(25), 'not a vault name'],
    ['1abc', 'not a vault name'],
    ['ab--c', 'not a vault name'],
    ['abc-', 'not a vault name'],
  ])('vault %s: %s', (vault, problem) => {
    const found = keyVaultReferenceProblem(vault, 'secret-1');
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('Secret', () => {
  it('never shows its value except through reveal', () => {
    const secret = new Secret('p@ss');
    expect(String(secret)).toBe('[secret]');
    expect(`${secret}`).toBe('[secret]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[secret]"}');
    expect(inspect({ secret })).not.toContain('p@ss');
    expect(revealSecrets({ a: { value: secret }, b: [secret] })).toEqual({ a: { value: 'p@ss' }, b: ['p@ss'] });
  });
});

describe('retryAfterMs', () => {
  const headersOf = (headers: Record<string, string>) => {
    const map = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: 429, request: {}, headers: { get: (k: string) => map.get(k.toLowerCase()), has: (k: string) => map.has(k.toLowerCase()) } } as never;
  };

  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterMs(headersOf({ 'Retry-After': '2' }))).toBe(2000);
    expect(retryAfterMs(headersOf({ 'retry-after-ms': '150' }))).toBe(150);
    expect(retryAfterMs(headersOf({ 'x-ms-retry-after-ms': '20' }))).toBe(20);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(headersOf({ 'Retry-After': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(headersOf({}))).toBeUndefined();
  });
});

describe('Key Vault addresses', () => {
  it('turns a vault name into its URL and scope, and keeps a full URL', () => {
    expect(vaultUrl('my-vault')).toBe('https://my-vault.vault.azure.net');
    expect(vaultScope(vaultUrl('my-vault'))).toBe('https://vault.azure.net/.default');
    expect(vaultScope('https://gov.vault.usgovcloudapi.net')).toBe('https://vault.usgovcloudapi.net/.default');
    expect(vaultUrl('https://127.0.0.1:8443/')).toBe('https://127.0.0.1:8443');
  });
});
