import type { DoctorCheck } from '../core/plugins/plugin.ts';
import { createLogger } from '../observability/create-logger.ts';
import { createStore, DEFAULT_STORE_URL, maskUrlPassword } from '../core/store/create-store.ts';

/**
 * The doctor's store row: what `STORE_URL` means for running several instances, and on Redis which
 * instance holds the account's lease (is active) right now. Never opens a SQLite file (the running
 * bot holds it exclusively).
 *
 * @example
 * row(await checkStore(env.storeUrl, chatwoot.accountId));
 */
export async function checkStore(storeUrl: string | undefined, accountId: number | undefined, timeoutMs = 5_000): Promise<DoctorCheck> {
  const url = storeUrl ?? DEFAULT_STORE_URL;
  const shown = maskUrlPassword(url);
  if (/^memory:/i.test(url)) return { check: 'Store', ok: true, warn: true, detail: 'memory://: nothing survives a restart', fix: 'use sqlite://… (one instance) or redis://… (several)' };
  if (!/^rediss?:/i.test(url)) return { check: 'Store', ok: true, detail: `${shown}: one instance (a second process on this file is refused; several instances need STORE_URL=redis://…)` };
  let store: Awaited<ReturnType<typeof createStore>> | undefined;
  try {
    store = await createStore(url, { log: createLogger({ level: 'silent' }) });
    const redis = await withTimeout(store.coordination!.redis(), timeoutMs);
    if (accountId === undefined) return { check: 'Store', ok: true, detail: `${shown}: reachable; several instances share it` };
    const holder = await withTimeout(redis.get(`switchboard:lease:account:${accountId}`), timeoutMs);
    const active = holder ? `active instance: ${holder.replace(/:(\d+)$/, ' (fencing token $1)')}` : 'no instance active right now';
    return { check: 'Store', ok: true, detail: `${shown}: several instances share it, one active per account — ${active}` };
  } catch (error) {
    return { check: 'Store', ok: false, detail: `cannot reach ${shown}: ${(error as Error).message}`, fix: 'check STORE_URL and that Redis is up' };
  } finally {
    await store?.close().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}
