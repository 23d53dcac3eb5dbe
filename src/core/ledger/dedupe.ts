/**
 * `firstSeen(key)`: true the first time a key is seen within `ttlMs`, false after. In memory and
 * bounded: keys live in a ring of `maxKeys` slots, so past the bound the oldest key is forgotten
 * first (with a fixed ttl from first sight, the oldest is also the next to expire). O(1), and no
 * allocation per call beyond the Map entry: it runs for every event.
 *
 * @example
 * const firstSeen = createDedupe({ now: Date.now, ttlMs: 86_400_000, maxKeys: 100_000 });
 * firstSeen('message.created:7'); // true
 * firstSeen('message.created:7'); // false
 */
export function createDedupe(options: { now: () => number; ttlMs: number; maxKeys: number }): (key: string | number) => boolean {
  const { now, ttlMs, maxKeys } = options;
  if (!(maxKeys >= 1)) throw new RangeError('dedupeMaxKeys must be at least 1');
  // Numbers and strings never collide as Map keys; numeric keys (message ids) skip string hashing.
  const slotOf = new Map<string | number, number>();
  const keys: Array<string | number> = [];
  const expiresAt: number[] = [];
  let next = 0; // the slot to overwrite once the ring is full (the oldest)

  return (key) => {
    const t = now();
    const seen = slotOf.get(key);
    if (seen !== undefined && (expiresAt[seen] as number) > t) return false;
    let slot: number;
    if (keys.length < maxKeys) {
      slot = keys.length;
      keys.push(key);
      expiresAt.push(t + ttlMs);
    } else {
      slot = next;
      next = next + 1 === maxKeys ? 0 : next + 1;
      const evicted = keys[slot] as string | number;
      // The evicted key may have been seen again since (it then owns a newer slot): keep that one.
      if (slotOf.get(evicted) === slot) slotOf.delete(evicted);
      keys[slot] = key;
      expiresAt[slot] = t + ttlMs;
    }
    slotOf.set(key, slot);
    return true;
  };
}
