import type { DeliveryFailedEvent } from '../../chatwoot/events.ts';
import type { OutboxEntry } from '../outbox/create-outbox.ts';

/**
 * The `switchboard.delivery_failed` event for a write that failed for good: addressed to the plugin
 * named in the entry's meta (the bus delivers it to that plugin only), with the conversation taken
 * from a `chatwoot:<id>` destination.
 */
export function deliveryFailedEvent(entry: OutboxEntry, error: Error, context: { accountId: number; now: number }): DeliveryFailedEvent {
  const plugin = typeof entry.meta?.['plugin'] === 'string' ? entry.meta['plugin'] : 'core';
  const [scope, id] = entry.destination.split(':');
  return {
    name: 'switchboard.delivery_failed',
    id: `switchboard.delivery_failed:${entry.id}`,
    accountId: context.accountId,
    conversationId: scope === 'chatwoot' && Number(id) > 0 ? Number(id) : null,
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
