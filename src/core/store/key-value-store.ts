/**
 * A plugin's own durable key-value space (`ctx.store`): JSON-serialisable values, an optional
 * time-to-live, in the same store as everything else (SQLite, Redis or memory). Switchboard's own
 * small interface, so plugins do not depend on the library behind it (Keyv today).
 *
 * @example
 * await ctx.store.set(`greeted:${id}`, true, 30 * 24 * 3600_000);   // remembered for 30 days
 * if (await ctx.store.get<boolean>(`greeted:${id}`)) return;
 * await ctx.store.delete(`greeted:${id}`);
 */
export interface KeyValueStore {
  /** The value, or `undefined` when there is none (or it expired). */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value`, for `ttlMs` milliseconds when given (else until deleted). */
  set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean>;
  /** True when there was a value to delete. */
  delete(key: string): Promise<boolean>;
}
