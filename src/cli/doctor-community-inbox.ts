import { communityInboxId, findInboxByIdentifier, type CommunityInboxSettings } from '../chatwoot/api-inbox/community-inbox-id.ts';
import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import { API_CHANNEL_TYPE } from '../chatwoot/rest/inboxes.ts';
import type { ChatwootRest, InboxDetails } from '../chatwoot/rest/types.ts';
import type { DoctorCheck } from '../core/plugins/plugin.ts';
import { callbackUrlFor, readCommunityEnv, sameUrl, type CommunityEnv } from './community-env.ts';

const CHECK = 'Community inbox';
const CALLBACK = 'Inbox callback';

/**
 * The community inbox's rows of `switchboard doctor`: the inbox named by `COMMUNITY_INBOX_ID` (or
 * `COMMUNITY_INBOX_IDENTIFIER`) exists, is an API inbox, and its callback URL points at this bot
 * (`SWITCHBOARD_PUBLIC_URL` + `/webhooks/chatwoot`). Run only when one of the two is set.
 *
 * @example
 * const rows = await checkCommunityInbox(rest, readCommunityEnv(process.env));
 */
export async function checkCommunityInbox(rest: Pick<ChatwootRest, 'getInbox' | 'listInboxes'>, env: CommunityEnv): Promise<DoctorCheck[]> {
  if (env.problems.length > 0) return env.problems.map((problem) => ({ check: CHECK, ok: false, detail: problem, fix: 'fix the variable, or unset it' }));
  let inbox: InboxDetails | undefined;
  try {
    inbox = await find(rest, env);
  } catch (error) {
    return [{ check: CHECK, ok: false, detail: error instanceof Error ? error.message : String(error), fix: 'check COMMUNITY_INBOX_ID (Settings → Inboxes → the inbox: the number in its address)' }];
  }
  if (!inbox) {
    return [{
      check: CHECK,
      ok: false,
      detail: `no inbox with identifier "${env.inboxIdentifier}" (only administrators see identifiers)`,
      fix: 'set COMMUNITY_INBOX_ID instead, or create the inbox with `switchboard setup api-inbox --name …`',
    }];
  }
  const name = `"${inbox.name}" (id ${inbox.id})`;
  if (inbox.channel_type !== API_CHANNEL_TYPE) {
    return [{ check: CHECK, ok: false, detail: `${name} is a ${inbox.channel_type || 'unknown'} inbox, not an API inbox`, fix: 'create an API inbox with `switchboard setup api-inbox --name …` and point COMMUNITY_INBOX_ID at it' }];
  }
  return [{ check: CHECK, ok: true, detail: `${name} is an API inbox` }, callbackRow(inbox, env.publicUrl)];
}

async function find(rest: Pick<ChatwootRest, 'getInbox' | 'listInboxes'>, env: CommunityEnv): Promise<InboxDetails | undefined> {
  if (env.inboxId !== undefined) return rest.getInbox(env.inboxId);
  const match = await findInboxByIdentifier(rest, env.inboxIdentifier ?? '');
  return match ? rest.getInbox(match.id) : undefined;
}

function callbackRow(inbox: InboxDetails, publicUrl: string | undefined): DoctorCheck {
  if (!inbox.webhookUrl) {
    return { check: CALLBACK, ok: false, detail: 'the inbox has no callback URL: agents\' replies are not sent to this bot by callback', fix: `set the inbox's callback URL (Settings → Inboxes → Configuration) to ${publicUrl ? callbackUrlFor(publicUrl) : '<SWITCHBOARD_PUBLIC_URL>/webhooks/chatwoot'}` };
  }
  if (!publicUrl) {
    return { check: CALLBACK, ok: true, warn: true, detail: `${inbox.webhookUrl} (not checked)`, fix: 'set SWITCHBOARD_PUBLIC_URL to the address Chatwoot reaches this bot at, so doctor can check it' };
  }
  const expected = callbackUrlFor(publicUrl);
  if (!sameUrl(inbox.webhookUrl, expected)) {
    return { check: CALLBACK, ok: false, detail: `${inbox.webhookUrl} is not this bot (${expected})`, fix: `set the inbox's callback URL to ${expected}, or SWITCHBOARD_PUBLIC_URL to where it points` };
  }
  return { check: CALLBACK, ok: true, detail: `${inbox.webhookUrl} points here` };
}

/**
 * A community plugin's inbox for its doctor: the id from its settings or the environment
 * (`communityInboxId`), and — only when its settings name the inbox (the core doctor checks the one
 * named by COMMUNITY_INBOX_ID) — the inbox rows, labelled with the plugin's name. `off` when the
 * named inbox cannot be used: the plugin would not start, its other checks are moot.
 *
 * @example
 * const { inboxId, rows } = await communityInboxDoctor('slack-community', config, env);
 */
export async function communityInboxDoctor(
  plugin: string,
  settings: CommunityInboxSettings,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ inboxId?: number; rows: DoctorCheck[]; off?: true }> {
  const inbox = await communityInboxId(settings, env);
  const check = `${plugin} inbox`;
  // The plugin stays off at start with this problem: nothing else to check.
  if (inbox.problem) return { off: true, rows: [{ check, ok: false, detail: inbox.problem, fix: `fix settings["${plugin}"].inboxId / inboxIdentifier or COMMUNITY_INBOX_ID` }] };
  const named = settings.inboxId !== undefined || settings.inboxIdentifier !== undefined;
  const url = env['CHATWOOT_URL']?.trim();
  const apiToken = env['CHATWOOT_API_TOKEN']?.trim();
  const accountId = Number(env['CHATWOOT_ACCOUNT_ID']?.trim());
  if (!named || inbox.inboxId === undefined || !url || !apiToken || !(accountId > 0)) return { ...(inbox.inboxId !== undefined ? { inboxId: inbox.inboxId } : {}), rows: [] };
  const rest = createChatwootRest({ baseUrl: url, apiToken, accountId, retry: { retries: 0 } });
  const rows = await checkCommunityInbox(rest, { ...readCommunityEnv(env), inboxId: inbox.inboxId, problems: [] });
  return { inboxId: inbox.inboxId, rows: rows.map((row) => ({ ...row, check: `${plugin}: ${row.check.toLowerCase()}` })) };
}
