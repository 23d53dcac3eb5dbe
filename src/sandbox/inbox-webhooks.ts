import type { SimInbox } from './simulator-state.ts';
import { createWebhookSender, type WebhookDelivery, type WebhookSender } from './webhook-sender.ts';

/**
 * Which callback an inbox's events go to: its own `webhook_url`, signed with its `secret` (an API
 * inbox made through REST), or else the simulator-wide target. One sender per target; one list of
 * deliveries for all of them.
 */
export function createInboxWebhooks(fallback: { url: string; secret?: string } | undefined, now: () => number) {
  const senders = new Map<string, WebhookSender>();
  const deliveries: WebhookDelivery[] = [];
  const make = (target: { url: string; secret?: string }): WebhookSender => {
    const key = `${target.url}\n${target.secret ?? ''}`;
    let sender = senders.get(key);
    if (!sender) {
      const inner = createWebhookSender(target, now);
      sender = {
        deliveries: inner.deliveries,
        close: () => inner.close(),
        send: async (event, payload) => {
          const delivery = await inner.send(event, payload);
          deliveries.push({ ...delivery, url: target.url });
          return delivery;
        },
      };
      senders.set(key, sender);
    }
    return sender;
  };
  return {
    deliveries,
    senderFor(inbox: SimInbox | undefined): WebhookSender | undefined {
      if (inbox?.webhookUrl) return make({ url: inbox.webhookUrl, secret: inbox.secret });
      return fallback ? make(fallback) : undefined;
    },
    close(): void {
      for (const sender of senders.values()) sender.close();
    },
  };
}

/**
 * The inbox a callback payload is about: `inbox.id` on message events, `inbox_id` on conversation
 * events, `conversation.inbox_id` on typing events.
 */
export function inboxIdOf(payload: Record<string, unknown>): number {
  const inbox = payload['inbox'];
  if (typeof inbox === 'object' && inbox !== null && typeof (inbox as { id?: unknown }).id === 'number') return (inbox as { id: number }).id;
  if (typeof payload['inbox_id'] === 'number') return payload['inbox_id'];
  const conversation = payload['conversation'];
  const nested = typeof conversation === 'object' && conversation !== null ? (conversation as { inbox_id?: unknown }).inbox_id : undefined;
  return typeof nested === 'number' ? nested : 0;
}
