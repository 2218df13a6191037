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
import { WORKFLOW_API_VERSION } from '../emit/targets/arm.js';

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
  const [{ LogicManagementClient }, { createPipelineRequest, createHttpHeaders }] = await Promise.all([
    import('@azure/arm-logic'),
    import('@azure/core-rest-pipeline'),
  ]);
  const endpoint = options.endpoint ?? PUBLIC_ENDPOINT;
  const client = new LogicManagementClient(options.credential, options.subscription, {
    endpoint,
    credentialScopes: [scopeFor(endpoint)],
    ...(options.trustedCertificates && { tlsOptions: { ca: options.trustedCertificates } }),
  });
  useBoundedRetry(client.pipeline, options.retry ?? defaultRetrySettings);
  const workflows =
    `${endpoint.replace(/\/+$/, '')}/subscriptions/${encodeURIComponent(options.subscription)}` +
    `/resourceGroups/${encodeURIComponent(options.resourceGroup)}/providers/Microsoft.Logic/workflows/`;

  /**
   * The resource as JSON, sent through the SDK client's pipeline (its sign-in and Jig's bounded
   * retry): the SDK's Workflow model has no `runtimeConfiguration` (Azure/bicep-types-az#1522, the
   * property is missing from the API's published spec), and its serializer would drop the run
   * history retention that Microsoft documents in that property (emit/run-history.ts).
   */
  const send = async (method: 'GET' | 'POST' | 'PUT', name: string, suffix = '', body?: unknown) => {
    const request = createPipelineRequest({
      url: `${workflows}${encodeURIComponent(name)}${suffix}?api-version=${WORKFLOW_API_VERSION}`,
      method,
      headers: createHttpHeaders({ accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) }),
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    let response;
    try {
      response = await client.sendRequest(request);
    } catch (error) {
      throw toRequestError(error);
    }
    let parsed: unknown;
    try {
      parsed = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
    } catch {
      // A non-JSON answer is reported by its status.
    }
    return { status: response.status, body: parsed as Record<string, any> | undefined };
  };
  const ensureOk = (answer: { status: number; body: Record<string, any> | undefined }) => {
    if (answer.status >= 200 && answer.status < 300) return;
    const problem = (answer.body?.error ?? answer.body ?? {}) as { code?: unknown; message?: unknown };
    const message = typeof problem.message === 'string' && problem.message !== '' ? problem.message : `the service answered ${answer.status}`;
    throw new AzureRequestError(message, answer.status, typeof problem.code === 'string' ? problem.code : undefined);
  };

  const resource = (workflow: DesiredWorkflow, state: WorkflowState) => ({
    location: workflow.location,
    tags: { ...workflow.tags },
    properties: {
      state,
      definition: workflow.definition,
      // The one place a secret's value is read: into the request body, sent over TLS to Azure.
      parameters: revealSecrets(workflow.parameters),
      ...(workflow.runtimeConfiguration && { runtimeConfiguration: workflow.runtimeConfiguration }),
    },
  });

  return {
    async get(name) {
      const answer = await send('GET', name);
      if (answer.status === 404) return undefined;
      ensureOk(answer);
      const workflow = answer.body ?? {};
      const properties = (workflow.properties ?? {}) as Record<string, unknown>;
      return {
        ...(typeof workflow.location === 'string' && { location: workflow.location }),
        ...(typeof properties.state === 'string' && { state: properties.state }),
        ...(properties.definition !== undefined && { definition: properties.definition }),
        ...(workflow.tags !== undefined && { tags: workflow.tags as Record<string, string> }),
        ...(properties.runtimeConfiguration !== undefined && { runtimeConfiguration: properties.runtimeConfiguration }),
      };
    },
    async validate(workflow, state) {
      ensureOk(await send('POST', workflow.name, '/validate', resource(workflow, state)));
    },
    async createOrUpdate(workflow, state) {
      ensureOk(await send('PUT', workflow.name, '', resource(workflow, state)));
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
