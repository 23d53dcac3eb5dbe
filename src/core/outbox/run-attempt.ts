import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { EntryStore } from './entry-store.ts';
import { errorText, isPermanentError, isThrottled, toError } from './errors.ts';
import type { RunOutcome } from './lane-scheduler.ts';
import type { OutboxRecord } from './outbox-record.ts';
import { DEFAULT_RETRY_FOR_MS, retryDelay, type BackoffPolicy } from './retry-policy.ts';
import type { Executor, OutboxEntry } from './types.ts';

export interface AttemptContext {
  executors: ReadonlyMap<string, Executor<any, any>>;
  entries: EntryStore;
  log: Logger;
  metrics?: Metrics;
  now: () => number;
  random: () => number;
  backoff: BackoffPolicy;
  /** Default time budget for transient failures (an executor's `retryForMs` wins). */
  retryForMs?: number;
  /** False once `stop()` began: an aborted attempt then is an interruption, not a failure. */
  isRunning(): boolean;
  /** False while this instance may not act (no lease): the attempt waits, uncounted. */
  mayRun(): boolean;
  /** The record is finished (store updated): forget it and settle `delivered`. */
  settle(record: OutboxRecord, outcome: { ok: true; value: unknown } | { ok: false; error: Error }): void;
  /** Runs a hook without letting it break anything, and lets `idle()` wait for it. */
  runHook(name: string, entry: OutboxEntry, hook: () => void | Promise<void>): void;
  recordFailure(entry: OutboxEntry, error: Error, at: number): void;
}

const INTERRUPTED = Symbol('interrupted');
/** How long an entry waits when this instance may not act right now. */
const NOT_NOW_MS = 1_000;

/**
 * One attempt at a record: execute, then deliver, schedule a retry, or fail for good. Only
 * resolves (never throws); the result tells the lane whether to move on.
 *
 * @example
 * const outcome = await runAttempt(context, record, signal); // 'advance' | 'stay'
 */
export async function runAttempt(context: AttemptContext, record: OutboxRecord, signal: AbortSignal): Promise<RunOutcome> {
  const { entry } = record;
  const executor = context.executors.get(entry.kind);
  if (!executor) {
    // enqueue() and start() only admit registered kinds; keep it pending rather than lose it.
    context.log.error({ kind: entry.kind, id: entry.id }, 'outbox: no executor for this kind');
    return 'stay';
  }

  if (!context.mayRun()) {
    entry.nextAttemptAt = context.now() + NOT_NOW_MS;
    return 'stay';
  }
  const result = await raceAbort(() => executor.execute({ ...entry }, signal), signal);
  if (result === INTERRUPTED || (signal.aborted && !context.isRunning())) {
    if (result !== INTERRUPTED) context.log.debug({ kind: entry.kind, id: entry.id }, 'outbox: attempt ended by stop(); stays pending');
    return 'stay';
  }

  entry.attempts += 1;
  if (result.ok) {
    entry.failures = 0;
    entry.throttles = 0;
    delete entry.firstFailedAt;
    await storeQuietly(context, () => context.entries.complete(entry, 'delivered'), entry);
    context.metrics?.outboxDelivered.inc({ kind: entry.kind });
    context.runHook('onDelivered', entry, () => executor.onDelivered?.({ ...entry }, result.value));
    context.settle(record, { ok: true, value: result.value });
    return 'advance';
  }

  const cause = toError(result.error);
  entry.lastError = errorText(cause);
  const at = context.now();
  const permanent = isPermanentError(cause);
  const throttled = !permanent && isThrottled(cause);
  let failures = entry.failures ?? 0;
  if (throttled) {
    entry.throttles = (entry.throttles ?? 0) + 1;
  } else {
    entry.throttles = 0;
    failures += 1;
    entry.failures = failures;
    entry.firstFailedAt ??= at;
  }
  const retryForMs = executor.retryForMs ?? context.retryForMs ?? DEFAULT_RETRY_FOR_MS;
  const exhausted =
    !throttled && (executor.maxAttempts !== undefined ? failures >= executor.maxAttempts : at - (entry.firstFailedAt ?? at) >= retryForMs);
  if (permanent || exhausted) {
    const reason = permanent ? 'permanent' : 'exhausted';
    // Say why in words a user can act on: the cause, and for a spent budget how long it was tried.
    const error = permanent ? cause : exhaustedError(cause, executor.maxAttempts !== undefined ? `${failures} attempts` : `${formatSpan(at - (entry.firstFailedAt ?? at))} of retries`);
    entry.lastError = errorText(error);
    await storeQuietly(context, () => context.entries.complete(entry, 'failed'), entry);
    context.metrics?.outboxFailed.inc({ kind: entry.kind, reason });
    // Never the payload: it may carry customer text.
    context.log.warn(
      { kind: entry.kind, destination: entry.destination, id: entry.id, attempts: entry.attempts, reason, error: entry.lastError },
      `outbox: side effect failed for good (${reason}): ${entry.lastError}`,
    );
    context.recordFailure({ ...entry }, error, at);
    context.runHook('onFailed', entry, () => executor.onFailed?.({ ...entry }, error));
    context.settle(record, { ok: false, error });
    return 'advance';
  }

  const delayMs = retryDelay(throttled ? (entry.throttles ?? 1) : failures, context.backoff, context.random, cause);
  entry.nextAttemptAt = at + delayMs;
  context.metrics?.outboxRetries.inc({ kind: entry.kind });
  context.log.debug(
    { kind: entry.kind, destination: entry.destination, id: entry.id, attempts: entry.attempts, throttled, delayMs, error: entry.lastError },
    throttled ? 'outbox: throttled; waiting as asked' : 'outbox: attempt failed; retrying',
  );
  // Persisted so a restart neither resets the count nor retries early.
  await storeQuietly(context, () => context.entries.save(entry), entry);
  return 'stay';
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The execute's outcome, or INTERRUPTED as soon as the signal aborts (an executor may ignore it). */
async function raceAbort(execute: () => Promise<unknown>, signal: AbortSignal): Promise<Settled | typeof INTERRUPTED> {
  let settled: Promise<Settled>;
  try {
    settled = execute().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  } catch (error) {
    settled = Promise.resolve({ ok: false as const, error });
  }
  if (signal.aborted) return INTERRUPTED;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<typeof INTERRUPTED>((resolve) => {
    onAbort = () => resolve(INTERRUPTED);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([settled, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** A failed store write after the fact is logged: the in-memory outcome still stands. */
async function storeQuietly(context: AttemptContext, write: () => Promise<void>, entry: OutboxEntry): Promise<void> {
  try {
    await write();
  } catch (error) {
    context.log.error(
      { kind: entry.kind, destination: entry.destination, id: entry.id, error: toError(error).message },
      'outbox: could not update the store; after a restart this entry may run again',
    );
  }
}

/** The last transient error, reworded to say the retries are over. Keeps `cause` for callers that inspect it. */
function exhaustedError(cause: Error, tried: string): Error {
  const error = new Error(`gave up after ${tried}: ${cause.message}`, { cause });
  error.name = cause.name;
  return error;
}

function formatSpan(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}
