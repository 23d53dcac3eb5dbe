import { afterEach, describe, expect, it } from 'vitest';
import { memberJson } from '../../../plugins/discord/testing/fake-discord-state.ts';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

let run: DiscordBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const marker = (m: { content_attributes?: unknown }) => (m.content_attributes as { switchboard?: { author?: string } } | undefined)?.switchboard;

describe('discord reply mode and authorship', () => {
  it("replyMode 'notes': everything is a private note unless it starts with reply: (stripped)", async () => {
    run = await startDiscordBot({ settings: (fake) => ({ channels: { [fake.channelId]: { replyMode: 'notes' } } }) });
    const { bot, fake, until } = run;
    const { id, threadId } = await run.openThread();
    fake.humanMessage(threadId, 'checking the invoice first');
    fake.humanMessage(threadId, 'reply: Your refund is on its way');
    fake.humanMessage(threadId, 'note: still a note');
    const outgoing = () => bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing');
    await until(() => outgoing().length === 3 || undefined, 'three Chatwoot writes');
    expect(outgoing().map((m) => [m.content, m.private])).toEqual([
      ['checking the invoice first', true],
      ['Your refund is on its way', false],
      ['still a note', true],
    ]);
  });

  it('only a lower-case note: at the very start makes a note (confirmed); "Note: your refund…" reaches the customer, and its author is told', async () => {
    run = await startDiscordBot();
    const { bot, fake, until } = run;
    const { id, threadId } = await run.openThread();
    const note = fake.humanMessage(threadId, 'note: check the invoice');
    const reply = fake.humanMessage(threadId, 'Note: your refund takes 5 days');
    const outgoing = () => bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing');
    await until(() => outgoing().length === 2 || undefined, 'two Chatwoot writes');
    expect(outgoing().map((m) => [m.content, m.private])).toEqual([
      ['check the invoice', true],
      ['Note: your refund takes 5 days', false],
    ]);
    const answerTo = (message: Record<string, any>) => () => fake.messagesIn(threadId).find((m) => m['message_reference']?.message_id === message['id']);
    expect((await until(answerTo(note), 'the note confirmation'))['content']).toBe('🔒 Saved in Chatwoot as a private note: only agents see it, the customer does not.');
    expect((await until(answerTo(reply), 'the hint'))['content']).toBe('💬 Sent to the customer. Only a lower-case "note:" or "private:" at the very start makes a private note.');
  });

  it('a mapped Discord user with an agent token authors as that agent; an unmapped one is named in content_attributes', async () => {
    const agent = { id: 7, name: 'Ann Agent', email: 'ann@example.test', apiToken: 'ann-token' };
    run = await startDiscordBot({
      bot: { agentTokens: { 7: 'ann-token' }, simulator: { agents: [agent] } },
      settings: (fake) => ({ userMap: { [fake.human['id']]: 7 } }),
    });
    const { bot, fake, until } = run;
    const { id, threadId } = await run.openThread();
    fake.humanMessage(threadId, 'from a mapped agent');
    const stranger = { id: '9001', username: 'bob', discriminator: '0', global_name: 'Bob Builder', avatar: null };
    fake.humanMessage(threadId, 'from someone unmapped', { author: stranger, member: memberJson(stranger, []) });
    const sent = (content: string) => bot.chatwoot.messages(id).find((m) => m.content === content);
    const mapped = await until(() => sent('from a mapped agent'), 'the mapped message');
    const unmapped = await until(() => sent('from someone unmapped'), 'the unmapped message');
    expect(mapped.sender_id).toBe(7);
    expect(marker(mapped)?.author).toBeUndefined();
    expect(unmapped.sender_id).toBe(bot.chatwoot.agent.id);
    expect(marker(unmapped)?.author).toBe('Bob Builder');
  });
});
