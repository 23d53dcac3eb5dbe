import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ eventId: string; event: string }>();

/**
 * Runs a plugin handler "inside" its event, so every log line the plugin writes while handling it —
 * before or after an `await` — carries the event's id and name (see the logger's mixin).
 */
export function runInEventScope<R>(event: { id: string; name: string }, fn: () => R): R {
  return scope.run({ eventId: event.id, event: event.name }, fn);
}

/** The fields of the event being handled here, if any: merged into log lines. */
export function eventScopeFields(): Record<string, string> {
  return scope.getStore() ?? {};
}
