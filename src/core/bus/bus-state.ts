import type { AnyEvent } from '../../chatwoot/events.ts';
import type { DeliveryTracker } from './delivery-tracker.ts';
import type { BusHandler } from './types.ts';

// The bus's two records, in one file: a lane points at its plugin and a plugin holds its lanes, so
// their modules (lane-queue.ts, plugin-state.ts) share these types instead of importing each other.

/**
 * One plugin's FIFO for one conversation (`key` null: the shared `account` lane). Deliveries sit in
 * three parallel ring buffers (event, handler, tracker), so queuing allocates nothing per delivery and a lane
 * that fills and empties over and over keeps reusing the same arrays.
 */
export interface Lane {
  readonly plugin: PluginState;
  readonly key: number | null;
  events: Array<AnyEvent | undefined>;
  handlers: Array<BusHandler | undefined>;
  /** Set for events whose completion someone waits for (see `Bus.publish`). */
  trackers: Array<DeliveryTracker | undefined>;
  /** Index of the oldest delivery; `size` deliveries follow it (wrapping). Capacity is a power of two. */
  head: number;
  size: number;
  /** A handler call from this lane is running (the next one waits for it to settle). */
  active: boolean;
  /** Linked into the ready queue (waiting for a concurrency slot). */
  inReady: boolean;
  nextReady: Lane | null;
  /** Lent to this lane's calls; replaced after it is aborted by a timeout. Created on first call. */
  controller: AbortController | undefined;
}

/** Everything the bus keeps per plugin. */
export interface PluginState {
  readonly name: string;
  /** In subscription order; a '*' entry matches every event. */
  readonly subscriptions: Array<{ name: string; handler: BusHandler }>;
  readonly lanes: Map<number | null, Lane>;
  /** Lane count at which idle lanes are swept (conversations come and go; lanes must not pile up). */
  sweepAt: number;
  /** Consecutive failures; reset by a success or `resume`. */
  failures: number;
  paused: boolean;
  /** Calls of this plugin running now (capped by the bus's `pluginConcurrency`). */
  running: number;
  /** Lanes with work that found the plugin at its cap: linked through `nextReady`, oldest first. */
  parkedHead: Lane | null;
  parkedTail: Lane | null;
}
