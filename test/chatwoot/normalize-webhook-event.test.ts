import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../src/chatwoot/build-event.ts';
import type { AnyEvent, ChatwootEventMap } from '../../src/chatwoot/events.ts';
import { normalizeWebhookEvent, webhookEventName } from '../../src/chatwoot/normalize-webhook-event.ts';

const RECEIVED_AT = 1_700_000_000_000;
const cable = (name: string, data: Record<string, unknown>) => buildEvent(name, data, { source: 'cable', receivedAt: RECEIVED_AT });
const webhook = (body: unknown) => {
  const event = normalizeWebhookEvent(body, { receivedAt: RECEIVED_AT });
  if ('error' in event) throw new Error(event.error);
  return event;
};

const ACCOUNT = { id: 1, name: 'Acme' };
const contactPush = { additional_attributes: {}, custom_attributes: {}, email: null, id: 10, identifier: null, name: 'white-shadow-394', phone_number: null, thumbnail: '', blocked: false, type: 'contact' };
// Contact#webhook_data: no `type`, plus `account` and `avatar`.
const contactWebhook = { account: ACCOUNT, additional_attributes: {}, avatar: '', custom_attributes: {}, email: null, id: 10, identifier: null, name: 'white-shadow-394', phone_number: null, thumbnail: '', blocked: false };
const conversationPush = {
  additional_attributes: {},
  can_reply: true,
  channel: 'Channel::Api',
  id: 7,
  inbox_id: 1,
  labels: [],
  messages: [],
  meta: { sender: contactPush, assignee: null, team: null, hmac_verified: false },
  status: 'open',
  unread_count: 1,
  agent_last_seen_at: 0,
  contact_last_seen_at: 0,
  last_activity_at: 1627060394,
  timestamp: 1627060394,
  created_at: 1627060300,
  updated_at: 1627060394.512345,
};

/** Chatwoot's websocket `message.created` data (push_event_data + account_id). */
const wsMessage = {
  id: 106,
  content: 'hi',
  account_id: 1,
  inbox_id: 1,
  conversation_id: 7,
  message_type: 0,
  created_at: 1627060394,
  updated_at: '2021-07-23T17:13:14.123Z',
  private: false,
  status: 'sent',
  source_id: null,
  content_type: 'text',
  content_attributes: {},
  sender_type: 'Contact',
  sender_id: 10,
  external_source_ids: {},
  additional_attributes: {},
  conversation: { assignee_id: null, unread_count: 1, last_activity_at: 1627060394, contact_inbox: { source_id: 'abc' } },
  sender: contactPush,
};

/** The same message as Message#webhook_data + event. */
const webhookMessage = {
  event: 'message_created',
  account: ACCOUNT,
  additional_attributes: {},
  content_attributes: {},
  content_type: 'text',
  content: 'hi',
  conversation: { ...conversationPush, account: ACCOUNT },
  created_at: '2021-07-23T17:13:14.123Z',
  id: 106,
  inbox: { id: 1, name: 'API' },
  message_type: 'incoming',
  private: false,
  sender: contactWebhook,
  source_id: null,
};

/** What must agree between transports; transport-only extras (account names, status) are left out. */
function core(event: AnyEvent) {
  const { source: _source, ...rest } = event;
  if ('message' in rest) {
    const m = rest.message;
    return {
      ...rest,
      message: {
        id: m.id, content: m.content, account_id: m.account_id, inbox_id: m.inbox_id, conversation_id: m.conversation_id,
        message_type: m.message_type, content_type: m.content_type, content_attributes: m.content_attributes, private: m.private,
        source_id: m.source_id, sender_type: m.sender_type, sender_id: m.sender_id, created_at: m.created_at, updated_at: m.updated_at,
        sender: m.sender && { id: m.sender.id, type: m.sender.type, name: m.sender.name },
      },
    };
  }
  if ('conversation' in rest) {
    const { account: _account, ...conversation } = rest.conversation;
    const meta = conversation.meta && { ...conversation.meta, sender: conversation.meta.sender && { id: conversation.meta.sender.id, type: conversation.meta.sender.type } };
    return { ...rest, conversation: { ...conversation, meta }, ...('user' in rest ? { user: { id: rest.user.id, type: rest.user.type } } : {}) };
  }
  return rest;
}

describe('normalizeWebhookEvent', () => {
  it('maps webhook event names to the dotted websocket names', () => {
    expect(webhookEventName('message_created')).toBe('message.created');
    expect(webhookEventName('conversation_status_changed')).toBe('conversation.status_changed');
    expect(webhookEventName('conversation_typing_off')).toBe('conversation.typing_off');
    expect(webhookEventName('contact_updated')).toBe('contact.updated');
    expect(webhookEventName('webwidget_triggered')).toBe('webwidget.triggered');
    expect(webhookEventName('inbox_created')).toBe('inbox.created');
    expect(webhookEventName('brand_new_thing')).toBe('brand.new_thing');
  });

  it('gives a webhook message the same event as the websocket, source aside', () => {
    const fromCable = cable('message.created', wsMessage) as ChatwootEventMap['message.created'];
    const fromWebhook = webhook(webhookMessage) as ChatwootEventMap['message.created'];
    expect(fromWebhook.source).toBe('webhook');
    expect(fromWebhook.id).toBe(fromCable.id);
    expect(fromWebhook.id).toBe('message.created:106:1627060394.123');
    expect(fromWebhook.message.created_at).toBe(1627060394);
    expect(fromWebhook.message.message_type).toBe('incoming');
    expect(fromWebhook.message.sender?.type).toBe('contact');
    expect(core(fromWebhook)).toEqual(core(fromCable));
  });

  it('normalizes an outgoing private note from an agent', () => {
    const event = webhook({
      ...webhookMessage,
      id: 200,
      message_type: 'outgoing',
      private: true,
      content: 'internal',
      sender: { id: 4, name: 'John', email: 'john@acme.inc', type: 'user' },
    }) as ChatwootEventMap['message.created'];
    expect(event.message).toMatchObject({ message_type: 'outgoing', private: true, sender_type: 'User', sender_id: 4, conversation_id: 7, account_id: 1 });
  });

  it('recognises a soft delete arriving as message_updated', () => {
    const event = webhook({ ...webhookMessage, event: 'message_updated', content: 'This message was deleted', content_attributes: { deleted: true } });
    expect(event.name).toBe('message.updated');
    expect((event as ChatwootEventMap['message.updated']).deleted).toBe(true);
    // message_updated webhooks carry no updated_at: the key falls back to created_at (documented limit).
    expect(event.id).toBe('message.updated:106:1627060394');
  });

  it('gives a webhook conversation event the same event as the websocket, with changed_attributes', () => {
    const changed = [{ status: { previous_value: 'open', current_value: 'resolved' } }];
    const ws = { ...conversationPush, status: 'resolved', account_id: 1 };
    const fromCable = cable('conversation.status_changed', ws) as ChatwootEventMap['conversation.status_changed'];
    const fromWebhook = webhook({ ...conversationPush, status: 'resolved', account: ACCOUNT, event: 'conversation_status_changed', changed_attributes: changed }) as ChatwootEventMap['conversation.status_changed'];
    expect(fromWebhook).toMatchObject({ name: 'conversation.status_changed', source: 'webhook', accountId: 1, conversationId: 7, changedAttributes: changed });
    expect(fromWebhook.id).toBe(fromCable.id);
    expect(fromWebhook.id).toBe('conversation.status_changed:7:1627060394.512345');
    expect(fromWebhook.conversation).not.toHaveProperty('event');
    expect(fromWebhook.conversation).not.toHaveProperty('changed_attributes');
    const { changedAttributes: _changed, ...rest } = core(fromWebhook) as Record<string, unknown>;
    expect(rest).toEqual(core(fromCable));
  });

  it('keeps a null changed_attributes (what conversation_status_changed usually sends)', () => {
    const event = webhook({ ...conversationPush, account: ACCOUNT, event: 'conversation_status_changed', changed_attributes: null });
    expect((event as ChatwootEventMap['conversation.status_changed']).changedAttributes).toBeNull();
  });

  it('gives a webhook typing event the same event as the websocket', () => {
    const fromCable = cable('conversation.typing_on', { conversation: conversationPush, user: contactPush, is_private: false, account_id: 1 });
    const fromWebhook = webhook({ event: 'conversation_typing_on', conversation: { ...conversationPush, account: ACCOUNT }, user: contactWebhook, is_private: false });
    expect(fromWebhook).toMatchObject({ name: 'conversation.typing_on', accountId: 1, conversationId: 7, isPrivate: false, user: { id: 10, type: 'contact' } });
    expect(core(fromWebhook)).toEqual(core(fromCable));
  });

  it('normalizes contact events (webhook contacts have no type)', () => {
    const event = webhook({ ...contactWebhook, event: 'contact_updated', changed_attributes: [{ email: { previous_value: null, current_value: 'a@b.c' } }] });
    expect(event).toMatchObject({ name: 'contact.updated', id: 'contact.updated:10:', accountId: 1, conversationId: null, contact: { id: 10, type: 'contact' } });
  });

  it('delivers unknown webhook events untyped under the dotted name', () => {
    const event = webhook({ event: 'inbox_created', id: 3, name: 'Support', account: ACCOUNT });
    expect(event).toMatchObject({ name: 'inbox.created', unknown: true, accountId: 1, source: 'webhook', data: { id: 3, name: 'Support' } });
    expect(webhook({ event: 'webwidget_triggered', id: 5, event_info: {} })).toMatchObject({ name: 'webwidget.triggered', unknown: true });
  });

  it.each([null, 'message_created', [], 42, {}, { event: '' }, { event: 7 }])('returns an error, never throws, for %j', (body) => {
    expect(normalizeWebhookEvent(body, { receivedAt: RECEIVED_AT })).toEqual({ error: expect.any(String) });
  });
});
