import { Events } from 'discord.js';
import type { PluginContext } from '../../src/index.ts';
import { createMirror } from '../../src/surface/index.ts';
import { createDiscordDeps } from './deps.ts';
import { registerConversationExecutors } from './conversation-executors.ts';
import { handleInteractions } from './commands.ts';
import { registerMessageExecutors } from './message-executors.ts';
import { createDiscordSurface } from './from-chatwoot.ts';
import { MESSAGE_CONTENT_FIX, toChatwoot } from './to-chatwoot.ts';
import type { DiscordEnv, DiscordSettings } from './settings.ts';
import { sharedDiscordClient } from './shared-discord-client.ts';
import { createWebhooks } from './webhooks.ts';

/**
 * The Discord surface switched on: the discord.js client (shared with other plugins on the same token), the deps, its executors and mirrors,
 * and the login (on the active instance) in the background. Kept apart from index.ts so discord.js (the largest module graph
 * the bot has) is loaded only when DISCORD_BOT_TOKEN is set.
 *
 * @example
 * const env = readDiscordEnv(ctx.env, ctx.config.mode);
 * if (env) startDiscord(ctx, env);
 */
export function startDiscord(ctx: PluginContext<DiscordSettings>, env: DiscordEnv): void {
  // One client per bot token for the runtime: the community surface may use the same bot.
  const discord = sharedDiscordClient(ctx, {
    token: env.token,
    requestsPerSecond: ctx.config.restRequestsPerSecond,
    ...(ctx.config.restApi ? { restApi: ctx.config.restApi } : {}),
  });
  const { client } = discord;
  const deps = createDiscordDeps(ctx, env, client);
  const hooks = createWebhooks(deps);
  registerConversationExecutors(deps);
  registerMessageExecutors(deps, hooks);
  createMirror(ctx, createDiscordSurface(deps, toChatwoot(deps)));
  handleInteractions(deps);

  client.once(Events.ClientReady, (ready) => ctx.log.info({ user: ready.user.tag, mode: ctx.config.mode ?? 'auto' }, 'discord: connected'));
  // Only the active instance holds the gateway; in the background: writes queue in the outbox
  // meanwhile, and a Discord outage never stops the bot.
  ctx.onActive(() => {
    discord.login().catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      const intents = /disallowed intent/i.test(text) || (error as { code?: unknown }).code === 'DisallowedIntents';
      ctx.log.error({ err: error }, intents ? `discord: login refused. ${MESSAGE_CONTENT_FIX}` : 'discord: login failed — check DISCORD_BOT_TOKEN (`switchboard doctor` tells more)');
    });
  });
}
