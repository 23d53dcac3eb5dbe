import type { PluginContext } from '../../src/index.ts';
import type { FoldPlanner } from './fold-bursts.ts';
import type { SlackSettings } from './settings.ts';
import type { SlackApi } from './slack-api.ts';

/** What the Slack plugin's modules share: the context, the Web API and the routing. */
export interface SlackDeps {
  ctx: PluginContext<SlackSettings>;
  api: SlackApi;
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

/** The link key of a Slack message or thread: `C123:1700000000.000100`. */
export const refOf = (channel: string, ts: string) => `${channel}:${ts}`;

export function parseRef(ref: string): { channel: string; ts: string } {
  const at = ref.indexOf(':');
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}

/**
 * Whether posts may carry their own name and avatar (chat:write.customize). When Slack does not say
 * which scopes it granted, the answer is no: the name then goes in front of the text, where it
 * shows whatever Slack does with a `username` it may not accept — a customer never appears
 * unlabelled under the app's name.
 */
export async function canCustomize(deps: Pick<SlackDeps, 'identity'>): Promise<boolean> {
  const scopes = (await deps.identity()).scopes;
  return scopes !== undefined && scopes.includes('chat:write.customize');
}

/** The channel a conversation of `inboxId` is mirrored to, if any. */
export function channelFor(deps: Pick<SlackDeps, 'settings' | 'defaultChannel'>, inboxId: number | undefined): string | undefined {
  return (inboxId !== undefined ? deps.settings.routes[String(inboxId)] : undefined) ?? deps.defaultChannel;
}

/** Every channel the plugin mirrors to (default and routed), for doctor and permissions. */
export function mirrorChannels(deps: Pick<SlackDeps, 'settings' | 'defaultChannel'>): string[] {
  return [...new Set([...(deps.defaultChannel ? [deps.defaultChannel] : []), ...Object.values(deps.settings.routes)])];
}
