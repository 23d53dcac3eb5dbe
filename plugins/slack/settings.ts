import { z } from '../../src/index.ts';
import { normalizeReplyMode, replyModeSetting, type ReplyMode } from '../../src/surface/index.ts';

const channelId = z.string().regex(/^[CGD][A-Z0-9]+$/, 'must be a Slack channel id like C0123ABCD');

/**
 * The Slack plugin's non-secret settings (`settings.slack` in config/switchboard.config.ts).
 * Tokens and the default channel come from the environment only.
 *
 * @example
 * settings: { slack: { routes: { '3': 'C0SALES' }, channels: { C0SALES: { replyMode: 'notes' } } } }
 */
export const slackSettings = z.object({
  /** Chatwoot inbox id → Slack channel id; other inboxes go to SLACK_CHANNEL_ID. */
  routes: z.record(z.string().regex(/^\d+$/, 'inbox ids are numbers'), channelId).default({}),
  /**
   * Per channel: `replyMode: 'notes'` makes every reply a private note unless it starts with
   * `reply:`; `'replies'` (the default; `'reply'` is still read as it) does the opposite.
   */
  channels: z.record(channelId, z.object({ replyMode: replyModeSetting })).default({}),
  /** The slash command, without the slash. */
  commandName: z.string().regex(/^[a-z0-9_-]+$/).default('chatwoot'),
  /** Files above this are linked instead of uploaded (and not forwarded from Slack). */
  maxFileBytes: z.number().int().positive().default(20 * 1024 * 1024),
  /** Slack user id → Chatwoot agent id, overriding the match by email. */
  userMap: z.record(z.string(), z.number().int().positive()).default({}),
  /**
   * Who may run agent commands; empty → members of the mirror channels. `lookupTimeoutMs`: how
   * long a command waits for Slack to tell (then it is refused with an explanation).
   */
  permissions: z
    .object({ users: z.array(z.string()).default([]), userGroups: z.array(z.string()).default([]), lookupTimeoutMs: z.number().int().positive().default(5_000) })
    .default({ users: [], userGroups: [], lookupTimeoutMs: 5_000 }),
  /** Outbox limit per channel (Slack allows about one message per second per channel). */
  rateLimit: z.object({ perSecond: z.number().positive(), burst: z.number().int().positive() }).default({ perSecond: 1, burst: 3 }),
  /**
   * While a channel's lane is backlogged, consecutive messages of the same sender still waiting are
   * folded into one post (each still linked, so edits and deletions map to its line).
   */
  foldBursts: z.boolean().default(true),
  /** The Web API base URL (tests point it at a fake). */
  apiUrl: z.string().url().default('https://slack.com/api/'),
  /** Socket Mode reconnect attempts of apps.connections.open (tests use 0). */
  socketRetries: z.number().int().min(0).default(100),
  /** Link target for the parent message; default CHATWOOT_URL from the environment. */
  chatwootUrl: z.string().url().optional(),
});

export type SlackSettings = z.infer<typeof slackSettings>;

/**
 * The reply mode of a channel (`replies` unless the channel says `notes`).
 *
 * @example
 * replyModeOf(settings, 'C0SALES'); // 'notes' with channels: { C0SALES: { replyMode: 'notes' } }
 */
export function replyModeOf(settings: Pick<SlackSettings, 'channels'>, channel: string): ReplyMode {
  return normalizeReplyMode(settings.channels[channel]?.replyMode);
}
