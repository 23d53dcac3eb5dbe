import { describe, expect, it } from 'vitest';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { connectSubscribed, type TestCableClient } from './cable-test-client.ts';
import { cleanups } from './simulator-harness.ts';

async function start(): Promise<{ sim: ChatwootSimulator; client: TestCableClient }> {
  const sim = await createChatwootSimulator({ agents: [{ id: 2, name: 'Jane', email: 'jane@example.test' }] });
  cleanups.push(() => sim.close());
  const { client } = await connectSubscribed(sim);
  cleanups.push(() => client.ws.terminate());
  return { sim, client };
}

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
/** Keys of Chatwoot's own websocket samples (shared seed 003), which ours must carry. */
const SEED_MESSAGE_KEYS = [
  'id', 'content', 'account_id', 'inbox_id', 'conversation_id', 'message_type', 'created_at', 'updated_at', 'private',
  'status', 'source_id', 'content_type', 'content_attributes', 'sender_type', 'sender_id', 'external_source_ids', 'sender',
];
const SEED_CONVERSATION_KEYS = [
  'additional_attributes', 'can_reply', 'channel', 'id', 'inbox_id', 'contact_inbox', 'messages', 'meta', 'status',
  'unread_count', 'agent_last_seen_at', 'contact_last_seen_at', 'timestamp', 'account_id', 'labels', 'last_activity_at', 'created_at',
];

describe('simulator actions: what Chatwoot would broadcast', () => {
  it('createConversation: conversation.created (no messages yet) then message.created, in the raw wire shapes', async () => {
    const { sim, client } = await start();
    const conversation = sim.createConversation({ contactName: 'Ada', email: 'ada@example.test', content: 'my invoice', inboxId: 3 });
    await waitFor(() => client.events().length === 2);
    const [created, message] = client.events();
    expect(created?.event).toBe('conversation.created');
    expect(Object.keys(created!.data)).toEqual(expect.arrayContaining(SEED_CONVERSATION_KEYS));
    expect(created?.data).toMatchObject({
      id: conversation.id,
      inbox_id: 3,
      channel: 'Channel::Api',
      can_reply: true,
      status: 'open',
      messages: [],
      labels: [],
      account_id: 1,
      meta: { sender: { name: 'Ada', email: 'ada@example.test', type: 'contact' }, assignee: null, team: null },
    });
    expect(Number.isInteger(created?.data['created_at'])).toBe(true);

    expect(message?.event).toBe('message.created');
    const data = message!.data;
    expect(Object.keys(data)).toEqual(expect.arrayContaining(SEED_MESSAGE_KEYS));
    expect(data).toMatchObject({ content: 'my invoice', message_type: 0, conversation_id: conversation.id, inbox_id: 3, sender_type: 'Contact', status: 'sent' });
    expect(Number.isInteger(data['created_at'])).toBe(true);
    expect(data['updated_at']).toMatch(ISO_MS);
    expect(data['sender']).toMatchObject({ type: 'contact', name: 'Ada' });
    expect(data['conversation']).toMatchObject({ assignee_id: null, unread_count: 1, contact_inbox: { source_id: expect.any(String) } });
    expect(data).not.toHaveProperty('echo_id');
    expect(data).not.toHaveProperty('attachments');
    expect(sim.conversation(conversation.id)?.messages.map((m) => m.content)).toEqual(['my invoice']);
  });

  it('customerMessage with attachments; agentMessage with echo, private and another agent', async () => {
    const { sim, client } = await start();
    const { id } = sim.createConversation();
    const incoming = sim.customerMessage(id, 'photo', { attachments: [{ file_type: 'image', data_url: 'https://cdn.example.test/a.jpg' }] });
    expect(incoming.attachments).toEqual([expect.objectContaining({ file_type: 'image', data_url: 'https://cdn.example.test/a.jpg', extension: 'jpg' })]);
    const note = sim.agentMessage(id, 'internal', { private: true, agentId: 2, echoId: 'e-9' });
    expect(note).toMatchObject({ message_type: 1, private: true, sender_type: 'User', sender_id: 2, sender: { name: 'Jane', type: 'user' }, echo_id: 'e-9' });
    await waitFor(() => client.events().length === 3);
    expect(client.events()[2]?.data).toMatchObject({ echo_id: 'e-9', performer: { id: 2 } });
    expect(() => sim.agentMessage(id, 'x', { agentId: 42 })).toThrow(/agent/);
    expect(() => sim.customerMessage(999, 'x')).toThrow(/999/);
  });

  it('editMessage and deleteMessage arrive as message.updated', async () => {
    const { sim, client } = await start();
    const { id } = sim.createConversation();
    const original = sim.customerMessage(id, 'helo', { attachments: [{ file_type: 'file', data_url: 'https://cdn.example.test/f.pdf' }] });
    const edited = sim.editMessage(id, original.id, 'hello');
    expect(edited.content).toBe('hello');
    const deleted = sim.deleteMessage(id, original.id);
    expect(deleted).toMatchObject({ content: 'This message was deleted', content_type: 'text', content_attributes: { deleted: true } });
    expect(deleted).not.toHaveProperty('attachments');
    await waitFor(() => client.events().length === 4);
    const [, , edit, del] = client.events();
    expect(edit).toMatchObject({ event: 'message.updated', data: { id: original.id, content: 'hello', previous_changes: { content: ['helo', 'hello'] } } });
    expect(del).toMatchObject({ event: 'message.updated', data: { content: 'This message was deleted', content_attributes: { deleted: true } } });
    expect(sim.messages(id)[0]?.content).toBe('This message was deleted');
    expect(() => sim.editMessage(id, 999, 'x')).toThrow();
  });

  it('setStatus: status_changed + updated + activity; a customer message reopens a resolved conversation', async () => {
    const { sim, client } = await start();
    const { id } = sim.createConversation();
    const resolved = sim.setStatus(id, 'resolved');
    expect(resolved.status).toBe('resolved');
    await waitFor(() => client.events().length === 4);
    expect(client.events().map((e) => e.event)).toEqual(['conversation.created', 'conversation.status_changed', 'conversation.updated', 'message.created']);
    expect(client.events()[1]?.data).toMatchObject({ id, status: 'resolved' });

    sim.customerMessage(id, 'one more thing');
    await waitFor(() => client.events().length === 8);
    expect(client.events().slice(4).map((e) => [e.event, e.data['status'] ?? e.data['message_type']])).toEqual([
      ['conversation.status_changed', 'open'],
      ['conversation.updated', 'open'],
      ['message.created', 'sent'],
      ['message.created', 'sent'],
    ]);
    expect(client.events().slice(6).map((e) => e.data['message_type'])).toEqual([0, 2]);
    const snoozed = sim.setStatus(id, 'snoozed', 1_900_000_000);
    expect(snoozed.snoozed_until).toBe(1_900_000_000);
  });

  it('conversations() and messages() expose the raw shapes', async () => {
    const { sim } = await start();
    const a = sim.createConversation({ content: 'a' });
    sim.createConversation({ status: 'pending' });
    expect(sim.conversations().map((c) => [c.id, c.status])).toEqual([[a.id, 'open'], [a.id + 1, 'pending']]);
    expect(sim.conversation(999)).toBeUndefined();
    expect(sim.messages(999)).toEqual([]);
    expect(sim.messages(a.id)[0]).toMatchObject({ message_type: 0, content: 'a', updated_at: expect.stringMatching(ISO_MS) });
  });
});
