import type { Logger } from '../observability/logger.ts';

/** Timer hooks, so a test drives the summary without waiting. */
export interface ReporterTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface DropReporterOptions {
  log: Logger;
  /** What was dropped, e.g. `malformed cable frames ignored`. */
  message: string;
  /** At most one line per this many ms. Default one minute. */
  intervalMs?: number;
  now?: () => number;
  timers?: ReporterTimers;
}

const realTimers: ReporterTimers = {
  set(fn, ms) {
    const timer = setTimeout(fn, ms);
    // A pending summary must never keep the process alive.
    timer.unref();
    return timer;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Logs dropped input by time, not by count: the first drop after a quiet minute is logged at once,
 * later ones are counted per reason and summed up in one line at the end of the minute. A hostile
 * stream cannot flood the logs, and an operator always hears about it — however long it goes on.
 * `detail` must name what was dropped (an event name, an id), never customer text.
 *
 * @example
 * const malformed = createDropReporter({ log, message: 'malformed cable frames ignored' });
 * malformed.report('not JSON');
 * // warn {"reasons":{"not JSON":1},"total":1} malformed cable frames ignored: 1 × not JSON
 * malformed.stop(); // writes what is still pending
 */
export function createDropReporter(options: DropReporterOptions) {
  const { log, message } = options;
  const intervalMs = options.intervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? realTimers;
  const counts = new Map<string, number>();
  const details = new Map<string, string>();
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let timer: unknown;

  const write = () => {
    timer = undefined;
    if (counts.size === 0) return;
    const reasons = Object.fromEntries(counts);
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const summary = [...counts].map(([reason, n]) => `${n} × ${reason}`).join(', ');
    const examples = details.size > 0 ? { examples: Object.fromEntries(details) } : {};
    counts.clear();
    details.clear();
    lastLineAt = now();
    log.warn({ reasons, total, ...examples }, `${message}: ${summary}`);
  };

  return {
    /** Counts one drop; logs now or in the next summary. */
    report(reason: string, detail?: string): void {
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
      if (detail !== undefined) details.set(reason, detail);
      const since = now() - lastLineAt;
      if (since >= intervalMs) {
        if (timer !== undefined) timers.clear(timer);
        write();
        return;
      }
      timer ??= timers.set(write, intervalMs - since);
    },
    /** Writes the pending summary now and cancels the timer (on shutdown). */
    stop(): void {
      if (timer !== undefined) timers.clear(timer);
      write();
    },
  };
}
