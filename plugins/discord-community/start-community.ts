import { Events } from 'discord.js';
import { createChatwootRest, createCustomerDirectory, type PluginContext } from '../../src/index.ts';
import { createDiscordApi, createDiscordClient } from '../discord/kit.ts';
import type { CommunityDeps } from './deps.ts';
import { registerCommunityExecutors } from './executors.ts';
import { followCommunityConversations } from './from-chatwoot.ts';
import type { CommunityEnv, CommunitySettings } from './settings.ts';
import { threadMap } from './thread-map.ts';
import { listenToMembers } from './to-chatwoot.ts';

/**
 * The community surface switched on: its own discord.js client (the agents' Discord mirror keeps
 * its own), the Chatwoot account API for the inbox, the executors and both directions; the
 * gateway login runs on the active instance only.
 *
 * @example
 * const env = readCommunityEnv(ctx.env, ctx.config);
 * if (env) startCommunity(ctx, env);
 */
export function startCommunity(ctx: PluginContext<CommunitySettings>, env: CommunityEnv): void {
  const client = createDiscordClient({ token: env.token, ...(ctx.config.restApi ? { restApi: ctx.config.restApi } : {}) });
  const rest = createChatwootRest({ baseUrl: env.chatwoot.url, apiToken: env.chatwoot.apiToken, accountId: env.chatwoot.accountId, log: ctx.log });
  const directory = createCustomerDirectory(rest, { inboxId: env.inboxId, conversations: threadMap(ctx), log: ctx.log });
  const deps: CommunityDeps = { ctx, env, client, api: createDiscordApi(client.rest), rest, directory };
  registerCommunityExecutors(deps);
  listenToMembers(deps);
  followCommunityConversations(deps);

  client.once(Events.ClientReady, (ready) => ctx.log.info({ user: ready.user.tag, channel: env.supportChannelId, inbox: env.inboxId }, 'discord-community: connected'));
  ctx.onShutdown(() => client.destroy());
  ctx.onActive(() => {
    client.login(env.token).catch((error: unknown) => ctx.log.error({ err: error }, 'discord-community: login failed — check DISCORD_BOT_TOKEN'));
  });
}
