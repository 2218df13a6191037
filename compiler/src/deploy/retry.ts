/**
 * Retries for Azure requests, replacing the SDK's default retry policy. The default waits as long
 * as any Retry-After asks (an hour, if a throttled service says so) and does not retry a 429 that
 * carries no Retry-After; a CI step needs both bounded. Throttling (429), unavailability (503),
 * other transient statuses and dropped connections are retried with exponential backoff, or after
 * the Retry-After the service gave; a request the service wants delayed longer than `maxDelayMs`
 * fails at once with the service's answer, rather than stalling the pipeline.
 */
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';

export interface RetrySettings {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** The first backoff delay; each retry doubles it (with jitter). */
  readonly baseDelayMs: number;
  /** The longest single wait, for backoff and for a Retry-After alike. */
  readonly maxDelayMs: number;
  /** Each attempt's timeout, so that a silent server cannot hang a deploy. */
  readonly requestTimeoutMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxRetries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  requestTimeoutMs: 120_000,
};

export const retryPolicyName = 'jigBoundedRetry';

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const TRANSIENT_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ESOCKETTIMEDOUT', 'EAI_AGAIN']);

export type Sleep = (ms: number, signal?: PipelineRequest['abortSignal']) => Promise<void>;

const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('The request was aborted.'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('The request was aborted.'));
    });
  });

/** The wait a 429 or 503 asks for, in ms: `retry-after-ms`, `x-ms-retry-after-ms`, or Retry-After (seconds or a date). */
export function retryAfterMs(response: PipelineResponse, now = Date.now()): number | undefined {
  for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(response.headers.get(header));
    if (response.headers.has(header) && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function isTransientError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_ERROR_CODES.has(code);
}

export function boundedRetryPolicy(settings: RetrySettings, wait: Sleep = sleep): PipelinePolicy {
  return {
    name: retryPolicyName,
    async sendRequest(request: PipelineRequest, next): Promise<PipelineResponse> {
      if (!request.timeout) request.timeout = settings.requestTimeoutMs;
      for (let attempt = 0; ; attempt++) {
        let response: PipelineResponse | undefined;
        try {
          response = await next(request);
        } catch (error) {
          if (!isTransientError(error) || attempt >= settings.maxRetries) throw error;
        }
        if (response && !RETRYABLE_STATUSES.has(response.status)) return response;
        if (response && attempt >= settings.maxRetries) return response;

        const asked = response ? retryAfterMs(response) : undefined;
        if (asked !== undefined && asked > settings.maxDelayMs) return response!;
        const backoff = settings.baseDelayMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
        await wait(asked ?? Math.min(backoff, settings.maxDelayMs), request.abortSignal);
      }
    },
  };
}
