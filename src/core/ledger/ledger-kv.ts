import type { Keyv } from 'keyv';
import type { Store } from '../store/create-store.ts';

/** The little of keyv the ledger uses, over a Store namespace or a prefix of one Keyv. */
export interface LedgerKv {
  get<T>(key: string): Promise<T | undefined>;
  /** Rejects when the write did not happen. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** True for a `Store` (it has `namespace()`); a Keyv's `namespace` is a string. */
export function isStore(value: Store | Keyv): value is Store {
  return typeof (value as Store).namespace === 'function';
}

/**
 * The ledger's view of one area (`links`, `echo`, `cursors`): the Store's namespace of that name,
 * or keys prefixed `<area>:` in a single Keyv. Failed reads throw (keyv would answer `undefined`,
 * which the ledger would take for "no link" and act on).
 *
 * @example
 * const kv = ledgerKv(store, 'links');
 * await kv.set('conversation:42:slack', { key: 'C1:1700.01' });
 */
export function ledgerKv(source: Store | Keyv, area: string): LedgerKv {
  const keyv = isStore(source) ? source.namespace(area) : source;
  const prefix = isStore(source) ? '' : `${area}:`;
  keyv.throwOnErrors = true;
  return {
    get: <T>(key: string) => keyv.get<T>(prefix + key) as Promise<T | undefined>,
    async set(key, value, ttlMs) {
      const ok = await keyv.set(prefix + key, value, ttlMs);
      if (ok === false) throw new Error(`store refused the write of ${area} ${key}`);
    },
    async delete(key) {
      await keyv.delete(prefix + key);
    },
  };
}
