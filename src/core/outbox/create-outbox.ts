import { randomUUID } from 'node:crypto';
import type Keyv from 'keyv';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { runWithEventFields } from '../../observability/event-scope.ts';
import { upgradeEntry } from './destinations.ts';
import { createEntryStore, isEntryShape, jsonCopy } from './entry-store.ts';
import { errorText, toError } from './errors.ts';
import { createLaneScheduler } from './lane-scheduler.ts';
import { createRecord, type OutboxRecord } from './outbox-record.ts';
import { DEFAULT_BACKOFF } from './retry-policy.ts';
import { runAttempt, type AttemptContext } from './run-attempt.ts';
import type { Enqueued, Executor, Outbox, OutboxEntry, OutboxFailure, OutboxTimers } from './types.ts';

export { PermanentError, RetryableError, isPermanentError } from './errors.ts';
export { mayHaveRun } from './types.ts';
export { pluginDestination } from './destinations.ts';
export type { EnqueueInput, Enqueued, Executor, Outbox, OutboxEntry, OutboxFailure, OutboxTimers } from './types.ts';

export interface CreateOutboxOptions {
  /** A Keyv of its own (e.g. `store.namespace('outbox')`): keys are `entry:*`, `done:*`, `index`. */
  store: Keyv;
  log: Logger;
  metrics?: Metrics;
  now?: () => number;
  random?: () => number;
  /** Full-jitter exponential backoff: base 1 s, cap 5 min by default. */
  backoff?: { baseMs?: number; capMs?: number };
  /** How long transient failures are retried before an entry fails for good (throttling never counts). Default 1 h. */
  retryForMs?: number;
  /** Checked right before every attempt: false (e.g. this instance lost its lease) keeps the entry waiting. Default always. */
  mayRun?: () => boolean;
  timers?: OutboxTimers;
  /** Entries in flight across all destinations. Default 16. */
  concurrency?: number;
}

const MAX_FAILURES_KEPT = 100;
/** Starts below every seq handed out by enqueue, so resumed entries go first in their lane. */
const RESUMED_SEQ_BASE = -Number.MAX_SAFE_INTEGER;

const realTimers: OutboxTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The one way side effects leave the bot: durable, idempotent, retried with backoff, rate
 * limited and ordered per destination; permanent failures reach the executor's `onFailed`.
 *
 * @example
 * const outbox = createOutbox({ store: store.namespace('outbox'), log, metrics });
 * outbox.register('slack.post', { execute: (entry, signal) => slack.post(entry.payload, signal), rateLimit: { perSecond: 1, burst: 3 } });
 * await outbox.start();
 * const { delivered } = await outbox.enqueue({ kind: 'slack.post', destination: 'slack:C123', payload: { text: 'hi' } });
 */
export function createOutbox(options: CreateOutboxOptions): Outbox {
  const now = options.now ?? Date.now;
  const log = options.log;
  const metrics = options.metrics;
  const backoff = { baseMs: options.backoff?.baseMs ?? DEFAULT_BACKOFF.baseMs, capMs: options.backoff?.capMs ?? DEFAULT_BACKOFF.capMs };
  const entries = createEntryStore(options.store);
  const executors = new Map<string, Executor<any, any>>();
  const records = new Map<string, OutboxRecord>();
  const admissions = new Map<string, Promise<Enqueued<any>>>();
  const hooks = new Set<Promise<void>>();
  const failureLog: OutboxFailure[] = [];
  let idleWaiters: Array<() => void> = [];
  let nextSeq = 0;
  let nextResumedSeq = RESUMED_SEQ_BASE;
  let running = false;
  let starting: Promise<void> | undefined;

  const checkIdle = () => {
    metrics?.outboxPending.set(records.size);
    if (records.size + admissions.size + hooks.size > 0 || idleWaiters.length === 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };

  const context: AttemptContext = {
    executors,
    entries,
    log,
    ...(metrics ? { metrics } : {}),
    now,
    random: options.random ?? Math.random,
    backoff,
    ...(options.retryForMs !== undefined ? { retryForMs: options.retryForMs } : {}),
    mayRun: options.mayRun ?? (() => true),
    isRunning: () => running,
    settle(record, outcome) {
      records.delete(record.entry.id);
      if (outcome.ok) record.resolve(outcome.value);
      else record.reject(outcome.error);
      checkIdle();
    },
    runHook(name, entry, hook) {
      const run = (async () => {
        try {
          await hook();
        } catch (error) {
          log.error({ kind: entry.kind, destination: entry.destination, id: entry.id, hook: name, error: errorText(toError(error)) }, 'outbox: hook threw');
        }
      })();
      hooks.add(run);
      void run.then(() => {
        hooks.delete(run);
        checkIdle();
      });
    },
    recordFailure(entry, error, at) {
      failureLog.push({ entry, error: errorText(error), at });
      if (failureLog.length > MAX_FAILURES_KEPT) failureLog.splice(0, failureLog.length - MAX_FAILURES_KEPT);
    },
  };

  const scheduler = createLaneScheduler<OutboxRecord>({
    // Each attempt logs as the event that caused its entry, not whichever event woke the lane.
    run: (record, signal) => runWithEventFields(record.entry.meta, () => runAttempt(context, record, signal)),
    rateLimitOf: (kind) => executors.get(kind)?.rateLimit,
    now,
    timers: options.timers ?? realTimers,
    concurrency: options.concurrency ?? 16,
    onRunError(error, record) {
      // Should not happen; back off so a bug cannot spin the lane.
      record.entry.nextAttemptAt = now() + Math.max(backoff.baseMs, 1_000);
      log.error({ kind: record.entry.kind, id: record.entry.id, error: errorText(toError(error)) }, 'outbox: attempt crashed');
    },
  });

  const admit = async <P>(id: string, input: { kind: string; destination: string; payload: P; conversationId?: number; meta?: Record<string, unknown> }, seq: number): Promise<Enqueued<P>> => {
    const [done, stored] = await Promise.all([entries.findDone(id), entries.get(id)]);
    // The stored copy has no payload (privacy); the caller's is the same one by contract.
    if (done) {
      log.debug({ kind: input.kind, destination: input.destination, id }, 'outbox: this write was already made; not repeating it');
      return { entry: { ...(done as OutboxEntry<P>), payload: jsonCopy(input.payload) }, delivered: Promise.resolve(undefined) };
    }
    const at = now();
    // Still pending from an earlier run (start() has not loaded it yet): keep its state.
    const entry: OutboxEntry<P> =
      stored && isEntryShape(stored) && executors.has(stored.kind)
        ? upgradeEntry(stored as OutboxEntry<P>)
        : {
            id,
            kind: input.kind,
            destination: input.destination,
            ...(input.conversationId !== undefined ? { conversationId: input.conversationId } : {}),
            payload: jsonCopy(input.payload),
            attempts: 0,
            createdAt: at,
            nextAttemptAt: at,
            ...(input.meta ? { meta: jsonCopy(input.meta) } : {}),
          };
    const loaded = records.get(id);
    if (loaded) return { entry: loaded.entry as OutboxEntry<P>, delivered: loaded.delivered };
    await entries.add(entry, seq);
    const record = createRecord(entry, seq);
    records.set(id, record);
    metrics?.outboxEnqueued.inc({ kind: entry.kind });
    scheduler.add(record);
    return { entry, delivered: record.delivered };
  };

  return {
    register(kind, executor) {
      if (executors.has(kind)) throw new Error(`outbox: an executor for "${kind}" is already registered`);
      executors.set(kind, executor as Executor<any, any>);
    },

    async enqueue(input) {
      if (!executors.has(input.kind)) throw new Error(`outbox: no executor registered for kind "${input.kind}"`);
      if (typeof input.destination !== 'string' || input.destination === '') throw new Error('outbox: destination must be a non-empty string');
      const id = input.id ?? randomUUID();
      const known = records.get(id);
      if (known) return { entry: known.entry as OutboxEntry<any>, delivered: known.delivered };
      const admitting = admissions.get(id);
      if (admitting) return admitting;
      const admission = admit(id, input, nextSeq++);
      admissions.set(id, admission);
      try {
        return await admission;
      } finally {
        admissions.delete(id);
        checkIdle();
      }
    },

    start() {
      if (running) return Promise.resolve();
      starting ??= (async () => {
        try {
          const ids = (await entries.pendingIds()).filter((id) => !records.has(id) && !admissions.has(id));
          const stored = await entries.getMany(ids);
          let resumed = 0;
          for (const [i, id] of ids.entries()) {
            const raw = stored[i];
            if (records.has(id)) continue;
            if (!raw || !isEntryShape(raw) || raw.id !== id) {
              log.warn({ id }, 'outbox: the index names an entry that is missing or unreadable; dropping the id');
              await entries.forget(id);
              continue;
            }
            // Stored by an earlier version: the fields it did not have yet.
            const entry = upgradeEntry(raw);
            if (!executors.has(entry.kind)) {
              log.error({ kind: entry.kind, destination: entry.destination, id }, 'outbox: no executor for a pending entry; it stays stored for a later start');
              continue;
            }
            // An earlier process may have been killed mid-attempt: its executor looks before repeating.
            entry.resumed = true;
            const record = createRecord(entry, nextResumedSeq++);
            records.set(id, record);
            scheduler.add(record);
            resumed += 1;
          }
          if (resumed > 0) log.info({ resumed }, 'outbox: resuming pending entries');
          running = true;
          scheduler.start();
          checkIdle();
        } finally {
          starting = undefined;
        }
      })();
      return starting;
    },

    async stop() {
      if (starting) await starting.catch(() => {});
      running = false;
      await scheduler.stop();
      await entries.flush();
    },

    idle() {
      if (records.size + admissions.size + hooks.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    pending: () => records.size,

    failures: () => [...failureLog],
  };
}
