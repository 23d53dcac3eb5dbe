/**
 * One conversation's part of the delivery log: the settled cursor, handled ids above it (with when
 * they were received), and ids in flight. Plain sorted arrays: ids arrive almost always in increasing
 * order (an append), and a conversation holds only a reorder window's worth of them.
 *
 * @example
 * const t = createConversationTrack();
 * t.begin(1001, createdAt, Date.now());
 * t.finish(1001, true);
 * t.settle(verifiedBefore, Date.now() - 10_000); // the cursor may now be 1001
 */
export interface ConversationTrack {
  /** From the stored `[cursor or null, ...handled]`; restored ids count as received long ago. */
  restore(entry: ReadonlyArray<number | null>): void;
  /** What to store, or undefined when there is nothing to remember. */
  stored(): Array<number | null> | undefined;
  isKnown(messageId: number): boolean;
  isHandled(messageId: number): boolean;
  begin(messageId: number, createdAt: number, receivedAt: number): void;
  /** Returns true when the handled set changed (something to write). */
  finish(messageId: number, completed: boolean): boolean;
  /**
   * Moves the cursor over handled ids that nothing in flight precedes and that were received before
   * `verifiedBefore` or at/before `settledBefore`. Returns true if it moved.
   */
  settle(verifiedBefore: number, settledBefore: number): boolean;
  handledCount(): number;
  cursor(): number | undefined;
  /** A message seen (dispatched or read during catch-up), for the sweep's activity check. */
  noteSeen(createdAt: number): void;
  newestSeen(): number | undefined;
}

export function createConversationTrack(): ConversationTrack {
  let cursor: number | undefined;
  let handled: number[] = [];
  let handledAt: number[] = [];
  const inflight: number[] = [];
  const inflightAt: number[] = [];
  let newest: number | undefined;

  const noteSeen = (createdAt: number) => {
    if (Number.isFinite(createdAt) && (newest === undefined || createdAt > newest)) newest = createdAt;
  };

  return {
    restore(entry) {
      const head = entry[0];
      cursor = typeof head === 'number' && Number.isSafeInteger(head) ? head : undefined;
      const ids = entry.slice(1).filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id) && (cursor === undefined || id > cursor));
      ids.sort((a, b) => a - b);
      handled = [...new Set(ids)];
      handledAt = handled.map(() => 0);
    },

    stored() {
      if (cursor === undefined && handled.length === 0) return undefined;
      return [cursor ?? null, ...handled];
    },

    isKnown(messageId) {
      return indexOf(handled, messageId) >= 0 || indexOf(inflight, messageId) >= 0;
    },

    isHandled(messageId) {
      return indexOf(handled, messageId) >= 0;
    },

    begin(messageId, createdAt, receivedAt) {
      noteSeen(createdAt);
      const at = insertionPoint(inflight, messageId);
      if (inflight[at] === messageId) return;
      inflight.splice(at, 0, messageId);
      inflightAt.splice(at, 0, receivedAt);
    },

    finish(messageId, completed) {
      const index = indexOf(inflight, messageId);
      if (index < 0) return false;
      const receivedAt = inflightAt[index] as number;
      inflight.splice(index, 1);
      inflightAt.splice(index, 1);
      if (!completed || (cursor !== undefined && messageId <= cursor)) return false;
      const at = insertionPoint(handled, messageId);
      if (handled[at] === messageId) return false;
      handled.splice(at, 0, messageId);
      handledAt.splice(at, 0, receivedAt);
      return true;
    },

    settle(verifiedBefore, settledBefore) {
      const blockedFrom = inflight.length > 0 ? (inflight[0] as number) : Number.POSITIVE_INFINITY;
      let count = 0;
      while (count < handled.length) {
        const id = handled[count] as number;
        const at = handledAt[count] as number;
        if (id > blockedFrom || !(at < verifiedBefore || at <= settledBefore)) break;
        count += 1;
      }
      if (count === 0) return false;
      cursor = handled[count - 1];
      handled = handled.slice(count);
      handledAt = handledAt.slice(count);
      return true;
    },

    handledCount: () => handled.length,
    cursor: () => cursor,
    noteSeen,
    newestSeen: () => newest,
  };
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
