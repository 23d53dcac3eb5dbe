import type { LedgerKv } from './ledger-kv.ts';

/** Conversations per stored bucket: display ids are sequential, so live ones share a few buckets. */
const BUCKET_SIZE = 1_000;
export const bucketOf = (conversationId: number): number => Math.floor(conversationId / BUCKET_SIZE);

/** Stored per conversation: `[cursor or null, ...handled ids]`. */
export type StoredTrack = Array<number | null>;
export type Bucket = Record<string, StoredTrack>;

const bucketKey = (bucket: number) => `bucket:${bucket}`;
const BUCKETS = 'buckets';
const SYNC_POINT = 'sync-point';

/**
 * The delivery log's keys: `bucket:<n>` (1 000 conversations each), the `buckets` index (keyv
 * iteration is unreliable on some adapters) and `sync-point`. Writes go index first, buckets next,
 * sync point last, so a crash between them never leaves a sync point ahead of what it relies on.
 *
 * @example
 * const store = deliveryLogStore(ledgerKv(store, 'deliveries'), ledgerKv(store, 'cursors'));
 * const { tracks, syncPoint } = await store.load();
 */
export function deliveryLogStore(kv: LedgerKv, legacyKv?: LedgerKv) {
  let index = new Set<number>();
  return {
    async load(): Promise<{ tracks: Array<[number, StoredTrack]>; syncPoint: number | undefined; migrated: boolean }> {
      const [list, stored] = await Promise.all([kv.get<number[]>(BUCKETS), kv.get<number>(SYNC_POINT)]);
      if (list === undefined && stored === undefined && legacyKv) {
        const legacy = await readLegacyCursors(legacyKv);
        if (legacy.tracks.length > 0 || legacy.syncPoint !== undefined) return { ...legacy, migrated: true };
      }
      index = new Set(Array.isArray(list) ? list.filter((n) => Number.isSafeInteger(n)) : []);
      const values = await Promise.all([...index].map(async (bucket) => parseBucket(await kv.get<Bucket | string>(bucketKey(bucket)))));
      const tracks: Array<[number, StoredTrack]> = [];
      for (const value of values) {
        if (typeof value !== 'object' || value === null) continue;
        for (const [id, entry] of Object.entries(value)) {
          if (Number.isSafeInteger(Number(id)) && Array.isArray(entry)) tracks.push([Number(id), entry]);
        }
      }
      return { tracks, syncPoint: typeof stored === 'number' && Number.isFinite(stored) ? stored : undefined, migrated: false };
    },

    /** Writes the given buckets, then the sync point; rejects with every failure (the caller retries). */
    async write(buckets: Map<number, Bucket>, syncPoint: number | undefined): Promise<void> {
      const fresh = [...buckets.keys()].filter((bucket) => !index.has(bucket));
      if (fresh.length > 0) {
        const next = new Set([...index, ...fresh]);
        await kv.set(BUCKETS, [...next].sort((a, b) => a - b));
        index = next;
      }
      // Stored as one JSON string: a busy conversation's bucket holds thousands of ids, and the
      // store's own serializer walks values element by element in JavaScript (5–10× slower).
      const results = await Promise.allSettled([...buckets].map(([bucket, value]) => kv.set(bucketKey(bucket), JSON.stringify(value))));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
      if (failures.length === 0 && syncPoint !== undefined) await kv.set(SYNC_POINT, syncPoint);
      if (failures.length > 0) throw new AggregateError(failures, `delivery log: ${failures.length} bucket write(s) failed; they will be retried`);
    },
  };
}

/** A bucket as written (a JSON string), or as earlier builds wrote it (an object); unreadable: undefined. */
function parseBucket(value: Bucket | string | undefined): Bucket | undefined {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as Bucket;
  } catch {
    return undefined;
  }
}

/** An older version's cursors (last delivered id per conversation) and watermark, as a starting point. */
async function readLegacyCursors(kv: LedgerKv): Promise<{ tracks: Array<[number, StoredTrack]>; syncPoint: number | undefined }> {
  const tracks: Array<[number, StoredTrack]> = [];
  const [list, watermark] = await Promise.all([kv.get<number[]>('buckets'), kv.get<number>('watermark')]);
  for (const bucket of Array.isArray(list) ? list : []) {
    const value = await kv.get<Record<string, unknown>>(`bucket:${bucket}`);
    for (const [id, messageId] of Object.entries(value ?? {})) {
      if (Number.isSafeInteger(Number(id)) && typeof messageId === 'number' && Number.isSafeInteger(messageId)) tracks.push([Number(id), [messageId]]);
    }
  }
  return { tracks, syncPoint: typeof watermark === 'number' && Number.isFinite(watermark) ? watermark : undefined };
}
