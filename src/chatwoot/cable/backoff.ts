export interface BackoffOptions {
  /** First delay ceiling. Default 1 s. */
  baseMs?: number;
  /** Largest delay ceiling. Default 30 s. */
  capMs?: number;
  random?: () => number;
}

/** The reconnect backoff's ceiling (`cable.backoffCapMs`). */
export const DEFAULT_BACKOFF_CAP_MS = 30_000;

/**
 * Exponential backoff with full jitter: the n-th delay is uniform in [0, min(cap, base·2ⁿ)).
 * Full jitter spreads a fleet of bridges reconnecting after a Chatwoot restart.
 *
 * @example
 * const backoff = createBackoff({ baseMs: 1000, capMs: 30_000 });
 * setTimeout(connect, backoff.next());   // after a failure
 * backoff.reset();                       // after a stable connection
 */
export function createBackoff({ baseMs = 1_000, capMs = DEFAULT_BACKOFF_CAP_MS, random = Math.random }: BackoffOptions = {}) {
  let attempt = 0;
  return {
    next(): number {
      const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
      attempt = Math.min(attempt + 1, 30);
      return Math.floor(random() * ceiling);
    },
    reset(): void {
      attempt = 0;
    },
    get attempt(): number {
      return attempt;
    },
  };
}

export type Backoff = ReturnType<typeof createBackoff>;
