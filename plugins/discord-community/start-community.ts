import { Events, type Client } from 'discord.js';
import { createChatwootRest, createCustomerDirectory, type PluginContext } from '../../src/index.ts';
import { createDiscordApi, createWebhooks, sharedDiscordClient } from '../discord/kit.ts';
import type { CommunityDeps } from './deps.ts';
import { followCommunityConversations } from './from-chatwoot.ts';
import { followMemberChanges } from './member-changes.ts';
import { registerMemberWrites } from './member-writes.ts';
import { registerReplyExecutors, type NoticePayload } from './reply-executors.ts';
import type { CommunityEnv, CommunitySettings } from './settings.ts';
import { SURFACE, threadMap } from './thread-map.ts';
import { listenToMembers } from './to-chatwoot.ts';

/**
 * The community surface switched on: the discord.js client (ONE per bot token for the runtime —
 * shared with the agents' Discord plugin when it uses the same bot), the Chatwoot account API for
 * the inbox, the executors and both directions; the gateway login runs once, on the active instance.
 *
 * @example
 * const env = readCommunityEnv(ctx.env, ctx.config);
 * if (env) startCommunity(ctx, env);
 */
export function startCommunity(ctx: PluginContext<CommunitySettings>, env: CommunityEnv): void {
  const discord = sharedDiscordClient(ctx, { token: env.token, ...(ctx.config.restApi ? { restApi: ctx.config.restApi } : {}) });
  const client: Client = discord.client;
  const api = createDiscordApi(client.rest);
  const rest = createChatwootRest({ baseUrl: env.chatwoot.url, apiToken: env.chatwoot.apiToken, accountId: env.chatwoot.accountId, log: ctx.log });
  const directory = createCustomerDirectory(rest, { inboxId: env.inboxId, conversations: threadMap(ctx), log: ctx.log });
  const deps: CommunityDeps = { ctx, env, client, api, rest, directory, hooks: createWebhooks({ ctx, client, api }) };
  registerReplyExecutors(deps);
  registerMemberWrites(deps, async (entry, error) => {
    // The member is told (at most once an hour per thread / DM) that support did not get it.
    ctx.log.error({ err: error, place: entry.payload.key }, 'discord-community: a member message could not be delivered to Chatwoot; the member is told in their thread / DM');
    const payload: NoticePayload = { key: entry.payload.key };
    await ctx.outbox.enqueue('notice', entry.payload.key, payload, { id: `${SURFACE}:notice:${entry.payload.messageId}` });
  });
  listenToMembers(deps);
  followMemberChanges(deps);
  followCommunityConversations(deps);

  client.once(Events.ClientReady, (ready) => ctx.log.info({ user: ready.user.tag, channel: env.supportChannelId, inbox: env.inboxId, dms: ctx.config.directMessages }, 'discord-community: connected'));
  ctx.onActive(() => {
    discord.login().catch((error: unknown) => ctx.log.error({ err: error }, 'discord-community: login failed — check DISCORD_BOT_TOKEN (`switchboard doctor` tells more)'));
  });
}
