import { bucketOf, deliveryLogStore, type Bucket } from './delivery-log-store.ts';
import type { LedgerKv } from './ledger-kv.ts';
import { createWriteBehind } from './write-behind.ts';
import {
  beginMessage,
  finishMessage,
  handledCount,
  isHandledIn,
  isKnownIn,
  newTrack,
  noteSeenIn,
  restoreTrack,
  settleTrack,
  storedTrack,
  type ConversationTrack,
} from './conversation-track.ts';

/**
 * What has been delivered, durably, so that catch-up after a reconnect or a `kill -9` re-reads
 * exactly what was not handled yet. Per conversation:
 *
 * - `cursor`: every message of the conversation with an id up to it has been handled by every
 *   plugin (or predates the bot). Catch-up reads `after=cursor`.
 * - `handled`: ids above the cursor whose handlers have finished, waiting to *settle* into it. A
 *   live message settles once the cable has stayed up for `reorderWindowMs` after it (Chatwoot's
 *   broadcast jobs can deliver an older message late; the cursor must never pass one still on its
 *   way), or as soon as a completed catch-up pass vouches for everything before it.
 * - in flight (memory only): dispatched, not yet finished — never settled past, never replayed again.
 *
 * And one **sync point** for the account: every message created before it has been handled. It only
 * moves forward while the bot is known to be in sync (subscribed, and the pass after the
 * subscription completed), and it survives restarts: catch-up lists conversations updated since it.
 *
 * Writes are batched (one write per touched bucket of 1 000 conversations, `flushDelayMs` after a
 * change), so the hot path stays in memory; a handler that finished within the last flush delay may
 * run again after a `kill -9` — with `replayed: true`, its writes deduplicated by their keys.
 *
 * @example
 * const log = createDeliveryLog({ kv: ledgerKv(store, 'deliveries'), now: Date.now });
 * await log.load();
 * log.begin(42, 1001, createdAtSeconds, Date.now());
 * log.finish(42, 1001, true);
 * await log.flush();
 */
export interface DeliveryLog {
  /** Reads everything stored (call once, before events flow). */
  load(): Promise<void>;
  /** Dispatched or handled (not yet settled) in this conversation: never deliver it again. */
  isKnown(conversationId: number, messageId: number): boolean;
  /** Handled: its handlers finished (durably recorded, or about to be). */
  isHandled(conversationId: number, messageId: number): boolean;
  /** A message is on its way to the plugins. `createdAt` in unix seconds (Chatwoot's clock). */
  begin(conversationId: number, messageId: number, createdAt: number, receivedAt: number): void;
  /** Every plugin is done with it; `completed` false when it was dropped unrun (shutdown). */
  finish(conversationId: number, messageId: number, completed: boolean): void;
  /** The read anchor for catch-up; undefined for a conversation the bot has not settled anything in. */
  cursor(conversationId: number): number | undefined;
  /** A message catch-up read (delivered before or not): the sweep then knows the conversation is current. */
  noteSeen(conversationId: number, createdAt: number): void;
  /** Unix seconds of the newest message seen in this conversation (this process), for sweeps. */
  newestSeen(conversationId: number): number | undefined;
  /** Unix ms: every message created before it has been handled. Undefined on the very first run. */
  syncPoint(): number | undefined;
  /** The first run: history before now is not news. */
  initSyncPoint(at: number): void;
  /**
   * In sync (a catch-up pass that began at `verifiedBefore` completed in this subscription), or not
   * (`undefined`: disconnected, or a pass is pending). Only in sync do cursors settle and the sync
   * point move.
   */
  setInSync(verifiedBefore: number | undefined): void;
  /** Messages dispatched and not finished. */
  inFlight(): number;
  /** Settles what may settle and writes what changed. One flush at a time; rejects if a write failed (retried later). */
  flush(): Promise<void>;
  /** Stops timers after a last flush. */
  close(): Promise<void>;
}

/** How late Chatwoot may deliver an older message (`runtime.reorderWindowMs`). */
export const DEFAULT_REORDER_WINDOW_MS = 10_000;

export interface DeliveryLogOptions {
  kv: LedgerKv;
  /** The cursors of an older version (`cursors` area: `{conversation: last message id}` buckets and a watermark), read once if `kv` is empty. */
  legacyKv?: LedgerKv;
  now: () => number;
  /** Default 10 000. */
  reorderWindowMs?: number;
  /** Delay from a change to its write. Default 20 ms; 0 = only on `flush()` and the commit tick. */
  flushDelayMs?: number;
  /** How often the sync point and cursors are re-evaluated while idle. Default 1 000 ms; 0 = never. */
  commitEveryMs?: number;
  /** Told when a background flush fails (it is retried). */
  onError?: (error: unknown) => void;
}

/** The sync point is rewritten only when it moved this much (it moves with the clock). */
const SYNC_POINT_STEP_MS = 1_000;

export function createDeliveryLog(options: DeliveryLogOptions): DeliveryLog {
  const { now } = options;
  const reorderWindowMs = options.reorderWindowMs ?? DEFAULT_REORDER_WINDOW_MS;
  const store = deliveryLogStore(options.kv, options.legacyKv);
  const tracks = new Map<number, ConversationTrack>();
  /** Conversation ids per bucket, so a write serializes its bucket without scanning every track. */
  const members = new Map<number, number[]>();
  /** Conversations with handled ids waiting to settle. */
  const unsettled = new Set<number>();
  const dirty = new Set<number>();
  /** createdAt (ms) of every message in flight, by message id: the sync point may not pass them. */
  const inFlight = new Map<number, number>();
  let syncPoint: number | undefined;
  let storedSyncPoint: number | undefined;
  let verifiedBefore: number | undefined;

  const track = (conversationId: number): ConversationTrack => {
    let found = tracks.get(conversationId);
    if (!found) {
      found = newTrack();
      tracks.set(conversationId, found);
      const bucket = bucketOf(conversationId);
      const list = members.get(bucket);
      if (list) list.push(conversationId);
      else members.set(bucket, [conversationId]);
    }
    return found;
  };

  const touch = (conversationId: number) => {
    dirty.add(bucketOf(conversationId));
    behind.schedule();
  };

  /** Moves cursors over settled ids and the sync point forward; only while in sync. */
  const commit = () => {
    if (verifiedBefore === undefined) return;
    const settledBefore = now() - reorderWindowMs;
    for (const conversationId of unsettled) {
      const t = tracks.get(conversationId);
      if (t && settleTrack(t, verifiedBefore, settledBefore)) touch(conversationId);
      if (!t || handledCount(t) === 0) unsettled.delete(conversationId);
    }
    let candidate = settledBefore;
    for (const createdAtMs of inFlight.values()) if (createdAtMs < candidate) candidate = createdAtMs;
    if (syncPoint === undefined || candidate > syncPoint) syncPoint = candidate;
  };

  const serialize = (bucket: number): Bucket => {
    const out: Bucket = {};
    for (const conversationId of members.get(bucket) ?? []) {
      const t = tracks.get(conversationId);
      const stored = t && storedTrack(t);
      if (stored) out[conversationId] = stored;
    }
    return out;
  };

  const write = async () => {
    commit();
    const buckets = new Map([...dirty].map((bucket) => [bucket, serialize(bucket)] as const));
    dirty.clear();
    const point = syncPoint !== undefined && (storedSyncPoint === undefined || syncPoint - storedSyncPoint >= SYNC_POINT_STEP_MS) ? syncPoint : undefined;
    if (buckets.size === 0 && point === undefined) return;
    try {
      await store.write(buckets, point);
      if (point !== undefined) storedSyncPoint = point;
    } catch (error) {
      for (const bucket of buckets.keys()) dirty.add(bucket);
      throw error;
    }
  };

  const behind = createWriteBehind({ delayMs: options.flushDelayMs ?? 20, write, onError: (error) => options.onError?.(error) });

  const commitEveryMs = options.commitEveryMs ?? 1_000;
  const commitTimer =
    commitEveryMs > 0
      ? setInterval(() => {
          if (verifiedBefore !== undefined) behind.flush().catch((error: unknown) => options.onError?.(error));
        }, commitEveryMs)
      : undefined;
  commitTimer?.unref();

  return {
    async load() {
      const loaded = await store.load();
      syncPoint = loaded.syncPoint;
      if (!loaded.migrated) storedSyncPoint = loaded.syncPoint;
      for (const [conversationId, entry] of loaded.tracks) {
        const t = track(conversationId);
        restoreTrack(t, entry);
        if (handledCount(t) > 0) unsettled.add(conversationId);
        if (loaded.migrated) touch(conversationId);
      }
    },

    isKnown(conversationId, messageId) {
      const t = tracks.get(conversationId);
      return t !== undefined && isKnownIn(t, messageId);
    },
    isHandled(conversationId, messageId) {
      const t = tracks.get(conversationId);
      return t !== undefined && isHandledIn(t, messageId);
    },

    begin(conversationId, messageId, createdAt, receivedAt) {
      if (!Number.isSafeInteger(conversationId) || !Number.isSafeInteger(messageId)) return;
      beginMessage(track(conversationId), messageId, createdAt, receivedAt);
      inFlight.set(messageId, Number.isFinite(createdAt) && createdAt > 0 ? Math.min(createdAt * 1000, receivedAt) : receivedAt);
    },

    finish(conversationId, messageId, completed) {
      const t = tracks.get(conversationId);
      if (!t || !inFlight.delete(messageId)) return;
      if (finishMessage(t, messageId, completed)) {
        unsettled.add(conversationId);
        touch(conversationId);
      }
    },

    cursor: (conversationId) => tracks.get(conversationId)?.cursor,
    noteSeen(conversationId, createdAt) {
      if (Number.isSafeInteger(conversationId)) noteSeenIn(track(conversationId), createdAt);
    },
    newestSeen: (conversationId) => tracks.get(conversationId)?.newest,
    syncPoint: () => syncPoint,
    initSyncPoint(at) {
      if (syncPoint === undefined) syncPoint = at;
      behind.schedule();
    },
    setInSync(at) {
      verifiedBefore = at;
      if (at !== undefined) behind.schedule();
    },
    inFlight: () => inFlight.size,
    flush: () => behind.flush(),
    async close() {
      clearInterval(commitTimer);
      await behind.close();
    },
  };
}
