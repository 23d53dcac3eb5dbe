/** One side effect waiting to happen (or being retried). Stored as JSON, so keep it plain data. */
export interface OutboxEntry<P = unknown> {
  /** Idempotency key: given by the caller or a random UUID. */
  id: string;
  /** Which executor runs it, e.g. `chatwoot.message`, `slack.post`. */
  kind: string;
  /** Ordering and rate-limit lane, e.g. `chatwoot:42`, `slack:C123` (a plugin's are namespaced by the plugin's name). */
  destination: string;
  /** The Chatwoot conversation the write belongs to, when it belongs to one (all Chatwoot writes do). */
  conversationId?: number;
  /** JSON-serialisable; executors see it as it comes back from JSON (dates become strings). */
  payload: P;
  /** Attempts made so far (finished ones; an attempt cut short by `stop()` does not count). */
  attempts: number;
  /** Attempts that failed with a transient error (throttling excluded): what the retry budget counts. */
  failures?: number;
  /** Attempts answered with throttling (429 / Retry-After) in a row. */
  throttles?: number;
  /** Unix ms of the first transient failure since the last success or throttle-free run. */
  firstFailedAt?: number;
  /**
   * Loaded from the store by `start()`: an earlier process may have run it (and been killed before
   * recording the outcome). Executors whose side effect cannot be repeated look first — see
   * {@link mayHaveRun}.
   */
  resumed?: boolean;
  createdAt: number;
  nextAttemptAt: number;
  lastError?: string;
  /** E.g. the origin surface and its message ref, so a failure can be reported where it came from. */
  meta?: Record<string, unknown>;
}

/** Runs one kind of side effect. */
export interface Executor<P = unknown, R = unknown> {
  /**
   * Does the side effect once. Throw a {@link PermanentError} (or any error with
   * `retryable === false`) for "never going to work"; anything else is retried. An error with
   * `retryAfterMs` delays the retry by at least that. Abandon work when `signal` aborts (`stop()`).
   */
  execute(entry: OutboxEntry<P>, signal: AbortSignal): Promise<R>;
  /** Token bucket per destination (e.g. Slack: `{ perSecond: 1, burst: 3 }`). None by default. */
  rateLimit?: { perSecond: number; burst: number };
  /**
   * Transient failures (not throttling) before giving up. Unset: retry for `retryForMs` instead.
   * A 429 or an error with `retryAfterMs` never counts.
   */
  maxAttempts?: number;
  /** How long transient failures are retried, from the first one. Default: the outbox's (1 h). */
  retryForMs?: number;
  onDelivered?(entry: OutboxEntry<P>, result: R): void | Promise<void>;
  /** Permanent failure or attempts exhausted, also for entries resumed after a restart. */
  onFailed?(entry: OutboxEntry<P>, error: Error): void | Promise<void>;
}

export interface EnqueueInput<P = unknown> {
  kind: string;
  destination: string;
  payload: P;
  conversationId?: number;
  id?: string;
  meta?: Record<string, unknown>;
}

export interface Enqueued<P = unknown> {
  entry: OutboxEntry<P>;
  /**
   * The executor's result, or the final error. Never an unhandled rejection. For an id already
   * delivered (idempotent no-op) it resolves with `undefined`: the result is not stored.
   */
  delivered: Promise<unknown>;
}

export interface OutboxFailure {
  entry: OutboxEntry;
  error: string;
  at: number;
}

export interface Outbox {
  /** Before `start()`. One executor per kind. */
  register<P, R>(kind: string, executor: Executor<P, R>): void;
  /**
   * Durably stores the entry (when this resolves, a crash cannot lose it), then schedules it.
   * An id that is pending or was delivered in the last 24 h is a no-op returning the same entry.
   */
  enqueue<P>(input: EnqueueInput<P>): Promise<Enqueued<P>>;
  /** Loads pending entries from the store and resumes them, in original order per destination. */
  start(): Promise<void>;
  /** Stops scheduling; in-flight executes are aborted and stay pending (they resume next start). */
  stop(): Promise<void>;
  /** Resolves when nothing is pending or in flight (entries waiting for a retry count as pending). */
  idle(): Promise<void>;
  pending(): number;
  /** The last 100 permanent failures, oldest first, for `status` / readyz. */
  failures(): ReadonlyArray<OutboxFailure>;
}

/** Injectable timers, so tests drive time by hand. */
export interface OutboxTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * True when an earlier attempt at this entry may already have had its effect: it was attempted in
 * this process, or resumed after a restart (a `kill -9` may have hit between the call and the
 * record). A non-idempotent executor looks for its earlier effect before repeating it.
 *
 * @example
 * if (mayHaveRun(entry)) { const sent = await findSent(entry); if (sent) return sent; }
 */
export function mayHaveRun(entry: Pick<OutboxEntry, 'attempts' | 'resumed'>): boolean {
  return entry.attempts > 0 || entry.resumed === true;
}
