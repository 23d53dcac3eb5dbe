import KeyvRedis from '@keyv/redis';
import type { Backend } from './backend.ts';

/** The part of a node-redis client `clearNamespace` uses. */
interface ScanClient {
  scan(cursor: string, options: { MATCH: string; COUNT: number }): Promise<{ cursor: string | number; keys: string[] }>;
  unlink(keys: string[]): Promise<unknown>;
}

/**
 * `redis://` / `rediss://`: one @keyv/redis adapter (one client). The adapter's own namespace stays
 * unset (keyv prefixes keys itself); expiry is native (keyv passes the ttl as PX).
 *
 * @example
 * const backend = redisBackend('redis://:secret@127.0.0.1:6379/0', (err) => log.warn({ err }));
 */
export function redisBackend(url: string, onError: (error: unknown) => void): Backend {
  const adapter = new KeyvRedis(url);
  adapter.on('error', onError);
  return {
    adapter: adapter as unknown as Backend['adapter'],
    async clearNamespace(name) {
      const pattern = `${name.replace(/[*?[\]\\]/g, '\\$&')}:*`;
      const clients = (await adapter.getMasterNodes()) as unknown as ScanClient[];
      for (const client of clients) {
        let cursor = '0';
        do {
          const page = await client.scan(cursor, { MATCH: pattern, COUNT: 1_000 });
          cursor = String(page.cursor);
          if (page.keys.length > 0) await client.unlink(page.keys);
        } while (cursor !== '0');
      }
    },
    async prune() {
      return 0;
    },
    async close() {
      await adapter.disconnect();
    },
  };
}
