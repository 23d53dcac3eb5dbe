import { afterEach, describe, expect, it } from 'vitest';
import { buildEvent } from '../../src/chatwoot/build-event.ts';
import type { ChatwootEventMap } from '../../src/chatwoot/events.ts';
import { normalizeWebhookEvent } from '../../src/chatwoot/normalize-webhook-event.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { chatwootPayloads } from '../../src/testing/index.ts';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const payloads = chatwootPayloads({ now: NOW, accountName: 'Acme' });

let sim: ChatwootSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const keys = (value: object) => Object.keys(value).sort();

describe('chatwootPayloads', () => {
  it('builds the shapes the simulator sends (same keys, nested objects included)', async () => {
    sim = await createChatwootSimulator();
    const { id } = sim.createConversation({ contactName: 'Ada', content: 'Hello?' });
    const sent = sim.messages(id!)[0]!;
    const built = payloads.message();
    expect(keys(built)).toEqual(keys(sent));
    expect(keys(built.conversation)).toEqual(keys(sent.conversation));
    expect(keys(built.sender!)).toEqual(keys(sent.sender!));
    const conversation = payloads.conversation({ contact: { name: 'Ada' }, assignee: { id: 2 } });
    expect(keys(conversation)).toEqual(keys(sim.conversation(id!)!));
    expect(keys(conversation.meta)).toEqual(keys(sim.conversation(id!)!.meta));
  });

  it('takes ids, content, type and sender from the init, times from `now`', () => {
    const m = payloads.message({ id: 106, conversationId: 7, content: 'hi', messageType: 'outgoing', private: true, sender: { type: 'agent', id: 4, name: 'Ann' } });
    expect(m).toMatchObject({ id: 106, conversation_id: 7, content: 'hi', message_type: 1, private: true, sender_type: 'User', sender_id: 4, account_id: 1, created_at: NOW / 1000 });
    expect(m.sender).toMatchObject({ id: 4, name: 'Ann', type: 'user' });
    expect(payloads.message({ messageType: 'activity' })).not.toHaveProperty('sender');
    expect(payloads.message().sender).toMatchObject({ id: 1, type: 'contact' });
    expect(payloads.message()).toEqual(payloads.message());
  });

  it('gives the same message over the websocket and the webhook (normalized the same)', () => {
    const init = { id: 501, conversationId: 33, content: 'same', sender: { type: 'contact', id: 9, name: 'Jane' } } as const;
    const cable = buildEvent('message.created', payloads.message(init) as unknown as Record<string, unknown>, { source: 'cable', receivedAt: NOW }) as ChatwootEventMap['message.created'];
    const webhook = normalizeWebhookEvent(payloads.messageWebhook(init), { receivedAt: NOW }) as ChatwootEventMap['message.created'];
    expect(webhook.name).toBe('message.created');
    for (const key of ['id', 'content', 'conversation_id', 'message_type', 'created_at', 'sender_type', 'sender_id'] as const) expect(webhook.message[key]).toEqual(cable.message[key]);
    expect(webhook.message.sender).toMatchObject({ id: 9, name: 'Jane', type: 'contact' });
    expect(payloads.messageWebhook(init, 'message_updated')['event']).toBe('message_updated');
  });

  it('builds normalized messages and conversation webhooks', () => {
    expect(payloads.eventMessage({ messageType: 'template', content: null })).toMatchObject({ message_type: 'template', content: null, created_at: NOW / 1000 });
    const resolved = payloads.conversationWebhook({ id: 5, status: 'resolved' }, 'conversation_status_changed');
    expect(resolved).toMatchObject({ event: 'conversation_status_changed', id: 5, status: 'resolved', changed_attributes: null, account: { id: 1, name: 'Acme' } });
    expect(payloads.conversationWebhook()).not.toHaveProperty('changed_attributes');
    expect(payloads.contact({ id: 3, email: 'c@example.test' })).toMatchObject({ id: 3, email: 'c@example.test', type: 'contact' });
  });
});
