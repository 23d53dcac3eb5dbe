import { afterEach, describe, expect, it } from 'vitest';
import { fakeMember, memberMessage, memberThread } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { botPosts, inboxConversations, incoming } from '../../../plugins/discord-community/testing/queries.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const CLOSING = '✅ This conversation was resolved. Write here again if you need anything else.';
const meta = (r: CommunityBot, threadId: string) => r.fake.channel(threadId)?.['thread_metadata'] as { archived: boolean; locked: boolean };
const ada = fakeMember('ada', 'Ada');

async function threadConversation(r: CommunityBot): Promise<{ threadId: string; id: number }> {
  const threadId = memberThread(r.fake, ada, 'Order late');
  memberMessage(r.fake, threadId, ada, 'Where is my order?');
  const conversation = await r.until(() => inboxConversations(r).find((c) => incoming(r, c.id as number).length > 0), 'the conversation');
  await r.bot.idle();
  return { threadId, id: conversation.id as number };
}

async function dmConversation(r: CommunityBot): Promise<{ dm: string; id: number }> {
  r.fake.dmMessage(ada, 'Help with my invoice');
  const conversation = await r.until(() => inboxConversations(r).find((c) => incoming(r, c.id as number).length > 0), 'the DM conversation');
  await r.bot.idle();
  return { dm: r.fake.dmChannel(ada), id: conversation.id as number };
}

describe("discord-community: resolve, afterResolve 'reopen' (the default)", () => {
  it('posts the closing line once and archives the thread without locking it; the member writing again reopens the same conversation', async () => {
    run = await startCommunityBot();
    const r = run;
    const { threadId, id } = await threadConversation(r);
    r.chatwoot.setStatus(id, 'resolved');
    await r.until(() => meta(r, threadId).archived, 'the archived thread');
    await r.bot.idle();
    expect(meta(r, threadId).locked).toBe(false);
    expect(botPosts(r, threadId).map((m) => m['content'])).toEqual([CLOSING]);

    memberMessage(r.fake, threadId, ada, 'Actually, one more question');
    await r.until(() => incoming(r, id).length === 2, 'the message in the same conversation');
    await r.bot.idle();
    expect(inboxConversations(r)).toHaveLength(1);
    expect(r.chatwoot.conversations().find((c) => c.id === id)?.status).toBe('open');
    expect(botPosts(r, threadId)).toHaveLength(1);
  });

  it('in a DM: the closing line once, and the next DM goes into the same conversation', async () => {
    run = await startCommunityBot({ settings: { directMessages: true } });
    const r = run;
    const { dm, id } = await dmConversation(r);
    r.chatwoot.setStatus(id, 'resolved');
    await r.until(() => botPosts(r, dm).length === 1, 'the closing line in the DM');
    r.fake.dmMessage(ada, 'Thanks! And another thing');
    await r.until(() => incoming(r, id).length === 2, 'the DM in the same conversation');
    await r.bot.idle();
    expect(inboxConversations(r)).toHaveLength(1);
    expect(botPosts(r, dm).map((m) => m['content'])).toEqual([CLOSING]);
  });
});

describe("discord-community: resolve, afterResolve 'new'", () => {
  it('archives and locks the thread after the closing line; a late reply still arrives (opened, then locked again); an unlocked thread then opens a new conversation', async () => {
    run = await startCommunityBot({ settings: { afterResolve: 'new' } });
    const r = run;
    const { threadId, id } = await threadConversation(r);
    r.chatwoot.setStatus(id, 'resolved');
    await r.until(() => meta(r, threadId).locked, 'the locked thread');
    expect(meta(r, threadId).archived).toBe(true);
    expect(() => memberMessage(r.fake, threadId, ada, 'let me in')).toThrow(/locked/);

    r.chatwoot.agentMessage(id, 'One more thing: your tracking number is 42.');
    await r.until(() => botPosts(r, threadId).length === 2, 'the late reply');
    await r.bot.idle();
    expect(meta(r, threadId)).toMatchObject({ archived: true, locked: true });
    expect(botPosts(r, threadId).map((m) => m['content'])).toEqual([CLOSING, expect.stringContaining('tracking number is 42')]);

    // A moderator unlocks the thread; the member's next message is a new conversation.
    Object.assign(meta(r, threadId), { locked: false });
    memberMessage(r.fake, threadId, ada, 'New problem now');
    await r.until(() => inboxConversations(r).length === 2, 'a new conversation');
    await r.bot.idle();
    const fresh = inboxConversations(r).find((c) => c.id !== id)!;
    expect(incoming(r, fresh.id as number).map((m) => m.content)).toEqual(['New problem now']);
    expect(incoming(r, id)).toHaveLength(1);
  });

  it('a second resolve of a thread that is already archived and locked: a second closing line, the thread closed again, nothing failed', async () => {
    run = await startCommunityBot({ settings: { afterResolve: 'new' } });
    const r = run;
    const { threadId, id } = await threadConversation(r);
    r.chatwoot.setStatus(id, 'resolved');
    await r.until(() => meta(r, threadId).locked, 'the locked thread');
    await r.bot.idle();
    // Reopened and resolved again by an agent later (events of one second are one event, so queued here as the handler does).
    await r.bot.runtime.outbox.enqueue({
      id: 'discord-community:close:again',
      kind: 'discord-community.close',
      destination: `discord-community:${threadId}`,
      payload: { key: threadId, conversationId: id, line: CLOSING },
      meta: { plugin: 'discord-community' },
    });
    await r.until(() => botPosts(r, threadId).length === 2, 'the second closing line');
    await r.bot.idle();
    expect(meta(r, threadId)).toMatchObject({ archived: true, locked: true });
    expect(r.failures).toEqual([]);
  });

  it('in a DM: the closing line once, and the next DM opens a new conversation', async () => {
    run = await startCommunityBot({ settings: { directMessages: true, afterResolve: 'new' } });
    const r = run;
    const { dm, id } = await dmConversation(r);
    r.chatwoot.setStatus(id, 'resolved');
    await r.until(() => botPosts(r, dm).length === 1, 'the closing line in the DM');
    await r.bot.idle();
    r.fake.dmMessage(ada, 'Something else');
    await r.until(() => inboxConversations(r).length === 2, 'a new conversation for the DM');
    await r.bot.idle();
    expect(incoming(r, id)).toHaveLength(1);
    expect(botPosts(r, dm).map((m) => m['content'])).toEqual([CLOSING]);
  });
});
