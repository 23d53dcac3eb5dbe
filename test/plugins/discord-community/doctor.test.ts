import { afterEach, describe, expect, it } from 'vitest';
import community from '../../../plugins/discord-community/index.ts';
import { communitySettings } from '../../../plugins/discord-community/settings.ts';
import { startFakeDiscord, type FakeDiscord } from '../../../plugins/discord/testing/fake-discord.ts';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } } as never;
const envOf = (f: FakeDiscord) => ({
  DISCORD_BOT_TOKEN: f.token,
  DISCORD_GUILD_ID: f.guildId,
  COMMUNITY_INBOX_ID: '7',
  CHATWOOT_URL: 'https://chat.example.com',
  CHATWOOT_API_TOKEN: 'k',
  CHATWOOT_ACCOUNT_ID: '1',
});
const doctor = (f: FakeDiscord, settings: Record<string, unknown> = {}, env: Record<string, string> = envOf(f)) =>
  community.doctor!({ env, config: communitySettings.parse({ restApi: f.restApi, supportChannelId: f.channelId, ...settings }), log: silent });

describe('discord-community doctor', () => {
  it('checks login, the Message Content intent, the support channel, the permissions and DMs', async () => {
    fake = await startFakeDiscord({ forum: true });
    const rows = await doctor(fake, { directMessages: true, postAs: 'webhook' });
    expect(rows.map((r) => [r.check, r.ok]), JSON.stringify(rows)).toEqual([
      ['discord-community login', true],
      ['discord-community intents', true],
      ['discord-community support channel', true],
      ['discord-community permissions', true],
      ['discord-community DMs', true],
    ]);
    expect(rows[2]?.detail).toBe('#support (forum)');
    expect(rows[3]?.detail).toContain('ManageWebhooks');
  });

  it('is a warning, naming what to set, when the plugin is off', async () => {
    fake = await startFakeDiscord();
    const rows = await doctor(fake, {}, { DISCORD_BOT_TOKEN: fake.token });
    expect(rows).toEqual([expect.objectContaining({ check: 'discord-community', ok: true, warn: true, fix: expect.stringContaining('COMMUNITY_INBOX_ID') })]);
  });

  it('fails a bad token, a missing intent, a channel that is neither text nor forum, and missing permissions — each with a fix', async () => {
    fake = await startFakeDiscord();
    const badToken = await doctor(fake, {}, { ...envOf(fake), DISCORD_BOT_TOKEN: 'wrong' });
    expect(badToken).toEqual([expect.objectContaining({ check: 'discord-community login', ok: false, fix: expect.stringContaining('Reset Token') })]);
    const category = await doctor(fake, { supportChannelId: fake.categoryId });
    expect(category.find((r) => r.check === 'discord-community support channel')).toMatchObject({ ok: false, detail: expect.stringContaining('neither a text channel nor a forum') });
    const missing = await doctor(fake, { supportChannelId: '1234' });
    expect(missing.find((r) => r.check === 'discord-community support channel')).toMatchObject({ ok: false, detail: 'no channel 1234 visible to the bot' });
    await fake.close();

    fake = await startFakeDiscord({ everyonePermissions: String(1024 + 2048) }); // View Channel + Send Messages only
    const perms = await doctor(fake);
    expect(perms.find((r) => r.check === 'discord-community permissions')).toMatchObject({ ok: false, detail: expect.stringContaining('SendMessagesInThreads, ManageThreads') });
    await fake.close();

    fake = await startFakeDiscord({ messageContent: false });
    const intents = await doctor(fake);
    expect(intents.at(-1)).toMatchObject({ check: 'discord-community intents', ok: false, fix: expect.stringContaining('MESSAGE CONTENT INTENT') });
  });

  it('an inbox named in the settings that cannot be found is a failed row of its own, not "off"', async () => {
    fake = await startFakeDiscord();
    const rows = await doctor(fake, { inboxId: undefined, inboxIdentifier: 'nope' }, { ...envOf(fake), CHATWOOT_URL: 'http://127.0.0.1:9' });
    expect(rows[0]).toMatchObject({ check: 'discord-community inbox', ok: false });
    expect(rows[0]?.detail).toMatch(/could not look up the inbox with identifier "nope"/);
  });
});
