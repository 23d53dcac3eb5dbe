/**
 * One conversation's part of the delivery log, as plain data: the settled cursor, handled ids above
 * it (with when they were received), and ids in flight. Sorted arrays, made only when needed: ids
 * arrive almost always in increasing order (an append), a busy conversation holds a reorder window's
 * worth of them, and the many quiet ones hold nothing but their cursor.
 *
 * @example
 * const t = newTrack();
 * beginMessage(t, 1001, createdAt, Date.now());
 * finishMessage(t, 1001, true);
 * settleTrack(t, verifiedBefore, Date.now() - 10_000); // the cursor may now be 1001
 */
export interface ConversationTrack {
  cursor: number | undefined;
  handled: number[] | undefined;
  /** When each handled id was received (0: restored from the store). */
  handledAt: number[] | undefined;
  inflight: number[] | undefined;
  inflightAt: number[] | undefined;
  /** Unix seconds of the newest message seen (dispatched, or read by catch-up) in this process. */
  newest: number | undefined;
}

export function newTrack(): ConversationTrack {
  return { cursor: undefined, handled: undefined, handledAt: undefined, inflight: undefined, inflightAt: undefined, newest: undefined };
}

/** From the stored `[cursor or null, ...handled]`; restored ids count as received long ago. */
export function restoreTrack(t: ConversationTrack, entry: ReadonlyArray<number | null>): void {
  const head = entry[0];
  const cursor = typeof head === 'number' && Number.isSafeInteger(head) ? head : undefined;
  t.cursor = cursor;
  const ids = entry.slice(1).filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id) && (cursor === undefined || id > cursor));
  const handled = [...new Set(ids)].sort((a, b) => a - b);
  t.handled = handled.length > 0 ? handled : undefined;
  t.handledAt = handled.length > 0 ? handled.map(() => 0) : undefined;
}

/** What to store, or undefined when there is nothing to remember. */
export function storedTrack(t: ConversationTrack): Array<number | null> | undefined {
  if (t.cursor === undefined && !t.handled?.length) return undefined;
  return t.handled?.length ? [t.cursor ?? null, ...t.handled] : [t.cursor ?? null];
}

export function isHandledIn(t: ConversationTrack, messageId: number): boolean {
  return t.handled !== undefined && indexOf(t.handled, messageId) >= 0;
}

export function isKnownIn(t: ConversationTrack, messageId: number): boolean {
  return isHandledIn(t, messageId) || (t.inflight !== undefined && indexOf(t.inflight, messageId) >= 0);
}

export function noteSeenIn(t: ConversationTrack, createdAt: number): void {
  if (Number.isFinite(createdAt) && (t.newest === undefined || createdAt > t.newest)) t.newest = createdAt;
}

export function beginMessage(t: ConversationTrack, messageId: number, createdAt: number, receivedAt: number): void {
  noteSeenIn(t, createdAt);
  const inflight = (t.inflight ??= []);
  const inflightAt = (t.inflightAt ??= []);
  const at = insertionPoint(inflight, messageId);
  if (inflight[at] === messageId) return;
  inflight.splice(at, 0, messageId);
  inflightAt.splice(at, 0, receivedAt);
}

/** Returns true when the handled set changed (something to write). */
export function finishMessage(t: ConversationTrack, messageId: number, completed: boolean): boolean {
  const { inflight, inflightAt } = t;
  if (!inflight || !inflightAt) return false;
  const index = indexOf(inflight, messageId);
  if (index < 0) return false;
  const receivedAt = inflightAt[index] as number;
  inflight.splice(index, 1);
  inflightAt.splice(index, 1);
  if (inflight.length === 0) t.inflight = t.inflightAt = undefined;
  if (!completed || (t.cursor !== undefined && messageId <= t.cursor)) return false;
  const handled = (t.handled ??= []);
  const handledAt = (t.handledAt ??= []);
  const at = insertionPoint(handled, messageId);
  if (handled[at] === messageId) return false;
  handled.splice(at, 0, messageId);
  handledAt.splice(at, 0, receivedAt);
  return true;
}

/**
 * Moves the cursor over handled ids that nothing in flight precedes and that were received before
 * `verifiedBefore` or at/before `settledBefore`. Returns true if it moved.
 */
export function settleTrack(t: ConversationTrack, verifiedBefore: number, settledBefore: number): boolean {
  const { handled, handledAt } = t;
  if (!handled || !handledAt) return false;
  const blockedFrom = t.inflight?.[0] ?? Number.POSITIVE_INFINITY;
  let count = 0;
  while (count < handled.length) {
    const id = handled[count] as number;
    const at = handledAt[count] as number;
    if (id > blockedFrom || !(at < verifiedBefore || at <= settledBefore)) break;
    count += 1;
  }
  if (count === 0) return false;
  t.cursor = handled[count - 1];
  if (count === handled.length) {
    t.handled = t.handledAt = undefined;
  } else {
    t.handled = handled.slice(count);
    t.handledAt = handledAt.slice(count);
  }
  return true;
}

export function handledCount(t: ConversationTrack): number {
  return t.handled?.length ?? 0;
}

/** Index of `value` in the sorted array, or -1. */
function indexOf(sorted: readonly number[], value: number): number {
  const at = insertionPoint(sorted, value);
  return sorted[at] === value ? at : -1;
}

/** First index whose element is ≥ value (binary search; appends are the common case). */
function insertionPoint(sorted: readonly number[], value: number): number {
  let high = sorted.length;
  if (high === 0 || (sorted[high - 1] as number) < value) return high;
  let low = 0;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
