import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

let run: DiscordBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('discord thread mode', () => {
  it('opens a thread with a header, mirrors customer and agent messages through the webhook, never pinging', async () => {
    run = await startDiscordBot({ settings: { chatwootUrl: 'https://chat.example.test' } });
    const { bot, fake, placeOf, posts, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada Lovelace', email: 'ada@example.test', content: 'Hi @everyone, ping <@123> and <@&456> @here' });
    const threadId = await placeOf(conversation.id!);

    const thread = fake.channel(threadId)!;
    expect(thread['parent_id']).toBe(fake.channelId);
    expect(thread['name']).toBe(`#${conversation.id} Ada Lovelace`);
    const header = fake.messagesIn(threadId)[0]!;
    expect(header['embeds'][0].fields.map((f: { name: string; value: string }) => `${f.name}=${f.value}`)).toEqual(
      expect.arrayContaining(['Contact=Ada Lovelace <ada@example.test>', 'Inbox=Sandbox API', 'Status=open', 'Assignee=unassigned']),
    );
    expect(header['embeds'][0].url).toBe(`https://chat.example.test/app/accounts/1/conversations/${conversation.id}`);
    expect(header['components'][0].components.map((b: { custom_id: string }) => b.custom_id)).toEqual([
      `sb:resolve:${conversation.id}`,
      `sb:reopen:${conversation.id}`,
      `sb:assign-me:${conversation.id}`,
    ]);

    const [first] = await until(() => (posts(threadId).length === 1 ? posts(threadId) : undefined), 'the customer message');
    expect(first!['author'].username).toBe('Ada Lovelace (customer)');
    expect(first!['allowed_mentions']).toEqual({ parse: [] });
    expect(first!['content']).not.toMatch(/@everyone|@here|<@123>|<@&456>/);
    expect(first!['content']).toContain('@\u200beveryone');

    bot.chatwoot.agentMessage(conversation.id!, 'Hello Ada');
    bot.chatwoot.agentMessage(conversation.id!, 'VIP customer', { private: true });
    await until(() => posts(threadId).length === 3 || undefined, 'agent reply and note');
    const [, reply, note] = posts(threadId);
    expect(reply!['author'].username).toBe(`${bot.chatwoot.agent.name} (agent)`);
    expect(reply!['content']).toBe('Hello Ada');
    expect(note!['content']).toBe('VIP customer');
    expect(note!['embeds']).toEqual([{ description: '🔒 **Internal note** · not sent to the customer', color: 0xf1c40f }]);
    expect(note!['author'].username).toBe(`${bot.chatwoot.agent.name} (internal note)`);
    // Webhook messages come back over the gateway; they are never bridged to Chatwoot.
    await bot.idle();
    expect(bot.chatwoot.messages(conversation.id!).map((m) => m.content)).toHaveLength(3);
  });

  it('turns a human message into a reply, note: into a private note, and links the echo instead of posting it', async () => {
    run = await startDiscordBot({ settings: { userMap: {} } });
    const { bot, fake, placeOf, posts, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const threadId = await placeOf(conversation.id!);
    await until(() => posts(threadId).length === 1 || undefined, 'first post');

    fake.humanMessage(threadId, 'We are on it');
    fake.humanMessage(threadId, 'note: check the invoice');
    const outgoing = () => bot.chatwoot.messages(conversation.id!).filter((m) => m.message_type === 'outgoing');
    await until(() => outgoing().length === 2 || undefined, 'two Chatwoot writes');
    await bot.idle();
    const [reply, note] = outgoing();
    expect(reply!.content).toBe('We are on it');
    expect(reply!.private).toBe(false);
    expect(note!.content).toBe('check the invoice');
    expect(note!.private).toBe(true);
    expect((reply!.content_attributes as { switchboard?: { author?: string } }).switchboard?.author).toBe('Ann Agent');
    // The echo is not posted back: still only the customer's message from the webhook.
    expect(posts(threadId)).toHaveLength(1);
    expect(await bot.runtime.ledger.links.findMessage('discord', fake.messagesIn(threadId).find((m) => m['content'] === 'We are on it')!['id'])).toBe(reply!.id);
  });

  it('mirrors a message another surface wrote (slack) under its author, and skips discord-origin ones', async () => {
    run = await startDiscordBot();
    const { bot, placeOf, posts, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const threadId = await placeOf(conversation.id!);
    const facade = (await import('../../../src/core/writes/create-chatwoot-facade.ts')).createChatwootFacade;
    const slack = facade({ rest: bot.runtime.rest, outbox: bot.runtime.outbox, ledger: bot.runtime.ledger, plugin: 'slack' });
    await slack.reply(conversation.id!, 'typed in Slack', { origin: { surface: 'slack', ref: 'C1:1.2' }, author: { name: 'Sam Slack' } });
    const discordWrite = facade({ rest: bot.runtime.rest, outbox: bot.runtime.outbox, ledger: bot.runtime.ledger, plugin: 'discord' });
    await discordWrite.reply(conversation.id!, 'typed in Discord', { origin: { surface: 'discord', ref: '999' }, author: { name: 'Ann' } });
    await bot.idle();
    await until(() => posts(threadId).some((p) => p['content'] === 'typed in Slack') || undefined, 'the slack message');
    await bot.idle();
    const slackPost = posts(threadId).find((p) => p['content'] === 'typed in Slack')!;
    expect(slackPost['author'].username).toBe('Sam Slack (agent)');
    expect(posts(threadId).some((p) => p['content'] === 'typed in Discord')).toBe(false);
  });
});
