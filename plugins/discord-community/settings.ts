import { z } from '../../src/index.ts';

/**
 * The Discord community plugin's settings (`settings['discord-community']`). Credentials and the
 * inbox come from the environment: DISCORD_BOT_TOKEN, DISCORD_GUILD_ID, COMMUNITY_INBOX_ID and
 * CHATWOOT_URL / CHATWOOT_API_TOKEN / CHATWOOT_ACCOUNT_ID.
 *
 * @example
 * defineConfig({ settings: { 'discord-community': { supportChannelId: '1234', userMap: { '222': 3 } } } });
 */
export const communitySettings = z.object({
  /**
   * The community API inbox's id (from `switchboard setup api-inbox`); default: COMMUNITY_INBOX_ID.
   * Give the Discord and the Slack community an inbox each to keep their customers apart.
   */
  inboxId: z.number().int().positive().optional(),
  /** Instead of the id: the inbox's `inbox_identifier` (looked up once at start; administrators see it). Default: COMMUNITY_INBOX_IDENTIFIER. */
  inboxIdentifier: z.string().min(1).optional(),
  /** The text channel whose threads (or the forum whose posts) are the conversations. */
  supportChannelId: z.string().regex(/^\d+$/).optional(),
  /**
   * Discord users who are agents, never customers: pass the same map as `settings.discord.userMap`
   * (Discord user id → Chatwoot agent id). Their messages in support threads are not sent to Chatwoot.
   */
  userMap: z.record(z.string(), z.number().int().positive()).default({}),
  /** Posted once in the thread or DM when the conversation is resolved, before the thread is archived. */
  closingLine: z.string().min(1).default('✅ This conversation was resolved. Write here again if you need anything else.'),
  /**
   * After a resolve: `reopen` — the thread is archived but not locked, and the member writing again
   * reopens the same conversation; `new` — the thread is archived and locked, and the next message
   * (in a DM, or a thread a moderator unlocked) opens a new conversation.
   */
  afterResolve: z.enum(['reopen', 'new']).default('reopen'),
  /** A member's DM to the bot is a customer message too (one conversation per DM channel). */
  directMessages: z.boolean().default(false),
  /**
   * How agents' replies are posted in threads: `bot` — by the bot, starting with "**Ann (agent):**";
   * `webhook` — through the support channel's webhook under the agent's name and avatar (needs
   * Manage Webhooks). DMs are always posted by the bot (webhooks cannot post there).
   */
  postAs: z.enum(['bot', 'webhook']).default('bot'),
  /** Members' files above this size are not uploaded to Chatwoot: a line with the link stands for them. */
  maxFileBytes: z.number().int().positive().default(40 * 1024 * 1024),
  /** Told once in the thread / DM when a member's message could not be delivered to Chatwoot for good. */
  failureNotice: z.string().min(1).default('⚠️ Your message could not be delivered to support — please try again later.'),
  /** Tests: discord.js `rest.api` (e.g. a local fake's `http://127.0.0.1:PORT/api`). */
  restApi: z.string().optional(),
  /** Outbox rate limit per thread. */
  rateLimit: z.object({ perSecond: z.number().positive(), burst: z.number().int().positive() }).default({ perSecond: 5, burst: 5 }),
});

export type CommunitySettings = z.infer<typeof communitySettings>;

/** Everything the plugin needs from the environment and settings, once it is on. */
export interface CommunityEnv {
  token: string;
  guildId: string;
  supportChannelId: string;
  inboxId: number;
  chatwoot: { url: string; apiToken: string; accountId: number };
}

/** The info line when the plugin is loaded but not configured. */
export const OFF_LINE =
  'discord-community: off — set DISCORD_BOT_TOKEN, DISCORD_GUILD_ID, COMMUNITY_INBOX_ID (from `switchboard setup api-inbox`), CHATWOOT_URL / CHATWOOT_API_TOKEN / CHATWOOT_ACCOUNT_ID and settings["discord-community"].supportChannelId';

/**
 * Reads what the community surface needs; undefined (the plugin stays off) when anything is
 * missing or unusable.
 *
 * @example
 * readCommunityEnv(ctx.env, ctx.config); // { token, guildId, supportChannelId: '9', inboxId: 7, chatwoot: { … } }
 */
export function readCommunityEnv(
  env: Readonly<Record<string, string | undefined>>,
  config: Pick<CommunitySettings, 'supportChannelId'>,
  /** The inbox, when the settings name it (`communityInboxId`); else COMMUNITY_INBOX_ID. */
  inboxId?: number,
): CommunityEnv | undefined {
  const get = (name: string) => env[name]?.trim() || undefined;
  const token = get('DISCORD_BOT_TOKEN');
  const guildId = get('DISCORD_GUILD_ID');
  const inbox = get('COMMUNITY_INBOX_ID');
  const url = get('CHATWOOT_URL');
  const apiToken = get('CHATWOOT_API_TOKEN');
  const account = get('CHATWOOT_ACCOUNT_ID');
  const positive = (value: string | undefined) => (value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined);
  const communityInbox = inboxId ?? positive(inbox);
  const accountId = positive(account);
  if (!token || !guildId || !config.supportChannelId || !communityInbox || !url || !apiToken || !accountId) return undefined;
  return { token, guildId, supportChannelId: config.supportChannelId, inboxId: communityInbox, chatwoot: { url: url.replace(/\/+$/, ''), apiToken, accountId } };
}
