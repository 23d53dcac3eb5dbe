import { definePlugin } from '../../src/index.ts';
import { discordSettings, OFF_LINE, readDiscordEnv } from './settings.ts';

/**
 * The Discord surface: each Chatwoot conversation becomes a forum post, a thread or a channel;
 * messages are mirrored both ways, with `/chatwoot` commands and header buttons. Off (one info
 * line) without DISCORD_BOT_TOKEN.
 *
 * @example
 * // config/switchboard.config.ts
 * import discord from '../plugins/discord/index.ts';
 * export default defineConfig({ plugins: [discord], settings: { discord: { mode: 'forum', userMap: { '1234': 3 } } } });
 */
export default definePlugin({
  name: 'discord',
  config: discordSettings,
  async setup(ctx) {
    const env = readDiscordEnv(ctx.env, ctx.config.mode);
    if (!env) {
      ctx.log.info(OFF_LINE);
      return;
    }
    // discord.js is loaded only when Discord is on: its module graph is most of the bot's start-up.
    const { startDiscord } = await import('./start-discord.ts');
    startDiscord(ctx, env);
  },
  doctor: async (input) => (await import('./doctor.ts')).discordDoctor(input),
});
