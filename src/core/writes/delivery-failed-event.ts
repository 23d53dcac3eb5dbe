import type { DeliveryFailedEvent } from '../../chatwoot/events.ts';
import type { OutboxEntry } from '../outbox/create-outbox.ts';

/**
 * The `switchboard.delivery_failed` event for a write that failed for good: addressed to the plugin
 * named in the entry's meta (the bus delivers it to that plugin only), about the entry's
 * conversation (entries stored before it was a field get it from their `chatwoot:<id>`
 * destination when they are loaded: see outbox/destinations.ts).
 */
export function deliveryFailedEvent(entry: OutboxEntry, error: Error, context: { accountId: number; now: number }): DeliveryFailedEvent {
  const plugin = typeof entry.meta?.['plugin'] === 'string' ? entry.meta['plugin'] : 'core';
  return {
    name: 'switchboard.delivery_failed',
    id: `switchboard.delivery_failed:${entry.id}`,
    accountId: context.accountId,
    conversationId: entry.conversationId ?? null,
    source: 'switchboard',
    replayed: false,
    origin: 'switchboard',
    receivedAt: context.now,
    plugin,
    kind: entry.kind,
    destination: entry.destination,
    entryId: entry.id,
    error: error.message,
    ...(entry.meta ? { meta: entry.meta } : {}),
  };
}
