import { ChannelType, type Client } from 'discord.js';
import type { PluginContext } from '../../src/index.ts';
import { onceUntilFailure } from '../../src/surface/index.ts';
import { createDiscordApi, type DiscordApi } from './discord-api.ts';
import { ensureStatusTags } from './forum-tags.ts';
import type { ConversationMode, DiscordEnv, DiscordSettings } from './settings.ts';

/** What a conversation's link (`ctx.links`, surface `discord`) carries besides its key (the thread or channel id). */
export interface ConversationLinkData {
  mode: ConversationMode;
  /** The forum / text channel the thread lives in, or the category of a conversation channel. */
  parentId: string;
  headerMessageId?: string;
}

/** Everything the Discord plugin's parts share. */
export interface DiscordDeps {
  ctx: PluginContext<DiscordSettings>;
  env: DiscordEnv;
  /** The gateway client (events, the guild cache). */
  client: Client;
  /** Every REST call, typed (discord-api.ts). */
  api: DiscordApi;
  /** The configured mode, or forum/thread from the channel's type (looked up once). */
  mode(): Promise<ConversationMode>;
  /** Forum tag ids by lower-case name, the status tags created once if missing (empty outside forums). */
  forumTags(): Promise<Map<string, string>>;
  /** The outbox lane of everything about conversations: the parent channel (or category). */
  lane(): Promise<string>;
  chatwootUrl?: string;
}

export const SURFACE = 'discord';

/**
 * Builds the shared state. The channel is looked up lazily, so a Discord outage at boot does
 * not stop the bot: executors that need it fail and are retried.
 *
 * @example
 * const deps = createDiscordDeps(ctx, env, client);
 * await deps.mode(); // 'forum'
 */
export function createDiscordDeps(ctx: PluginContext<DiscordSettings>, env: DiscordEnv, client: Client): DiscordDeps {
  const api = createDiscordApi(client.rest);
  const lookUp = onceUntilFailure(() => api.getChannel(env.channelId));
  const statusTags = onceUntilFailure(async () => ensureStatusTags(api, env.channelId, (await lookUp()).available_tags ?? [], ctx.log));
  const mode = async (): Promise<ConversationMode> => ctx.config.mode ?? ((await lookUp()).type === ChannelType.GuildForum ? 'forum' : 'thread');
  const chatwootUrl = ctx.config.chatwootUrl ?? ctx.env['CHATWOOT_URL'];
  return {
    ctx,
    env,
    client,
    api,
    mode,
    async forumTags() {
      if ((await mode()) !== 'forum') return new Map();
      return statusTags();
    },
    async lane() {
      return (await mode()) === 'channel' ? (env.categoryId ?? env.guildId) : env.channelId;
    },
    ...(chatwootUrl ? { chatwootUrl } : {}),
  };
}

/** The Discord side of a conversation, if it has one. */
export async function conversationLink(deps: DiscordDeps, conversationId: number): Promise<{ key: string; data: ConversationLinkData } | undefined> {
  const link = await deps.ctx.links.getConversation(conversationId, SURFACE);
  if (!link) return undefined;
  return { key: link.key, data: (link.data ?? {}) as unknown as ConversationLinkData };
}
