import { performance } from 'node:perf_hooks';

/**
 * Batches writes: `schedule()` after a change runs `write` once, `delayMs` later, however many
 * changes came meanwhile; never two writes at once. Under load the delay grows to four times what
 * the last write took (at most 200 ms), so costly writes batch more and take a bounded share.
 * `flush()` resolves once everything changed before the call is written.
 *
 * @example
 * const behind = createWriteBehind({ delayMs: 20, write: () => saveDirty(), onError: (e) => log.warn(e) });
 * cache.set(k, v);
 * behind.schedule();
 * await behind.flush(); // on shutdown
 */
/** However costly the writes, the next one comes within this (the window a crash can lose). */
const MAX_DELAY_MS = 200;

export function createWriteBehind(options: { delayMs: number; write: () => Promise<void>; onError: (error: unknown) => void }) {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let spent = 0;

  const schedule = (): void => {
    if (options.delayMs <= 0 || timer || closed) return;
    if (writing) {
      again = true;
      return;
    }
    timer = setTimeout(
      () => {
        timer = undefined;
        flush().catch(options.onError);
      },
      Math.max(options.delayMs, Math.min(MAX_DELAY_MS, spent * 4)),
    );
    timer.unref();
  };

  const flush = (): Promise<void> => {
    if (writing) {
      again = true;
      return writing.then(flush, flush);
    }
    clearTimeout(timer);
    timer = undefined;
    again = false;
    writing = (async () => {
      const startedAt = performance.now();
      try {
        await options.write();
      } finally {
        // A costly write waits longer before the next: under load, bigger batches, fewer writes.
        spent = performance.now() - startedAt;
        writing = undefined;
        // Changes made meanwhile wait for the next batch.
        if (again) schedule();
      }
    })();
    return writing;
  };

  return {
    schedule,
    flush,
    /** A last flush; nothing is scheduled afterwards. */
    async close(): Promise<void> {
      await flush();
      closed = true;
      clearTimeout(timer);
    },
  };
}
