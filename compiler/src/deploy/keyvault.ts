/**
 * Reading a Key Vault secret for a parameter, with the deploying identity, through the same
 * pipeline pieces the Logic Apps client uses (TLS options, bounded retry). A plain REST call keeps
 * `@azure/keyvault-secrets` out of the dependencies for one GET.
 */
import type { TokenCredential } from '@azure/core-auth';
import { useBoundedRetry } from './azure.js';
import { defaultRetrySettings, type RetrySettings } from './retry.js';

const API_VERSION = '7.4';

/** `my-vault` → `https://my-vault.vault.azure.net`; an https URL (another cloud, a test server) is kept. */
export function vaultUrl(vault: string): string {
  return /^https:\/\//i.test(vault) ? vault.replace(/\/+$/, '') : `https://${vault}.vault.azure.net`;
}

/** `https://NAME.vault.azure.net` → `https://vault.azure.net/.default` (per cloud); other hosts: their origin. */
export function vaultScope(url: string): string {
  const { hostname, origin } = new URL(url);
  const match = /^[^.]+\.(vault\..+)$/.exec(hostname);
  return match ? `https://${match[1]}/.default` : `${origin}/.default`;
}

export interface KeyVaultOptions {
  readonly credential: TokenCredential;
  readonly trustedCertificates?: string;
  readonly retry?: RetrySettings;
}

export async function createKeyVaultReader(options: KeyVaultOptions): Promise<(vault: string, secret: string) => Promise<string>> {
  const { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest } =
    await import('@azure/core-rest-pipeline');
  const httpClient = createDefaultHttpClient();
  const pipelines = new Map<string, ReturnType<typeof createPipelineFromOptions>>();

  const pipelineFor = (scope: string) => {
    let pipeline = pipelines.get(scope);
    if (!pipeline) {
      pipeline = createPipelineFromOptions(options.trustedCertificates ? { tlsOptions: { ca: options.trustedCertificates } } : {});
      pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: scope }));
      useBoundedRetry(pipeline, options.retry ?? defaultRetrySettings);
      pipelines.set(scope, pipeline);
    }
    return pipeline;
  };

  return async (vault, secret) => {
    const base = vaultUrl(vault);
    const url = `${base}/secrets/${encodeURIComponent(secret)}?api-version=${API_VERSION}`;
    const response = await pipelineFor(vaultScope(base)).sendRequest(httpClient, createPipelineRequest({ url, method: 'GET' }));
    let body: { value?: unknown; error?: { message?: unknown } } = {};
    try {
      body = JSON.parse(response.bodyAsText ?? '{}') as typeof body;
    } catch {
      // A non-JSON answer is reported by its status below.
    }
    if (response.status !== 200 || typeof body.value !== 'string') {
      const reason = typeof body.error?.message === 'string' ? body.error.message : 'no secret value in the answer';
      throw new Error(`HTTP ${response.status}: ${reason}`);
    }
    return body.value;
  };
}
