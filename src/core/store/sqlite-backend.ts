import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { Backend } from './backend.ts';

export const SQLITE_TABLE = 'switchboard';

/** The SQLite file is held by another process: refused at start, never shared. */
export class StoreInUseError extends Error {
  override readonly name = 'StoreInUseError';
}

type Query = (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * `sqlite://path`: one @keyv/sqlite adapter (one connection, one table) for every namespace.
 * Creates the parent directory, switches to WAL, and resolves only once the file is open, so a
 * bad path fails at start-up rather than silently dropping every write later.
 *
 * @example
 * const backend = await sqliteBackend('/var/lib/switchboard/switchboard.sqlite', (err) => log.warn({ err }));
 */
export async function sqliteBackend(file: string, onError: (error: unknown) => void): Promise<Backend> {
  if (file !== ':memory:') await mkdir(dirname(file), { recursive: true });
  // One connection holds the file exclusively (below), so waiting on a lock only ever means "in use".
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: SQLITE_TABLE, busyTimeout: 1_000 });
  // Listen before the connection settles: the adapter emits its open error, and an EventEmitter
  // 'error' without a listener would throw from inside the adapter's promise chain. That first
  // error is reported by the rejection below, so only later ones are passed on.
  let opened = false;
  adapter.on('error', (error: unknown) => {
    if (opened) onError(error);
  });

  // node-sqlite3 runs statements of one connection in parallel on the libuv pool, so a set followed
  // by a delete of the same key could land in either order. Chain the writes: they apply in call
  // order. A read waits for the writes called before it (it sees them) but not for other reads.
  const raw = adapter.query.bind(adapter) as Query;
  let writes: Promise<unknown> = Promise.resolve();
  const inFlight = new Set<Promise<unknown>>();
  const query: Query = (sql, ...params) => {
    const result = writes.then(() => raw(sql, ...params));
    if (!/^\s*select\b/i.test(sql)) writes = result.catch(() => undefined);
    const settled = result.catch(() => undefined);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return result;
  };
  adapter.query = query;
  const tail = () => Promise.all([writes, ...inFlight]);

  // One instance per SQLite file: the lock is held while the process lives (released by the OS when it
  // dies, even by kill -9), and a second process is refused at start rather than corrupting the ledger.
  try {
    await query('PRAGMA locking_mode = EXCLUSIVE');
    await query('PRAGMA journal_mode = WAL');
    // WAL with NORMAL: a commit survives the process being killed (kill -9); only a power loss or OS
    // crash can take the last ones back. FULL would fsync every single write (≈ 0.5 ms each).
    await query('PRAGMA synchronous = NORMAL');
    await query('BEGIN EXCLUSIVE');
    await query('COMMIT');
  } catch (error) {
    if (/SQLITE_BUSY|locked/i.test(String((error as Error).message))) {
      await adapter.disconnect().catch(() => undefined);
      throw new StoreInUseError(`another process (a second Switchboard?) is using it: one instance per SQLite file — to run several instances, give them one STORE_URL=redis://…`);
    }
    throw error;
  }
  opened = true;

  const table = SQLITE_TABLE;
  return {
    adapter: adapter as unknown as Backend['adapter'],
    async clearNamespace(name) {
      const prefix = `${name}:`;
      // substr rather than LIKE: namespace names may contain `_` or `%`.
      await query(`DELETE FROM ${table} WHERE substr(key, 1, ?) = ?`, prefix.length, prefix);
    },
    async prune(nowMs) {
      const rows = await query(
        `DELETE FROM ${table} WHERE (CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END) < ? RETURNING key`,
        nowMs,
      );
      return rows.length;
    },
    async close() {
      await tail();
      await adapter.disconnect();
    },
  };
}
