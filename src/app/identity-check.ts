import type { Profile } from '../chatwoot/models.ts';
import { isChatwootApiError } from '../chatwoot/rest/chatwoot-error.ts';
import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { ChatwootSettings } from '../config/read-env.ts';
import type { DoctorCheck } from '../core/plugins/plugin.ts';

/** One identity row, plus whether its failure may go away by itself (timeout, 5xx, network). */
export interface IdentityRow extends DoctorCheck {
  transient?: boolean;
}

export interface IdentityResult {
  rows: IdentityRow[];
  /** Set when every row passed. */
  profile?: Profile;
}

const REACHABLE_FIX = 'check CHATWOOT_URL (the address you open Chatwoot at) and that this machine can reach it';
const TOKEN_FIX = "set CHATWOOT_API_TOKEN to the bot user's access token (Profile settings → Access Token)";

/**
 * The checks that say whether this Chatwoot, token and account can work at all, in dependency order
 * (a failed row ends the list): `GET /api`, the profile, the account membership and role, and a
 * fixed `CHATWOOT_PUBSUB_TOKEN` against the profile. `switchboard doctor` prints the rows; the
 * runtime's boot stops with the first permanent failure, in the same words. Nothing here logs.
 *
 * @example
 * const { rows, profile } = await checkChatwootIdentity(rest, chatwoot, { onRow: (row) => print(row) });
 * if (!profile) console.error(identityLine(rows.at(-1)!));
 */
export async function checkChatwootIdentity(
  rest: Pick<ChatwootRest, 'getApiInfo' | 'getProfile'>,
  chatwoot: ChatwootSettings,
  options: { onRow?: (row: IdentityRow) => void; signal?: AbortSignal } = {},
): Promise<IdentityResult> {
  const rows: IdentityRow[] = [];
  const add = (row: IdentityRow) => {
    rows.push(row);
    options.onRow?.(row);
    return row;
  };
  const call = { ...(options.signal ? { signal: options.signal } : {}) };

  try {
    const info = await rest.getApiInfo(call);
    add({ check: 'Chatwoot reachable', ok: true, detail: `${chatwoot.url} (version ${String(info.version ?? 'unknown')})` });
  } catch (error) {
    add({ check: 'Chatwoot reachable', ok: false, detail: message(error), fix: REACHABLE_FIX, transient: isTransient(error) });
    return { rows };
  }

  let profile: Profile;
  try {
    profile = await rest.getProfile(call);
    add({ check: 'API token', ok: true, detail: `profile of "${profile.name}" (user id ${profile.id})` });
  } catch (error) {
    add({ check: 'API token', ok: false, detail: message(error), fix: TOKEN_FIX, transient: isTransient(error) });
    return { rows };
  }

  const account = profile.accounts?.find((a) => Number(a.id) === chatwoot.accountId);
  if (!account) {
    const known = (profile.accounts ?? []).map((a) => `${a.id} (${a.name})`).join(', ') || 'none';
    add({ check: 'Account', ok: false, detail: `user is not in account ${chatwoot.accountId}; its accounts: ${known}`, fix: 'set CHATWOOT_ACCOUNT_ID to one of those' });
    return { rows };
  }
  const admin = account.role === 'administrator';
  add({
    check: 'Account role',
    ok: true,
    warn: !admin,
    detail: `${account.name}: ${account.role}`,
    ...(admin ? {} : { fix: 'an agent only receives events of inboxes it is a member of: add it to every inbox to mirror, or make it an administrator' }),
  });

  const staleToken = chatwoot.pubsubToken !== undefined && chatwoot.pubsubToken !== profile.pubsub_token;
  const otherUser = chatwoot.userId !== undefined && chatwoot.userId !== profile.id;
  if (staleToken || otherUser) {
    add({
      check: 'Pubsub token',
      ok: false,
      detail: staleToken
        ? 'CHATWOOT_PUBSUB_TOKEN differs from the profile (rotated by a password change?), so Chatwoot would ignore the subscription'
        : `CHATWOOT_USER_ID is ${chatwoot.userId}, but the token's user is ${profile.id}`,
      fix: 'unset CHATWOOT_PUBSUB_TOKEN and CHATWOOT_USER_ID so the profile is read',
    });
    return { rows };
  }
  return { rows, profile };
}

/** The one line a failed row becomes at boot: `✗ API token: 401 from … — set CHATWOOT_API_TOKEN …`. */
export function identityLine(row: DoctorCheck): string {
  return `✗ ${row.check}: ${row.detail}${row.fix ? ` → ${row.fix}` : ''}`;
}

function isTransient(error: unknown): boolean {
  // Timeouts, 5xx, 429 and network errors may heal; a 401, a 404 or an HTML page will not.
  return isChatwootApiError(error) ? error.retryable : false;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
