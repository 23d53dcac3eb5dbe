import type { LedgerKv } from './ledger-kv.ts';
import { createConversationTrack, type ConversationTrack } from './conversation-track.ts';

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

const BUCKET_SIZE = 1_000;
const bucketOf = (conversationId: number) => Math.floor(conversationId / BUCKET_SIZE);
const bucketKey = (bucket: number) => `bucket:${bucket}`;
const BUCKETS = 'buckets';
const SYNC_POINT = 'sync-point';
/** The sync point is rewritten only when it moved this much (it moves with the clock). */
const SYNC_POINT_STEP_MS = 1_000;

/** Stored per conversation: `[cursor or null, ...handled ids]`. */
type Bucket = Record<string, Array<number | null>>;

export function createDeliveryLog(options: DeliveryLogOptions): DeliveryLog {
  const { kv, now } = options;
  const reorderWindowMs = options.reorderWindowMs ?? 10_000;
  const flushDelayMs = options.flushDelayMs ?? 20;
  const tracks = new Map<number, ConversationTrack>();
  /** Conversation ids per bucket, so a write serializes its bucket without scanning every track. */
  const members = new Map<number, number[]>();
  /** Conversations with handled ids waiting to settle. */
  const unsettled = new Set<number>();
  const dirtyBuckets = new Set<number>();
  /** createdAt (ms) of every message in flight, by message id: the sync point may not pass them. */
  const inFlight = new Map<number, number>();
  let bucketList = new Set<number>();
  let bucketListDirty = false;
  let syncPoint: number | undefined;
  let storedSyncPoint: number | undefined;
  let verifiedBefore: number | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const track = (conversationId: number): ConversationTrack => {
    let found = tracks.get(conversationId);
    if (!found) {
      found = createConversationTrack();
      tracks.set(conversationId, found);
      const bucket = bucketOf(conversationId);
      const list = members.get(bucket);
      if (list) list.push(conversationId);
      else members.set(bucket, [conversationId]);
    }
    return found;
  };

  const touch = (conversationId: number) => {
    const bucket = bucketOf(conversationId);
    dirtyBuckets.add(bucket);
    if (!bucketList.has(bucket)) {
      bucketList.add(bucket);
      bucketListDirty = true;
    }
    scheduleFlush();
  };

  const scheduleFlush = () => {
    if (flushDelayMs <= 0 || flushTimer || closed) return;
    if (flushing) {
      again = true;
      return;
    }
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      flush().catch((error: unknown) => options.onError?.(error));
    }, flushDelayMs);
    flushTimer.unref();
  };

  /** Moves cursors over settled ids and the sync point forward; only while in sync. */
  const commit = () => {
    if (verifiedBefore === undefined) return;
    const at = now();
    const settledBefore = at - reorderWindowMs;
    for (const conversationId of unsettled) {
      const t = tracks.get(conversationId);
      if (!t) {
        unsettled.delete(conversationId);
        continue;
      }
      if (t.settle(verifiedBefore, settledBefore)) touch(conversationId);
      if (t.handledCount() === 0) unsettled.delete(conversationId);
    }
    let candidate = settledBefore;
    for (const createdAtMs of inFlight.values()) if (createdAtMs < candidate) candidate = createdAtMs;
    if (syncPoint === undefined || candidate > syncPoint) syncPoint = candidate;
  };

  const write = async () => {
    commit();
    const failures: unknown[] = [];
    const buckets = [...dirtyBuckets];
    dirtyBuckets.clear();
    if (bucketListDirty) {
      bucketListDirty = false;
      try {
        // The index first: an indexed bucket that is missing reads as empty; an unindexed one would be lost.
        await kv.set(BUCKETS, [...bucketList].sort((a, b) => a - b));
      } catch (error) {
        bucketListDirty = true;
        for (const bucket of buckets) dirtyBuckets.add(bucket);
        throw error;
      }
    }
    await Promise.all(
      buckets.map(async (bucket) => {
        try {
          await kv.set(bucketKey(bucket), serialize(bucket));
        } catch (error) {
          dirtyBuckets.add(bucket);
          failures.push(error);
        }
      }),
    );
    // After the buckets: a sync point must never be stored ahead of the handled ids it relies on.
    if (failures.length === 0 && syncPoint !== undefined && (storedSyncPoint === undefined || syncPoint - storedSyncPoint >= SYNC_POINT_STEP_MS)) {
      const value = syncPoint;
      try {
        await kv.set(SYNC_POINT, value);
        storedSyncPoint = value;
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `delivery log: ${failures.length} write(s) failed; they will be retried`);
  };

  const serialize = (bucket: number): Bucket => {
    const out: Bucket = {};
    for (const conversationId of members.get(bucket) ?? []) {
      const stored = tracks.get(conversationId)?.stored();
      if (stored) out[conversationId] = stored;
    }
    return out;
  };

  /** Resolves once everything changed before the call is written (a write in progress is followed by another). */
  const flush = (): Promise<void> => {
    if (flushing) {
      again = true;
      return flushing.then(flush, flush);
    }
    clearTimeout(flushTimer);
    flushTimer = undefined;
    again = false;
    flushing = (async () => {
      try {
        await write();
      } finally {
        flushing = undefined;
        // Changes made meanwhile wait for the next batch (at most one write per flush delay).
        if (again) scheduleFlush();
      }
    })();
    return flushing;
  };

  const commitTimer =
    (options.commitEveryMs ?? 1_000) > 0
      ? setInterval(() => {
          if (verifiedBefore !== undefined) flush().catch((error: unknown) => options.onError?.(error));
        }, options.commitEveryMs ?? 1_000)
      : undefined;
  commitTimer?.unref();

  return {
    async load() {
      const [list, stored] = await Promise.all([kv.get<number[]>(BUCKETS), kv.get<number>(SYNC_POINT)]);
      if (list === undefined && stored === undefined && options.legacyKv) {
        const legacy = await readLegacyCursors(options.legacyKv);
        for (const [conversationId, cursor] of legacy.cursors) {
          track(conversationId).restore([cursor]);
          touch(conversationId);
        }
        if (legacy.watermark !== undefined) syncPoint = legacy.watermark;
        return;
      }
      bucketList = new Set(Array.isArray(list) ? list.filter((n) => Number.isSafeInteger(n)) : []);
      if (typeof stored === 'number' && Number.isFinite(stored)) syncPoint = storedSyncPoint = stored;
      const buckets = [...bucketList];
      const values = await Promise.all(buckets.map((bucket) => kv.get<Bucket>(bucketKey(bucket))));
      for (const value of values) {
        if (typeof value !== 'object' || value === null) continue;
        for (const [id, entry] of Object.entries(value)) {
          const conversationId = Number(id);
          if (!Number.isSafeInteger(conversationId) || !Array.isArray(entry)) continue;
          const t = track(conversationId);
          t.restore(entry);
          if (t.handledCount() > 0) unsettled.add(conversationId);
        }
      }
    },

    isKnown: (conversationId, messageId) => tracks.get(conversationId)?.isKnown(messageId) ?? false,
    isHandled: (conversationId, messageId) => tracks.get(conversationId)?.isHandled(messageId) ?? false,

    begin(conversationId, messageId, createdAt, receivedAt) {
      if (!Number.isSafeInteger(conversationId) || !Number.isSafeInteger(messageId)) return;
      track(conversationId).begin(messageId, createdAt, receivedAt);
      inFlight.set(messageId, Number.isFinite(createdAt) && createdAt > 0 ? Math.min(createdAt * 1000, receivedAt) : receivedAt);
    },

    finish(conversationId, messageId, completed) {
      const t = tracks.get(conversationId);
      if (!t || !inFlight.delete(messageId)) return;
      if (t.finish(messageId, completed)) {
        unsettled.add(conversationId);
        touch(conversationId);
      }
    },

    cursor: (conversationId) => tracks.get(conversationId)?.cursor(),
    noteSeen(conversationId, createdAt) {
      if (Number.isSafeInteger(conversationId)) track(conversationId).noteSeen(createdAt);
    },
    newestSeen: (conversationId) => tracks.get(conversationId)?.newestSeen(),
    syncPoint: () => syncPoint,
    initSyncPoint(at) {
      if (syncPoint === undefined) syncPoint = at;
      scheduleFlush();
    },
    setInSync(at) {
      verifiedBefore = at;
      if (at !== undefined) scheduleFlush();
    },
    inFlight: () => inFlight.size,
    flush,
    async close() {
      clearInterval(commitTimer);
      await flush();
      closed = true;
      clearTimeout(flushTimer);
    },
  };
}

/** The previous format's cursors (last delivered id per conversation) and watermark, as a starting point. */
async function readLegacyCursors(kv: LedgerKv): Promise<{ cursors: Map<number, number>; watermark: number | undefined }> {
  const cursors = new Map<number, number>();
  const [list, watermark] = await Promise.all([kv.get<number[]>('buckets'), kv.get<number>('watermark')]);
  for (const bucket of Array.isArray(list) ? list : []) {
    const value = await kv.get<Record<string, unknown>>(`bucket:${bucket}`);
    for (const [id, messageId] of Object.entries(value ?? {})) {
      if (Number.isSafeInteger(Number(id)) && typeof messageId === 'number' && Number.isSafeInteger(messageId)) cursors.set(Number(id), messageId);
    }
  }
  return { cursors, watermark: typeof watermark === 'number' && Number.isFinite(watermark) ? watermark : undefined };
}
