import type { AnyEvent } from '../../chatwoot/events.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';

/**
 * A plugin's handler as the bus calls it. It may be sync or async; its result is ignored. `signal`
 * is aborted when this call times out or the bus stops (see {@link Bus} for its exact scope).
 */
export type BusHandler = (event: AnyEvent, signal: AbortSignal) => unknown;

/** Counters since the bus was created, plus what is queued and running now. */
export interface BusStats {
  /** Deliveries (one event for one handler) waiting in lanes. */
  queued: number;
  /** Handler calls in progress. A timed-out call is abandoned and no longer counted. */
  running: number;
  /** Handler calls made, whatever their outcome. */
  delivered: number;
  /** Calls that threw, rejected or timed out (so `timedOut` is included). */
  failed: number;
  /** Calls that timed out. */
  timedOut: number;
  /** Deliveries never made: their plugin was paused, or the bus stopped with them queued. */
  skipped: number;
}

/**
 * Order per conversation, concurrency across: each plugin has one FIFO lane per conversation (and
 * one `account` lane for events without a conversation); a lane runs one handler call at a time, in
 * arrival order, while different lanes run concurrently up to a global bound.
 *
 * About `signal`: each lane lends its calls one AbortController (creating one per call would cost
 * more than the whole dispatch). It is aborted when the lane's running call times out (and then
 * replaced) or when the bus stops. A handler should therefore stop using its signal once it has
 * settled: a later call in the same conversation timing out would abort it too.
 */
export interface Bus {
  /** Adds a handler for one event name, or for every event with `'*'`; a plugin may add several. */
  subscribe(plugin: string, name: string, handler: BusHandler): void;
  /**
   * Enqueues the event on every matching plugin's lane for `event.conversationId` and starts what it
   * can (a sync handler on an idle lane with a free slot runs before `publish` returns). Never throws.
   * Returns false once `highWater` deliveries are waiting: the caller should stop reading until
   * {@link Bus.drained}. The event is accepted either way, never dropped.
   *
   * With `track`, {@link BusOptions.onSettled} hears of the event once every plugin it went to is
   * done with it: ran (or failed, or timed out), or was skipped because the plugin is paused —
   * `completed` false if a delivery was dropped unrun because the bus stopped.
   */
  publish(event: AnyEvent, track?: boolean): boolean;
  /** Resolves when at most `lowWater` deliveries are waiting (at once if so already, or stopped). */
  drained(): Promise<void>;
  /** Resolves when no delivery is queued and no handler call is running. */
  idle(): Promise<void>;
  /** Plugins paused after `pauseAfterFailures` consecutive failures: report them as not ready. */
  paused(): string[];
  /** Un-pauses a plugin and resets its failure count; its dropped deliveries stay dropped. */
  resume(plugin: string): void;
  stats(): BusStats;
  /**
   * Discards queued deliveries, aborts every lane's signal, ignores later publishes (logged once) and
   * resolves when running calls have settled or timed out. Await {@link Bus.idle} first to drain.
   */
  stop(): Promise<void>;
}

export interface BusOptions {
  log: Logger;
  metrics?: Metrics;
  /** Handler calls running at once across all lanes and plugins. Default 32. */
  concurrency?: number;
  /**
   * Calls one plugin may have running at once, so a plugin that hangs in every conversation cannot
   * hold every slot until its timeouts. Default `ceil(concurrency / 2)`; `concurrency` turns it off.
   */
  pluginConcurrency?: number;
  /** Waiting deliveries at which `publish` returns false. Default 10 000. */
  highWater?: number;
  /** Waiting deliveries at or under which `drained()` resolves. Default `highWater / 2`. */
  lowWater?: number;
  /** A call still pending after this long is abandoned and its signal aborted. Default 30 000; `Infinity` disables. */
  handlerTimeoutMs?: number;
  /** Consecutive failures (throw, rejection, timeout) after which a plugin is paused. Default 5; `Infinity` never pauses. */
  pauseAfterFailures?: number;
  /** Called once per tracked event (see {@link Bus.publish}) when every plugin is done with it. */
  onSettled?(event: AnyEvent, completed: boolean): void;
  /** Told once per pause, with the message that was logged. */
  onPause?(plugin: string, reason: string): void;
}
