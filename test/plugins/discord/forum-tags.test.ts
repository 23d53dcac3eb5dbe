import { afterEach, describe, expect, it } from 'vitest';
import discord from '../../../plugins/discord/index.ts';
import { discordSettings } from '../../../plugins/discord/settings.ts';
import { ALL_PERMISSIONS, startFakeDiscord, type FakeDiscord } from '../../../plugins/discord/testing/fake-discord.ts';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

let run: DiscordBot | undefined;
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await run?.stop();
  await fake?.close();
  run = undefined;
  fake = undefined;
});

// Without Manage Channels (16) and Administrator (8), which implies it.
const WITHOUT_MANAGE_CHANNELS = String(BigInt(ALL_PERMISSIONS) & ~(16n | 8n));
const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;
const tagsOf = (f: FakeDiscord) => Object.fromEntries((f.channel(f.channelId)!['available_tags'] as Array<{ id: string; name: string }>).map((t) => [t.name, t.id]));
const tagPatches = (f: FakeDiscord) => f.calls.filter((c) => c.method === 'PATCH' && c.path === `/channels/${f.channelId}` && c.body?.available_tags);

describe('discord forum status tags', () => {
  it('creates the missing status tags once, keeping the forum’s own, then applies them', async () => {
    run = await startDiscordBot({ fake: { forum: true, forumTags: ['bug'] } });
    const { bot, fake: discordFake, placeOf, until } = run;
    const bugId = tagsOf(discordFake)['bug'];
    const first = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const second = bot.chatwoot.createConversation({ contactName: 'Grace', content: 'Hello' });
    const firstPost = await placeOf(first.id!);
    await placeOf(second.id!);

    const tags = tagsOf(discordFake);
    expect(Object.keys(tags).sort()).toEqual(['bug', 'open', 'pending', 'resolved', 'snoozed']);
    expect(tags['bug']).toBe(bugId);
    expect(tagPatches(discordFake)).toHaveLength(1);
    expect(discordFake.channel(firstPost)!['applied_tags']).toEqual([tags['open']]);

    bot.chatwoot.setStatus(first.id!, 'resolved');
    await bot.idle();
    await until(() => discordFake.channel(firstPost)!['thread_metadata'].archived || undefined, 'archived post');
    expect(discordFake.channel(firstPost)!['applied_tags']).toEqual([tags['resolved']]);
  });

  it('without Manage Channels the posts open untagged, with a warning saying how to fix it', async () => {
    run = await startDiscordBot({ fake: { forum: true, forumTags: [], everyonePermissions: WITHOUT_MANAGE_CHANNELS } });
    const { bot, fake: discordFake, placeOf, until } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
    const post = await placeOf(conversation.id!);
    expect(discordFake.channel(post)!['applied_tags']).toEqual([]);
    expect(discordFake.channel(discordFake.channelId)!['available_tags']).toEqual([]);
    await until(() => bot.logs.find((l) => /give the bot Manage Channels/.test(String(l['msg']))), 'the warning');
  });

  it('doctor warns when the forum lacks the tags and the bot cannot create them', async () => {
    fake = await startFakeDiscord({ forum: true, forumTags: [], everyonePermissions: WITHOUT_MANAGE_CHANNELS });
    const env = { DISCORD_BOT_TOKEN: fake.token, DISCORD_GUILD_ID: fake.guildId, DISCORD_CHANNEL_ID: fake.channelId };
    const rows = await discord.doctor!({ env, config: discordSettings.parse({ restApi: fake.restApi }), log: silent });
    expect(rows.find((r) => r.check === 'discord forum tags')).toMatchObject({ ok: true, warn: true, detail: expect.stringContaining('open, pending, resolved, snoozed'), fix: expect.stringContaining('Manage Channels') });
  });

  it('doctor is content when the bot may create the tags', async () => {
    fake = await startFakeDiscord({ forum: true, forumTags: [] });
    const env = { DISCORD_BOT_TOKEN: fake.token, DISCORD_GUILD_ID: fake.guildId, DISCORD_CHANNEL_ID: fake.channelId };
    const rows = await discord.doctor!({ env, config: discordSettings.parse({ restApi: fake.restApi }), log: silent });
    const row = rows.find((r) => r.check === 'discord forum tags');
    expect(row).toMatchObject({ ok: true, detail: expect.stringContaining('created on first use') });
    expect(row?.warn).toBeUndefined();
  });
});
