import { retryAfterOf } from './errors.ts';

export interface BackoffPolicy {
  /** First delay ceiling. Default 1 s. */
  baseMs: number;
  /** Largest delay ceiling. Default 5 min. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * Delay before the next attempt after `attempts` failed ones: full jitter, uniform in
 * [0, min(cap, base·2^(attempts−1))), raised to the error's `retryAfterMs` (429 / Retry-After).
 * Full jitter keeps a backlog from hammering a recovering service in lockstep.
 *
 * @example
 * retryDelay(3, { baseMs: 1000, capMs: 300_000 }, () => 0.5, new Error('503')); // 0.5 · 4000 = 2000
 */
export function retryDelay(attempts: number, policy: BackoffPolicy, random: () => number, error: unknown): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
  const retryAfter = retryAfterOf(error);
  return retryAfter !== undefined && retryAfter > jittered ? Math.ceil(retryAfter) : jittered;
}
