import { createHash } from 'node:crypto';
import { currentEventScope } from '../../observability/event-scope.ts';

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
  const current = currentEventScope();
  if (current?.plugin !== plugin) return undefined;
  const writes = (current.writes ??= new Map());
  const fingerprint = createHash('sha256').update(kind).update('\0').update(destination).update('\0').update(JSON.stringify(payload) ?? '').digest('hex').slice(0, 24);
  const occurrence = writes.get(fingerprint) ?? 0;
  writes.set(fingerprint, occurrence + 1);
  return `${plugin}/${current.eventId}/${fingerprint}#${occurrence}`;
}
