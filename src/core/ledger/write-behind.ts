/**
 * Batches writes: `schedule()` after a change runs `write` once, `delayMs` later, however many
 * changes came meanwhile; never two writes at once, and at most one per `delayMs` under load.
 * `flush()` resolves once everything changed before the call is written.
 *
 * @example
 * const behind = createWriteBehind({ delayMs: 20, write: () => saveDirty(), onError: (e) => log.warn(e) });
 * cache.set(k, v);
 * behind.schedule();
 * await behind.flush(); // on shutdown
 */
export function createWriteBehind(options: { delayMs: number; write: () => Promise<void>; onError: (error: unknown) => void }) {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const schedule = (): void => {
    if (options.delayMs <= 0 || timer || closed) return;
    if (writing) {
      again = true;
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch(options.onError);
    }, options.delayMs);
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
      try {
        await options.write();
      } finally {
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
