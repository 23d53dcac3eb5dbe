import type { webApi } from '@slack/bolt';
import type { PluginContext } from '../../src/index.ts';
import type { FoldPlanner } from './fold-bursts.ts';
import type { SlackSettings } from './settings.ts';

export type WebClient = webApi.WebClient;

/** What the Slack plugin's modules share: the context, the Web API client and the routing. */
export interface SlackDeps {
  ctx: PluginContext<SlackSettings>;
  client: WebClient;
  settings: SlackSettings;
  botToken: string;
  /** SLACK_CHANNEL_ID. */
  defaultChannel?: string;
  /** auth.test, once: the bot's user id and granted scopes. */
  identity(): Promise<{ userId: string; botId?: string; scopes?: string[] }>;
  /** Folds bursts of one sender into one post while the channel's lane is backlogged (settings.foldBursts). */
  folds?: FoldPlanner;
}

export const SURFACE = 'slack';

/** Outbox lane of a channel: order and rate limit per channel. */
export const lane = (channel: string) => `slack:${channel}`;

/** The link key of a Slack message or thread: `C123:1700000000.000100`. */
export const refOf = (channel: string, ts: string) => `${channel}:${ts}`;

export function parseRef(ref: string): { channel: string; ts: string } {
  const at = ref.indexOf(':');
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}

/** Whether posts may carry their own name and avatar (chat:write.customize; assumed when Slack does not say). */
export async function canCustomize(deps: Pick<SlackDeps, 'identity'>): Promise<boolean> {
  const scopes = (await deps.identity()).scopes;
  return scopes === undefined || scopes.includes('chat:write.customize');
}

/** The channel a conversation of `inboxId` is mirrored to, if any. */
export function channelFor(deps: Pick<SlackDeps, 'settings' | 'defaultChannel'>, inboxId: number | undefined): string | undefined {
  return (inboxId !== undefined ? deps.settings.routes[String(inboxId)] : undefined) ?? deps.defaultChannel;
}

/** Every channel the plugin mirrors to (default and routed), for doctor and permissions. */
export function mirrorChannels(deps: Pick<SlackDeps, 'settings' | 'defaultChannel'>): string[] {
  return [...new Set([...(deps.defaultChannel ? [deps.defaultChannel] : []), ...Object.values(deps.settings.routes)])];
}
