import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../../plugins/discord/testing/fake-discord.ts';
import { fakeMember, memberMessage, memberThread } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { createChatwootSimulator } from '../../../src/testing/index.ts';
import { botPosts, inboxConversations, incoming } from '../../../plugins/discord-community/testing/queries.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const NOTICE = '⚠️ Your message could not be delivered to support — please try again later.';
const hookPosts = (r: CommunityBot, channelId: string) => r.fake.messagesIn(channelId).filter((m: Json) => m['webhook_id']);
const hookCalls = (r: CommunityBot, method: string) => r.fake.calls.filter((c) => c.method === method && /^\/webhooks\/\d+\/[^/]+(\/messages\/\d+)?$/.test(c.path));
const ada = fakeMember('ada', 'Ada');

async function threadConversation(r: CommunityBot): Promise<{ threadId: string; id: number }> {
  const threadId = memberThread(r.fake, ada, 'Order late');
  memberMessage(r.fake, threadId, ada, 'Where is my order?');
  const conversation = await r.until(() => inboxConversations(r).find((c) => incoming(r, c.id as number).length > 0), 'the conversation');
  await r.bot.idle();
  return { threadId, id: conversation.id as number };
}

describe("discord-community: postAs 'webhook'", () => {
  it.each([['a text channel', false], ['a forum', true]])(
    "in %s, replies are posted by the support channel's webhook into the thread under the agent's name, pinging no one; its own posts never come back; edits and deletes take the webhook too",
    async (_where, forum) => {
      run = await startCommunityBot({ fake: { forum }, settings: { postAs: 'webhook' } });
      const r = run;
      const { threadId, id } = await threadConversation(r);
      const reply = r.chatwoot.agentMessage(id, 'Hello @everyone, it ships today');
      await r.until(() => hookPosts(r, threadId).length === 1, 'the webhook post');
      await r.bot.idle();
      const [call] = hookCalls(r, 'POST');
      expect(call?.query).toMatchObject({ thread_id: threadId, wait: 'true' });
      expect(call?.body).toMatchObject({ username: `${r.chatwoot.agent.name} (agent)`, allowed_mentions: { parse: [] } });
      expect(String(call?.body?.['content'])).not.toContain('@everyone');
      expect(r.fake.state.webhooks.size).toBe(1);
      expect([...r.fake.state.webhooks.values()][0]?.['channel_id']).toBe(r.fake.channelId);
      // The webhook's own post (MESSAGE_CREATE with webhook_id) is no customer message.
      expect(incoming(r, id)).toHaveLength(1);
      expect(botPosts(r, threadId)).toEqual([]);

      r.chatwoot.editMessage(id, reply.id as number, 'It ships tomorrow, sorry');
      await r.until(() => hookCalls(r, 'PATCH').length === 1, 'the webhook edit');
      expect(hookCalls(r, 'PATCH')[0]?.query).toMatchObject({ thread_id: threadId });
      r.chatwoot.deleteMessage(id, reply.id as number);
      await r.until(() => hookPosts(r, threadId).length === 0, 'the webhook post deleted');
      expect(hookCalls(r, 'DELETE')).toHaveLength(1);
    },
  );

  it("an agent's hostile name is neutralised in the webhook's username (no \"clyde\" / \"discord\", which Discord refuses; no pings)", async () => {
    const chatwoot = await createChatwootSimulator({ pingIntervalMs: 1_000, agents: [{ id: 77, name: 'Clyde from Discord @everyone\u202E', email: 'c@example.test' }] });
    run = await startCommunityBot({ chatwoot, settings: { postAs: 'webhook' } });
    const r = run;
    try {
      const { threadId, id } = await threadConversation(r);
      r.chatwoot.agentMessage(id, 'Hi there', { agentId: 77 });
      await r.until(() => hookPosts(r, threadId).length === 1, 'the webhook post');
      const username = String(hookCalls(r, 'POST')[0]?.body?.['username']);
      expect(username).not.toMatch(/clyde|discord|\u202E/i);
      expect(username).toMatch(/\(agent\)$/);
      expect(hookCalls(r, 'POST')[0]?.body?.['allowed_mentions']).toEqual({ parse: [] });
    } finally {
      await r.stop();
      run = undefined;
      await chatwoot.close();
    }
  });

  it('a DM reply is posted by the bot (webhooks cannot post in DMs)', async () => {
    run = await startCommunityBot({ settings: { postAs: 'webhook', directMessages: true } });
    const r = run;
    r.fake.dmMessage(ada, 'Hi from my DMs');
    const id = (await r.until(() => inboxConversations(r).find((c) => incoming(r, c.id as number).length > 0), 'the DM conversation')).id as number;
    r.chatwoot.agentMessage(id, 'Hi Ada');
    const dm = r.fake.dmChannel(ada);
    await r.until(() => botPosts(r, dm).length === 1, 'the bot post in the DM');
    expect(hookCalls(r, 'POST')).toEqual([]);
  });
});

describe('discord-community: failure notices', () => {
  it("a member's message that cannot go into Chatwoot for good is reported (delivery_failed) and the member is told once in the thread", async () => {
    run = await startCommunityBot();
    const r = run;
    const { threadId, id } = await threadConversation(r);
    const path = `/api/v1/accounts/${r.chatwoot.accountId}/conversations/${id}/messages`;
    r.chatwoot.faults.failRest({ method: 'POST', path, status: 422, times: 2, body: { error: 'Validation failed' } });
    memberMessage(r.fake, threadId, ada, 'first lost message');
    await r.until(() => botPosts(r, threadId).length === 1, 'the notice');
    memberMessage(r.fake, threadId, ada, 'second lost message');
    await r.until(() => r.failures.length === 2, 'both failures reported');
    await r.bot.idle();
    expect(r.failures.map((f) => f.kind)).toEqual(['discord-community.incoming', 'discord-community.incoming']);
    expect(botPosts(r, threadId).map((m) => m['content'])).toEqual([NOTICE]);
    expect(incoming(r, id)).toHaveLength(1);
  });
});
