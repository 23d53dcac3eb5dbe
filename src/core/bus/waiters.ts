/**
 * Promises waiting for a condition the owner checks (drained, idle); `release` settles them all.
 *
 * @example
 * const idle = createWaiters();
 * const done = idle.wait();
 * idle.release(); // done resolves
 */
export function createWaiters() {
  let pending: Array<() => void> = [];
  return {
    count: (): number => pending.length,
    wait: (): Promise<void> => new Promise<void>((resolve) => pending.push(resolve)),
    release(): void {
      const waiting = pending;
      pending = [];
      for (const resolve of waiting) resolve();
    },
  };
}
