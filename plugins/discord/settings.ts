import { z } from '../../src/index.ts';
import { replyModeSetting, type ReplyMode } from '../../src/surface/index.ts';

/**
 * The Discord plugin's non-secret settings (`settings.discord` in the config file). Credentials
 * come from the environment only: DISCORD_BOT_TOKEN, DISCORD_GUILD_ID, DISCORD_CHANNEL_ID,
 * DISCORD_CATEGORY_ID.
 *
 * @example
 * defineConfig({ settings: { discord: { mode: 'thread', userMap: { '222': 3 }, commandRoles: ['555'] } } });
 */
export const discordSettings = z.object({
  /** Where a conversation lives. Default: `forum` when DISCORD_CHANNEL_ID is a forum, else `thread`. */
  mode: z.enum(['forum', 'thread', 'channel']).optional(),
  /** Per Discord channel id (the forum / text channel, a category, or one conversation's channel): `replyMode: 'notes'` makes every message there a private note unless it starts with `reply:`. */
  channels: z.record(z.string(), z.object({ replyMode: replyModeSetting })).default({}),
  /** Discord user id → Chatwoot agent id (with CHATWOOT_AGENT_TOKENS, messages are authored by that agent). */
  userMap: z.record(z.string(), z.number().int().positive()).default({}),
  /** Role ids allowed to run write commands and press header buttons; empty = mapped users only. */
  commandRoles: z.array(z.string()).default([]),
  /** `channel` mode: what happens to a resolved conversation's channel (guilds cap at 500 channels). */
  resolved: z.enum(['archive', 'delete']).default('archive'),
  /** `channel` mode with `resolved: 'archive'`: the category resolved channels move to. */
  archiveCategoryId: z.string().optional(),
  /** Attachments up to this size are re-uploaded; larger ones are linked. Default 10 MB (Discord's free limit). */
  maxFileBytes: z.number().int().positive().default(10 * 1024 * 1024),
  /** The Chatwoot address for header links; default CHATWOOT_URL from the environment. */
  chatwootUrl: z.string().optional(),
  /** Tests: discord.js `rest.api` (e.g. a local fake's `http://127.0.0.1:PORT/api`). */
  restApi: z.string().optional(),
  /**
   * discord.js's client-side cap on REST requests per second. Default 50: Discord's published global
   * limit per bot — raise it only against a fake (the benchmark's "limits off" rows).
   */
  restRequestsPerSecond: z.number().int().positive().default(50),
  /** Outbox rate limit per destination (the parent channel). */
  rateLimit: z.object({ perSecond: z.number().positive(), burst: z.number().int().positive() }).default({ perSecond: 5, burst: 5 }),
  /** How long the notice about an edited message stays before it is removed. */
  noticeTtlMs: z.number().int().nonnegative().default(15_000),
});

export type DiscordSettings = z.infer<typeof discordSettings>;
export type ConversationMode = 'forum' | 'thread' | 'channel';

/** Credentials and ids read from the environment. */
export interface DiscordEnv {
  token: string;
  guildId: string;
  channelId: string;
  categoryId?: string;
}

/** The line logged when the plugin is loaded without a token. */
export const OFF_LINE = 'discord: off — set DISCORD_BOT_TOKEN, DISCORD_GUILD_ID and DISCORD_CHANNEL_ID to mirror into Discord';

/**
 * Reads the Discord variables: undefined with no token (the plugin stays off), a throw naming the
 * missing variables when the token is there without them.
 *
 * @example
 * readDiscordEnv({ DISCORD_BOT_TOKEN: 't', DISCORD_GUILD_ID: '1', DISCORD_CHANNEL_ID: '2' });
 */
export function readDiscordEnv(env: Readonly<Record<string, string | undefined>>, mode?: ConversationMode): DiscordEnv | undefined {
  const token = env['DISCORD_BOT_TOKEN']?.trim();
  if (!token) return undefined;
  const guildId = env['DISCORD_GUILD_ID']?.trim();
  const channelId = env['DISCORD_CHANNEL_ID']?.trim();
  const categoryId = env['DISCORD_CATEGORY_ID']?.trim();
  const missing = [!guildId && 'DISCORD_GUILD_ID', !channelId && 'DISCORD_CHANNEL_ID', mode === 'channel' && !categoryId && 'DISCORD_CATEGORY_ID'].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(`discord: DISCORD_BOT_TOKEN is set but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing — copy the ids from Discord (User Settings → Advanced → Developer Mode, then right-click → Copy ID)`);
  }
  return { token, guildId: guildId!, channelId: channelId!, ...(categoryId ? { categoryId } : {}) };
}

/**
 * The reply mode of a Discord channel: its own setting, else its parent's (the forum or text
 * channel of a thread, the category of a conversation channel), else `replies`.
 *
 * @example
 * replyModeOf(config, threadId, forumId); // 'notes' with channels: { [forumId]: { replyMode: 'notes' } }
 */
export function replyModeOf(config: Pick<DiscordSettings, 'channels'>, channelId: string, parentId: string | null): ReplyMode {
  return config.channels[channelId]?.replyMode ?? (parentId ? config.channels[parentId]?.replyMode : undefined) ?? 'replies';
}
