export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface TokenBucket {
  /** Takes a token at time `at`: 0 when granted, else ms until one will be there (nothing taken). */
  take(at: number): number;
  /** True once refilled to the brim: the bucket can be forgotten without changing behaviour. */
  isFull(at: number): boolean;
}

/**
 * A token bucket: `burst` tokens to start with, refilled at `perSecond`. Time comes from the caller
 * so tests (and the outbox's injected clock) drive it.
 *
 * @example
 * const bucket = createTokenBucket({ perSecond: 1, burst: 2 }, now());
 * const waitMs = bucket.take(now()); // 0, 0, then 1000…
 */
export function createTokenBucket(limit: RateLimit, startAt: number): TokenBucket {
  if (!(limit.perSecond > 0)) throw new Error(`rateLimit.perSecond must be > 0 (got ${limit.perSecond})`);
  const capacity = Math.max(1, Math.floor(limit.burst));
  const perMs = limit.perSecond / 1000;
  let tokens = capacity;
  let last = startAt;
  // Tolerates float error so `take` at exactly the promised time succeeds.
  const EPSILON = 1e-9;

  const refill = (at: number) => {
    if (at > last) {
      tokens = Math.min(capacity, tokens + (at - last) * perMs);
      last = at;
    }
  };

  return {
    take(at) {
      refill(at);
      if (tokens >= 1 - EPSILON) {
        tokens = Math.max(0, tokens - 1);
        return 0;
      }
      return Math.max(1, Math.ceil((1 - tokens) / perMs));
    },
    isFull(at) {
      refill(at);
      return tokens >= capacity - EPSILON;
    },
  };
}
