/**
 * Logic Apps through `@azure/arm-logic`. The SDK is loaded with a dynamic import, only when a
 * deploy runs: every other command (and the bundle's start-up) stays free of it. The rest of the
 * deploy code sees only the small `LogicClient` interface, so that it can be tested with a fake.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { DeployedWorkflow, DesiredWorkflow } from './plan.js';
import { boundedRetryPolicy, defaultRetrySettings, type RetrySettings } from './retry.js';
import { revealSecrets } from './secret.js';

export const PUBLIC_ENDPOINT = 'https://management.azure.com';

export interface LogicClient {
  /** The deployed workflow, or undefined when there is none (404). */
  get(name: string): Promise<DeployedWorkflow | undefined>;
  /** Rejects with an AzureRequestError carrying the service's code and message when it refuses. */
  validate(workflow: DesiredWorkflow, state: WorkflowState): Promise<void>;
  createOrUpdate(workflow: DesiredWorkflow, state: WorkflowState): Promise<void>;
}

export type WorkflowState = 'Enabled' | 'Disabled';

/** A failed request, with what the service said (or the network error) and nothing else of it. */
export class AzureRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'AzureRequestError';
  }
}

export interface AzureClientOptions {
  readonly credential: TokenCredential;
  readonly subscription: string;
  readonly resourceGroup: string;
  /** The Resource Manager endpoint; public Azure by default. */
  readonly endpoint?: string;
  /** Extra trusted CA certificates (PEM), for a test server. */
  readonly trustedCertificates?: string;
  readonly retry?: RetrySettings;
}

/** The token scope for an endpoint: its origin's `.default` (what the SDK asks for too). */
export function scopeFor(endpoint: string): string {
  return `${new URL(endpoint).origin}/.default`;
}

/**
 * Removes the SDK's retry policy and puts Jig's bounded one in its place (see retry.ts).
 * The pipeline is core-rest-pipeline's, whatever client owns it.
 */
export function useBoundedRetry(
  pipeline: { removePolicy(options: { phase?: 'Retry' }): unknown; addPolicy(policy: PipelinePolicy, options: { phase: 'Retry' }): void },
  settings: RetrySettings,
): void {
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy(boundedRetryPolicy(settings), { phase: 'Retry' });
}

export async function createLogicClient(options: AzureClientOptions): Promise<LogicClient> {
  const { LogicManagementClient } = await import('@azure/arm-logic');
  const endpoint = options.endpoint ?? PUBLIC_ENDPOINT;
  const client = new LogicManagementClient(options.credential, options.subscription, {
    endpoint,
    credentialScopes: [scopeFor(endpoint)],
    ...(options.trustedCertificates && { tlsOptions: { ca: options.trustedCertificates } }),
  });
  useBoundedRetry(client.pipeline, options.retry ?? defaultRetrySettings);
  const { resourceGroup } = options;

  const body = (workflow: DesiredWorkflow, state: WorkflowState) => ({
    location: workflow.location,
    tags: { ...workflow.tags },
    state,
    definition: workflow.definition as Record<string, unknown>,
    // The one place a secret's value is read: into the request body, sent over TLS to Azure.
    parameters: revealSecrets(workflow.parameters) as Record<string, { value: unknown }>,
  });

  return {
    async get(name) {
      try {
        const workflow = await client.workflows.get(resourceGroup, name);
        return {
          ...(workflow.location !== undefined && { location: workflow.location }),
          ...(workflow.state !== undefined && { state: workflow.state }),
          ...(workflow.definition !== undefined && { definition: workflow.definition }),
          ...(workflow.tags !== undefined && { tags: workflow.tags }),
        };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw toRequestError(error);
      }
    },
    async validate(workflow, state) {
      try {
        await client.workflows.validateByResourceGroup(resourceGroup, workflow.name, body(workflow, state));
      } catch (error) {
        throw toRequestError(error);
      }
    },
    async createOrUpdate(workflow, state) {
      try {
        await client.workflows.createOrUpdate(resourceGroup, workflow.name, body(workflow, state));
      } catch (error) {
        throw toRequestError(error);
      }
    },
  };
}

/**
 * Keeps the service's status, code and message and drops the rest: a RestError also holds the
 * request, whose body carries secret parameter values, and must not travel further.
 */
export function toRequestError(error: unknown): AzureRequestError {
  const rest = error as { statusCode?: unknown; code?: unknown; message?: unknown; details?: unknown };
  const details = rest.details as { error?: { code?: unknown; message?: unknown } } | undefined;
  const code = typeof details?.error?.code === 'string' ? details.error.code : typeof rest.code === 'string' ? rest.code : undefined;
  const message =
    typeof details?.error?.message === 'string'
      ? details.error.message
      : typeof rest.message === 'string' && rest.message !== ''
        ? rest.message
        : String(error);
  return new AzureRequestError(message, typeof rest.statusCode === 'number' ? rest.statusCode : undefined, code);
}

/** `HTTP 403 AuthorizationFailed: message` from what a request failed with, for a finding. */
export function requestErrorText(error: unknown): string {
  if (error instanceof AzureRequestError) {
    return `${error.status !== undefined ? `HTTP ${error.status} ` : ''}${error.code ? `${error.code}: ` : ''}${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
