import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';
import { escapeMentions } from '../../../plugins/discord/escape-mentions.ts';
import { webhookUsername } from '../../../plugins/discord/format-message.ts';
import discord from '../../../plugins/discord/index.ts';
import { discordSettings, OFF_LINE } from '../../../plugins/discord/settings.ts';
import { startFakeDiscord, type FakeDiscord } from '../../../plugins/discord/testing/fake-discord.ts';

let fake: FakeDiscord | undefined;
let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  bot = undefined;
  fake = undefined;
});

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;
const envOf = (f: FakeDiscord, extra: Record<string, string> = {}) => ({ DISCORD_BOT_TOKEN: f.token, DISCORD_GUILD_ID: f.guildId, DISCORD_CHANNEL_ID: f.channelId, ...extra });

describe('discord setup', () => {
  it('without a token logs one line and registers nothing', async () => {
    bot = await createTestBot({ plugins: [discord] });
    expect(bot.logs.filter((l) => l['msg'] === OFF_LINE)).toHaveLength(1);
    bot.chatwoot.createConversation({ content: 'Hi' });
    await bot.idle();
  });

  it('a token without guild and channel stops setup, naming the variables', async () => {
    await expect(createTestBot({ plugins: [discord], env: { DISCORD_BOT_TOKEN: 'x' } })).rejects.toThrow(/DISCORD_GUILD_ID and DISCORD_CHANNEL_ID/);
  });
});

describe('discord doctor', () => {
  it('checks login, intents and permissions', async () => {
    fake = await startFakeDiscord();
    const rows = await discord.doctor!({ env: envOf(fake), config: discordSettings.parse({ restApi: fake.restApi }), log: silent });
    expect(rows.map((r) => [r.check, r.ok]), JSON.stringify(rows)).toEqual([
      ['discord login', true],
      ['discord intents', true],
      ['discord channel', true],
      ['discord permissions', true],
    ]);
  });

  it('names the portal switch when the Message Content intent is off', async () => {
    fake = await startFakeDiscord({ messageContent: false });
    const rows = await discord.doctor!({ env: envOf(fake), config: discordSettings.parse({ restApi: fake.restApi }), log: silent });
    expect(rows.find((r) => r.check === 'discord intents')).toMatchObject({ ok: false, fix: expect.stringContaining('MESSAGE CONTENT INTENT') });
  });

  it('lists missing permissions, and checks Manage Channels in channel mode', async () => {
    fake = await startFakeDiscord({ everyonePermissions: String(1024 + 2048) }); // View Channel + Send Messages only
    const rows = await discord.doctor!({
      env: envOf(fake, { DISCORD_CATEGORY_ID: fake.categoryId }),
      config: discordSettings.parse({ restApi: fake.restApi, mode: 'channel' }),
      log: silent,
    });
    expect(rows.find((r) => r.check === 'discord category permissions')).toMatchObject({ ok: false, detail: expect.stringContaining('ManageChannels') });
    const count = rows.find((r) => r.check === 'discord channel count');
    expect(count).toMatchObject({ ok: true });
    expect(count?.warn).toBeUndefined();
  });

  it('warns near the 500-channel cap in channel mode', async () => {
    fake = await startFakeDiscord({ extraChannels: 450 });
    const rows = await discord.doctor!({
      env: envOf(fake, { DISCORD_CATEGORY_ID: fake.categoryId }),
      config: discordSettings.parse({ restApi: fake.restApi, mode: 'channel' }),
      log: silent,
    });
    expect(rows.find((r) => r.check === 'discord channel count')).toMatchObject({ ok: true, warn: true, detail: expect.stringMatching(/^45\d of Discord's 500 channels in use$/), fix: expect.stringContaining('delete') });
  });

  it('reports a bad token', async () => {
    fake = await startFakeDiscord();
    const rows = await discord.doctor!({ env: { ...envOf(fake), DISCORD_BOT_TOKEN: 'wrong' }, config: discordSettings.parse({ restApi: fake.restApi }), log: silent });
    expect(rows).toMatchObject([{ check: 'discord login', ok: false, fix: expect.stringContaining('Reset Token') }]);
  });
});

describe('hostile text', () => {
  it('defuses every kind of mention', () => {
    const text = escapeMentions('@everyone @here <@1> <@!2> <@&3> <#4> @Everyone');
    expect(text).not.toMatch(/@everyone|@here|<@\d|<@!|<@&|<#\d/i);
  });

  it('keeps webhook usernames valid', () => {
    expect(webhookUsername('Clyde from Discord')).not.toMatch(/clyde|discord/i);
    expect(webhookUsername('x'.repeat(200))).toHaveLength(80);
    expect(webhookUsername('  ')).toBe('Chatwoot');
  });
});
