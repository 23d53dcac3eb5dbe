import type { AnyEvent } from '../../chatwoot/events.ts';
import { createTracker, settleDelivery, type DeliveryTracker } from './delivery-tracker.ts';
import { createFailureTracker } from './failure-tracker.ts';
import { clearLane, laneSize, pushDelivery, runNext, type Lane } from './lane-queue.ts';
import { clearParked, laneFor, parkLane, unparkLane, type PluginState } from './plugin-state.ts';
import { createReadyQueue, markReady, takeReady } from './ready-queue.ts';
import { resolveBusOptions } from './resolve-options.ts';
import { createRouteTable } from './route-table.ts';
import { createTimeoutRunner, type TimedCall } from './timeout-runner.ts';
import type { Bus, BusHandler, BusOptions, BusStats } from './types.ts';
import { createWaiters } from './waiters.ts';

export type { Bus, BusHandler, BusOptions, BusStats } from './types.ts';

/** A handler call that returned a promise, until it settles or times out. */
interface AsyncCall extends TimedCall {
  lane: Lane;
  event: AnyEvent;
  tracker: DeliveryTracker | undefined;
  settled: boolean;
}

/**
 * The event bus between the intake and the plugins: per-conversation order, concurrency across
 * conversations, bounded queues with backpressure, and isolated handler calls (a throw or a timeout
 * is logged and counted; a plugin failing `pauseAfterFailures` times in a row is paused).
 *
 * @example
 * const bus = createBus({ log, metrics });
 * bus.subscribe('audit', 'message.created', async (event, signal) => save(event, { signal }));
 * if (!bus.publish(event)) await bus.drained(); // over the high-water mark: stop reading for a while
 * await bus.idle();
 */
export function createBus(options: BusOptions): Bus {
  const { log, metrics } = options;
  const onSettled = options.onSettled ?? (() => {});
  const { concurrency, pluginConcurrency, highWater, lowWater, timeoutMs, pauseAfter } = resolveBusOptions(options);

  const routes = createRouteTable();
  const ready = createReadyQueue();
  const drainWaiters = createWaiters();
  const idleWaiters = createWaiters();
  const stats = { queued: 0, running: 0, delivered: 0, failed: 0, timedOut: 0, skipped: 0 };
  /** True while a handler runs synchronously (or the pump loops): nested publishes only enqueue. */
  let busy = false;
  let stopped = false;
  let warnedStopped = false;
  let overloaded = false;

  const failures = createFailureTracker({
    log,
    metrics,
    timeoutMs,
    pauseAfter,
    onPause: options.onPause,
    dropQueued: (plugin) => dropQueued(plugin, false),
  });
  const timeouts = createTimeoutRunner<AsyncCall>({ timeoutMs, onTimeout: expire });

  /** Empties a plugin's lanes (pause or stop). Lanes left in the ready queue are skipped when reached. */
  function dropQueued(plugin: PluginState, abort: boolean): number {
    let dropped = 0;
    clearParked(plugin);
    // Paused: the plugin is skipped, so its part of the event is done. Stopping: it never ran.
    const droppedTracker = (tracker: DeliveryTracker) => settleDelivery(tracker, abort, onSettled);
    for (const lane of plugin.lanes.values()) {
      dropped += clearLane(lane, droppedTracker);
      if (abort) lane.controller?.abort(new DOMException('the event bus is stopping', 'AbortError'));
    }
    stats.queued -= dropped;
    stats.skipped += dropped;
    return dropped;
  }

  /** Runs one delivery; the lane is idle and a slot is free. Sync results finish here, promises in `settle`. */
  function runCall(lane: Lane, event: AnyEvent, handler: BusHandler, tracker: DeliveryTracker | undefined): void {
    stats.running += 1;
    stats.delivered += 1;
    lane.plugin.running += 1;
    lane.active = true;
    const wasBusy = busy;
    busy = true;
    let result: unknown;
    try {
      result = handler(event, (lane.controller ??= new AbortController()).signal);
    } catch (error) {
      busy = wasBusy;
      finish(lane, event, tracker, true, error);
      return;
    }
    busy = wasBusy;
    if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as PromiseLike<unknown>).then === 'function') {
      const call: AsyncCall = { lane, event, tracker, settled: false, deadline: 0, prev: null, next: null };
      timeouts.start(call);
      try {
        (result as PromiseLike<unknown>).then(
          () => settle(call, false, undefined),
          (error: unknown) => settle(call, true, error),
        );
      } catch (error) {
        settle(call, true, error); // a thenable whose `then` throws
      }
      return;
    }
    finish(lane, event, tracker, false, undefined);
  }

  /** Frees the slot and the lane, records the outcome, and queues the lane again if it has more. */
  function finish(lane: Lane, event: AnyEvent, tracker: DeliveryTracker | undefined, isError: boolean, error: unknown): void {
    release(lane);
    if (tracker !== undefined) settleDelivery(tracker, false, onSettled);
    if (isError) {
      stats.failed += 1;
      failures.failed(lane.plugin, event, error);
    } else if (lane.plugin.failures !== 0) {
      failures.succeeded(lane.plugin);
    }
    if (laneSize(lane) !== 0) markReady(ready, lane);
  }

  /** Gives back the call's global slot and its plugin's, which a parked lane of that plugin may now use. */
  function release(lane: Lane): void {
    stats.running -= 1;
    lane.active = false;
    const plugin = lane.plugin;
    plugin.running -= 1;
    if (plugin.parkedHead !== null) {
      const parked = unparkLane(plugin);
      if (parked !== null) markReady(ready, parked);
    }
  }

  function settle(call: AsyncCall, isError: boolean, error: unknown): void {
    if (call.settled) return; // timed out earlier: abandoned, its late outcome does nothing
    call.settled = true;
    timeouts.finish(call);
    finish(call.lane, call.event, call.tracker, isError, error);
    pump();
  }

  function expire(call: AsyncCall): void {
    if (call.settled) return;
    call.settled = true;
    const lane = call.lane;
    const controller = lane.controller;
    lane.controller = undefined; // the lane's next call gets a fresh signal
    release(lane);
    // Abandoned after the timeout: as finished (failed) as it will ever be.
    if (call.tracker !== undefined) settleDelivery(call.tracker, false, onSettled);
    stats.failed += 1;
    stats.timedOut += 1;
    failures.timedOut(lane.plugin, call.event);
    if (laneSize(lane) !== 0) markReady(ready, lane);
    // Abort listeners are plugin code: let them run while nested publishes only enqueue.
    const wasBusy = busy;
    busy = true;
    try {
      controller?.abort(new DOMException(`handler timed out after ${timeoutMs} ms`, 'TimeoutError'));
    } finally {
      busy = wasBusy;
    }
    pump();
  }

  /** Starts waiting lanes, oldest first, while slots are free. Never re-entered. */
  function pump(): void {
    if (busy) return; // the pump or handler call up the stack picks the work up
    busy = true;
    try {
      while (stats.running < concurrency) {
        const lane = takeReady(ready);
        if (lane === null) break;
        if (lane.active || laneSize(lane) === 0) continue; // emptied by a pause or stop since
        if (lane.plugin.running >= pluginConcurrency) {
          lane.inReady = true; // parked: still waiting, so new deliveries must not queue it again
          parkLane(lane);
          continue;
        }
        stats.queued -= 1;
        runNext(lane, runCall);
      }
    } finally {
      busy = false;
    }
    afterWork();
  }

  function afterWork(): void {
    if (stats.queued <= lowWater) {
      overloaded = false;
      if (drainWaiters.count() !== 0) drainWaiters.release();
    }
    if (stats.queued === 0 && stats.running === 0 && idleWaiters.count() !== 0) idleWaiters.release();
  }

  return {
    subscribe(plugin, name, handler) {
      routes.subscribe(plugin, name, handler);
    },

    publish(event, track = false) {
      if (stopped) {
        if (!warnedStopped) {
          warnedStopped = true;
          log.warn({ event: event.name, eventId: event.id }, 'the event bus is stopped: ignoring events published from now on');
        }
        if (track) onSettled(event, false);
        return true;
      }
      // Counted from 1 so a sync handler finishing inside the loop cannot settle it early; the loop's
      // own count is given back after it.
      const tracker = track ? createTracker(event, 1) : undefined;
      try {
        const list = routes.routesFor(event.name);
        const key = event.conversationId ?? null;
        for (let i = 0; i < list.length; i += 1) {
          const route = list[i]!;
          const plugin = route.plugin;
          if (plugin.paused) {
            stats.skipped += 1;
            failures.skipped(plugin, 1);
            continue;
          }
          const lane = laneFor(plugin, key);
          if (tracker !== undefined) tracker.left += 1;
          // Hot path: idle lane, free slot, nobody waiting for one → call now, no queue, no promise.
          if (!lane.active && lane.size === 0 && !busy && stats.running < concurrency && plugin.running < pluginConcurrency && ready.head === null) {
            runCall(lane, event, route.handler, tracker);
          } else {
            pushDelivery(lane, event, route.handler, tracker);
            stats.queued += 1;
            if (!lane.active) markReady(ready, lane);
          }
        }
        if (ready.head !== null) pump();
        else afterWork();
      } catch (error) {
        log.error({ err: error, event: event.name, eventId: event.id }, 'event bus failed to publish an event (a bug in the bus)');
      }
      if (tracker !== undefined) settleDelivery(tracker, false, onSettled);
      if (stats.queued < highWater) return true;
      if (!overloaded) {
        overloaded = true;
        metrics?.busBackpressure.inc();
      }
      return false;
    },

    drained() {
      if (stopped || stats.queued <= lowWater) return Promise.resolve();
      return drainWaiters.wait();
    },

    idle() {
      if (stats.queued === 0 && stats.running === 0) return Promise.resolve();
      return idleWaiters.wait();
    },

    paused() {
      const names: string[] = [];
      for (const plugin of routes.plugins()) if (plugin.paused) names.push(plugin.name);
      return names;
    },

    resume(name) {
      const plugin = routes.plugin(name);
      if (plugin) failures.resume(plugin);
    },

    stats: (): BusStats => ({ ...stats }),

    async stop() {
      if (!stopped) {
        stopped = true;
        let discarded = 0;
        const wasBusy = busy;
        busy = true; // abort listeners run now; keep them from starting anything
        try {
          for (const plugin of routes.plugins()) discarded += dropQueued(plugin, true);
        } finally {
          busy = wasBusy;
        }
        if (discarded > 0) log.warn({ discarded }, `event bus stopping: ${discarded} queued deliveries discarded`);
        log.debug({ running: stats.running }, 'event bus stopping: signals aborted, waiting for running handlers');
        drainWaiters.release();
      }
      if (stats.running === 0 && stats.queued === 0) return;
      await idleWaiters.wait();
    },
  };
}
