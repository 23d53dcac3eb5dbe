import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../../src/core/store/create-store.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { startFakeDiscord, type FakeDiscord } from '../../../plugins/discord/testing/fake-discord.ts';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Parameters<typeof startDiscordBot>[0] = {}): Promise<DiscordBot> {
  const run = await startDiscordBot(options);
  let stopped = false;
  cleanups.push(async () => {
    if (!stopped) await run.stop();
  });
  const stop = run.stop;
  return Object.assign(run, {
    stop: async () => {
      stopped = true;
      await stop();
    },
  });
}

const archived = (fake: FakeDiscord, id: string) => fake.channel(id)!['thread_metadata'].archived === true;

describe.each([
  ['thread', {}],
  ['forum', { forum: true }],
])('discord %s mode: a resolved conversation', (_mode, fakeOptions) => {
  it('still carries Chatwoot edits and soft deletes (opens the archived thread, edits, archives it again)', async () => {
    const run = await start({ fake: fakeOptions });
    const { bot, fake, placeOf, posts, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'my card number is 4111' });
    const threadId = await placeOf(conversation.id!);
    await until(() => posts(threadId).length === 1 || undefined, 'the first post');
    const message = bot.chatwoot.messages(conversation.id!)[0]!;
    const reply = bot.chatwoot.agentMessage(conversation.id!, 'we will call you bak');
    await until(() => posts(threadId).length === 2 || undefined, 'the agent reply');

    bot.chatwoot.setStatus(conversation.id!, 'resolved');
    await bot.idle();
    await until(() => archived(fake, threadId) || undefined, 'archived');

    bot.chatwoot.editMessage(conversation.id!, reply.id, 'we will call you back');
    bot.chatwoot.deleteMessage(conversation.id!, message.id);
    await bot.idle();
    const shown = () => posts(threadId).map((p) => p['content']).join('|');
    await until(() => shown().startsWith('*(message deleted in Chatwoot)*|we will call you back') || undefined, `the edit and the delete in Discord (now: ${shown()})`);
    // The "resolved" activity line, posted after the archive, went in the same way.
    expect(posts(threadId).at(-1)?.['content']).toMatch(/^\*Conversation was marked resolved/);
    expect(archived(fake, threadId)).toBe(true);
    expect(fake.channel(threadId)!['thread_metadata'].locked).toBe(true);
    // Discord did refuse the edit of the archived thread at first (50083): the fake enforces it.
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path.includes('/messages/'))).toBe(true);
    expect(bot.runtime.outbox.failures()).toEqual([]);
  });
});

describe('discord forum tags', () => {
  it('keeps a hand-made tag when a resolved post is reopened after a restart', async () => {
    const fake = await startFakeDiscord({ forum: true, forumTags: ['open', 'resolved', 'pending', 'snoozed', 'vip'] });
    cleanups.push(() => fake.close());
    const chatwoot: ChatwootSimulator = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    cleanups.push(() => chatwoot.close());
    const store: Store = await createStore('memory://');
    cleanups.push(() => store.close());
    const tags = Object.fromEntries((fake.channel(fake.channelId)!['available_tags'] as Array<{ id: string; name: string }>).map((t) => [t.name, t.id]));

    const first = await start({ discord: fake, bot: { chatwoot, store } });
    const conversation = chatwoot.createConversation({ contactName: 'Grace', content: 'Hello' });
    const postId = await first.placeOf(conversation.id!);
    fake.humanTagPost(postId, [tags['open']!, tags['vip']!]);
    chatwoot.setStatus(conversation.id!, 'resolved');
    await first.bot.idle();
    await first.until(() => archived(fake, postId) || undefined, 'archived post');
    expect(fake.channel(postId)!['applied_tags']).toEqual([tags['resolved'], tags['vip']]);
    await first.stop();

    // A new process: discord.js only learns active threads at login, so the archived post is not cached.
    const second = await start({ discord: fake, bot: { chatwoot, store } });
    chatwoot.setStatus(conversation.id!, 'open');
    await second.bot.idle();
    await second.until(() => !archived(fake, postId) || undefined, 'reopened post');
    expect(fake.channel(postId)!['applied_tags']).toEqual([tags['open'], tags['vip']]);
  });

  it('never sends a tag list it could not read: a failed read is retried', async () => {
    const run = await start({ fake: { forum: true, forumTags: ['open', 'resolved', 'pending', 'snoozed', 'vip'] } });
    const { bot, fake, placeOf, until } = run;
    const tags = Object.fromEntries((fake.channel(fake.channelId)!['available_tags'] as Array<{ id: string; name: string }>).map((t) => [t.name, t.id]));
    const conversation = bot.chatwoot.createConversation({ contactName: 'Grace', content: 'Hello' });
    const postId = await placeOf(conversation.id!);
    fake.humanTagPost(postId, [tags['open']!, tags['vip']!]);
    fake.failRest({ method: 'GET', path: new RegExp(`^/channels/${postId}$`), status: 500, times: 2 });
    bot.chatwoot.setStatus(conversation.id!, 'resolved');
    await bot.idle();
    await until(() => archived(fake, postId) || undefined, 'archived post');
    expect(fake.channel(postId)!['applied_tags']).toEqual([tags['resolved'], tags['vip']]);
    const tagWrites = fake.calls.filter((c) => c.method === 'PATCH' && c.path === `/channels/${postId}` && c.body?.applied_tags);
    expect(tagWrites.map((c) => c.body.applied_tags)).toEqual([[tags['resolved'], tags['vip']]]);
  });
});

/** A fault path that matches until it is released: holds Discord's answer for as long as a test needs. */
class HeldPath extends RegExp {
  held = true;
  override test(text: string): boolean {
    return this.held && super.test(text);
  }
}

describe('discord thread opening across a restart', () => {
  it('a conversation whose thread is still being opened at a restart is followed, not reopened: resolved meanwhile, its one thread ends up archived', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const chatwoot: ChatwootSimulator = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    cleanups.push(() => chatwoot.close());
    const store: Store = await createStore('memory://');
    cleanups.push(() => store.close());
    // Discord throttles thread creation until released: the `open` waits in the outbox (throttling never fails it).
    const threads = new HeldPath(`^/channels/${fake.channelId}/threads$`);
    fake.failRest({ method: 'POST', path: threads, status: 429, retryAfter: 0.05, times: 1_000_000 });
    const refused = () => fake.calls.some((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/threads`);

    const first = await start({ discord: fake, bot: { chatwoot, store } });
    const conversation = chatwoot.createConversation({ contactName: 'Ada', content: 'Hello' });
    await first.until(() => refused() || undefined, 'a throttled open');
    await first.stop();

    // A new process: the opening mark is in the store, so the status change updates the thread-to-be.
    const second = await start({ discord: fake, bot: { chatwoot, store } });
    chatwoot.setStatus(conversation.id!, 'resolved');
    // Queued: the open and the first message (resumed), then the status and the header of the resolve.
    await second.until(() => second.bot.runtime.outbox.pending() >= 4 || undefined, 'the resolve queued behind the open');
    threads.held = false;
    const threadId = await second.placeOf(conversation.id!);
    await second.bot.idle();
    await second.until(() => archived(fake, threadId) || undefined, 'the archived thread');
    expect([...fake.state.channels.values()].filter((c) => c['parent_id'] === fake.channelId && c['thread_metadata'])).toHaveLength(1);
    expect(second.bot.runtime.outbox.failures()).toEqual([]);
  });
});
