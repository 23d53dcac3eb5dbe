import { afterEach, describe, expect, it } from 'vitest';
import { fakeMember, memberMessage, memberThread } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { botPosts } from '../../../plugins/discord-community/testing/queries.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const postCalls = (r: CommunityBot, threadId: string) => r.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`);

/** A member's thread with its conversation in the community inbox. */
async function conversationOfThread(r: CommunityBot): Promise<{ threadId: string; conversationId: number }> {
  const ada = fakeMember('ada', 'Ada');
  const threadId = memberThread(r.fake, ada, 'Order late');
  memberMessage(r.fake, threadId, ada, 'Where is my order?');
  const conversation = await r.until(() => r.chatwoot.conversations().find((c) => c.inbox_id === r.inboxId && r.chatwoot.messages(c.id as number).length > 0), 'the conversation');
  await r.bot.idle();
  return { threadId, conversationId: conversation.id as number };
}

describe('discord-community: agents answer the member', () => {
  it("an agent's reply reaches the member's thread once, under the agent's name; notes, activity and the member's own message never do (cable)", async () => {
    run = await startCommunityBot();
    const { threadId, conversationId } = await conversationOfThread(run);
    run.chatwoot.agentMessage(conversationId, 'secret: customer is on a refund blocklist', { private: true });
    run.chatwoot.agentMessage(conversationId, 'Your parcel ships today.');
    await run.bot.idle();
    await run.until(() => botPosts(run!, threadId).length === 1, 'the reply in the thread');
    const [post] = botPosts(run, threadId);
    expect(post?.['content']).toBe(`**${run.chatwoot.agent.name} (agent):**\nYour parcel ships today.`);
    // Nothing about the note or the member's message went to Discord, and nothing twice.
    expect(postCalls(run, threadId)).toHaveLength(1);
    expect(JSON.stringify(run.fake.messagesIn(threadId))).not.toContain('blocklist');
  });

  it('the same holds when the reply and the note arrive by the inbox callback alone (cable down)', async () => {
    run = await startCommunityBot({ callback: true });
    const { threadId, conversationId } = await conversationOfThread(run);
    run.bot.chatwoot.dropCable();
    run.chatwoot.agentMessage(conversationId, 'internal: refund approved by finance', { private: true });
    run.chatwoot.agentMessage(conversationId, 'Refund approved!');
    await run.until(() => botPosts(run!, threadId).length === 1, 'the reply by the callback');
    // The note was in the callback, and the bot's webhook route accepted it…
    expect(run.callbacks().filter((body) => JSON.stringify(body).includes('refund approved by finance'))).toHaveLength(1);
    expect(run.chatwoot.webhooks.deliveries.filter((d) => d.url?.endsWith('/hook') && d.status !== 200)).toEqual([]);
    run.bot.chatwoot.restoreCable();
    await run.bot.idle();
    expect(botPosts(run, threadId).map((m) => m['content'])).toEqual([`**${run.chatwoot.agent.name} (agent):**\nRefund approved!`]); // …and never reached the member
  });

  it('hostile agent text is neutralised: no pings, masked links shown, bidi removed', async () => {
    run = await startCommunityBot();
    const { threadId, conversationId } = await conversationOfThread(run);
    run.chatwoot.agentMessage(conversationId, 'Hi @everyone <@&42> see [https://bank.example](https://evil.example) \u202Egnp.exe');
    await run.until(() => botPosts(run!, threadId).length === 1, 'the reply');
    const [call] = postCalls(run, threadId);
    expect(call?.body?.['allowed_mentions']).toEqual({ parse: [] });
    const content = String(call?.body?.['content']);
    expect(content).not.toMatch(/@everyone|<@&42>|\u202E/);
    expect(content).toContain('https://evil.example');
  });
});
