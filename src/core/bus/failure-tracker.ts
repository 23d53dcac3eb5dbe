import type { AnyEvent } from '../../chatwoot/events.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { PluginState } from './plugin-state.ts';

export interface FailureTracker {
  /** A call threw or rejected: logged, counted, and may pause the plugin. */
  failed(plugin: PluginState, event: AnyEvent, error: unknown): void;
  /** A call was abandoned after the timeout: same as `failed`, with its own log line and counter. */
  timedOut(plugin: PluginState, event: AnyEvent): void;
  /** A call succeeded: the consecutive-failure count starts over. */
  succeeded(plugin: PluginState): void;
  /** Deliveries skipped for a paused plugin (counted, not logged: the pause was). */
  skipped(plugin: PluginState, count: number): void;
  resume(plugin: PluginState): void;
}

export interface FailureTrackerOptions {
  log: Logger;
  metrics?: Metrics | undefined;
  timeoutMs: number;
  pauseAfter: number;
  onPause?: ((plugin: string, reason: string) => void) | undefined;
  /** Empties the plugin's lanes when it is paused; returns how many deliveries were dropped. */
  dropQueued(plugin: PluginState): number;
}

type Child = ReturnType<Metrics['handlerErrors']['labels']>;

/**
 * Logs and counts handler failures and pauses a plugin after `pauseAfter` in a row. Logs carry the
 * plugin, event name, event id and conversation, never the payload.
 *
 * @example
 * const failures = createFailureTracker({ log, metrics, timeoutMs: 30_000, pauseAfter: 5, dropQueued });
 * failures.failed(plugin, event, error);
 */
export function createFailureTracker(options: FailureTrackerOptions): FailureTracker {
  const { log, metrics, timeoutMs, pauseAfter, onPause, dropQueued } = options;
  // Bound label children, made once per plugin: labels() hashes its argument on every call.
  const children = new Map<string, { errors: Child; timeouts: Child; dropped: Child }>();
  const counters = (plugin: string) => {
    let child = children.get(plugin);
    if (child === undefined && metrics) {
      child = {
        errors: metrics.handlerErrors.labels({ plugin }),
        timeouts: metrics.handlerTimeouts.labels({ plugin }),
        dropped: metrics.pausedDeliveriesDropped.labels({ plugin }),
      };
      children.set(plugin, child);
    }
    return child;
  };

  const eventFields = (plugin: PluginState, event: AnyEvent) => ({
    plugin: plugin.name,
    event: event.name,
    eventId: event.id,
    conversationId: event.conversationId,
  });

  const pause = (plugin: PluginState) => {
    plugin.paused = true;
    const dropped = dropQueued(plugin);
    if (dropped > 0) counters(plugin.name)?.dropped.inc(dropped);
    metrics?.pluginPaused.set({ plugin: plugin.name }, 1);
    const reason = `plugin "${plugin.name}" paused after ${plugin.failures} consecutive failures; fix it and restart (or resume)`;
    log.error({ plugin: plugin.name, failures: plugin.failures, dropped }, reason);
    try {
      onPause?.(plugin.name, reason);
    } catch (error) {
      log.error({ plugin: plugin.name, err: error }, 'onPause callback threw');
    }
  };

  const count = (plugin: PluginState) => {
    plugin.failures += 1;
    if (!plugin.paused && plugin.failures >= pauseAfter) pause(plugin);
  };

  return {
    failed(plugin, event, error) {
      counters(plugin.name)?.errors.inc();
      // Only real Errors go to pino's serializer: a thrown plain object could be the payload itself.
      const detail = error instanceof Error ? { err: error } : { thrown: describe(error) };
      log.error({ ...eventFields(plugin, event), ...detail }, `plugin "${plugin.name}" handler failed on ${event.name}: ${describe(error)}`);
      count(plugin);
    },
    timedOut(plugin, event) {
      const child = counters(plugin.name);
      child?.errors.inc();
      child?.timeouts.inc();
      log.error(
        { ...eventFields(plugin, event), timeoutMs },
        `plugin "${plugin.name}" handler timed out after ${timeoutMs} ms on ${event.name}; its signal was aborted and its lane moved on`,
      );
      count(plugin);
    },
    succeeded(plugin) {
      plugin.failures = 0;
    },
    skipped(plugin, n) {
      counters(plugin.name)?.dropped.inc(n);
    },
    resume(plugin) {
      const wasPaused = plugin.paused;
      plugin.paused = false;
      plugin.failures = 0;
      if (!wasPaused) return;
      metrics?.pluginPaused.set({ plugin: plugin.name }, 0);
      log.info({ plugin: plugin.name }, `plugin "${plugin.name}" resumed`);
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error).slice(0, 200);
  } catch {
    return 'a value that cannot be printed';
  }
}
