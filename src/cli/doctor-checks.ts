import type { DoctorCheck as CheckResult } from '../core/plugin.ts';
import { createCableClient } from '../chatwoot/cable/cable-client.ts';
import { createCredentialProvider } from '../chatwoot/cable/credentials.ts';
import type { Profile } from '../chatwoot/models.ts';
import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import type { ChatwootSettings } from '../config/read-env.ts';
import type { Logger } from '../core/logger.ts';
import { createMetrics } from '../core/metrics.ts';

export type { CheckResult };

/**
 * The doctor's checks against a real Chatwoot, in dependency order; a failed step skips what
 * depends on it. Nothing here logs secrets.
 */
export async function runChatwootChecks(chatwoot: ChatwootSettings, options: { log: Logger; confirmTimeoutMs?: number }): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, retry: { retries: 0 } });

  try {
    const info = await rest.getApiInfo();
    results.push({ check: 'Chatwoot reachable', ok: true, detail: `${chatwoot.url} (version ${String(info.version ?? 'unknown')})` });
  } catch (error) {
    results.push({
      check: 'Chatwoot reachable',
      ok: false,
      detail: (error as Error).message,
      fix: 'check CHATWOOT_URL (the address you open Chatwoot at) and that this machine can reach it',
    });
    return results;
  }

  let profile: Profile;
  try {
    profile = await rest.getProfile();
    results.push({ check: 'API token', ok: true, detail: `profile of "${profile.name}" (user id ${profile.id})` });
  } catch (error) {
    results.push({ check: 'API token', ok: false, detail: (error as Error).message, fix: "set CHATWOOT_API_TOKEN to the bot user's access token (Profile settings → Access Token)" });
    return results;
  }

  const account = profile.accounts?.find((a) => Number(a.id) === chatwoot.accountId);
  if (!account) {
    const known = (profile.accounts ?? []).map((a) => `${a.id} (${a.name})`).join(', ') || 'none';
    results.push({ check: 'Account', ok: false, detail: `user is not in account ${chatwoot.accountId}; its accounts: ${known}`, fix: 'set CHATWOOT_ACCOUNT_ID to one of those' });
    return results;
  }
  const admin = account.role === 'administrator';
  results.push({
    check: 'Account role',
    ok: true,
    warn: !admin,
    detail: `${account.name}: ${account.role}`,
    ...(admin ? {} : { fix: 'an agent only receives events of inboxes it is a member of: add it to every inbox to mirror, or make it an administrator' }),
  });
  if (chatwoot.pubsubToken && chatwoot.pubsubToken !== profile.pubsub_token) {
    results.push({ check: 'Pubsub token', ok: false, detail: 'CHATWOOT_PUBSUB_TOKEN differs from the profile (rotated by a password change?)', fix: 'unset CHATWOOT_PUBSUB_TOKEN and CHATWOOT_USER_ID so the profile is read' });
  }

  results.push(await trySubscription(chatwoot, profile, options));
  return results;
}

async function trySubscription(chatwoot: ChatwootSettings, profile: Profile, options: { log: Logger; confirmTimeoutMs?: number }): Promise<CheckResult> {
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
  const metrics = createMetrics();
  const started = Date.now();
  let resolveStatus: (ok: boolean) => void = () => {};
  const outcome = new Promise<boolean>((resolve) => {
    resolveStatus = resolve;
  });
  const cable = createCableClient({
    chatwootUrl: chatwoot.url,
    accountId: chatwoot.accountId,
    getCredentials: createCredentialProvider({
      fixed: chatwoot.pubsubToken && chatwoot.userId ? { pubsubToken: chatwoot.pubsubToken, userId: chatwoot.userId } : { pubsubToken: profile.pubsub_token, userId: profile.id },
      getProfile: async () => profile,
      accountId: chatwoot.accountId,
    }),
    onEvent: () => {},
    onStatus: (status) => {
      if (status === 'subscribed') resolveStatus(true);
      if (status === 'waiting') resolveStatus(false);
    },
    log: options.log,
    metrics,
    confirmTimeoutMs,
    profileRefreshMs: 0,
  });
  cable.start();
  const timer = setTimeout(() => resolveStatus(false), confirmTimeoutMs + 2_000);
  const ok = await outcome;
  clearTimeout(timer);
  await cable.stop();
  if (ok) return { check: 'Cable subscription', ok: true, detail: `RoomChannel confirmed in ${Date.now() - started} ms; presence sent` };
  return {
    check: 'Cable subscription',
    ok: false,
    detail: 'RoomChannel not confirmed (Chatwoot answers a bad token, user or account with silence)',
    fix: 'check CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID; a proxy in front of Chatwoot must pass websockets on /cable',
  };
}
