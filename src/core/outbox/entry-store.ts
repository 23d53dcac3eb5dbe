import type Keyv from 'keyv';
import type { OutboxEntry } from './types.ts';

/** How long a delivered id is remembered, so re-enqueueing it is a no-op. */
export const DONE_TTL_MS = 24 * 60 * 60 * 1000;

export const INDEX_KEY = 'index';
export const entryKey = (id: string) => `entry:${id}`;
export const doneKey = (id: string) => `done:${id}`;

export interface EntryStore {
  /**
   * Writes `entry:<id>` and puts the id in the index by `seq` (enqueue order, whatever order the
   * writes finish in); resolves when both are stored.
   */
  add(entry: OutboxEntry, seq: number): Promise<void>;
  /** Rewrites `entry:<id>` (attempts, nextAttemptAt, lastError after a failure). */
  save(entry: OutboxEntry): Promise<void>;
  /** Removes a finished entry; a delivered one is remembered under `done:<id>` for 24 h. */
  complete(entry: OutboxEntry, outcome: 'delivered' | 'failed'): Promise<void>;
  /** Drops an id from the index (one whose entry is missing or unreadable). */
  forget(id: string): Promise<void>;
  /** Pending ids in enqueue order, after every index change made so far. */
  pendingIds(): Promise<string[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  getMany(ids: string[]): Promise<Array<OutboxEntry | undefined>>;
  /** The entry (without its payload) as it was delivered, if that happened within the last 24 h. */
  findDone(id: string): Promise<OutboxEntry | undefined>;
  /** Resolves once every index change made so far is written. */
  flush(): Promise<void>;
}

/**
 * Durable entries on a Keyv: `entry:<id>`, `done:<id>` (ttl 24 h) and `index`, the ordered list of
 * pending ids. Keyv iteration is not reliable on every adapter (sqlite + namespace), hence the
 * explicit index. Index changes apply to an in-memory copy in call order and are written by a
 * single writer, one write at a time, each write carrying every change made before it: concurrent
 * enqueues can neither lose ids nor pile up one write each.
 *
 * @example
 * const entries = createEntryStore(store.namespace('outbox'));
 * await entries.add(entry);
 * for (const id of await entries.pendingIds()) resume(await entries.get(id));
 */
export function createEntryStore(store: Keyv): EntryStore {
  let index: IndexList | undefined;
  let loading: Promise<IndexList> | undefined;
  let writing = false;
  let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  let written: Promise<void> = Promise.resolve();

  const loaded = (): Promise<IndexList> => {
    if (index) return Promise.resolve(index);
    loading ??= readIndex(store).then(
      (raw) => {
        index ??= createIndexList(Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : []);
        return index;
      },
      (error: unknown) => {
        loading = undefined; // let the next call try again
        throw error;
      },
    );
    return loading;
  };

  const writeLoop = async (): Promise<void> => {
    while (waiters.length > 0 && index) {
      const batch = waiters;
      waiters = [];
      try {
        await mustSet(store, INDEX_KEY, index.ids());
        for (const waiter of batch) waiter.resolve();
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    writing = false;
  };

  const changeIndex = async (change: (ids: IndexList) => void): Promise<void> => {
    change(await loaded());
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    if (!writing) {
      writing = true;
      written = writeLoop();
    }
    return done;
  };

  return {
    async add(entry, seq) {
      // Both writes in flight together; a crash between them leaves an index id without an entry
      // (skipped on load) or an entry without an index id (never resumed) — either way `enqueue`
      // had not resolved yet, so nothing that was promised is lost.
      await Promise.all([mustSet(store, entryKey(entry.id), entry), changeIndex((ids) => ids.add(entry.id, seq))]);
    },
    async save(entry) {
      await mustSet(store, entryKey(entry.id), entry);
    },
    async complete(entry, outcome) {
      // Without the payload: it may carry customer text, and the id is all idempotency needs.
      if (outcome === 'delivered') await mustSet(store, doneKey(entry.id), { ...entry, payload: undefined }, DONE_TTL_MS);
      await changeIndex((ids) => ids.delete(entry.id));
      await store.delete(entryKey(entry.id));
    },
    async forget(id) {
      await changeIndex((ids) => ids.delete(id));
      await store.delete(entryKey(id));
    },
    async pendingIds() {
      await changeIndex(() => {});
      return (await loaded()).ids();
    },
    async get(id) {
      return (await store.get<OutboxEntry>(entryKey(id))) ?? undefined;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const values = await store.getMany<OutboxEntry>(ids.map(entryKey));
      return values.map((value) => value ?? undefined);
    },
    async findDone(id) {
      return (await store.get<OutboxEntry>(doneKey(id))) ?? undefined;
    },
    async flush() {
      while (writing) await written;
    },
  };
}

interface IndexList {
  add(id: string, seq: number): void;
  delete(id: string): void;
  ids(): string[];
}

/** Pending ids sorted by seq; ids loaded from the store keep their order, ahead of new ones. */
function createIndexList(loadedIds: string[]): IndexList {
  const seqs = new Map<string, number>();
  const list: Array<{ id: string; seq: number }> = [];
  let loadedSeq = -Number.MAX_SAFE_INTEGER;
  for (const id of loadedIds) {
    if (seqs.has(id)) continue;
    seqs.set(id, loadedSeq);
    list.push({ id, seq: loadedSeq++ });
  }
  return {
    add(id, seq) {
      if (seqs.has(id)) return;
      seqs.set(id, seq);
      // Almost always an append.
      let at = list.length;
      while (at > 0 && (list[at - 1] as { seq: number }).seq > seq) at -= 1;
      list.splice(at, 0, { id, seq });
    },
    delete(id) {
      if (!seqs.delete(id)) return;
      const at = list.findIndex((item) => item.id === id);
      if (at >= 0) list.splice(at, 1);
    },
    ids: () => list.map((item) => item.id),
  };
}

/** Keyv reports a failed write as `false` (and an `error` event) rather than throwing. */
async function mustSet(store: Keyv, key: string, value: unknown, ttl?: number): Promise<void> {
  if ((await store.set(key, value, ttl)) === false) throw new Error(`outbox store: writing ${key.split(':')[0]} failed`);
}

/**
 * Keyv turns a failed read into `undefined`, which for the index would read as "nothing pending"
 * and the next write would erase every pending id. Its `error` event tells the two apart.
 */
async function readIndex(store: Keyv): Promise<unknown> {
  let failure: unknown;
  const onError = (error: unknown) => {
    failure ??= error ?? new Error('store error');
  };
  store.on('error', onError);
  try {
    const raw = await store.get<unknown>(INDEX_KEY);
    if (failure !== undefined) throw new Error(`outbox store: reading the index failed: ${String(failure)}`);
    return raw;
  } finally {
    store.off('error', onError);
  }
}

/** A stored value that looks like an entry (the store may hold anything after a bad write). */
export function isEntryShape(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<OutboxEntry>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.kind === 'string' &&
    typeof entry.destination === 'string' &&
    typeof entry.attempts === 'number' &&
    typeof entry.nextAttemptAt === 'number'
  );
}

/** What the executor would see after a restart, from the first attempt on (and non-JSON fails here). */
export function jsonCopy<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value)) as T;
}
