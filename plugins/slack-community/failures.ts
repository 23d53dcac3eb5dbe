import type { Logger } from '../../src/index.ts';
import { slackErrorCode } from '../slack/kit.ts';

/** Slack's refusals the operator can fix, and how. */
const FIXES: Record<string, string> = {
  channel_not_found: 'the channel is gone or the app cannot see it: check settings["slack-community"].channelIds (and the channels:read / groups:read scopes)',
  not_in_channel: 'invite the app into the channel: /invite @<your app>',
  is_archived: 'the channel is archived: unarchive it, or take it out of settings["slack-community"].channelIds',
  thread_not_found: 'the member\'s thread was deleted in Slack: answer them in a new thread',
  message_not_found: 'the member\'s thread was deleted in Slack: answer them in a new thread',
  invalid_auth: 'check the bot token (SLACK_BOT_TOKEN, or SLACK_COMMUNITY_BOT_TOKEN for a separate community app)',
  token_revoked: 'the app was uninstalled or its token revoked: reinstall it and update the bot token',
  account_inactive: 'the app was uninstalled or its token revoked: reinstall it and update the bot token',
  missing_scope: 'add chat:write and files:write under OAuth & Permissions and reinstall the app (see plugins/slack-community/README.md)',
  restricted_action: 'the workspace (or, in Slack Connect, the other organisation) does not let apps post here: ask its admins to allow the app',
  ekm_access_denied: 'Slack Connect: the other organisation\'s key management refused access; ask its admins',
};

/**
 * One clear line for a post to Slack that failed for good (`switchboard.delivery_failed` follows
 * from the outbox): Slack's error code and what to do — once per channel and code, so a
 * channel the app lost does not flood the log with the same advice.
 *
 * @example
 * const logFailure = failureLog(ctx.log);
 * ctx.outbox.register('reply', { execute, onFailed: logFailure });
 */
export function failureLog(log: Logger): (entry: { kind: string; destination: string }, error: Error) => void {
  const told = new Set<string>();
  return (entry, error) => {
    const code = slackErrorCode((error as { cause?: unknown }).cause) ?? slackErrorCode(error);
    // Per channel (a thread's lane is `<channel>:<ts>`): a lost channel is one line, not one per thread.
    const channel = /([CG][A-Z0-9]+):\d+\.\d+$/.exec(entry.destination)?.[1] ?? entry.destination;
    const once = `${channel}\u0000${code ?? error.message}`;
    const fix = code ? FIXES[code] : undefined;
    if (told.has(once)) return void log.warn({ kind: entry.kind, code, err: error.message }, 'slack-community: not delivered to Slack (again)');
    told.add(once);
    log.error({ kind: entry.kind, destination: entry.destination, code, err: error.message, ...(fix ? { fix } : {}) }, `slack-community: not delivered to Slack: ${code ?? error.message}${fix ? ` — ${fix}` : ''}`);
  };
}
