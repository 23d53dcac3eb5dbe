import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Backend } from './backend.ts';

const SQLITE_TABLE = 'switchboard';

/** The SQLite file is held by another process: refused at start, never shared. */
export class StoreInUseError extends Error {
  override readonly name = 'StoreInUseError';
}

/**
 * `sqlite://path`: one better-sqlite3 connection (one table, `key`/`value` as @keyv/sqlite laid it
 * out, so older files open as they are) for every namespace. Statements are synchronous and take
 * microseconds — no thread-pool hop, no queue of pending queries, writes applied in call order by
 * construction — which is what keeps the per-message store work off the latency budget.
 *
 * The file is opened in WAL mode with `synchronous = NORMAL`: a commit survives the process being
 * killed (kill -9); only a power loss or an OS crash can take the last ones back. It is held
 * exclusively for the life of the process (released by the OS when it dies), so a second Switchboard
 * on the same file is refused at start instead of corrupting the ledger.
 *
 * @example
 * const backend = await sqliteBackend('/var/lib/switchboard/switchboard.sqlite', (err) => log.warn({ err }));
 */
export async function sqliteBackend(file: string, _onError: (error: unknown) => void): Promise<Backend> {
  if (file !== ':memory:') await mkdir(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 1_000 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // SQLite's own default (better-sqlite3 raises it to 16 MB): the bot reads back mostly recent keys.
    db.pragma('cache_size = -2000');
    // Takes the lock now rather than at the first write.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY' || /locked/i.test(String((error as Error).message))) {
      throw new StoreInUseError('another process (a second Switchboard?) is using it: one instance per SQLite file — to run several instances, give them one STORE_URL=redis://…');
    }
    throw error;
  }
  const table = SQLITE_TABLE;
  db.exec(`CREATE TABLE IF NOT EXISTS ${table}(key VARCHAR(255) PRIMARY KEY, value TEXT)`);

  const get = db.prepare<[string], { value: string }>(`SELECT value FROM ${table} WHERE key = ?`);
  const set = db.prepare<[string, string]>(`INSERT INTO ${table}(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
  const remove = db.prepare<[string]>(`DELETE FROM ${table} WHERE key = ?`);
  const clear = db.prepare<[number, string]>(`DELETE FROM ${table} WHERE substr(key, 1, ?) = ?`);
  // substr rather than LIKE above: namespace names may contain `_` or `%`.
  const prune = db.prepare<[number]>(`DELETE FROM ${table} WHERE (CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END) < ?`);
  const removeMany = db.transaction((keys: string[]) => keys.reduce((n, key) => n + remove.run(key).changes, 0));

  return {
    adapter: {
      async get(key) {
        return get.get(key)?.value;
      },
      async getMany(keys) {
        return keys.map((key) => get.get(key)?.value);
      },
      async set(key, value) {
        // keyv hands a serialized string (value and expiry); the ttl lives inside it.
        set.run(key, typeof value === 'string' ? value : JSON.stringify(value));
        return true;
      },
      async delete(key) {
        return remove.run(key).changes > 0;
      },
      async deleteMany(keys) {
        return removeMany(keys) > 0;
      },
    },
    async clearNamespace(name) {
      const prefix = `${name}:`;
      clear.run(prefix.length, prefix);
    },
    async prune(nowMs) {
      return prune.run(nowMs).changes;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
