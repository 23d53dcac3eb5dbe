import { AsyncLocalStorage } from 'node:async_hooks';

/** The event a piece of work is about: its log fields, and (inside a plugin's handler) the plugin and its writes so far. */
export interface EventScope {
  eventId: string;
  event: string;
  /** The plugin whose handler runs (undefined in a scope restored for an outbox attempt). */
  plugin: string | undefined;
  /** How many times each write fingerprint was made in this handler run (made on the first write). */
  writes: Map<string, number> | undefined;
}

const scope = new AsyncLocalStorage<EventScope>();

/**
 * Runs a plugin handler "inside" its event, so every log line the plugin writes while handling it —
 * before or after an `await` — carries the event's id and name (see the logger's mixin), and every
 * write it makes gets an idempotency key derived from the event (core's `eventWriteKey`).
 */
export function runInEventScope<R>(event: { id: string; name: string }, fn: () => R, plugin?: string): R {
  // One small object per handler call (the hot path): the write counts are made on the first write.
  const current: EventScope = { eventId: event.id, event: event.name, plugin, writes: undefined };
  return scope.run(current, fn);
}

/** Runs `fn` with the log fields of the event that caused it (an outbox attempt), or none. */
export function runWithEventFields<R>(fields: { eventId?: unknown; event?: unknown } | undefined, fn: () => R): R {
  if (typeof fields?.eventId === 'string' && typeof fields.event === 'string') {
    return scope.run({ eventId: fields.eventId, event: fields.event, plugin: undefined, writes: undefined }, fn);
  }
  return scope.exit(fn);
}

/** The fields of the event being handled here, if any: merged into log lines. */
export function eventScopeFields(): Record<string, string> {
  const current = scope.getStore();
  return current ? { eventId: current.eventId, event: current.event } : {};
}

/** The event behind the write being queued, for the outbox entry's `meta` (its attempts log it). */
export function currentEventFields(): { eventId: string; event: string } | undefined {
  const current = scope.getStore();
  return current ? { eventId: current.eventId, event: current.event } : undefined;
}

/** The scope of the work running here, if any (core derives write keys from it). */
export function currentEventScope(): EventScope | undefined {
  return scope.getStore();
}
