import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore, type Store, type StoreOptions } from '../../../src/core/store/create-store.ts';

/**
 * Temp directories and stores for store/ledger tests; `cleanup()` (call it in afterEach) closes
 * every store opened through `open` and removes every directory.
 */
export function tempStores() {
  const dirs: string[] = [];
  const stores: Store[] = [];
  return {
    dir(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-store-'));
      dirs.push(dir);
      return dir;
    },
    async open(url: string, options?: StoreOptions): Promise<Store> {
      const store = await createStore(url, options);
      stores.push(store);
      return store;
    },
    async cleanup(): Promise<void> {
      for (const store of stores.splice(0)) await store.close();
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The store kinds every ledger test runs against: a fresh URL for each (sqlite in a new temp dir). */
export const STORE_KINDS: Array<{ kind: string; url: (dir: () => string) => string }> = [
  { kind: 'memory', url: () => 'memory://' },
  { kind: 'sqlite', url: (dir) => `sqlite://${dir()}/ledger.sqlite` },
];
