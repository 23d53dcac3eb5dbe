import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createChatwootRest, type ChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { ACCOUNT_ID, TOKEN, rawAgent, rawConversation } from './chatwoot-fixtures.ts';
import { startFakeChatwoot, type FakeChatwoot } from './fake-chatwoot-server.ts';

let fake: FakeChatwoot;
let agent: Agent;
let rest: ChatwootRest;

beforeEach(async () => {
  fake = await startFakeChatwoot({ token: TOKEN });
  agent = new Agent();
  rest = createChatwootRest({ baseUrl: fake.url, apiToken: TOKEN, accountId: ACCOUNT_ID, dispatcher: agent, sleep: async () => {} });
});

afterEach(async () => {
  await agent.close();
  await fake.close();
});

const CONV = '/api/v1/accounts/1/conversations';

describe('conversations', () => {
  it('getConversation returns the normalized conversation', async () => {
    fake.on('GET', `${CONV}/:id`, (_req, { id }) => ({ json: rawConversation(Number(id)) }));
    const conversation = await rest.getConversation(42);
    expect(fake.requests[0]?.url).toBe(`${CONV}/42`);
    expect(conversation).toMatchObject({
      id: 42,
      account_id: 1,
      status: 'open',
      labels: ['billing'],
      updated_at: 1_718_000_000.25,
      meta: { sender: { id: 11, type: 'contact' }, assignee: { id: 7, type: 'user' } },
    });
    expect(conversation.messages?.[0]).toMatchObject({ id: 500, message_type: 'incoming', conversation_id: 42 });
  });

  it('listConversations maps every filter to Chatwoot query parameters and unwraps data', async () => {
    fake.on('GET', CONV, () => ({
      json: { data: { meta: { mine_count: 2, assigned_count: 5, unassigned_count: 1, all_count: 6 }, payload: [rawConversation(42), rawConversation(43, { status: 'pending' })] } },
    }));
    const page = await rest.listConversations({
      status: 'all',
      assigneeType: 'unassigned',
      inboxId: 3,
      labels: ['vip', 'billing team'],
      sortBy: 'last_activity_at_desc',
      updatedWithin: 600,
      page: 2,
    });
    expect(fake.requests[0]?.url).toBe(
      `${CONV}?status=all&assignee_type=unassigned&inbox_id=3&labels[]=vip&labels[]=billing%20team&sort_by=last_activity_at_desc&updated_within=600&page=2`,
    );
    expect(page.meta).toEqual({ mine_count: 2, assigned_count: 5, unassigned_count: 1, all_count: 6 });
    expect(page.conversations.map((c) => [c.id, c.status])).toEqual([[42, 'open'], [43, 'pending']]);
  });

  it('listConversations with no filters sends no query string', async () => {
    fake.on('GET', CONV, () => ({ json: { data: { meta: { mine_count: 0, assigned_count: 0, unassigned_count: 0, all_count: 0 }, payload: [] } } }));
    await rest.listConversations();
    expect(fake.requests[0]?.url).toBe(CONV);
  });

  it('toggleStatus posts status and snoozed_until and returns the result', async () => {
    fake.on('POST', `${CONV}/:id/toggle_status`, (req, { id }) => ({
      json: { meta: {}, payload: { success: true, conversation_id: Number(id), current_status: (req.json as { status: string }).status, snoozed_until: '2025-09-10T12:21:17.000Z' } },
    }));
    const result = await rest.toggleStatus(42, 'snoozed', { snoozedUntil: 1_757_506_877 });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', url: `${CONV}/42/toggle_status`, json: { status: 'snoozed', snoozed_until: 1_757_506_877 } });
    expect(result).toEqual({ conversationId: 42, currentStatus: 'snoozed', snoozedUntil: 1_757_506_877 });
  });

  it('toggleStatus without a status sends an empty body (Chatwoot toggles open/resolved)', async () => {
    fake.on('POST', `${CONV}/:id/toggle_status`, () => ({ json: { meta: {}, payload: { success: true, conversation_id: 42, current_status: 'resolved', snoozed_until: null } } }));
    const result = await rest.toggleStatus(42);
    expect(fake.requests[0]?.json).toEqual({});
    expect(result).toEqual({ conversationId: 42, currentStatus: 'resolved', snoozedUntil: null });
  });

  it('assign sets the team first, then the assignee, in two requests', async () => {
    fake.on('POST', `${CONV}/:id/assignments`, (req) => {
      const body = req.json as Record<string, unknown>;
      if ('team_id' in body) return { json: { id: 4, name: 'support', description: '', allow_auto_assign: true, account_id: 1, is_member: true } };
      return { json: rawAgent() };
    });
    const result = await rest.assign(42, { assigneeId: 7, teamId: 4 });
    expect(fake.requests.map((r) => [r.url, r.json])).toEqual([
      [`${CONV}/42/assignments`, { team_id: 4 }],
      [`${CONV}/42/assignments`, { assignee_id: 7 }],
    ]);
    expect(result.team).toMatchObject({ id: 4, name: 'support' });
    expect(result.assignee).toMatchObject({ id: 7, type: 'user' });
  });

  it('assign with assigneeId null unassigns (Chatwoot answers null)', async () => {
    fake.on('POST', `${CONV}/:id/assignments`, () => ({ json: null }));
    const result = await rest.assign(42, { assigneeId: null });
    expect(fake.requests[0]?.json).toEqual({ assignee_id: null });
    expect(result).toEqual({ assignee: null });
  });

  it('assign without any target is a programming error', async () => {
    await expect(rest.assign(42, {})).rejects.toThrow(TypeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('labels', () => {
  let labels: string[];
  beforeEach(() => {
    labels = ['billing', 'vip'];
    fake.on('GET', `${CONV}/:id/labels`, () => ({ json: { payload: labels } }));
    fake.on('POST', `${CONV}/:id/labels`, (req) => {
      labels = (req.json as { labels: string[] }).labels;
      return { json: { payload: labels } };
    });
  });

  it('getLabels and setLabels use the labels path; POST replaces the list', async () => {
    expect(await rest.getLabels(42)).toEqual(['billing', 'vip']);
    expect(await rest.setLabels(42, ['urgent'])).toEqual(['urgent']);
    expect(fake.requests.map((r) => [r.method, r.url, r.json])).toEqual([
      ['GET', `${CONV}/42/labels`, undefined],
      ['POST', `${CONV}/42/labels`, { labels: ['urgent'] }],
    ]);
  });

  it('updateLabels reads, merges additions and removals, and writes the whole list', async () => {
    const result = await rest.updateLabels(42, { add: ['urgent', 'billing', 'Urgent'], remove: ['vip'] });
    expect(result).toEqual(['billing', 'urgent']);
    expect(fake.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(fake.requests[1]?.json).toEqual({ labels: ['billing', 'urgent'] });
  });

  it('updateLabels skips the write when nothing changes', async () => {
    expect(await rest.updateLabels(42, { add: ['vip'], remove: ['missing'] })).toEqual(['billing', 'vip']);
    expect(fake.requests.map((r) => r.method)).toEqual(['GET']);
  });
});
