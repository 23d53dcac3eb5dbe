import { describe, expect, it } from 'vitest';
import { connectSubscribed } from './cable-test-client.ts';
import { accountPath, api, conversationPath } from './rest-helpers.ts';
import { cleanups, startSimulator as start } from './simulator-harness.ts';

describe('simulator REST: auth, errors, profile, agents', () => {
  it('answers Chatwoot error shapes: 401 token, 401 account, 404 conversation, JSON content type', async () => {
    const sim = await start();
    const noToken = await api(sim, 'GET', '/api/v1/profile', { token: null });
    expect(noToken).toMatchObject({ status: 401, json: { error: 'Invalid Access Token' } });
    expect(noToken.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await api(sim, 'GET', '/api/v1/profile', { token: 'nope' })).status).toBe(401);
    expect(await api(sim, 'GET', '/api/v1/accounts/2/conversations')).toMatchObject({
      status: 401,
      json: { error: 'You are not authorized to do this action' },
    });
    expect(await api(sim, 'GET', conversationPath(sim, 404))).toMatchObject({ status: 404, json: { error: 'Resource could not be found' } });
    const version = await api(sim, 'GET', '/api', { token: null });
    expect(version.json).toMatchObject({ version: '4.15.1', queue_services: 'ok', data_services: 'ok' });
    expect(sim.rest.requests.map((r) => `${r.method} ${r.path}`)).toContain('GET /api/v1/accounts/2/conversations');
    expect(sim.rest.requests[0]?.headers['api_access_token']).toBeUndefined();
    expect(sim.rest.requests[1]?.headers['api_access_token']).toBe('nope');
  });

  it('serves the profile with both tokens and the account list', async () => {
    const sim = await start({ agent: { id: 7, name: 'Relay', email: 'relay@example.test', apiToken: 'tok', pubsubToken: 'pub', role: 'agent' } });
    const { json } = await api(sim, 'GET', '/api/v1/profile');
    expect(json).toMatchObject({
      id: 7,
      name: 'Relay',
      email: 'relay@example.test',
      available_name: 'Relay',
      access_token: 'tok',
      pubsub_token: 'pub',
      account_id: 1,
      role: 'agent',
      type: 'user',
      accounts: [{ id: 1, role: 'agent', availability: 'online', auto_offline: true }],
    });
    const rotated = sim.rotatePubsubToken();
    expect((await api(sim, 'GET', '/api/v1/profile')).json.pubsub_token).toBe(rotated);
  });

  it('lists the bot and the extra agents', async () => {
    const sim = await start({ agents: [{ id: 2, name: 'Jane', email: 'jane@example.test' }] });
    const { json } = await api(sim, 'GET', accountPath(sim, '/agents'));
    expect(json).toEqual([
      expect.objectContaining({ id: 1, name: 'Switchboard Bot', role: 'administrator', confirmed: true, auto_offline: true, availability_status: 'offline' }),
      expect.objectContaining({ id: 2, name: 'Jane', email: 'jane@example.test', role: 'agent', confirmed: true }),
    ]);
  });
});

describe('simulator REST: conversations', () => {
  it('filters by status and assignee type, counts, pages by 25, sorts', async () => {
    let now = 1_700_000_000_000;
    const sim = await start({ now: () => now });
    for (let i = 0; i < 30; i++) {
      now += 1000;
      sim.createConversation({ contactName: `c${i}` });
    }
    sim.setStatus(3, 'resolved');
    now += 1000;
    await api(sim, 'POST', conversationPath(sim, 4, '/assignments'), { body: { assignee_id: 1 } });

    const page1 = await api(sim, 'GET', accountPath(sim, '/conversations'));
    expect(page1.json.data.meta).toEqual({ mine_count: 1, assigned_count: 1, unassigned_count: 28, all_count: 29 });
    expect(page1.json.data.payload).toHaveLength(25);
    expect(page1.json.data.payload[0].id).toBe(4); // most recent activity: the assignment
    const page2 = await api(sim, 'GET', accountPath(sim, '/conversations?page=2'));
    expect(page2.json.data.payload).toHaveLength(4);

    const resolved = await api(sim, 'GET', accountPath(sim, '/conversations?status=resolved'));
    expect(resolved.json.data.payload.map((c: { id: number }) => c.id)).toEqual([3]);
    const mine = await api(sim, 'GET', accountPath(sim, '/conversations?assignee_type=me&status=all'));
    expect(mine.json.data.payload.map((c: { id: number }) => c.id)).toEqual([4]);
    await api(sim, 'POST', conversationPath(sim, 7, '/labels'), { body: { labels: ['vip'] } });
    const vip = await api(sim, 'GET', accountPath(sim, '/conversations?labels[]=vip&labels[]=billing'));
    expect(vip.json.data.payload.map((c: { id: number }) => c.id)).toEqual([7]);
    const oldest = await api(sim, 'GET', accountPath(sim, '/conversations?status=all&sort_by=created_at_asc'));
    expect(oldest.json.data.payload[0].id).toBe(1);

    now += 60_000;
    const quiet = await api(sim, 'GET', accountPath(sim, '/conversations?status=all&updated_within=30'));
    expect(quiet.json.data.payload.map((c: { id: number }) => c.id)).toEqual([]);
    // A new message touches updated_at (Message#set_conversation_activity), a status change too.
    sim.customerMessage(10, 'still there?');
    const recent = await api(sim, 'GET', accountPath(sim, '/conversations?status=all&updated_within=30'));
    expect(recent.json.data.payload.map((c: { id: number }) => c.id)).toEqual([10]);
    now += 60_000;
    sim.setStatus(11, 'pending');
    const within = await api(sim, 'GET', accountPath(sim, '/conversations?status=all&updated_within=30'));
    expect(within.json.data.payload.map((c: { id: number }) => c.id)).toEqual([11]);
    const all = await api(sim, 'GET', accountPath(sim, '/conversations?status=all&updated_within=100000'));
    expect(all.json.data.payload).toHaveLength(30); // no paging with updated_within
  });

  it('shows one conversation in the REST partial shape', async () => {
    const sim = await start();
    const created = sim.createConversation({ contactName: 'Ada', email: 'ada@example.test', content: 'hi' });
    const { json } = await api(sim, 'GET', conversationPath(sim, created.id));
    expect(json).toMatchObject({
      id: created.id,
      account_id: 1,
      inbox_id: 1,
      status: 'open',
      channel: 'Channel::Api',
      meta: { sender: { name: 'Ada', email: 'ada@example.test', type: 'contact' }, channel: 'Channel::Api', assignee: null },
      messages: [{ content: 'hi', message_type: 0 }],
    });
    expect(typeof json.uuid).toBe('string');
  });

  it('toggle_status toggles open↔resolved, sets snoozes, and broadcasts status_changed, updated, activity', async () => {
    const sim = await start();
    const { client } = await connectSubscribed(sim);
    cleanups.push(() => client.ws.terminate());
    const { id } = sim.createConversation({ content: 'hi' });
    const toggled = await api(sim, 'POST', conversationPath(sim, id, '/toggle_status'));
    expect(toggled.json).toEqual({ meta: {}, payload: { success: true, conversation_id: id, current_status: 'resolved', snoozed_until: null } });
    await client.next((f) => f.message?.event === 'message.created' && f.message.data['message_type'] === 2, 'activity');
    expect(client.events().map((e) => e.event)).toEqual([
      'conversation.created',
      'message.created',
      'conversation.status_changed',
      'conversation.updated',
      'message.created',
    ]);
    const activity = client.events().at(-1)!.data;
    expect(activity).toMatchObject({ content: 'Conversation was marked resolved by Switchboard Bot', message_type: 2, sender_type: null });
    expect(activity).not.toHaveProperty('sender');

    expect((await api(sim, 'POST', conversationPath(sim, id, '/toggle_status'))).json.payload.current_status).toBe('open');
    const snoozed = await api(sim, 'POST', conversationPath(sim, id, '/toggle_status'), { body: { status: 'snoozed', snoozed_until: 1_900_000_000 } });
    expect(snoozed.json.payload).toMatchObject({ current_status: 'snoozed', snoozed_until: 1_900_000_000 });
    expect(sim.conversation(id)).toMatchObject({ status: 'snoozed', snoozed_until: 1_900_000_000 });
    expect((await api(sim, 'POST', conversationPath(sim, id, '/toggle_status'), { body: { status: 'closed' } })).status).toBe(422);
  });

  it('toggle_status to open assigns the conversation to an agent-role caller', async () => {
    const sim = await start({ agent: { role: 'agent' } });
    const { id } = sim.createConversation({ status: 'pending' });
    await api(sim, 'POST', conversationPath(sim, id, '/toggle_status'), { body: { status: 'open' } });
    expect(sim.conversation(id)?.meta.assignee?.id).toBe(1);
  });

  it('assignments return the agent (or null) and broadcast assignee.changed + conversation.updated', async () => {
    const sim = await start({ agents: [{ id: 2, name: 'Jane', email: 'jane@example.test' }] });
    const { id } = sim.createConversation();
    const { client } = await connectSubscribed(sim);
    cleanups.push(() => client.ws.terminate());
    const assigned = await api(sim, 'POST', conversationPath(sim, id, '/assignments'), { body: { assignee_id: 2 } });
    expect(assigned.json).toMatchObject({ id: 2, name: 'Jane', email: 'jane@example.test', role: 'agent' });
    await client.next((f) => f.message?.event === 'message.created', 'activity');
    expect(client.events().map((e) => e.event)).toEqual(['assignee.changed', 'conversation.updated', 'message.created']);
    expect(client.events()[0]?.data).toMatchObject({ id, meta: { assignee: { id: 2, type: 'user' } } });
    expect(client.events()[2]?.data['content']).toBe('Assigned to Jane by Switchboard Bot');

    const unassigned = await api(sim, 'POST', conversationPath(sim, id, '/assignments'), { body: { assignee_id: null } });
    expect(unassigned.status).toBe(200);
    expect(unassigned.json).toBeNull();
    expect(sim.conversation(id)?.meta.assignee).toBeNull();
    const team = await api(sim, 'POST', conversationPath(sim, id, '/assignments'), { body: { team_id: 1 } });
    expect(team.json).toMatchObject({ id: 1, name: 'support' });
    expect(sim.conversation(id)?.meta.team?.id).toBe(1);
  });

  it('labels: POST replaces the whole set', async () => {
    const sim = await start();
    const { id } = sim.createConversation();
    const path = conversationPath(sim, id, '/labels');
    expect((await api(sim, 'POST', path, { body: { labels: ['billing', 'vip'] } })).json).toEqual({ payload: ['billing', 'vip'] });
    expect((await api(sim, 'POST', path, { body: { labels: ['urgent'] } })).json).toEqual({ payload: ['urgent'] });
    expect((await api(sim, 'GET', path)).json).toEqual({ payload: ['urgent'] });
    expect(sim.conversation(id)?.labels).toEqual(['urgent']);
    const activities = sim.messages(id).filter((m) => m.message_type === 2).map((m) => m.content);
    expect(activities).toEqual(['Switchboard Bot added billing, vip', 'Switchboard Bot added urgent', 'Switchboard Bot removed billing, vip']);
  });

  it('searches contacts by name, email or phone, 15 per page', async () => {
    const sim = await start();
    for (let i = 0; i < 17; i++) sim.createConversation({ contactName: `Customer ${i}`, email: `c${i}@shop.test` });
    sim.createConversation({ contactName: 'Ada Lovelace', email: 'ada@example.test' });
    const first = await api(sim, 'GET', accountPath(sim, '/contacts/search?q=SHOP.test'));
    expect(first.json.meta).toEqual({ count: 17, current_page: 1, has_more: true });
    expect(first.json.payload).toHaveLength(15);
    const second = await api(sim, 'GET', accountPath(sim, '/contacts/search?q=shop.test&page=2'));
    expect(second.json.payload).toHaveLength(2);
    expect(second.json.meta.has_more).toBe(false);
    const ada = await api(sim, 'GET', accountPath(sim, '/contacts/search?q=lovelace'));
    expect(ada.json.payload).toEqual([expect.objectContaining({ name: 'Ada Lovelace', email: 'ada@example.test' })]);
    expect((await api(sim, 'GET', accountPath(sim, '/contacts/search'))).status).toBe(422);
  });
});

describe('simulator REST: failRest', () => {
  it('fails the next matching requests with the status, a Chatwoot error body and Retry-After for 429', async () => {
    const sim = await start();
    sim.faults.failRest({ status: 429, times: 2, retryAfter: 7, method: 'GET', path: '/api/v1/profile' });
    sim.faults.failRest({ status: 503, path: /\/conversations$/ });
    const first = await api(sim, 'GET', '/api/v1/profile');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.json).toEqual({ error: expect.any(String) });
    expect((await api(sim, 'POST', '/api/v1/profile')).status).toBe(404); // other method: not matched
    expect((await api(sim, 'GET', '/api/v1/profile')).status).toBe(429);
    expect((await api(sim, 'GET', '/api/v1/profile')).status).toBe(200);
    const unavailable = await api(sim, 'GET', accountPath(sim, '/conversations'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBeNull();
    expect((await api(sim, 'GET', accountPath(sim, '/conversations'))).status).toBe(200);

    sim.faults.failRest({ status: 429, body: { error: 'slow down' } });
    const custom = await api(sim, 'GET', '/api', { token: null });
    expect(custom).toMatchObject({ status: 429, json: { error: 'slow down' } });
    expect(custom.headers.get('retry-after')).toBe('1');
  });
});
