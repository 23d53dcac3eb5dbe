import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import type { Backend } from './backend.ts';

export const SQLITE_TABLE = 'switchboard';

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
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: SQLITE_TABLE, busyTimeout: 5_000 });
  // Listen before the connection settles: the adapter emits its open error, and an EventEmitter
  // 'error' without a listener would throw from inside the adapter's promise chain. That first
  // error is reported by the rejection below, so only later ones are passed on.
  let opened = false;
  adapter.on('error', (error: unknown) => {
    if (opened) onError(error);
  });

  // node-sqlite3 runs statements of one connection in parallel on the libuv pool, so a set followed
  // by a delete of the same key could land in either order. Chain them: writes apply in call order.
  const raw = adapter.query.bind(adapter) as Query;
  let tail: Promise<unknown> = Promise.resolve();
  const query: Query = (sql, ...params) => {
    const result = tail.then(() => raw(sql, ...params));
    tail = result.catch(() => undefined);
    return result;
  };
  adapter.query = query;

  await query('PRAGMA journal_mode = WAL');
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
      await tail;
      await adapter.disconnect();
    },
  };
}
