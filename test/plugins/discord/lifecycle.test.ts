import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

let run: DiscordBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const fieldsOf = (message: Record<string, any>) =>
  Object.fromEntries((message['embeds'][0].fields as Array<{ name: string; value: string }>).map((f) => [f.name, f.value]));

describe('discord conversation lifecycle', () => {
  it('thread mode: resolve edits the header then archives and locks; reopen restores it; assignment edits the header', async () => {
    run = await startDiscordBot();
    const { bot, fake, placeOf, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const threadId = await placeOf(conversation.id!);
    const header = () => fake.messagesIn(threadId)[0]!;

    bot.chatwoot.setStatus(conversation.id!, 'resolved');
    await bot.idle();
    await until(() => fake.channel(threadId)!['thread_metadata'].archived || undefined, 'archived thread');
    expect(fake.channel(threadId)!['thread_metadata'].locked).toBe(true);
    expect(fieldsOf(header())['Status']).toBe('resolved');
    const patches = fake.calls.filter((c) => c.method === 'PATCH' && c.path.includes(threadId));
    // The header edit comes before the archive: an archived thread's messages cannot be edited.
    expect(patches.map((c) => (c.path.includes('/messages/') ? 'header' : 'archive')).slice(0, 2)).toEqual(['header', 'archive']);
    expect(bot.runtime.outbox.failures()).toEqual([]);

    bot.chatwoot.setStatus(conversation.id!, 'open');
    await bot.idle();
    await until(() => (!fake.channel(threadId)!['thread_metadata'].archived && fieldsOf(header())['Status'] === 'open') || undefined, 'reopened thread');
    expect(fake.channel(threadId)!['thread_metadata'].locked).toBe(false);

    await bot.command(`assign me ${conversation.id}`);
    await bot.idle();
    await until(() => fieldsOf(header())['Assignee'] === bot.chatwoot.agent.name || undefined, 'assignee in the header');
  });

  it('forum mode: one post per conversation with the status tag; resolve swaps the tag and archives', async () => {
    run = await startDiscordBot({ fake: { forum: true } });
    const { bot, fake, placeOf, posts, until } = run;
    const tags = Object.fromEntries((fake.channel(fake.channelId)!['available_tags'] as Array<{ id: string; name: string }>).map((t) => [t.name, t.id]));
    const conversation = bot.chatwoot.createConversation({ contactName: 'Grace Hopper', content: 'Hello' });
    const postId = await placeOf(conversation.id!);
    const post = fake.channel(postId)!;
    expect(post['parent_id']).toBe(fake.channelId);
    expect(post['applied_tags']).toEqual([tags['open']]);
    // The header is the post's starter message.
    expect(fake.messagesIn(postId)[0]!['id']).toBe(postId);
    await until(() => posts(postId).length === 1 || undefined, 'the message in the post');
    expect(fake.calls.find((c) => c.method === 'POST' && c.path.startsWith('/webhooks/'))!.query['thread_id']).toBe(postId);

    bot.chatwoot.setStatus(conversation.id!, 'resolved');
    await bot.idle();
    await until(() => fake.channel(postId)!['thread_metadata'].archived || undefined, 'archived post');
    expect(fake.channel(postId)!['applied_tags']).toEqual([tags['resolved']]);
  });

  it('channel mode: a channel per conversation under the category; resolved channels move to the archive category and come back', async () => {
    run = await startDiscordBot({ settings: (fake) => ({ mode: 'channel', resolved: 'archive', archiveCategoryId: fake.archiveCategoryId }) });
    const { bot, fake, placeOf, posts, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada Lovelace', content: 'Hi' });
    const channelId = await placeOf(conversation.id!);
    expect(fake.channel(channelId)).toMatchObject({ type: 0, parent_id: fake.categoryId, name: `cw-${conversation.id}-ada-lovelace` });
    await until(() => posts(channelId).length === 1 || undefined, 'the message in the channel');
    expect(fake.calls.find((c) => c.method === 'POST' && c.path.startsWith('/webhooks/'))!.query['thread_id']).toBeUndefined();

    bot.chatwoot.setStatus(conversation.id!, 'resolved');
    await bot.idle();
    await until(() => fake.channel(channelId)!['parent_id'] === fake.archiveCategoryId || undefined, 'moved to the archive');
    bot.chatwoot.setStatus(conversation.id!, 'open');
    await bot.idle();
    await until(() => fake.channel(channelId)!['parent_id'] === fake.categoryId || undefined, 'moved back');
  });

  it('channel mode with resolved: delete removes the channel, and reopening makes a new one', async () => {
    run = await startDiscordBot({ settings: { mode: 'channel', resolved: 'delete' } });
    const { bot, fake, placeOf, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const first = await placeOf(conversation.id!);
    bot.chatwoot.setStatus(conversation.id!, 'resolved');
    await bot.idle();
    await until(() => !fake.channel(first) || undefined, 'deleted channel');
    expect(await bot.runtime.ledger.links.getConversation(conversation.id!, 'discord')).toBeUndefined();

    bot.chatwoot.setStatus(conversation.id!, 'open');
    await bot.idle();
    const second = await placeOf(conversation.id!);
    expect(second).not.toBe(first);
    expect(fake.channel(second)!['parent_id']).toBe(fake.categoryId);
  });
});
