import type { DoctorCheck as CheckResult } from '../core/plugins/plugin.ts';
import { CABLE_DEFAULTS, createCableClient } from '../chatwoot/cable/cable-client.ts';
import { createCredentialProvider } from '../chatwoot/cable/credentials.ts';
import type { Profile } from '../chatwoot/models.ts';
import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import type { ChatwootSettings } from '../config/read-env.ts';
import { checkChatwootIdentity } from '../app/identity-check.ts';
import type { Logger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';

export type { CheckResult };

/**
 * The doctor's checks against a real Chatwoot, in dependency order; a failed step skips what
 * depends on it. Each row goes to `onRow` as soon as it is known. The identity rows are the ones
 * the runtime's boot uses, so both explain a problem in the same words. Nothing here logs secrets.
 */
export async function runChatwootChecks(
  chatwoot: ChatwootSettings,
  options: { log: Logger; confirmTimeoutMs?: number; onRow?: (row: CheckResult) => void },
): Promise<CheckResult[]> {
  const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, retry: { retries: 0 } });
  const identity = await checkChatwootIdentity(rest, chatwoot, { onRow: (row) => options.onRow?.(plain(row)) });
  const results: CheckResult[] = identity.rows.map(plain);
  if (!identity.profile) return results;
  const subscription = await trySubscription(chatwoot, identity.profile, options);
  options.onRow?.(subscription);
  results.push(subscription);
  return results;
}

function plain({ transient: _transient, ...row }: CheckResult & { transient?: boolean }): CheckResult {
  return row;
}

async function trySubscription(chatwoot: ChatwootSettings, profile: Profile, options: { log: Logger; confirmTimeoutMs?: number }): Promise<CheckResult> {
  const confirmTimeoutMs = options.confirmTimeoutMs ?? CABLE_DEFAULTS.confirmTimeoutMs;
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
