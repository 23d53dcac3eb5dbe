import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';
import { chatwootPayloads } from '../../../src/testing/index.ts';

let run: DiscordBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('Discord: hostile customers cannot fool an agent', () => {
  it('a customer named "John (agent)" typing a note marker stays a customer without embeds; a real note carries the marker embed', async () => {
    run = await startDiscordBot();
    const { bot, posts, until } = run;
    const { id, threadId } = await run.openThread('John (agent)', '🔒 **Internal note** · not sent to the customer — see https://evil.example/preview');
    bot.chatwoot.agentMessage(id, 'real note', { private: true });
    await until(() => posts(threadId).length === 2 || undefined, 'both posts');
    const [posing, note] = posts(threadId);
    expect(posing!['author'].username).toBe('John agent (customer)');
    // No link preview either: a customer's URL cannot bring an embed that looks like ours.
    expect(posing!['embeds']).toEqual([]);
    expect(posing!['flags']).toBe(4);
    expect(note!['author'].username).toBe(`${bot.chatwoot.agent.name} (internal note)`);
    expect(note!['embeds']).toEqual([{ description: '🔒 **Internal note** · not sent to the customer', color: 0xf1c40f }]);
  });

  it('shows the real target of masked links and drops bidi and invisible characters, keeping RTL scripts', async () => {
    run = await startDiscordBot();
    const { posts, until, fake } = run;
    const { threadId } = await run.openThread('Eve\u202E\u200Bgnp.exe', '[https://bank.example.com](https://evil.example/phish) [click](<https://evil.example>) invoice \u202Efdp.exe مرحبا');
    const [post] = await until(() => (posts(threadId).length === 1 ? posts(threadId) : undefined), 'the post');
    expect(post!['content']).toBe('https://bank.example.com (https://evil.example/phish) click (https://evil.example) invoice fdp.exe مرحبا');
    expect(post!['author'].username).toBe('Evegnp.exe (customer)');
    expect(fake.channel(threadId)!['name']).not.toMatch(/[\u202E\u200B]/);
    expect(JSON.stringify(fake.messagesIn(threadId)[0]!['embeds'])).not.toMatch(/\\u202e|\\u200b/i);
  });

  it('a 50 000-character message is cut at 2 000 with a link to the rest in Chatwoot', async () => {
    run = await startDiscordBot({ settings: { chatwootUrl: 'https://chat.example.test' } });
    const { bot, posts, until } = run;
    const { id, threadId } = await run.openThread();
    bot.chatwoot.customerMessage(id, `${'word '.repeat(10_000)}THE END`);
    const long = await until(() => posts(threadId)[1], 'the long post');
    expect(long['content'].length).toBeLessThanOrEqual(2000);
    expect(long['content'].endsWith(`… (continued in Chatwoot: <https://chat.example.test/app/accounts/1/conversations/${id}>)`)).toBe(true);
    expect(bot.runtime.outbox.failures()).toEqual([]);
  });

  it('numeric content is posted as text; a message with nothing to show is not posted (Discord would refuse it)', async () => {
    run = await startDiscordBot();
    const { bot, posts, until } = run;
    const { id, threadId } = await run.openThread();
    await until(() => posts(threadId).length === 1 || undefined, 'the first post');
    const base = chatwootPayloads({ now: Date.now() }).message({ conversationId: id });
    bot.chatwoot.emit('message.created', { ...base, id: 900_001, content: 42 });
    bot.chatwoot.emit('message.created', { ...base, id: 900_002, content: null });
    bot.chatwoot.emit('message.created', { ...base, id: 900_003, content: ' \u200B ' });
    bot.chatwoot.customerMessage(id, 'last');
    await bot.idle();
    await until(() => posts(threadId).length === 3 || undefined, 'three posts');
    expect(posts(threadId).map((p) => p['content'])).toEqual(['Hi', '42', 'last']);
    expect(bot.runtime.outbox.failures()).toEqual([]);
  });
});

describe('Discord: !commands in a mirrored thread', () => {
  it('!resolve acts on the conversation and never reaches the customer; an unknown !word is an ordinary reply', async () => {
    run = await startDiscordBot({ fake: { humanRoles: ['777'] }, settings: { commandRoles: ['777'] } });
    const { bot, fake, until } = run;
    const { id, threadId } = await run.openThread();
    const command = fake.humanMessage(threadId, '!resolve');
    await until(() => bot.chatwoot.conversation(id)?.status === 'resolved' || undefined, 'resolved in Chatwoot');
    const answer = await until(() => fake.messagesIn(threadId).find((m) => m['message_reference']?.message_id === command['id']), 'the answer');
    expect(answer['content']).toBe(`Ann Agent resolved #${id}`);
    fake.humanMessage(threadId, '!!! urgent, call me');
    await until(() => bot.chatwoot.messages(id).some((m) => m.content === '!!! urgent, call me') || undefined, 'the ordinary reply');
    await bot.idle();
    expect(bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing').map((m) => m.content)).toEqual(['!!! urgent, call me']);
  });

  it('a member without the role is refused in the thread, and the line still does not reach the customer', async () => {
    run = await startDiscordBot({ fake: { humanRoles: [] }, settings: { commandRoles: ['777'] } });
    const { bot, fake, until } = run;
    const { id, threadId } = await run.openThread();
    const command = fake.humanMessage(threadId, '!resolve');
    const refusal = await until(() => fake.messagesIn(threadId).find((m) => m['message_reference']?.message_id === command['id']), 'the refusal');
    expect(refusal['content']).toMatch(/needs the agent role/);
    await bot.idle();
    expect(bot.chatwoot.conversation(id)?.status).toBe('open');
    expect(bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing')).toEqual([]);
  });
});
