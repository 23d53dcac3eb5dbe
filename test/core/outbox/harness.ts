import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import { createStore, type Store } from '../../../src/core/store/create-store.ts';
import { createOutbox, type CreateOutboxOptions, type Outbox } from '../../../src/core/outbox/create-outbox.ts';
import { captureLog } from '../../helpers/capture-log.ts';

/** Outboxes, stores and temp dirs made by a test, all closed by `cleanup()` in afterEach. */
export function createHarness() {
  const outboxes: Outbox[] = [];
  const stores: Keyv[] = [];
  const files = new Map<Keyv, Store>();
  const dirs: string[] = [];

  return {
    /** An outbox on `store` (default: a fresh in-memory Keyv), logging into `lines`. */
    outbox(options: Partial<CreateOutboxOptions> = {}) {
      const captured = captureLog('debug');
      const store = options.store ?? new Keyv();
      const outbox = createOutbox({ log: captured.log, backoff: { baseMs: 1, capMs: 4 }, ...options, store });
      outboxes.push(outbox);
      return { outbox, store, lines: captured.lines, text: captured.text };
    },
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-outbox-'));
      dirs.push(dir);
      return dir;
    },
    /** The outbox namespace of a SQLite store on `file` (the real backend). */
    async sqlite(file: string): Promise<Keyv> {
      const opened = await createStore(`sqlite://${file}`);
      const store = opened.namespace('outbox');
      files.set(store, opened);
      stores.push(store);
      return store;
    },
    /** Closes a store early (a "crash"/restart in the middle of a test). */
    async close(store: Keyv) {
      const at = stores.indexOf(store);
      if (at >= 0) stores.splice(at, 1);
      await (files.get(store)?.close() ?? store.disconnect());
    },
    async cleanup() {
      for (const outbox of outboxes.splice(0)) await outbox.stop();
      for (const store of stores.splice(0)) await (files.get(store)?.close() ?? store.disconnect());
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { deferred } from '../../helpers/deferred.ts';

/** Whether `promise` has settled by the time already-queued work has run (no timers involved). */
export async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise<void>((resolve) => setImmediate(resolve));
  return settled;
}
