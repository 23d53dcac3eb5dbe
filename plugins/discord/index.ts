import { Events } from 'discord.js';
import { definePlugin } from '../../src/index.ts';
import { createBridge } from './bridge.ts';
import { registerConversationExecutors } from './conversation-executors.ts';
import { createDiscordClient } from './create-discord-client.ts';
import { discordDoctor } from './doctor.ts';
import { handleInteractions } from './interactions.ts';
import { registerMessageExecutors } from './message-executors.ts';
import { mirrorChatwoot } from './mirror-chatwoot.ts';
import { MESSAGE_CONTENT_FIX, mirrorDiscord } from './mirror-discord.ts';
import { discordSettings, OFF_LINE, readDiscordEnv } from './settings.ts';
import { createWebhooks } from './webhooks.ts';

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
    const client = createDiscordClient({ token: env.token, ...(ctx.config.restApi ? { restApi: ctx.config.restApi } : {}) });
    const bridge = createBridge(ctx, env, client);
    const hooks = createWebhooks(bridge);
    registerConversationExecutors(bridge);
    registerMessageExecutors(bridge, hooks);
    mirrorChatwoot(bridge);
    mirrorDiscord(bridge);
    handleInteractions(bridge);

    client.once(Events.ClientReady, (ready) => ctx.log.info({ user: ready.user.tag, mode: ctx.config.mode ?? 'auto' }, 'discord: connected'));
    ctx.onShutdown(() => client.destroy());
    // Only the active instance holds the gateway; in the background: writes queue in the outbox
    // meanwhile, and a Discord outage never stops the bot.
    ctx.onActive(() => {
      client.login(env.token).catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        const intents = /disallowed intent/i.test(text) || (error as { code?: unknown }).code === 'DisallowedIntents';
        ctx.log.error({ err: error }, intents ? `discord: login refused. ${MESSAGE_CONTENT_FIX}` : 'discord: login failed — check DISCORD_BOT_TOKEN (`switchboard doctor` tells more)');
      });
    });
  },
  doctor: discordDoctor,
});
