import type { DoctorCheck, Logger } from '../../src/index.ts';
import type { SlackSettings } from './settings.ts';
import { mirrorChannels } from './deps.ts';
import { createSlackApi } from './slack-api.ts';

/** Scopes the bridge needs (manifest.yml grants them all). */
export const REQUIRED_SCOPES = ['chat:write', 'channels:read', 'groups:read', 'chat:write.customize', 'channels:history', 'groups:history', 'users:read', 'users:read.email', 'files:read', 'files:write', 'reactions:write', 'commands'];

/**
 * `switchboard doctor` rows: the token works (auth.test), the scopes are granted, and the bot is a
 * member of every routed channel.
 *
 * @example
 * const rows = await slackDoctor({ env: process.env, config, log });
 */
export async function slackDoctor(input: { env: Readonly<Record<string, string | undefined>>; config: SlackSettings; log: Logger }): Promise<DoctorCheck[]> {
  const token = input.env['SLACK_BOT_TOKEN'];
  if (!token) return [{ check: 'slack', ok: true, warn: true, detail: 'off (no SLACK_BOT_TOKEN)', fix: 'set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) to mirror into Slack' }];
  const rows: DoctorCheck[] = [];
  if (!input.env['SLACK_APP_TOKEN'] && !input.env['SLACK_SIGNING_SECRET']) {
    rows.push({ check: 'slack connection', ok: false, detail: 'neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is set', fix: 'create an app-level token with connections:write (Socket Mode) and set SLACK_APP_TOKEN' });
  }
  const { webApi } = await import('@slack/bolt'); // only when Slack is on (start-up time)
  const api = createSlackApi(new webApi.WebClient(token, { slackApiUrl: input.config.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }));
  let scopes: string[] | undefined;
  try {
    const auth = await api.authTest();
    scopes = auth.response_metadata?.scopes;
    rows.push({ check: 'slack auth.test', ok: true, detail: `bot ${auth.user ?? auth.user_id} in ${auth.team ?? auth.team_id}` });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    return [...rows, { check: 'slack auth.test', ok: false, detail: code, fix: 'copy the Bot User OAuth Token (xoxb-…) from the app\'s OAuth & Permissions page into SLACK_BOT_TOKEN' }];
  }
  rows.push(scopeRow(scopes));
  const defaultChannel = input.env['SLACK_CHANNEL_ID'];
  const channels = mirrorChannels({ settings: input.config, ...(defaultChannel ? { defaultChannel } : {}) });
  if (channels.length === 0) rows.push({ check: 'slack channels', ok: false, detail: 'no channel to mirror into', fix: 'set SLACK_CHANNEL_ID (channel details → the id at the bottom)' });
  for (const channel of channels) {
    try {
      const info = await api.channelInfo(channel);
      const name = info.name ?? channel;
      rows.push(info.isMember ? { check: `slack channel #${name}`, ok: true, detail: `${channel}: the bot is a member` } : { check: `slack channel #${name}`, ok: false, detail: `${channel}: the bot is not a member`, fix: `in Slack, type /invite @<your app> in #${name}` });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
      rows.push({ check: `slack channel ${channel}`, ok: false, detail: code, fix: 'check the channel id, and that the app has channels:read / groups:read' });
    }
  }
  return rows;
}

/**
 * The scopes row: every required scope granted, or which are missing (only chat:write.customize
 * missing is a warning: names then go in front of the text). When Slack did not say which scopes
 * the token has, nothing was checked, and the row says so as a warning rather than passing.
 */
function scopeRow(scopes: string[] | undefined): DoctorCheck {
  const fix = 'add them under OAuth & Permissions (or re-paste plugins/slack/manifest.yml) and reinstall the app';
  if (scopes === undefined) {
    return { check: 'slack scopes', ok: true, warn: true, detail: 'Slack did not report the granted scopes (no x-oauth-scopes header), so they were not checked', fix: `compare OAuth & Permissions with plugins/slack/manifest.yml: ${REQUIRED_SCOPES.join(', ')}` };
  }
  const missing = REQUIRED_SCOPES.filter((s) => !scopes.includes(s));
  if (missing.length === 0) return { check: 'slack scopes', ok: true, detail: 'all granted' };
  return { check: 'slack scopes', ok: false, ...(missing.every((s) => s === 'chat:write.customize') ? { warn: true } : {}), detail: `missing ${missing.join(', ')}`, fix };
}
