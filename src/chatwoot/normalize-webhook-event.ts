import { buildEvent } from './build-event.ts';
import type { AnyEvent } from './events.ts';
import { isRecord, toUnixSeconds } from './normalize-objects.ts';

/** Chatwoot's webhook names (`ALLOWED_WEBHOOK_EVENTS`) and their websocket spelling, listed for readers. */
const WEBHOOK_NAMES: Readonly<Record<string, string>> = {
  message_created: 'message.created',
  message_updated: 'message.updated',
  conversation_created: 'conversation.created',
  conversation_status_changed: 'conversation.status_changed',
  conversation_updated: 'conversation.updated',
  conversation_typing_on: 'conversation.typing_on',
  conversation_typing_off: 'conversation.typing_off',
  contact_created: 'contact.created',
  contact_updated: 'contact.updated',
  webwidget_triggered: 'webwidget.triggered',
  inbox_created: 'inbox.created',
  inbox_updated: 'inbox.updated',
};

/**
 * Webhook name → dotted event name; unknown names follow the same rule (first `_` becomes `.`).
 *
 * @example
 * webhookEventName('conversation_status_changed'); // → 'conversation.status_changed'
 */
export function webhookEventName(event: string): string {
  return WEBHOOK_NAMES[event] ?? (event.includes('.') ? event : event.replace('_', '.'));
}

/**
 * Turns a Chatwoot webhook body (`webhook_data` + `event`) into the same typed event the websocket
 * gives for that object state, with `source: 'webhook'`. The webhook-only differences (string
 * `message_type`, ISO `created_at`, nested `account`/`inbox`/`conversation`, contact senders
 * without `type`) are smoothed out by the shared normalizers; what is left here is transport detail.
 *
 * Known limit: `message_updated` webhooks carry no `updated_at`, so their `id` key uses
 * `created_at` and cannot match the websocket's `message.updated` key for the same edit.
 *
 * @example
 * const event = normalizeWebhookEvent(JSON.parse(rawBody), { receivedAt: Date.now() });
 * if (!('error' in event)) host.deliver(event);
 */
export function normalizeWebhookEvent(body: unknown, meta: { receivedAt: number }): AnyEvent | { error: string } {
  if (!isRecord(body)) return { error: 'webhook body is not a JSON object' };
  const { event: rawName, ...data } = body;
  if (typeof rawName !== 'string' || rawName === '') return { error: 'webhook body has no "event" name' };
  const name = webhookEventName(rawName);

  if (name === 'message.created' || name === 'message.updated') {
    // The websocket sends `created_at.to_i` and an ISO `updated_at`; the webhook sends only an ISO
    // `created_at` (millisecond precision). On creation both stamps are the same instant.
    const createdAt = toUnixSeconds(data['created_at']);
    if (createdAt !== undefined) {
      if (name === 'message.created' && data['updated_at'] === undefined) data['updated_at'] = createdAt;
      data['created_at'] = Math.floor(createdAt);
    }
  }
  return buildEvent(name, data, { source: 'webhook', receivedAt: meta.receivedAt });
}
