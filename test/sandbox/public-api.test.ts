import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createChatwootRest } from '../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { verifyWebhookSignature } from '../../src/chatwoot/webhook-signature.ts';
import { startFakeHttp, type FakeHttp } from '../../src/testing/index.ts';
import { specProblems } from '../helpers/chatwoot-spec.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { connectSubscribed } from './cable-test-client.ts';
import { api } from './rest-helpers.ts';
import { cleanups, startSimulator } from './simulator-harness.ts';

// Chatwoot's public client API for API inboxes (what a custom widget or app calls), against the
// simulator over HTTP: no api_access_token anywhere below (`token: null`).

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  json: Record<string, any>;
}

async function setup(options: { hmacMandatory?: boolean } = {}) {
  const own = await startFakeHttp<Received>({ prefix: '/hook', record: (r) => ({ headers: r.headers, raw: r.raw.toString('utf8'), json: JSON.parse(r.raw.toString('utf8')) }) });
  own.on('POST', '', () => ({ status: 200 }));
  cleanups.push(() => own.close());
  const sim = await startSimulator();
  const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId, retry: { retries: 0 } });
  const inbox = await rest.createApiInbox({ name: 'Widget', webhookUrl: own.url, ...(options.hmacMandatory ? { hmacMandatory: true } : {}) });
  const base = `/public/api/v1/inboxes/${inbox.identifier!}`;
  const pub = (method: string, path: string, body?: unknown) => api(sim, method, `${base}${path}`, { token: null, ...(body === undefined ? {} : { body }) });
  return { sim, rest, own, inbox, base, pub };
}

const hashOf = (token: string, identifier: string) => createHmac('sha256', token).update(identifier).digest('hex');
const signedBy = (secret: string, r: Received) =>
  verifyWebhookSignature({ secret, signature: r.headers['x-chatwoot-signature'] as string, timestamp: r.headers['x-chatwoot-timestamp'] as string, rawBody: r.raw }).ok;

/** A contact and a conversation made through the public API. */
async function contactWithConversation(pub: Awaited<ReturnType<typeof setup>>['pub']) {
  const contact = await pub('POST', '/contacts', { identifier: 'app:7', name: 'ada lovelace', email: 'ada@example.test' });
  expect(contact.status).toBe(200);
  const sourceId = contact.json.source_id as string;
  const conversation = await pub('POST', `/contacts/${sourceId}/conversations`, {});
  expect(conversation.status).toBe(200);
  return { contact: contact.json, sourceId, conversationId: conversation.json.id as number };
}

describe('the public client API (simulator)', () => {
  it('an inbox by its identifier; an unknown identifier, contact or conversation is a 404', async () => {
    const { sim, inbox, pub } = await setup();
    expect((await pub('GET', '')).json).toMatchObject({ identifier: inbox.identifier, name: 'Widget', identity_validation_enabled: false });
    const nowhere = (path: string, method = 'GET', body?: unknown) => api(sim, method, `/public/api/v1/inboxes/no-such-inbox${path}`, { token: null, ...(body ? { body } : {}) });
    expect((await nowhere('')).status).toBe(404);
    expect(await nowhere('/contacts', 'POST', { name: 'x' })).toMatchObject({ status: 404, json: { error: 'Resource could not be found' } });
    expect((await pub('GET', '/contacts/no-such-source')).status).toBe(404);
    const { sourceId } = await contactWithConversation(pub);
    expect((await pub('GET', `/contacts/${sourceId}/conversations/999`)).status).toBe(404);
    expect(sim.rest.requests.every((r) => r.path.startsWith('/public/') ? r.headers['api_access_token'] === undefined : true)).toBe(true);
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });

  it('creates a contact (source_id, pubsub_token), reads and updates it; the same source_id or identifier is the same contact', async () => {
    const { sim, pub } = await setup();
    const created = await pub('POST', '/contacts', { identifier: 'app:7', name: 'Ada', email: 'ada@example.test', source_id: 'device-1', custom_attributes: { plan: 'pro' } });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ id: expect.any(Number), source_id: 'device-1', pubsub_token: expect.stringMatching(/^\S{12,}$/), name: 'Ada', email: 'ada@example.test', phone_number: null });
    expect((await pub('GET', '/contacts/device-1')).json).toEqual(created.json);
    const updated = await pub('PATCH', '/contacts/device-1', { name: 'Ada L.', phone_number: '+15550100', identifier: 'app:other' });
    expect(updated.json).toMatchObject({ id: created.json.id, name: 'Ada L.', phone_number: '+15550100', identifier: 'app:7', custom_attributes: { plan: 'pro' }, account_id: sim.accountId });
    // Again with the same source_id: the same session; with the identifier only: a second session of the same contact.
    expect((await pub('POST', '/contacts', { source_id: 'device-1', name: 'Someone' })).json).toMatchObject({ id: created.json.id, source_id: 'device-1', pubsub_token: created.json.pubsub_token });
    const second = await pub('POST', '/contacts', { identifier: 'app:7' });
    expect(second.json.id).toBe(created.json.id);
    expect(second.json.source_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.json.pubsub_token).not.toBe(created.json.pubsub_token);
    // An email another contact holds is refused (Chatwoot would merge; the simulator does not).
    await pub('POST', '/contacts', { name: 'Bob', email: 'bob@example.test', source_id: 'device-2' });
    expect((await pub('PATCH', '/contacts/device-2', { email: 'ada@example.test' })).status).toBe(422);
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });

  it('conversations: create, list and read are scoped to the session; a conversation of another session is a 404', async () => {
    const { sim, pub } = await setup();
    const { sourceId, conversationId } = await contactWithConversation(pub);
    const one = await pub('GET', `/contacts/${sourceId}/conversations/${conversationId}`);
    expect(one.json).toMatchObject({ id: conversationId, inbox_id: expect.any(Number), status: 'open', messages: [], contact: { name: 'ada lovelace', identifier: 'app:7' } });
    expect(one.json.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.conversation(conversationId)?.contact_inbox.source_id).toBe(sourceId);
    const other = await pub('POST', '/contacts', { name: 'Bob' });
    expect((await pub('GET', `/contacts/${other.json.source_id}/conversations/${conversationId}`)).status).toBe(404);
    expect((await pub('GET', `/contacts/${other.json.source_id}/conversations`)).json).toEqual([]);
    const list = await pub('GET', `/contacts/${sourceId}/conversations`);
    expect(list.json.map((c: { id: number }) => c.id)).toEqual([conversationId]);
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });

  it('a message is incoming from the contact; the bot sees it on the cable (with echo_id) and in the signed callback, like an account-API incoming message', async () => {
    const { sim, rest, own, inbox, pub } = await setup();
    const { client } = await connectSubscribed(sim);
    cleanups.push(() => client.close());
    const { sourceId, conversationId } = await contactWithConversation(pub);
    const sent = await pub('POST', `/contacts/${sourceId}/conversations/${conversationId}/messages`, { content: 'Hello from the app', echo_id: 'e-1' });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ content: 'Hello from the app', message_type: 0, conversation_id: conversationId, sender: { type: 'contact', name: 'ada lovelace' } });
    expect(sent.json.echo_id).toBeUndefined(); // the public message view has none: it comes back on the websocket
    await rest.createIncomingMessage(conversationId, { content: 'the same, by the account API' });

    const created = await waitFor(() => {
      const events = client.events().filter((e) => e.event === 'message.created');
      return events.length === 2 ? events.map((e) => e.data) : undefined;
    }, { what: 'two message.created on the cable' });
    expect(created[0]).toMatchObject({ id: sent.json.id, message_type: 0, private: false, echo_id: 'e-1', sender_type: 'Contact', inbox_id: inbox.id, conversation_id: conversationId });
    // The same event, except what only one path has: echo_id here, the token user as `performer` there.
    const keys = (data: Record<string, unknown>) => Object.keys(data).filter((k) => k !== 'echo_id' && k !== 'performer').sort();
    expect(keys(created[0]!)).toEqual(keys(created[1]!));
    expect(created[0]!['performer']).toBeUndefined();

    const callbacks = await waitFor(() => {
      const list = own.requests.filter((r) => r.json['event'] === 'message_created');
      return list.length === 2 ? list : undefined;
    }, { what: 'two message_created callbacks' });
    for (const r of callbacks) expect(signedBy(inbox.secret!, r)).toBe(true);
    expect(callbacks[0]!.json).toMatchObject({ id: sent.json.id, message_type: 'incoming', private: false, content: 'Hello from the app', inbox: { id: inbox.id }, sender: { identifier: 'app:7' } });
    expect(Object.keys(callbacks[0]!.json).sort()).toEqual(Object.keys(callbacks[1]!.json).sort());
    expect(own.requests[0]!.json).toMatchObject({ event: 'conversation_created', id: conversationId });
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });

  it('the message list shows the contact public messages only: no private notes, no activity; older ones by `before`', async () => {
    const { sim, rest, pub } = await setup();
    const { sourceId, conversationId } = await contactWithConversation(pub);
    const path = `/contacts/${sourceId}/conversations/${conversationId}/messages`;
    await pub('POST', path, { content: 'my order is late' });
    sim.agentMessage(conversationId, 'internal: refund them', { private: true });
    await rest.createMessage(conversationId, { content: 'another note, via REST', private: true });
    sim.agentMessage(conversationId, 'Sorry Ada, refunded.');
    sim.setStatus(conversationId, 'pending'); // an activity message
    const listed = await pub('GET', path);
    expect(listed.json.map((m: { content: string; message_type: number }) => [m.message_type, m.content])).toEqual([
      [0, 'my order is late'],
      [1, 'Sorry Ada, refunded.'],
    ]);
    expect(sim.messages(conversationId)).toHaveLength(5);
    const conversation = await pub('GET', `/contacts/${sourceId}/conversations/${conversationId}`);
    expect(conversation.json.messages.map((m: { content: string }) => m.content)).toEqual(['my order is late', 'Sorry Ada, refunded.']);
    const older = await pub('GET', `${path}?before=${listed.json[1].id}`);
    expect(older.json.map((m: { content: string }) => m.content)).toEqual(['my order is late']);
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });

  it('toggle_status resolves (once), named after the contact; the contact writing again reopens it', async () => {
    const { sim, pub } = await setup();
    const { client } = await connectSubscribed(sim);
    cleanups.push(() => client.close());
    const { sourceId, conversationId } = await contactWithConversation(pub);
    const path = `/contacts/${sourceId}/conversations/${conversationId}`;
    const resolved = await pub('POST', `${path}/toggle_status`);
    expect(resolved.json).toMatchObject({ id: conversationId, status: 'resolved' });
    expect((await pub('POST', `${path}/toggle_status`)).json.status).toBe('resolved');
    expect(sim.messages(conversationId).map((m) => [m.message_type, m.content])).toEqual([[2, 'Conversation was resolved by Ada lovelace']]);
    await waitFor(() => client.events().some((e) => e.event === 'conversation.status_changed'), { what: 'status_changed' });
    expect(client.events().filter((e) => e.event === 'conversation.status_changed')).toHaveLength(1);
    await pub('POST', `${path}/messages`, { content: 'one more thing' });
    expect(sim.conversation(conversationId)?.status).toBe('open');
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });

  it('typing reaches the agents and the callback; update_last_seen marks agent replies read', async () => {
    const { sim, own, pub } = await setup();
    const { client } = await connectSubscribed(sim);
    cleanups.push(() => client.close());
    const { sourceId, conversationId } = await contactWithConversation(pub);
    const path = `/contacts/${sourceId}/conversations/${conversationId}`;
    const reply = sim.agentMessage(conversationId, 'Hi Ada!');
    expect((await pub('POST', `${path}/toggle_typing`, { typing_status: 'on' })).status).toBe(200);
    const typing = await waitFor(() => client.events().find((e) => e.event === 'conversation.typing_on'), { what: 'typing_on' });
    expect(typing.data).toMatchObject({ user: { type: 'contact', name: 'ada lovelace' }, is_private: false, conversation: { id: conversationId } });
    await waitFor(() => own.requests.find((r) => r.json['event'] === 'conversation_typing_on'), { what: 'the typing callback' });
    expect((await pub('POST', `${path}/update_last_seen`)).status).toBe(200);
    await waitFor(() => client.events().some((e) => e.event === 'conversation.read'), { what: 'conversation.read' });
    expect(sim.messages(conversationId).find((m) => m.id === reply.id)?.status).toBe('read');
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });

  it('with hmac_mandatory, contact calls need the identifier_hash: 401 without or wrong, 200 with the right one', async () => {
    const { sim, inbox, pub } = await setup({ hmacMandatory: true });
    expect((await pub('GET', '')).json.identity_validation_enabled).toBe(true);
    const token = inbox.hmacToken!;
    expect(await pub('POST', '/contacts', { identifier: 'app:7', name: 'Ada' })).toMatchObject({ status: 401, json: { error: 'HMAC failed: Invalid Identifier Hash Provided' } });
    expect((await pub('POST', '/contacts', { identifier: 'app:7', identifier_hash: hashOf('wrong-token', 'app:7') })).status).toBe(401);
    expect((await pub('POST', '/contacts', { identifier: 'app:7', identifier_hash: hashOf(token, 'app:8') })).status).toBe(401);
    const ok = await pub('POST', '/contacts', { identifier: 'app:7', identifier_hash: hashOf(token, 'app:7'), name: 'Ada' });
    expect(ok.status).toBe(200);
    const sourceId = ok.json.source_id as string;
    expect(sim.conversations()).toHaveLength(0);
    const conversation = await pub('POST', `/contacts/${sourceId}/conversations`, {});
    expect(sim.conversation(conversation.json.id)?.meta.hmac_verified).toBe(true);

    expect((await pub('GET', `/contacts/${sourceId}`)).status).toBe(401);
    expect((await pub('GET', `/contacts/${sourceId}?identifier=app:7&identifier_hash=${hashOf(token, 'app:8')}`)).status).toBe(401);
    // A valid pair for another identifier cannot be replayed onto this contact.
    const replay = await pub('GET', `/contacts/${sourceId}?identifier=app:8&identifier_hash=${hashOf(token, 'app:8')}`);
    expect(replay).toMatchObject({ status: 401, json: { error: 'HMAC failed: Identifier does not match contact' } });
    const read = await pub('GET', `/contacts/${sourceId}?identifier=app:7&identifier_hash=${hashOf(token, 'app:7')}`);
    expect(read).toMatchObject({ status: 200, json: { source_id: sourceId, name: 'Ada' } });
    expect((await pub('PATCH', `/contacts/${sourceId}`, { name: 'Ada L.' })).status).toBe(401);
    expect((await pub('PATCH', `/contacts/${sourceId}`, { name: 'Ada L.', identifier: 'app:7', identifier_hash: hashOf(token, 'app:7') })).json.name).toBe('Ada L.');
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });

  it('sends a file as multipart attachments[] (the spec documents JSON only; Chatwoot takes both)', async () => {
    const { sim, pub, base } = await setup();
    const { sourceId, conversationId } = await contactWithConversation(pub);
    const form = new FormData();
    form.append('content', 'see attached');
    form.append('attachments[]', new Blob([Buffer.from('%PDF-1.4 tiny')], { type: 'application/pdf' }), 'invoice.pdf');
    const path = `${base}/contacts/${sourceId}/conversations/${conversationId}/messages`;
    const sent = await api(sim, 'POST', path, { token: null, form });
    expect(sent.json).toMatchObject({ content: 'see attached', message_type: 0, attachments: [{ file_type: 'file', extension: 'pdf' }] });
    const file = await fetch(sent.json.attachments[0].data_url as string);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('%PDF-1.4 tiny');
    // The checker sees the public paths: this one request is the documented gap, nothing else.
    expect(specProblems(sim.rest.requests)).toEqual([`POST ${path}: the spec takes no multipart/form-data body`]);
  });
});
