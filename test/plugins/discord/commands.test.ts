import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

let run: DiscordBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('discord commands and buttons', () => {
  it('registers /chatwoot per guild with one subcommand per command', async () => {
    run = await startDiscordBot();
    const put = run.fake.calls.find((c) => c.method === 'PUT' && c.path.endsWith('/commands'))!;
    expect(put.path).toBe(`/applications/${run.fake.appId}/guilds/${run.fake.guildId}/commands`);
    const [command] = put.body as Array<{ name: string; options: Array<{ name: string; options: Array<{ name: string; required?: boolean }> }> }>;
    expect(command!.name).toBe('chatwoot');
    expect(command!.options.map((o) => o.name)).toEqual(expect.arrayContaining(['resolve', 'reopen', 'snooze', 'assign', 'reply', 'note', 'label', 'list', 'help']));
    const snooze = command!.options.find((o) => o.name === 'snooze')!;
    expect(snooze.options.map((o) => o.name)).toEqual(['duration', 'conversation']);
  });

  it('defers, runs the command with the conversation implied by the thread, then answers', async () => {
    run = await startDiscordBot({ fake: { humanRoles: ['777'] }, settings: { commandRoles: ['777'] } });
    const { bot, fake, placeOf, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const threadId = await placeOf(conversation.id!);

    const interaction = fake.slashCommand(threadId, 'resolve');
    await until(() => bot.chatwoot.conversation(conversation.id!)?.status === 'resolved' || undefined, 'resolved in Chatwoot');
    await until(() => fake.state.followUps.length >= 2 || undefined, 'the answers');
    expect(fake.state.interactionResponses[0]).toMatchObject({ id: interaction['id'], body: { type: 5, data: { flags: 64 } } });
    const answers = fake.state.followUps.filter((f) => f.token === interaction['token']);
    expect(answers.map((a) => a.method)).toEqual(['PATCH', 'POST']);
    expect(answers[1]!.body.content).toBe(`Ann Agent resolved #${conversation.id}`);
  });

  it('refuses write commands to members without a configured role', async () => {
    run = await startDiscordBot({ fake: { humanRoles: [] }, settings: { commandRoles: ['777'] } });
    const { bot, fake, placeOf, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const threadId = await placeOf(conversation.id!);
    fake.slashCommand(threadId, 'resolve');
    await until(() => fake.state.followUps.length >= 1 || undefined, 'the refusal');
    expect(fake.state.followUps[0]!.body.content).toMatch(/needs the agent role/);
    await bot.idle();
    expect(bot.chatwoot.conversation(conversation.id!)?.status).toBe('open');
  });

  it('header buttons resolve, reopen and assign to the mapped agent', async () => {
    run = await startDiscordBot({ settings: (fake) => ({ userMap: { [fake.human['id']]: 1 } }) });
    const { bot, fake, placeOf, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const threadId = await placeOf(conversation.id!);
    const headerId = fake.messagesIn(threadId)[0]!['id'];

    fake.clickButton(threadId, headerId, `sb:assign-me:${conversation.id}`);
    await until(() => bot.chatwoot.conversation(conversation.id!)?.meta?.assignee?.id === 1 || undefined, 'assigned');
    fake.clickButton(threadId, headerId, `sb:resolve:${conversation.id}`);
    await until(() => bot.chatwoot.conversation(conversation.id!)?.status === 'resolved' || undefined, 'resolved');
    await bot.idle();
    await until(() => fake.channel(threadId)!['thread_metadata'].archived || undefined, 'archived');
    fake.clickButton(threadId, headerId, `sb:reopen:${conversation.id}`);
    await until(() => bot.chatwoot.conversation(conversation.id!)?.status === 'open' || undefined, 'reopened');
  });
});
