import { describe, expect, it } from 'vitest';
import { connectSubscribed } from './cable-test-client.ts';
import { api, conversationPath } from './rest-helpers.ts';
import { cleanups, startSimulator as start } from './simulator-harness.ts';

const ids = (json: { payload: Array<{ id: number }> }) => json.payload.map((m) => m.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('simulator REST: listing messages (MessageFinder)', () => {
  it('pages latest 20, before → 20 older, after → 100 newer, both → [after, before), always ascending', async () => {
    const sim = await start();
    const { id } = sim.createConversation();
    for (let i = 1; i <= 150; i++) sim.customerMessage(id, `m${i}`);
    const path = conversationPath(sim, id, '/messages');

    const latest = await api(sim, 'GET', path);
    expect(ids(latest.json)).toEqual(range(131, 150));
    expect(latest.json.meta).toMatchObject({ labels: [], contact: { type: 'contact' }, assignee: null });
    expect(latest.json.payload[0]).toMatchObject({ content: 'm131', message_type: 0, conversation_id: id, sender: { type: 'contact' } });
    expect(ids((await api(sim, 'GET', `${path}?before=131`)).json)).toEqual(range(111, 130));
    expect(ids((await api(sim, 'GET', `${path}?before=5`)).json)).toEqual(range(1, 4));
    expect(ids((await api(sim, 'GET', `${path}?after=10`)).json)).toEqual(range(11, 110));
    expect(ids((await api(sim, 'GET', `${path}?after=140`)).json)).toEqual(range(141, 150));
    expect(ids((await api(sim, 'GET', `${path}?after=10&before=140`)).json)).toEqual(range(10, 139));
  });
});

describe('simulator REST: creating and deleting messages', () => {
  it('posts an outgoing reply: echo_id in the answer and in message.created, sender = the token owner', async () => {
    const sim = await start();
    const { client } = await connectSubscribed(sim);
    cleanups.push(() => client.ws.terminate());
    const { id } = sim.createConversation({ content: 'hello' });
    const res = await api(sim, 'POST', conversationPath(sim, id, '/messages'), {
      body: { content: 'On it!', echo_id: 'echo-1', content_attributes: '{"switchboard":{"origin":"slack"}}' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      content: 'On it!',
      echo_id: 'echo-1',
      message_type: 1,
      conversation_id: id,
      private: false,
      status: 'sent',
      content_type: 'text',
      content_attributes: { switchboard: { origin: 'slack' } },
      sender: { id: 1, type: 'user', name: 'Switchboard Bot' },
    });
    const frame = await client.next((f) => f.message?.data['echo_id'] === 'echo-1', 'echoed message.created');
    expect(frame.message).toMatchObject({
      event: 'message.created',
      data: { id: res.json.id, message_type: 1, sender_type: 'User', sender_id: 1, account_id: 1, performer: { id: 1, type: 'user' } },
    });
    expect(sim.messages(id).at(-1)).not.toHaveProperty('echo_id');
  });

  it('posts private notes and incoming messages (sender = contact)', async () => {
    const sim = await start();
    const conversation = sim.createConversation({ contactName: 'Ada' });
    const path = conversationPath(sim, conversation.id, '/messages');
    const note = await api(sim, 'POST', path, { body: { content: 'internal', private: true } });
    expect(note.json).toMatchObject({ private: true, message_type: 1 });
    const incoming = await api(sim, 'POST', path, { body: { content: 'from the customer', message_type: 'incoming' } });
    expect(incoming.json).toMatchObject({ message_type: 0, sender_type: 'Contact', sender: { name: 'Ada', type: 'contact' } });
    expect(sim.conversation(conversation.id)?.messages[0]?.content).toBe('from the customer'); // private notes never "last"
  });

  it('refuses empty content, bad message_type and more than 15 attachments with 422', async () => {
    const sim = await start();
    const { id } = sim.createConversation();
    const path = conversationPath(sim, id, '/messages');
    const empty = await api(sim, 'POST', path, { body: { content: '' } });
    expect(empty.status).toBe(422);
    expect(typeof empty.json.error).toBe('string');
    expect((await api(sim, 'POST', path, { body: {} })).status).toBe(422);
    expect((await api(sim, 'POST', path, { body: { content: 'x', message_type: 'broadcast' } })).status).toBe(422);
    const form = new FormData();
    for (let i = 0; i < 16; i++) form.append('attachments[]', new Blob(['x'], { type: 'text/plain' }), `f${i}.txt`);
    expect((await api(sim, 'POST', path, { form })).status).toBe(422);
    expect(sim.messages(id)).toEqual([]);
  });

  it('uploads multipart attachments and serves them behind a redirecting data_url', async () => {
    const sim = await start();
    const { id } = sim.createConversation();
    const form = new FormData();
    form.append('content', 'see attached');
    form.append('message_type', 'outgoing');
    form.append('private', 'false');
    form.append('echo_id', 'up-1');
    form.append('content_attributes', JSON.stringify({ k: 1 }));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    form.append('attachments[]', new Blob([png], { type: 'image/png' }), 'shot.png');
    form.append('attachments[]', new Blob(['hello'], { type: 'text/plain' }), 'notes.txt');
    const res = await api(sim, 'POST', conversationPath(sim, id, '/messages'), { form });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ content: 'see attached', echo_id: 'up-1', content_attributes: { k: 1 } });
    expect(res.json.attachments).toEqual([
      expect.objectContaining({ file_type: 'image', extension: 'png', file_size: png.length, message_id: res.json.id, account_id: 1 }),
      expect.objectContaining({ file_type: 'file', extension: 'txt', file_size: 5 }),
    ]);
    const redirect = await fetch(res.json.attachments[0].data_url, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const blob = await fetch(res.json.attachments[0].data_url);
    expect(blob.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(png);
    const recorded = sim.rest.requests.find((r) => r.method === 'POST')?.body as Record<string, unknown>;
    expect(recorded['content']).toBe('see attached');
    expect(recorded['attachments']).toEqual([
      { filename: 'shot.png', content_type: 'image/png', size: png.length },
      { filename: 'notes.txt', content_type: 'text/plain', size: 5 },
    ]);
  });

  it('DELETE soft-deletes: content replaced, deleted flag, attachments gone, message.updated', async () => {
    const sim = await start();
    const { id } = sim.createConversation();
    const form = new FormData();
    form.append('content', 'oops');
    form.append('attachments[]', new Blob(['x'], { type: 'text/plain' }), 'a.txt');
    const posted = await api(sim, 'POST', conversationPath(sim, id, '/messages'), { form });
    const { client } = await connectSubscribed(sim);
    cleanups.push(() => client.ws.terminate());
    const res = await api(sim, 'DELETE', conversationPath(sim, id, `/messages/${posted.json.id}`));
    expect(res.json).toMatchObject({ id: posted.json.id, content: 'This message was deleted', content_attributes: { deleted: true } });
    expect(res.json).not.toHaveProperty('attachments');
    const frame = await client.next((f) => f.message?.event === 'message.updated', 'message.updated');
    expect(frame.message?.data).toMatchObject({ content: 'This message was deleted', content_attributes: { deleted: true } });
    expect(frame.message?.data).not.toHaveProperty('attachments');
    expect((await api(sim, 'DELETE', conversationPath(sim, id, '/messages/999'))).status).toBe(404);
  });
});
