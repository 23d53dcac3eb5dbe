import { isChatwootApiError, type ChatwootApiError } from './chatwoot-error.ts';

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  baseMs: number;
  capMs: number;
  /**
   * A `Retry-After` longer than this is not slept through: the error is thrown so the caller can
   * reschedule instead of holding a request open for minutes.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseMs: 250, capMs: 5_000, maxRetryAfterMs: 60_000 };

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Exponential backoff with full jitter (`random() * min(cap, base * 2^attempt)`), raised to
 * `Retry-After` when the server asked for longer. `attempt` counts from 0 (the first retry).
 *
 * @example
 * backoffDelay(2, DEFAULT_RETRY, () => 0.5); // 0.5 * min(5000, 250 * 4) = 500
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  const jittered = Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
  return retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
}

/**
 * A `setTimeout` that rejects with the signal's reason when aborted.
 *
 * @example
 * await abortableSleep(250, request.signal);
 */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface RetryOptions {
  policy: RetryPolicy;
  random: () => number;
  sleep: Sleep;
  signal?: AbortSignal;
  onRetry?: (info: { error: ChatwootApiError; attempt: number; delayMs: number }) => void;
}

/**
 * Runs `attempt(n)` until it succeeds, throws something not retryable, or retries run out.
 * Only for idempotent requests (GET): writes are never retried here.
 *
 * @example
 * const profile = await withRetry(() => sendOnce(get('/api/v1/profile')), { policy, random: Math.random, sleep });
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, random, sleep, signal } = options;
  for (let n = 0; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!isChatwootApiError(error) || !error.retryable || n >= policy.retries) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) throw error;
      if (signal?.aborted) throw error;
      const delayMs = backoffDelay(n, policy, random, error.retryAfterMs);
      options.onRetry?.({ error, attempt: n + 1, delayMs });
      await sleep(delayMs, signal);
    }
  }
}
