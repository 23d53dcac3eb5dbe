import type { ReporterTimers } from '../../src/chatwoot/drop-reporter.ts';

/** Timers a test fires by hand: `fire()` runs every pending callback (summaries without waiting a minute). */
export function manualTimers(): ReporterTimers & { pending(): number; fire(): void } {
  const scheduled = new Map<number, () => void>();
  let next = 0;
  return {
    set(fn) {
      next += 1;
      scheduled.set(next, fn);
      return next;
    },
    clear(handle) {
      scheduled.delete(handle as number);
    },
    pending: () => scheduled.size,
    fire() {
      const due = [...scheduled.values()];
      scheduled.clear();
      for (const fn of due) fn();
    },
  };
}
