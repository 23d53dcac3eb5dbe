/**
 * `OnlineStatusTracker` in miniature: a user is online while its last `update_presence` is younger
 * than the TTL (Chatwoot's `PRESENCE_DURATION`, 20 s).
 *
 * @example
 * const presence = createPresenceTracker({ ttlMs: 20_000, now: Date.now, defaultUserId: 1 });
 * presence.record(1);
 * presence.isOnline(); // true for the next 20 s
 */
export interface PresenceTracker {
  record(userId: number): void;
  isOnline(userId?: number): boolean;
  updates(): number;
  lastUpdateAt(userId?: number): number | undefined;
  /** Ids of users online now. */
  onlineUserIds(): number[];
}

export function createPresenceTracker(opts: { ttlMs: number; now: () => number; defaultUserId: () => number }): PresenceTracker {
  const last = new Map<number, number>();
  let count = 0;
  const isOnline = (userId = opts.defaultUserId()): boolean => {
    const at = last.get(userId);
    return at !== undefined && opts.now() - at < opts.ttlMs;
  };
  return {
    record(userId) {
      last.set(userId, opts.now());
      count++;
    },
    isOnline,
    updates: () => count,
    lastUpdateAt: (userId = opts.defaultUserId()) => last.get(userId),
    onlineUserIds: () => [...last.keys()].filter((id) => isOnline(id)),
  };
}
