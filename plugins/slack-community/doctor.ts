import { communityInboxDoctor, type DoctorCheck, type Logger } from '../../src/index.ts';
import type { SlackApi } from '../slack/kit.ts';
import { readCommunityEnv, type CommunitySettings } from './settings.ts';

/** Scopes the community surface needs (see README.md). */
export const COMMUNITY_SCOPES = ['chat:write', 'channels:history', 'groups:history', 'channels:read', 'groups:read', 'users:read', 'files:read', 'files:write'];

const CHECK = 'slack-community';

/**
 * `switchboard doctor` rows of the Slack community surface: the token works, the scopes are
 * granted, and every community channel exists, is not archived and has the bot as a member
 * (with `slackConnectOnly`, a channel not shared with another workspace is a warning). The inbox
 * itself is checked by the doctor's "Community inbox" rows (COMMUNITY_INBOX_ID).
 *
 * @example
 * const rows = await communityDoctor({ env: process.env, config, log });
 */
export async function communityDoctor(input: { env: Readonly<Record<string, string | undefined>>; config: CommunitySettings; log: Logger }): Promise<DoctorCheck[]> {
  const inbox = await communityInboxDoctor(CHECK, input.config, input.env);
  if (inbox.off) return inbox.rows;
  const env = readCommunityEnv(input.env, input.config, inbox.inboxId);
  if (!env) return [...inbox.rows, { check: CHECK, ok: true, warn: true, detail: 'off (not configured)', fix: 'set settings["slack-community"].channelIds, COMMUNITY_INBOX_ID and the Slack tokens (plugins/slack-community/README.md)' }];
  const { webApi } = await import('@slack/bolt'); // only when the plugin is on (start-up time)
  const { createSlackApi } = await import('../slack/kit.ts');
  const api = createSlackApi(new webApi.WebClient(env.botToken, { slackApiUrl: input.config.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }));
  const tokenName = env.ownApp ? 'SLACK_COMMUNITY_BOT_TOKEN' : 'SLACK_BOT_TOKEN';
  let scopes: string[] | undefined;
  const rows: DoctorCheck[] = [];
  try {
    const auth = await api.authTest();
    scopes = auth.response_metadata?.scopes;
    rows.push({ check: `${CHECK} auth.test`, ok: true, detail: `bot ${auth.user ?? auth.user_id} in ${auth.team ?? auth.team_id}${env.ownApp ? ' (its own app)' : ' (the agents\' app)'}` });
  } catch (error) {
    return [{ check: `${CHECK} auth.test`, ok: false, detail: codeOf(error), fix: `copy the Bot User OAuth Token (xoxb-…) into ${tokenName}` }, ...inbox.rows];
  }
  const missing = scopes === undefined ? undefined : COMMUNITY_SCOPES.filter((s) => !scopes.includes(s));
  if (missing === undefined) rows.push({ check: `${CHECK} scopes`, ok: true, warn: true, detail: 'Slack did not report the granted scopes: not checked', fix: `compare OAuth & Permissions with: ${COMMUNITY_SCOPES.join(', ')}` });
  else if (missing.length > 0) rows.push({ check: `${CHECK} scopes`, ok: false, detail: `missing ${missing.join(', ')}`, fix: 'add them under OAuth & Permissions and reinstall the app' });
  else rows.push({ check: `${CHECK} scopes`, ok: true, detail: 'all granted' });
  for (const channel of env.channelIds) rows.push(await channelRow(api, channel, input.config.slackConnectOnly));
  return [...rows, ...inbox.rows];
}

async function channelRow(api: SlackApi, channel: string, slackConnectOnly: boolean): Promise<DoctorCheck> {
  try {
    const info = await api.channelInfo(channel);
    const check = `${CHECK} channel #${info.name ?? channel}`;
    if (info.isArchived) return { check, ok: false, detail: `${channel} is archived`, fix: 'unarchive it, or take it out of settings["slack-community"].channelIds' };
    if (!info.isMember) return { check, ok: false, detail: `${channel}: the bot is not a member`, fix: `in Slack, type /invite @<your app> in #${info.name ?? channel}` };
    if (slackConnectOnly && !info.isShared) return { check, ok: true, warn: true, detail: `${channel} is not shared with another workspace (Slack Connect), so with slackConnectOnly nobody in it is a customer`, fix: 'share the channel through Slack Connect, or turn slackConnectOnly off' };
    return { check, ok: true, detail: `${channel}: the bot is a member${info.isShared ? ' (Slack Connect)' : ''}` };
  } catch (error) {
    return { check: `${CHECK} channel ${channel}`, ok: false, detail: codeOf(error), fix: 'check the channel id (channel details → the id at the bottom), and the channels:read / groups:read scopes' };
  }
}

function codeOf(error: unknown): string {
  return (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
}
