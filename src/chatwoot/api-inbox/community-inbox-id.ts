import type { Logger } from '../../observability/logger.ts';
import { createChatwootRest } from '../rest/create-chatwoot-rest.ts';
import type { ChatwootRest, Inbox } from '../rest/types.ts';

/** Where a community surface's inbox is named: the plugin's settings, else the environment. */
export interface CommunityInboxSettings {
  inboxId?: number | undefined;
  inboxIdentifier?: string | undefined;
}

/**
 * The inbox of the API channel whose `inbox_identifier` is `identifier`, if the token can see it
 * (Chatwoot shows identifiers to administrators only).
 *
 * @example
 * const inbox = await findInboxByIdentifier(rest, 'nZ1x…');
 */
export async function findInboxByIdentifier(rest: Pick<ChatwootRest, 'listInboxes'>, identifier: string): Promise<Inbox | undefined> {
  return (await rest.listInboxes()).find((inbox) => inbox['inbox_identifier'] === identifier);
}

/**
 * A community surface's inbox id: `settings.inboxId`, else the inbox whose identifier is
 * `settings.inboxIdentifier`, else `COMMUNITY_INBOX_ID`, else `COMMUNITY_INBOX_IDENTIFIER` (an
 * identifier costs one `GET …/inboxes` with the bot's Chatwoot variables). Settings first, so a Discord and a Slack community can each
 * have an inbox of their own. `{}` when nothing names an inbox; `problem` (one line, said as the
 * plugin's reason to stay off) when something does but cannot be used.
 *
 * @example
 * const { inboxId, problem } = await communityInboxId(ctx.config, ctx.env);
 * if (problem) ctx.log.error(`discord-community: off — ${problem}`);
 */
export async function communityInboxId(
  settings: CommunityInboxSettings,
  env: Readonly<Record<string, string | undefined>>,
  options: { rest?: Pick<ChatwootRest, 'listInboxes'>; log?: Logger } = {},
): Promise<{ inboxId?: number; problem?: string }> {
  if (settings.inboxId !== undefined) return { inboxId: settings.inboxId };
  const id = env['COMMUNITY_INBOX_ID']?.trim();
  // The settings win over the environment, an identifier in them over COMMUNITY_INBOX_ID too.
  if (id && settings.inboxIdentifier === undefined) {
    return /^\d+$/.test(id) && Number(id) > 0
      ? { inboxId: Number(id) }
      : { problem: `COMMUNITY_INBOX_ID must be a positive whole number (the inbox id from \`switchboard setup api-inbox\`), got "${id.slice(0, 40)}"` };
  }
  const identifier = settings.inboxIdentifier ?? env['COMMUNITY_INBOX_IDENTIFIER']?.trim();
  if (!identifier) return {};
  const rest = options.rest ?? restFromEnv(env, options.log);
  if (!rest) return { problem: `the inbox identifier "${identifier}" needs CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID to be looked up` };
  try {
    const inbox = await findInboxByIdentifier(rest, identifier);
    if (inbox) return { inboxId: inbox.id };
    return { problem: `no inbox with identifier "${identifier}" (only administrators see identifiers) — set inboxId / COMMUNITY_INBOX_ID instead` };
  } catch (error) {
    return { problem: `could not look up the inbox with identifier "${identifier}": ${error instanceof Error ? error.message : String(error)}` };
  }
}

function restFromEnv(env: Readonly<Record<string, string | undefined>>, log: Logger | undefined) {
  const url = env['CHATWOOT_URL']?.trim();
  const apiToken = env['CHATWOOT_API_TOKEN']?.trim();
  const account = Number(env['CHATWOOT_ACCOUNT_ID']?.trim());
  if (!url || !apiToken || !Number.isInteger(account) || account <= 0) return undefined;
  return createChatwootRest({ baseUrl: url, apiToken, accountId: account, ...(log ? { log } : {}) });
}
