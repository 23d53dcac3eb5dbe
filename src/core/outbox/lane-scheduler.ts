import { createTokenBucket, type RateLimit, type TokenBucket } from './token-bucket.ts';
import type { OutboxTimers } from './types.ts';

/** What the scheduler needs of a queued item. */
export interface LaneItem {
  /** Enqueue order; lanes stay sorted by it. */
  readonly seq: number;
  readonly entry: { readonly kind: string; readonly destination: string; readonly nextAttemptAt: number };
}

/** `advance`: the item is finished, the next one may go. `stay`: it keeps its place (retry or stop). */
export type RunOutcome = 'advance' | 'stay';

export interface LaneSchedulerOptions<T extends LaneItem> {
  run(item: T, signal: AbortSignal): Promise<RunOutcome>;
  rateLimitOf(kind: string): RateLimit | undefined;
  now: () => number;
  timers: OutboxTimers;
  /** Items in flight across all destinations. */
  concurrency: number;
  /** `run` must not throw; if it does anyway the item stays and this hears about it. */
  onRunError(error: unknown, item: T): void;
}

export interface LaneScheduler<T extends LaneItem> {
  /** Queues an item in its destination's lane (sorted by `seq`); a no-op for one already queued. */
  add(item: T): void;
  start(): void;
  /** Stops launching, cancels waits, aborts in-flight runs and waits for them to return. */
  stop(): Promise<void>;
  inFlight(): number;
}

interface Lane<T> {
  destination: string;
  queue: T[];
  busy: boolean;
  timer: unknown;
  waiting: boolean;
  ready: boolean;
}

/** Forget refilled buckets once this many are kept (destinations come and go: conversations). */
const BUCKET_SWEEP_AT = 1_000;

/**
 * Per-destination lanes: within a lane strictly one item in flight, in `seq` order, and an item
 * waiting for its retry time or a rate-limit token holds back the ones behind it; lanes run
 * concurrently up to `concurrency`. Only the injected clock and timers measure time.
 *
 * @example
 * const lanes = createLaneScheduler({ run, rateLimitOf, now, timers, concurrency: 16, onRunError });
 * lanes.add(record);
 * lanes.start();
 */
export function createLaneScheduler<T extends LaneItem>(options: LaneSchedulerOptions<T>): LaneScheduler<T> {
  const { now, timers } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const lanes = new Map<string, Lane<T>>();
  const queued = new Set<T>();
  const buckets = new Map<string, TokenBucket>();
  const jobs = new Map<Promise<void>, AbortController>();
  let readyLanes: Array<Lane<T>> = [];
  let running = false;
  let inFlight = 0;

  const bucketFor = (kind: string, destination: string): TokenBucket | undefined => {
    const limit = options.rateLimitOf(kind);
    if (!limit) return undefined;
    const key = `${kind}\u0000${destination}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = createTokenBucket(limit, now());
      buckets.set(key, bucket);
    }
    return bucket;
  };

  const sweepBuckets = () => {
    if (buckets.size < BUCKET_SWEEP_AT) return;
    const at = now();
    for (const [key, bucket] of buckets) if (bucket.isFull(at)) buckets.delete(key);
  };

  const wait = (lane: Lane<T>, ms: number) => {
    lane.waiting = true;
    lane.timer = timers.setTimeout(() => {
      lane.waiting = false;
      lane.timer = undefined;
      pump(lane);
    }, ms);
  };

  const pump = (lane: Lane<T>): void => {
    if (!running || lane.busy || lane.waiting || lane.ready) return;
    const head = lane.queue[0];
    if (!head) {
      lanes.delete(lane.destination);
      sweepBuckets();
      return;
    }
    const dueIn = head.entry.nextAttemptAt - now();
    if (dueIn > 0) return wait(lane, dueIn);
    // Concurrency before the token: a token taken while no slot is free would be wasted.
    if (inFlight >= concurrency) {
      lane.ready = true;
      readyLanes.push(lane);
      return;
    }
    const tokenIn = bucketFor(head.entry.kind, lane.destination)?.take(now()) ?? 0;
    if (tokenIn > 0) return wait(lane, tokenIn);
    launch(lane, head);
  };

  const drainReady = () => {
    while (running && inFlight < concurrency && readyLanes.length > 0) {
      const lane = readyLanes.shift() as Lane<T>;
      lane.ready = false;
      pump(lane);
    }
  };

  const launch = (lane: Lane<T>, item: T) => {
    lane.busy = true;
    inFlight += 1;
    const controller = new AbortController();
    const job = runSafely(item, controller.signal).then((outcome) => {
      jobs.delete(job);
      inFlight -= 1;
      lane.busy = false;
      if (outcome === 'advance' && lane.queue[0] === item) {
        lane.queue.shift();
        queued.delete(item);
      }
      pump(lane);
      drainReady();
    });
    jobs.set(job, controller);
  };

  const runSafely = async (item: T, signal: AbortSignal): Promise<RunOutcome> => {
    try {
      return await options.run(item, signal);
    } catch (error) {
      options.onRunError(error, item);
      return 'stay';
    }
  };

  return {
    add(item) {
      if (queued.has(item)) return;
      queued.add(item);
      const { destination } = item.entry;
      let lane = lanes.get(destination);
      if (!lane) {
        lane = { destination, queue: [], busy: false, timer: undefined, waiting: false, ready: false };
        lanes.set(destination, lane);
      }
      // Almost always an append; items resumed from the store carry lower seqs and go first. Never
      // ahead of a head that is in flight or waiting for its retry.
      let at = lane.queue.length;
      const floor = lane.busy || lane.waiting ? 1 : 0;
      while (at > floor && (lane.queue[at - 1] as T).seq > item.seq) at -= 1;
      lane.queue.splice(at, 0, item);
      pump(lane);
    },
    start() {
      if (running) return;
      running = true;
      for (const lane of [...lanes.values()]) pump(lane);
    },
    async stop() {
      running = false;
      for (const lane of lanes.values()) {
        if (lane.timer !== undefined) timers.clearTimeout(lane.timer);
        lane.timer = undefined;
        lane.waiting = false;
        lane.ready = false;
      }
      readyLanes = [];
      for (const controller of jobs.values()) controller.abort(new Error('outbox stopped'));
      await Promise.all([...jobs.keys()]);
    },
    inFlight: () => inFlight,
  };
}
