import type { LeaseRedis } from '../lease/create-lease.ts';
import type { HandoffRedis } from '../outbox/handoff.ts';

/** The store's node-redis connection, as the lease and the handoff use it. */
export type CoordinationRedis = LeaseRedis & HandoffRedis;

/**
 * What a store shared by several instances (Redis) offers for coordinating them: its connection for
 * the lease, and fenced writes. SQLite and memory stores have none (one instance per store).
 */
export interface StoreCoordination {
  /** The store's own Redis connection (the lease and the standby handoff run on it). */
  redis(): Promise<CoordinationRedis>;
  /**
   * From now on, writes to keys of these namespaces succeed only while the lease key holds exactly
   * `value()` — checked by Redis in the same step as the write. A deposed instance (lease lost,
   * process paused) cannot change them; its write is refused with {@link FencedWriteError}.
   */
  fence(options: { namespaces: readonly string[]; leaseKey: string; value: () => string | undefined }): void;
}

/** A write refused because this instance no longer holds the lease. */
export class FencedWriteError extends Error {
  override readonly name = 'FencedWriteError';
  readonly retryable = false;
}
