import { fullPass, sweepPass, type CatchUpDeps, type PassResult } from './catch-up.ts';
import type { IntakeGate } from '../intake/intake-gate.ts';

export type SyncState = 'in_sync' | 'catching_up' | 'behind';

export interface CatchUpRunnerOptions extends Omit<CatchUpDeps, 'signal'> {
  gate: IntakeGate;
  /** A live message settles into the cursor this long after it arrived; sweeps leave younger activity to the cable. */
  reorderWindowMs: number;
  /** First delay before retrying a pass that could not finish; doubles up to 60 s. Default 1 000. */
  retryBaseMs?: number;
}

type Kind = 'full' | 'sweep';

/**
 * When catch-up runs and what the bot may believe afterwards. Each confirmed subscription starts a
 * new epoch: the gate closes, the bot is "catching up", and a full pass runs (a pass already running
 * is aborted and followed by a new one: its listing predates the new gap). Only a full pass that
 * completes within the same epoch makes the bot "in sync", which lets cursors settle and the sync
 * point move. A pass that cannot finish is retried with backoff while subscribed; a periodic sweep
 * runs while in sync. Never two passes at once, none after `stop()`.
 *
 * @example
 * const runner = createCatchUpRunner({ ...deps, gate: intake.gate, reorderWindowMs: 10_000 });
 * cable.onSubscribed(() => runner.subscribed());
 * runner.sweep(300_000);
 */
export function createCatchUpRunner(options: CatchUpRunnerOptions) {
  const { gate, deliveries, log, now } = options;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  let epoch = 0;
  let subscribed = false;
  let verifiedBefore: number | undefined;
  let readerPaused = false;
  let running: { promise: Promise<void>; abort: AbortController; kind: Kind } | undefined;
  let pending: Kind | undefined;
  let stopped = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let last: { at: number; messages: number; error?: string } | undefined;

  const publishSync = () => deliveries.setInSync(readerPaused ? undefined : verifiedBefore);

  const finished = (kind: Kind, passEpoch: number, result: PassResult) => {
    last = { at: result.listedAt, messages: result.messages };
    if (passEpoch !== epoch || !subscribed) return;
    if (!result.complete) return retry(kind, new Error('some conversations could not be read to the end'));
    failures = 0;
    if (kind === 'full') verifiedBefore = result.listedAt;
    publishSync();
  };

  const retry = (kind: Kind, error: Error) => {
    last = { at: now(), messages: last?.messages ?? 0, error: error.message };
    verifiedBefore = undefined;
    publishSync();
    gate.open();
    if (stopped || !subscribed) return;
    const delayMs = Math.min(60_000, retryBaseMs * 2 ** Math.min(failures, 10));
    failures += 1;
    log.warn({ err: error.message, kind, retryInMs: delayMs }, `catch-up did not finish (${error.message}); live events flow meanwhile, the missed ones follow when it does`);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => request('full'), delayMs);
    retryTimer.unref();
  };

  const start = (kind: Kind) => {
    const abort = new AbortController();
    const passEpoch = epoch;
    const deps: CatchUpDeps = { ...options, log: log.child({ component: 'catch-up', kind }), signal: abort.signal };
    if (kind === 'full') gate.close();
    // A pass outlived by a new subscription must not touch the new epoch's gate.
    const current = () => passEpoch === epoch;
    const scopedGate: IntakeGate = {
      ...gate,
      close: () => current() && gate.close(),
      reconcile: (ids) => current() && gate.reconcile(ids),
      release: (id) => current() && gate.release(id),
      open: () => current() && gate.open(),
    };
    const promise = (kind === 'full' ? fullPass(deps, scopedGate) : sweepPass(deps, options.reorderWindowMs))
      .then(
        (result) => finished(kind, passEpoch, result),
        (error: unknown) => {
          if (passEpoch === epoch && !abort.signal.aborted) retry(kind, error instanceof Error ? error : new Error(String(error)));
        },
      )
      .finally(() => {
        if (kind === 'full' && passEpoch === epoch && verifiedBefore !== undefined) gate.open();
        running = undefined;
        const next = pending;
        pending = undefined;
        if (next && !stopped) request(next);
      });
    running = { promise, abort, kind };
  };

  const request = (kind: Kind) => {
    if (stopped) return;
    if (running) {
      pending = kind === 'full' || pending === 'full' ? 'full' : 'sweep';
      return;
    }
    start(kind === 'sweep' && verifiedBefore === undefined ? 'full' : kind);
  };

  return {
    /** A confirmed subscription (boot or reconnect): a new epoch that must be caught up. */
    subscribed(): void {
      epoch += 1;
      subscribed = true;
      verifiedBefore = undefined;
      failures = 0;
      clearTimeout(retryTimer);
      publishSync();
      gate.close();
      running?.abort.abort();
      request('full');
    },
    /**
     * The cable is down: nothing is verified any more. Events already held stay held — their
     * conversations' missed messages come first, in the next epoch's pass.
     */
    disconnected(): void {
      if (!subscribed) return;
      epoch += 1;
      subscribed = false;
      verifiedBefore = undefined;
      clearTimeout(retryTimer);
      publishSync();
      running?.abort.abort();
    },
    /** The intake stopped reading (backpressure): unread frames may be older than the sync point would assume. */
    readerPaused(paused: boolean): void {
      readerPaused = paused;
      publishSync();
    },
    /** Runs a pass now (tests and the harness); resolves when it and any pass it queued are done. */
    async run(kind: Kind = 'full'): Promise<void> {
      request(kind);
      while (running) await running.promise;
    },
    /** Every `everyMs` (0 = never): a sweep while in sync, a full pass if not. */
    sweep(everyMs: number): void {
      if (everyMs <= 0) return;
      sweepTimer = setInterval(() => {
        if (subscribed && !running) request('sweep');
      }, everyMs);
      sweepTimer.unref();
    },
    state: (): SyncState => (verifiedBefore !== undefined && !readerPaused ? 'in_sync' : running || subscribed ? 'catching_up' : 'behind'),
    /** The pass in progress, if any. */
    current: (): Promise<void> | undefined => running?.promise,
    last: () => last,
    /** Aborts the pass in progress and waits for it; no pass starts afterwards. */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(sweepTimer);
      clearTimeout(retryTimer);
      running?.abort.abort();
      await running?.promise;
      gate.open();
    },
  };
}

export type CatchUpRunner = ReturnType<typeof createCatchUpRunner>;
