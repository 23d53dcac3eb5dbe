import KeyvRedis from '@keyv/redis';
import type { Backend } from './backend.ts';
import { FencedWriteError, type CoordinationRedis, type StoreCoordination } from './store-coordination.ts';

// The write happens only if the lease key still names this holder: one atomic step in Redis.
const FENCED_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('SWITCHBOARD_FENCED') end
if ARGV[3] == '' then return redis.call('SET', KEYS[2], ARGV[2]) end
return redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])`;
const FENCED_DEL = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('SWITCHBOARD_FENCED') end
return redis.call('DEL', unpack(KEYS, 2))`;

type FencingClient = CoordinationRedis;

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
export function redisBackend(url: string, onError: (error: unknown) => void): Backend & { coordination: StoreCoordination } {
  const adapter = new KeyvRedis(url);
  adapter.on('error', onError);
  const client = async () => (await adapter.getClient()) as unknown as FencingClient;
  let fence: { namespaces: Set<string>; leaseKey: string; value: () => string | undefined } | undefined;
  const fenced = (key: string) => fence !== undefined && fence.namespaces.has(key.slice(0, key.indexOf(':')));
  const holder = (key: string): string => {
    const value = fence?.value();
    if (value === undefined) throw new FencedWriteError(`refused to write ${key}: this instance does not hold the lease`);
    return value;
  };
  const evalFenced = async (script: string, keys: string[], args: string[]) => {
    try {
      return await (await client()).eval(script, { keys: [fence!.leaseKey, ...keys], arguments: args });
    } catch (error) {
      if (String((error as Error).message).includes('SWITCHBOARD_FENCED')) throw new FencedWriteError(`refused to write ${keys[0]}: another instance holds the lease`);
      throw error;
    }
  };
  const raw = adapter as unknown as Backend['adapter'];
  const fencedAdapter: Backend['adapter'] = {
    get: (key) => raw.get(key),
    ...(raw.getMany ? { getMany: (keys: string[]) => raw.getMany!(keys) } : {}),
    set: (key, value, ttl) =>
      fenced(key) ? evalFenced(FENCED_SET, [key], [holder(key), String(value), ttl ? String(Math.ceil(ttl)) : '']) : raw.set(key, value, ttl),
    delete: async (key) => (fenced(key) ? Number(await evalFenced(FENCED_DEL, [key], [holder(key)])) > 0 : raw.delete(key)),
    deleteMany: async (keys) => {
      const guarded = keys.filter(fenced);
      const free = keys.filter((key) => !fenced(key));
      if (guarded.length > 0) await evalFenced(FENCED_DEL, guarded, [holder(guarded[0] as string)]);
      if (free.length > 0) await (raw.deleteMany ? raw.deleteMany(free) : Promise.all(free.map((key) => raw.delete(key))));
      return true;
    },
  };
  return {
    coordination: {
      redis: client,
      fence(options) {
        fence = { namespaces: new Set(options.namespaces), leaseKey: options.leaseKey, value: options.value };
      },
    },
    adapter: fencedAdapter,
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
