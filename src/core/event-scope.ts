import { createHash } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';

interface Scope {
  eventId: string;
  event: string;
  /** The plugin whose handler runs (undefined in a scope restored for an outbox attempt). */
  plugin: string | undefined;
  /** How many times each write fingerprint was made in this handler run (made on the first write). */
  writes: Map<string, number> | undefined;
}

const scope = new AsyncLocalStorage<Scope>();

/**
 * Runs a plugin handler "inside" its event, so every log line the plugin writes while handling it —
 * before or after an `await` — carries the event's id and name (see the logger's mixin), and every
 * write it makes gets an idempotency key derived from the event (see {@link eventWriteKey}).
 */
export function runInEventScope<R>(event: { id: string; name: string }, fn: () => R, plugin?: string): R {
  // One small object per handler call (the hot path): the write counts are made on the first write.
  const current: Scope = { eventId: event.id, event: event.name, plugin, writes: undefined };
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

/**
 * The idempotency key of a write a plugin makes while handling an event: derived from the plugin,
 * the event, what is written (kind, destination, payload) and how many identical writes this run
 * made before. A handler that runs again for the same event (a replay after a crash) makes the same
 * writes with the same keys, so the outbox does them once; a write that differs on the second run
 * is a new write. Undefined outside a handler (commands, surface callbacks): no event to derive from.
 *
 * @example
 * const id = eventWriteKey('slack', 'slack.post', 'slack:C1', payload); // 'slack/message.created:7:1700…/3f2a…#0'
 */
export function eventWriteKey(plugin: string, kind: string, destination: string, payload: unknown): string | undefined {
  const current = scope.getStore();
  if (current?.plugin !== plugin) return undefined;
  const writes = (current.writes ??= new Map());
  const fingerprint = createHash('sha256').update(kind).update('\0').update(destination).update('\0').update(JSON.stringify(payload) ?? '').digest('hex').slice(0, 24);
  const occurrence = writes.get(fingerprint) ?? 0;
  writes.set(fingerprint, occurrence + 1);
  return `${plugin}/${current.eventId}/${fingerprint}#${occurrence}`;
}

/** The event behind the write being queued, for the outbox entry's `meta` (its attempts log it). */
export function currentEventFields(): { eventId: string; event: string } | undefined {
  const current = scope.getStore();
  return current ? { eventId: current.eventId, event: current.event } : undefined;
}
