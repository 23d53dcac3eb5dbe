import { definePlugin } from '../../src/index.ts';
import { communityEnv } from '../../src/surface/index.ts';
import { communitySettings, OFF_LINE, readCommunityEnv } from './settings.ts';

/**
 * Discord members as Chatwoot customers: each thread (or forum post) of the support channel is a
 * conversation of the community API inbox; agents' public replies are posted back into it, and
 * resolving archives it. Off (one info line) until configured. See docs/community-inbox.md.
 *
 * @example
 * // config/switchboard.config.ts
 * import discordCommunity from '../plugins/discord-community/index.ts';
 * export default defineConfig({ plugins: [discordCommunity], settings: { 'discord-community': { supportChannelId: '1234' } } });
 */
export default definePlugin({
  name: 'discord-community',
  config: communitySettings,
  async setup(ctx) {
    const env = await communityEnv(ctx, (inboxId) => readCommunityEnv(ctx.env, ctx.config, inboxId), OFF_LINE);
    if (!env) return;
    // discord.js is loaded only when the surface is on.
    const { startCommunity } = await import('./start-community.ts');
    startCommunity(ctx, env);
  },
  doctor: async (input) => (await import('./doctor.ts')).communityDoctor(input),
});
