import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

let run: DiscordBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const contactField = (message: Record<string, any>) => (message['embeds'][0].fields as Array<{ name: string; value: string }>).find((f) => f.name === 'Contact')?.value;

describe('discord follows a renamed contact', () => {
  it('conversation.updated with a new sender name renames the thread and edits the header', async () => {
    run = await startDiscordBot();
    const { bot, fake, placeOf, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const threadId = await placeOf(conversation.id!);
    const raw = bot.chatwoot.conversation(conversation.id!)!;
    bot.chatwoot.emit('conversation.updated', { ...raw, meta: { ...raw.meta, sender: { ...raw.meta.sender, name: 'Ada King' } }, updated_at: raw.updated_at + 1 });
    await bot.idle();
    await until(() => fake.channel(threadId)!['name'] === `#${conversation.id} Ada King` || undefined, 'the renamed thread');
    await until(() => contactField(fake.messagesIn(threadId)[0]!) === 'Ada King' || undefined, 'the edited header');
  });

  it('contact.updated renames every conversation of the contact (channel mode), once', async () => {
    run = await startDiscordBot({ settings: { mode: 'channel' } });
    const { bot, fake, placeOf, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const channelId = await placeOf(conversation.id!);
    const contact = bot.chatwoot.conversation(conversation.id!)!.meta.sender;
    bot.chatwoot.emit('contact.updated', { ...contact, name: 'Ada King' });
    await bot.idle();
    await until(() => fake.channel(channelId)!['name'] === `cw-${conversation.id}-ada-king` || undefined, 'the renamed channel');
    await until(() => contactField(fake.messagesIn(channelId)[0]!) === 'Ada King' || undefined, 'the edited header');
    // The same name again changes nothing.
    bot.chatwoot.emit('contact.updated', { ...contact, name: 'Ada King', updated_at: new Date(Date.now() + 60_000).toISOString() });
    await bot.idle();
    expect(fake.calls.filter((c) => c.method === 'PATCH' && c.path === `/channels/${channelId}` && c.body?.name)).toHaveLength(1);
  });
});
