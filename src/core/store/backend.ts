import type { StoreCoordination } from './store-coordination.ts';

/**
 * What `createStore` needs from a storage engine. Keyv prefixes every key with its namespace
 * (`links:…`), so one engine serves all namespaces; the engine itself stays namespace-free because
 * keyv adapters keep a single mutable `namespace` field that the last Keyv built would overwrite.
 */
export interface Backend {
  /** The raw keyv adapter (get/set/delete of already-prefixed keys and serialized values). */
  adapter: RawAdapter;
  /** Deletes every key of one namespace (`<name>:*`). */
  clearNamespace(name: string): Promise<void>;
  /** Deletes entries whose keyv `expires` has passed; returns how many (0 where the engine expires natively). */
  prune(nowMs: number): Promise<number>;
  close(): Promise<void>;
  /** Only engines several instances can share (Redis). */
  coordination?: StoreCoordination;
}

export interface RawAdapter {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number): Promise<unknown>;
  delete(key: string): Promise<boolean>;
  getMany?(keys: string[]): Promise<unknown[]>;
  deleteMany?(keys: string[]): Promise<boolean>;
}

/** The `expires` keyv serialized into a stored value, if any (values are JSON `{ value, expires }`). */
export function storedExpiry(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !raw.includes('"expires"')) return undefined;
  try {
    const parsed = JSON.parse(raw) as { expires?: unknown };
    return typeof parsed.expires === 'number' ? parsed.expires : undefined;
  } catch {
    return undefined;
  }
}
