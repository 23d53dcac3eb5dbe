/**
 * Thrown by an executor for a side effect that will never succeed (bad payload, channel gone,
 * 4xx other than 429): the outbox reports it at once instead of retrying.
 *
 * @example
 * if (response.status === 404) throw new PermanentError('channel not found');
 */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
  readonly retryable = false;
}

/**
 * Thrown by an executor (or a plugin's error wrapper) for a side effect worth trying again: a
 * timeout, a 5xx, a network error, or throttling. With `retryAfterMs` (the far side said when to
 * come back, e.g. a 429's Retry-After) the retry waits at least that long and is counted as
 * throttling, which never uses up the entry's retry budget; without it, the normal backoff applies.
 *
 * @example
 * throw new RetryableError('slack: rate limited', { retryAfterMs: 30_000 });
 * throw new RetryableError(`attachment download failed: ${error.message}`, { cause: error });
 */
export class RetryableError extends Error {
  override readonly name: string = 'RetryableError';
  readonly retryable = true;
  /** When the far side said to come back, in ms from now. */
  readonly retryAfterMs?: number;

  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** Permanent: a {@link PermanentError} or anything that says `retryable === false` (e.g. ChatwootApiError). */
export function isPermanentError(error: unknown): boolean {
  if (error instanceof PermanentError) return true;
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false;
}

/**
 * Throttling, not failure: a 429, or any error that says when to come back (`retryAfterMs`). It never
 * uses up an entry's retry budget.
 *
 * @example
 * isThrottled(new ChatwootApiError({ kind: 'rate_limited', status: 429, retryAfterMs: 1000, method: 'POST', path: '/x' })); // true
 */
export function isThrottled(error: unknown): boolean {
  if (retryAfterOf(error) !== undefined) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { status, kind } = error as { status?: unknown; kind?: unknown };
  return status === 429 || kind === 'rate_limited';
}

/** The server's `Retry-After` in ms, when the error carries one. */
export function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Executors may throw anything; the outbox reports Errors. */
export function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : `non-error thrown: ${safeString(error)}`);
}

/** An error message bounded in size, for `lastError` (stored with the entry). */
export function errorText(error: Error, max = 500): string {
  const text = error.message || error.name;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
