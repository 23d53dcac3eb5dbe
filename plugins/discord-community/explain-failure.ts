import { discordCode } from '../discord/kit.ts';

/** What a permanent Discord refusal means for the community surface, and what (if anything) to do. */
const MEANINGS: Record<number, string> = {
  50007: 'Discord refuses messages to this member (they block DMs from server members, or no longer share a server with the bot) — the reply stays in Chatwoot; reach them another way',
  10013: 'the member is unknown to Discord (the account was deleted) — the reply stays in Chatwoot',
  50001: 'the bot has no access to the thread or DM (Missing Access) — give it View Channel, Read Message History and Send Messages in Threads on the support channel',
  50013: 'the bot lacks a permission in the support channel — give it Send Messages in Threads, Manage Threads (and Manage Webhooks with postAs: "webhook")',
  10003: 'the thread or DM channel no longer exists (deleted) — the reply stays in Chatwoot',
};

/**
 * One line saying why a write to a member failed for good, with the fix when there is one.
 *
 * @example
 * explainFailure(error); // 'could not reach the member: Discord refuses messages to this member (…) [50007]'
 */
export function explainFailure(error: unknown): string {
  const code = discordCode(error);
  const meaning = code === undefined ? undefined : MEANINGS[code];
  if (meaning) return `could not reach the member: ${meaning} [${code}]`;
  return `a write to Discord failed for good: ${error instanceof Error ? error.message : String(error)}`;
}
