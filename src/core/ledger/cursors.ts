import type { LedgerKv } from './ledger-kv.ts';

export interface Cursors {
  /** Last delivered message id of a conversation. */
  get(conversationId: number): Promise<number | undefined>;
  /** max(old, new); in memory now, written behind. O(1): runs for every message. */
  advance(conversationId: number, messageId: number): void;
  /** Every conversation with a cursor. */
  all(): Promise<Map<number, number>>;
  /** Unix ms of the last event handled (for catch-up's `updated_within`). */
  watermark(): Promise<number | undefined>;
  /** Written behind too; the last value set wins. */
  setWatermark(ms: number): void;
}

/** Conversations per stored bucket: display ids are sequential, so live ones share a few buckets. */
const BUCKET_SIZE = 1_000;
const bucketOf = (conversationId: number) => Math.floor(conversationId / BUCKET_SIZE);
const bucketKey = (bucket: number) => `bucket:${bucket}`;
const BUCKETS = 'buckets';
const WATERMARK = 'watermark';

type Bucket = Record<string, number>;

/**
 * Per-conversation cursors, kept in memory and written behind by `flush()`. Stored as buckets of
 * {conversationId: messageId} plus an index of bucket numbers (keyv iteration is unreliable), so a
 * flush writes one small value per touched bucket and `all()` needs no scan. Every write merges with
 * what is stored (max), so a cursor never moves back, even across restarts.
 *
 * @example
 * const cursors = createCursors(ledgerKv(store, 'cursors'));
 * cursors.advance(42, 1001);
 * await cursors.flush();
 */
export function createCursors(kv: LedgerKv): Cursors & { flush(): Promise<void> } {
  const cache = new Map<number, number>();
  const dirty = new Set<number>();
  /** Buckets whose stored contents are merged into `cache` (from then on, `cache` is authoritative). */
  const loaded = new Map<number, Promise<void>>();
  let bucketList: Promise<Set<number>> | undefined;
  let bucketListDirty = false;
  let watermark: number | undefined;
  let watermarkLoaded = false;
  let watermarkDirty = false;
  let flushing: Promise<void> = Promise.resolve();

  const merge = (stored: Bucket | undefined) => {
    if (!stored) return;
    for (const [id, messageId] of Object.entries(stored)) {
      const conversationId = Number(id);
      const current = cache.get(conversationId);
      if (typeof messageId === 'number' && (current === undefined || messageId > current)) cache.set(conversationId, messageId);
    }
  };

  const load = (bucket: number): Promise<void> => {
    let pending = loaded.get(bucket);
    if (!pending) {
      pending = kv.get<Bucket>(bucketKey(bucket)).then(merge);
      loaded.set(bucket, pending);
      // A failed read is retried by the next caller.
      pending.catch(() => loaded.delete(bucket));
    }
    return pending;
  };

  const buckets = (): Promise<Set<number>> => {
    if (!bucketList) {
      const pending = kv.get<number[]>(BUCKETS).then((list) => new Set(Array.isArray(list) ? list : []));
      bucketList = pending;
      pending.catch(() => {
        if (bucketList === pending) bucketList = undefined;
      });
    }
    return bucketList;
  };

  const flushOnce = async (): Promise<void> => {
    if (dirty.size === 0 && !watermarkDirty && !bucketListDirty) return;
    const ids = [...dirty];
    dirty.clear();
    const touched = new Map<number, number[]>();
    for (const id of ids) {
      const bucket = bucketOf(id);
      const members = touched.get(bucket);
      if (members) members.push(id);
      else touched.set(bucket, [id]);
    }
    const failures: unknown[] = [];

    // The index first: a listed bucket that is missing reads as empty, an unlisted one would be lost to all().
    try {
      const list = await buckets();
      for (const bucket of touched.keys()) {
        if (!list.has(bucket)) {
          list.add(bucket);
          bucketListDirty = true;
        }
      }
      if (bucketListDirty) {
        bucketListDirty = false;
        try {
          await kv.set(BUCKETS, [...list].sort((a, b) => a - b));
        } catch (error) {
          bucketListDirty = true;
          throw error;
        }
      }
    } catch (error) {
      for (const id of ids) dirty.add(id);
      failures.push(error);
      touched.clear();
    }

    for (const [bucket, members] of touched) {
      try {
        // Read-merge-write: whatever is stored (another process, an older run) is never lowered.
        const stored = (await kv.get<Bucket>(bucketKey(bucket))) ?? {};
        merge(stored);
        for (const id of members) {
          const value = cache.get(id);
          if (value !== undefined) stored[id] = value;
        }
        await kv.set(bucketKey(bucket), stored);
        if (!loaded.has(bucket)) loaded.set(bucket, Promise.resolve());
      } catch (error) {
        for (const id of members) dirty.add(id);
        failures.push(error);
      }
    }

    if (watermarkDirty && watermark !== undefined) {
      watermarkDirty = false;
      try {
        await kv.set(WATERMARK, watermark);
      } catch (error) {
        watermarkDirty = true;
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `cursor flush failed (${failures.length} write(s) will be retried)`);
  };

  return {
    async get(conversationId) {
      await load(bucketOf(conversationId));
      return cache.get(conversationId);
    },

    advance(conversationId, messageId) {
      const current = cache.get(conversationId);
      if (current === undefined) {
        if (!Number.isSafeInteger(conversationId) || !Number.isFinite(messageId)) return;
      } else if (!(messageId > current)) return;
      cache.set(conversationId, messageId);
      dirty.add(conversationId);
    },

    async all() {
      const list = await buckets();
      await Promise.all([...list].map(load));
      return new Map(cache);
    },

    async watermark() {
      if (watermark === undefined && !watermarkLoaded) {
        const stored = await kv.get<number>(WATERMARK);
        watermarkLoaded = true;
        // A setWatermark() that raced the read wins.
        if (watermark === undefined && typeof stored === 'number') watermark = stored;
      }
      return watermark;
    },

    setWatermark(ms) {
      if (!Number.isFinite(ms)) return;
      watermark = ms;
      watermarkDirty = true;
    },

    /** Writes what advance/setWatermark left in memory; one flush at a time. */
    flush() {
      const run = flushing.then(flushOnce, flushOnce);
      flushing = run.catch(() => undefined);
      return run;
    },
  };
}
