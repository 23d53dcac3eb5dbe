import { afterEach, describe, expect, it } from 'vitest';
import community from '../../../plugins/discord-community/index.ts';
import { communitySettings, OFF_LINE, readCommunityEnv } from '../../../plugins/discord-community/settings.ts';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const full = { DISCORD_BOT_TOKEN: 't', DISCORD_GUILD_ID: '1', COMMUNITY_INBOX_ID: '7', CHATWOOT_URL: 'https://chat.example.com/', CHATWOOT_API_TOKEN: 'k', CHATWOOT_ACCOUNT_ID: '3' };

describe('discord-community settings', () => {
  it('is off with one info line when not configured', async () => {
    bot = await createTestBot({ plugins: [community] });
    expect(bot.logs.filter((line) => line['msg'] === OFF_LINE)).toHaveLength(1);
  });

  it('needs every variable and the support channel; an unusable inbox id keeps it off', () => {
    expect(readCommunityEnv(full, { supportChannelId: '9' })).toEqual({
      token: 't',
      guildId: '1',
      supportChannelId: '9',
      inboxId: 7,
      chatwoot: { url: 'https://chat.example.com', apiToken: 'k', accountId: 3 },
    });
    expect(readCommunityEnv(full, {})).toBeUndefined();
    expect(readCommunityEnv({ ...full, COMMUNITY_INBOX_ID: 'seven' }, { supportChannelId: '9' })).toBeUndefined();
    expect(readCommunityEnv({ ...full, DISCORD_BOT_TOKEN: ' ' }, { supportChannelId: '9' })).toBeUndefined();
  });

  it('defaults: replies by the bot, reopen after resolve, no DMs, 40 MB files; unknown choices are refused', () => {
    expect(communitySettings.parse({})).toMatchObject({ postAs: 'bot', afterResolve: 'reopen', directMessages: false, maxFileBytes: 40 * 1024 * 1024 });
    expect(communitySettings.safeParse({ afterResolve: 'close' }).success).toBe(false);
    expect(communitySettings.safeParse({ postAs: 'user' }).success).toBe(false);
  });
});
