import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/core/store/create-store.ts';
import { EDIT_MARK } from '../../../src/index.ts';
import type { Json } from '../../../plugins/discord/testing/fake-discord.ts';
import { fakeMember, memberMessage, memberThread } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { botPosts, inboxConversations, incoming } from '../../../plugins/discord-community/testing/queries.ts';

const runs: CommunityBot[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const run of runs.splice(0).reverse()) await run.stop();
  for (const clean of cleanups.splice(0)) await clean();
});
async function start(options: Parameters<typeof startCommunityBot>[0] = {}): Promise<CommunityBot> {
  const run = await startCommunityBot(options);
  runs.push(run);
  return run;
}

const calls = (r: CommunityBot, method: string, path: RegExp) => r.fake.calls.filter((c) => c.method === method && path.test(c.path));
const ada = fakeMember('ada', 'Ada');

async function threadConversation(r: CommunityBot): Promise<{ threadId: string; id: number; first: Json }> {
  const threadId = memberThread(r.fake, ada, 'Order late');
  const first = memberMessage(r.fake, threadId, ada, 'My order 12 is late');
  const conversation = await r.until(() => inboxConversations(r).find((c) => incoming(r, c.id as number).length > 0), 'the conversation');
  await r.bot.idle();
  return { threadId, id: conversation.id as number, first };
}

describe('discord-community: a member edits and deletes', () => {
  it("an edit is a new incoming message replying to the original (once per edit, also when Discord repeats it); a link preview is no edit; a delete soft-deletes the Chatwoot copy", async () => {
    const r = await start();
    const { threadId, id, first } = await threadConversation(r);
    const original = incoming(r, id)[0]!;
    r.fake.humanEdit(first['id'], 'My order 13 is late');
    r.fake.dispatch('MESSAGE_UPDATE', { ...r.fake.state.messages.get(first['id']), guild_id: r.fake.guildId }); // the same edit again
    await r.until(() => incoming(r, id).length === 2, 'the edit');
    // Discord adds an embed (a link preview): MESSAGE_UPDATE without a new edited_timestamp.
    r.fake.dispatch('MESSAGE_UPDATE', { ...r.fake.state.messages.get(first['id']), embeds: [{ type: 'link', url: 'https://x.example' }], guild_id: r.fake.guildId });
    await r.bot.idle();
    const [, edit] = incoming(r, id);
    expect(edit?.content).toBe(`${EDIT_MARK} My order 13 is late`);
    expect(edit?.content_attributes?.['in_reply_to']).toBe(original.id);
    expect(incoming(r, id)).toHaveLength(2);

    const second = memberMessage(r.fake, threadId, ada, 'oops, wrong thread');
    await r.until(() => incoming(r, id).length === 3, 'the second message');
    r.fake.humanDelete(second['id']);
    await r.until(() => incoming(r, id).find((m) => m.content_attributes?.['deleted'] === true), 'the deleted copy');
    await r.bot.idle();
    expect(incoming(r, id).filter((m) => m.content_attributes?.['deleted'] === true).map((m) => m.id)).toEqual([incoming(r, id)[2]!.id]);
  });

  it('edits and deletes of messages the bot never cached (sent before a restart) arrive as partials and are still carried', async () => {
    const store = await createStore('memory://');
    cleanups.push(() => store.close());
    const first = await startCommunityBot({ store });
    const { threadId, id, first: message } = await threadConversation(first);
    await first.bot.stop();
    cleanups.push(() => first.fake.close(), () => first.chatwoot.close());

    const r = await start({ store, discord: first.fake, chatwoot: first.chatwoot, inboxId: first.inboxId });
    r.fake.humanEdit(message['id'], 'edited after the restart');
    await r.until(() => incoming(r, id).length === 2, 'the edit of an uncached message');
    r.fake.humanDelete(message['id']);
    await r.until(() => incoming(r, id)[0]?.content_attributes?.['deleted'] === true, 'the delete of an uncached message');
    expect(incoming(r, id)[1]?.content).toBe(`${EDIT_MARK} edited after the restart`);
    expect(threadId).toBeTruthy();
  });
});

describe('discord-community: an agent edits and deletes a reply in Chatwoot', () => {
  it('a changed text edits the post once; the same text changes nothing; a delete removes the post; a deleted member message stays on Discord', async () => {
    const r = await start();
    const { threadId, id, first } = await threadConversation(r);
    const reply = r.chatwoot.agentMessage(id, 'Your parcel ships tomorrow.');
    await r.until(() => botPosts(r, threadId).length === 1, 'the reply');
    const postId = botPosts(r, threadId)[0]!['id'] as string;

    r.chatwoot.editMessage(id, reply.id as number, 'Your parcel ships today @everyone.');
    await r.until(() => String(r.fake.state.messages.get(postId)?.['content']).includes('today'), 'the edited post');
    await r.bot.idle();
    r.chatwoot.editMessage(id, reply.id as number, 'Your parcel ships today @everyone.'); // message.updated, same text
    await r.bot.idle();
    const patches = calls(r, 'PATCH', new RegExp(`^/channels/${threadId}/messages/${postId}$`));
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(String(patches[0]?.body?.['content'])).not.toContain('@everyone');

    r.chatwoot.deleteMessage(id, reply.id as number);
    await r.until(() => !r.fake.state.messages.has(postId), 'the deleted post');
    // Chatwoot deleting the member's own message never deletes it on Discord.
    r.chatwoot.deleteMessage(id, incoming(r, id)[0]!.id);
    await r.bot.idle();
    expect(r.fake.state.messages.has(first['id'])).toBe(true);
    expect(calls(r, 'DELETE', /\/messages\//)).toHaveLength(1);
  });
});
