import { retryAfterOf } from './errors.ts';

export interface BackoffPolicy {
  /** First delay ceiling. Default 1 s. */
  baseMs: number;
  /** Largest delay ceiling. Default 5 min. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** How long transient errors are retried before a side effect fails for good. */
export const DEFAULT_RETRY_FOR_MS = 60 * 60_000;

/**
 * Delay before the next attempt after the `failures`-th failure in a row of one kind: full jitter,
 * uniform in [0, min(cap, base·2^(failures−1))) — which keeps a backlog from hammering a recovering
 * service in lockstep — but never shorter than the error's `retryAfterMs` (429 / Retry-After): then
 * Retry-After plus up to 10 % (at most 1 s) of jitter.
 *
 * @example
 * retryDelay(3, { baseMs: 1000, capMs: 300_000 }, () => 0.5, new Error('503')); // 0.5 · 4000 = 2000
 */
export function retryDelay(failures: number, policy: BackoffPolicy, random: () => number, error: unknown): number {
  const r = Math.min(Math.max(random(), 0), 1);
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) return Math.ceil(retryAfter + r * Math.min(retryAfter / 10, 1_000));
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(r * ceiling);
}
