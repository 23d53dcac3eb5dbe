import { z } from '../../src/index.ts';

const channelId = z.string().regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id like C0123ABCD');

/**
 * The Slack community plugin's settings (`settings['slack-community']`). Credentials and the inbox
 * come from the environment (see {@link readCommunityEnv}).
 *
 * @example
 * defineConfig({ settings: { 'slack-community': { channelIds: ['C0SUPPORT'], userMap: { U0ANN: 2 }, slackConnectOnly: true } } });
 */
export const communitySettings = z.object({
  /**
   * The community API inbox's id (from `switchboard setup api-inbox`); default: COMMUNITY_INBOX_ID.
   * Give the Discord and the Slack community an inbox each to keep their customers apart.
   */
  inboxId: z.number().int().positive().optional(),
  /** Instead of the id: the inbox's `inbox_identifier` (looked up once at start; administrators see it). Default: COMMUNITY_INBOX_IDENTIFIER. */
  inboxIdentifier: z.string().min(1).optional(),
  /** The channels whose top-level messages start conversations (a Slack Connect channel, or a community workspace's support channel). */
  channelIds: z.array(channelId).default([]),
  /**
   * Slack users who are agents, never customers: pass the same map as `settings.slack.userMap`
   * (Slack user id → Chatwoot agent id). Their messages in the channels are not sent to Chatwoot.
   */
  userMap: z.record(z.string(), z.number().int().positive()).default({}),
  /**
   * Slack Connect: only people of other workspaces (their team is not the app's own) are
   * customers; everyone of your own workspace is treated as staff and ignored. Off by default
   * (a community workspace, where the members are the customers).
   */
  slackConnectOnly: z.boolean().default(false),
  /** After a resolve, a reply in the thread reopens the conversation (`reopen`) or starts a new one (`new`). */
  afterResolve: z.enum(['reopen', 'new']).default('reopen'),
  /** Posted in the thread when the conversation is resolved (once). */
  closingLine: z.string().min(1).default('✅ This conversation was resolved. Reply in this thread if you need anything else.'),
  /** Files above this are not carried (either way); a line says so instead. */
  maxFileBytes: z.number().int().positive().default(20 * 1024 * 1024),
  /** Outbox rate limit per thread (Slack allows about one message per second per channel). */
  rateLimit: z.object({ perSecond: z.number().positive(), burst: z.number().int().positive() }).default({ perSecond: 1, burst: 3 }),
  /** The Web API base URL (tests point it at a fake). */
  apiUrl: z.string().url().default('https://slack.com/api/'),
  /** Socket Mode reconnect attempts of apps.connections.open (tests use 0). */
  socketRetries: z.number().int().min(0).default(100),
});

export type CommunitySettings = z.infer<typeof communitySettings>;

/** Everything the plugin needs from the environment and settings, once it is on. */
export interface CommunityEnv {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  /** The community has its own Slack app (SLACK_COMMUNITY_BOT_TOKEN), not the agents'. */
  ownApp: boolean;
  channelIds: string[];
  inboxId: number;
  chatwoot: { url: string; apiToken: string; accountId: number };
}

/** Where Slack posts a community app's own events in HTTP mode (the agents' app uses /slack/events). */
export const COMMUNITY_EVENTS_PATH = '/slack/community-events';

/** The info line when the plugin is loaded but not configured. */
export const OFF_LINE =
  'slack-community: off — set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (or SLACK_COMMUNITY_BOT_TOKEN with SLACK_COMMUNITY_APP_TOKEN / SLACK_COMMUNITY_SIGNING_SECRET for a separate app), COMMUNITY_INBOX_ID (from `switchboard setup api-inbox`), CHATWOOT_URL / CHATWOOT_API_TOKEN / CHATWOOT_ACCOUNT_ID and settings["slack-community"].channelIds';

/**
 * Reads what the community surface needs; undefined (the plugin stays off) when anything is
 * missing or unusable. The agents' app (SLACK_BOT_TOKEN + SLACK_APP_TOKEN / SLACK_SIGNING_SECRET)
 * is used unless SLACK_COMMUNITY_BOT_TOKEN names a separate app; then its own
 * SLACK_COMMUNITY_APP_TOKEN / SLACK_COMMUNITY_SIGNING_SECRET are used.
 *
 * @example
 * readCommunityEnv(ctx.env, ctx.config); // { botToken, appToken, ownApp: false, channelIds: ['C1'], inboxId: 7, chatwoot: { … } }
 */
export function readCommunityEnv(
  env: Readonly<Record<string, string | undefined>>,
  config: Pick<CommunitySettings, 'channelIds'>,
  /** The inbox, when the settings name it (`communityInboxId`); else COMMUNITY_INBOX_ID. */
  inboxId?: number,
): CommunityEnv | undefined {
  const get = (name: string) => env[name]?.trim() || undefined;
  const own = get('SLACK_COMMUNITY_BOT_TOKEN');
  const botToken = own ?? get('SLACK_BOT_TOKEN');
  const appToken = own ? get('SLACK_COMMUNITY_APP_TOKEN') : get('SLACK_APP_TOKEN');
  const signingSecret = own ? get('SLACK_COMMUNITY_SIGNING_SECRET') : get('SLACK_SIGNING_SECRET');
  const positive = (value: string | undefined) => (value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined);
  const inbox = inboxId ?? positive(get('COMMUNITY_INBOX_ID'));
  const accountId = positive(get('CHATWOOT_ACCOUNT_ID'));
  const url = get('CHATWOOT_URL');
  const apiToken = get('CHATWOOT_API_TOKEN');
  if (!botToken || (!appToken && !signingSecret) || config.channelIds.length === 0 || !inbox || !url || !apiToken || !accountId) return undefined;
  return {
    botToken,
    ...(appToken ? { appToken } : {}),
    ...(!appToken && signingSecret ? { signingSecret } : {}),
    ownApp: own !== undefined,
    channelIds: [...new Set(config.channelIds)],
    inboxId: inbox,
    chatwoot: { url: url.replace(/\/+$/, ''), apiToken, accountId },
  };
}
