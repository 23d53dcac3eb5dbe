/** What a confirmation can say about a write. */
export type WriteOutcome = { state: 'delivered'; value: unknown } | { state: 'queued' };

function deliveredOf(result: unknown): PromiseLike<unknown> | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const delivered = (result as { delivered?: unknown }).delivered;
  return typeof (delivered as PromiseLike<unknown> | undefined)?.then === 'function' ? (delivered as PromiseLike<unknown>) : undefined;
}

/**
 * Awaits a write. A plain result counts as delivered. An outbox receipt (`{ delivered }`) is waited
 * for up to `timeoutMs`: a permanent failure rejects (so the user hears about it), a slow Chatwoot
 * gives `queued` (the outbox keeps retrying).
 *
 * @example
 * const outcome = await awaitWrite(writes.setStatus(42, 'resolved'), { timeoutMs: 10_000, signal });
 */
export async function awaitWrite(write: Promise<unknown>, options: { timeoutMs: number; signal?: AbortSignal }): Promise<WriteOutcome> {
  const result = await write;
  const delivered = deliveredOf(result);
  if (!delivered) return { state: 'delivered', value: result };
  if (options.timeoutMs <= 0 || options.signal?.aborted) {
    // Nobody waits: keep a later failure from surfacing as an unhandled rejection here.
    Promise.resolve(delivered).catch(() => undefined);
    return { state: 'queued' };
  }
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const giveUp = new Promise<WriteOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'queued' }), options.timeoutMs);
    timer.unref?.();
    onAbort = () => resolve({ state: 'queued' });
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const settled = Promise.resolve(delivered).then((value): WriteOutcome => ({ state: 'delivered', value }));
  settled.catch(() => undefined);
  try {
    return await Promise.race([settled, giveUp]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}
