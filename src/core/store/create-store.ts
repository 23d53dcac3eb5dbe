import { isAbsolute, resolve } from 'node:path';
import { Keyv } from 'keyv';
import { createLogger, type Logger } from '../../observability/create-logger.ts';
import type { Backend } from './backend.ts';
import type { StoreCoordination } from './store-coordination.ts';
import { memoryBackend } from './memory-backend.ts';

export const DEFAULT_STORE_URL = 'sqlite://data/switchboard.sqlite';

/** Everything durable, behind one connection: a Keyv per namespace. */
export interface Store {
  /** The URL as given. May hold a redis password: log `displayUrl` instead. */
  url: string;
  /** The URL with any password masked, for logs and doctor output. */
  displayUrl: string;
  /**
   * One Keyv per namespace, all sharing the store's connection; the same name gives the same instance.
   * Keys are stored as `<name>:<key>`, so `plugin` and `plugin:slack` would overlap: don't use both.
   */
  namespace(name: string): Keyv;
  /**
   * Deletes entries whose ttl has passed (keyv only drops an expired entry when it is read).
   * Returns how many; redis expires natively, so 0 there. Optional so hand-made Stores (test fakes) need not have it.
   */
  prune?(): Promise<number>;
  /** Disconnects. The namespaces' Keyvs must not be used afterwards. */
  close(): Promise<void>;
  /** Present on a store several instances can share (Redis): the lease's connection and fenced writes. */
  coordination?: StoreCoordination;
}

export interface StoreOptions {
  /** Base for relative sqlite paths. Default `process.cwd()`. */
  cwd?: string;
  /** Where adapter errors are logged (they never throw out of the store). */
  log?: Logger;
}

/**
 * Opens the store named by `STORE_URL`: `memory://`, `sqlite://relative/path.sqlite`,
 * `sqlite:///absolute/path.sqlite`, `redis://…` or `rediss://…`. A sqlite file's directory is created;
 * an unopenable sqlite file rejects here (fail at start-up, not on the first lost write).
 *
 * @example
 * const store = await createStore(env.storeUrl, { log });
 * const links = store.namespace('links');
 * await links.set('conv:42:slack', { key: 'C1:1700.01' });
 * await store.close();
 */
export async function createStore(url: string = DEFAULT_STORE_URL, options: StoreOptions = {}): Promise<Store> {
  const displayUrl = maskUrlPassword(url);
  let fallbackLog: Logger | undefined;
  const log = (): Logger => options.log ?? (fallbackLog ??= createLogger());
  const onAdapterError = (error: unknown) => log().warn({ err: error, store: displayUrl }, 'store adapter error');

  const backend = await openBackend(url, options.cwd ?? process.cwd(), onAdapterError);
  const namespaces = new Map<string, Keyv>();
  let closed: Promise<void> | undefined;

  return {
    url,
    displayUrl,
    namespace(name) {
      if (!name) throw new Error('store namespace name must not be empty');
      let keyv = namespaces.get(name);
      if (!keyv) {
        keyv = new Keyv({ store: namespaceView(backend, name), namespace: name });
        keyv.on('error', (error: unknown) => log().warn({ err: error, store: displayUrl, namespace: name }, 'store error'));
        namespaces.set(name, keyv);
      }
      return keyv;
    },
    prune: () => backend.prune(Date.now()),
    close: () => (closed ??= backend.close()),
    ...(backend.coordination ? { coordination: backend.coordination } : {}),
  };
}

async function openBackend(url: string, cwd: string, onError: (error: unknown) => void): Promise<Backend> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'memory':
      return memoryBackend();
    case 'sqlite': {
      const file = sqliteFile(url, cwd);
      // Each engine is loaded only when used: the one not chosen costs neither start time nor memory.
      const { sqliteBackend, StoreInUseError } = await import('./sqlite-backend.ts');
      try {
        return await sqliteBackend(file, onError);
      } catch (error) {
        if (error instanceof StoreInUseError) throw new Error(`STORE_URL ${maskUrlPassword(url)}: ${error.message}`, { cause: error });
        throw new Error(`STORE_URL ${maskUrlPassword(url)}: cannot open the sqlite database ${file}: ${errorMessage(error)}`, { cause: error });
      }
    }
    case 'redis':
    case 'rediss':
      return (await import('./redis-backend.ts')).redisBackend(url, onError);
    default:
      throw new Error(
        `STORE_URL ${JSON.stringify(maskUrlPassword(url))} is not supported: use memory://, sqlite://path/to/file.sqlite, redis:// or rediss://`,
      );
  }
}

/** `sqlite://data/x.sqlite` → `<cwd>/data/x.sqlite`; `sqlite:///abs/x.sqlite` → `/abs/x.sqlite`. */
export function sqliteFile(url: string, cwd: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/i, '');
  if (!path) throw new Error(`STORE_URL ${url} names no sqlite file: use sqlite://path/to/file.sqlite`);
  if (path === ':memory:') return path;
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** `redis://user:secret@host` → `redis://user:***@host`; URLs without a password are returned as is. */
export function maskUrlPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)[^/?#@]*@/i, (_, head: string) => `${head}***@`);
}

/**
 * The Keyv store of one namespace: forwards to the shared engine, except `clear`, which must only
 * touch this namespace's keys. No `iterator` (adapters' iterators mix namespaces: keep index keys)
 * and no `has` (adapters answer it ignoring keyv's ttl; without it keyv reads and checks expiry).
 */
function namespaceView(backend: Backend, name: string) {
  const { adapter } = backend;
  return {
    namespace: name as string | undefined,
    get: (key: string) => adapter.get(key),
    set: (key: string, value: unknown, ttl?: number) => adapter.set(key, value, ttl),
    delete: (key: string) => adapter.delete(key),
    ...(adapter.getMany ? { getMany: (keys: string[]) => adapter.getMany!(keys) } : {}),
    ...(adapter.deleteMany ? { deleteMany: (keys: string[]) => adapter.deleteMany!(keys) } : {}),
    clear: () => backend.clearNamespace(name),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
