/**
 * Retry policies of Http, ApiConnection and the other outbound actions: the default (exponential,
 * four retries, 7.5 s scaled, between 5 s and 45 s), `exponential`, `fixed` and `none`. A retry
 * follows a transport failure, 408, 429 or a 5xx status. The service picks each exponential wait
 * at random in a range; the engine takes the middle of the range, so that runs repeat exactly.
 */
import { ExpressionError } from '../errors.js';
import { parseDuration } from './durations.js';

export interface RetryPolicy {
  readonly count: number;
  /** The wait before retry `n` (1-based), in milliseconds. */
  waitBefore(n: number): number;
}

const NONE: RetryPolicy = { count: 0, waitBefore: () => 0 };

function exponential(count: number, interval: number, minimum: number, maximum: number): RetryPolicy {
  return {
    count,
    waitBefore(n) {
      const low = Math.max(n === 1 ? 0 : 2 ** (n - 2) * interval, minimum);
      const high = Math.min(2 ** (n - 1) * interval, maximum);
      return Math.round((low + Math.max(low, high)) / 2);
    },
  };
}

export const DEFAULT_RETRY_POLICY = exponential(4, 7500, 5000, 45_000);

export function retryPolicyOf(value: unknown): RetryPolicy {
  if (value === undefined || value === null) return DEFAULT_RETRY_POLICY;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ExpressionError('The retryPolicy must be an object.');
  const policy = value as Record<string, unknown>;
  const type = String(policy['type'] ?? '').toLowerCase();
  const count = policy['count'] === undefined ? 4 : Number(policy['count']);
  if (type === 'none') return NONE;
  if (!Number.isInteger(count) || count < 1 || count > 90) throw new ExpressionError(`The retryPolicy count must be an integer from 1 to 90, not '${String(policy['count'])}'.`);
  const interval = policy['interval'] === undefined ? 7500 : parseDuration(String(policy['interval']), 'The retryPolicy interval');
  if (type === 'fixed') return { count, waitBefore: () => interval };
  if (type === 'exponential') {
    const minimum = policy['minimumInterval'] === undefined ? 5000 : parseDuration(String(policy['minimumInterval']), 'The retryPolicy minimumInterval');
    const maximum = policy['maximumInterval'] === undefined ? 86_400_000 : parseDuration(String(policy['maximumInterval']), 'The retryPolicy maximumInterval');
    return exponential(count, interval, minimum, maximum);
  }
  throw new ExpressionError(`The retryPolicy type must be none, fixed or exponential, not '${String(policy['type'])}'.`);
}

export function isRetryable(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500;
}
