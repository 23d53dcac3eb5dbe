import type { OutboxTimers } from '../../../src/core/outbox/create-outbox.ts';

/** A hand-driven clock and timers for the outbox: time moves only when a test says so. */
export function createFakeClock(start = 0) {
  let current = start;
  let nextHandle = 1;
  const scheduled = new Map<number, { at: number; fn: () => void }>();

  const timers: OutboxTimers = {
    setTimeout(fn, ms) {
      const handle = nextHandle++;
      scheduled.set(handle, { at: current + Math.max(0, ms), fn });
      return handle;
    },
    clearTimeout(handle) {
      scheduled.delete(handle as number);
    },
  };

  const earliest = () => {
    let found: [number, { at: number; fn: () => void }] | undefined;
    for (const item of scheduled) if (!found || item[1].at < found[1].at) found = item;
    return found;
  };

  return {
    now: () => current,
    timers,
    /** Timers not yet fired. */
    pending: () => scheduled.size,
    /** When the earliest timer fires, if any. */
    nextAt: () => earliest()?.[1].at,
    /** Moves time forward by `ms`, firing (in order) every timer due by then. */
    advance(ms: number) {
      const until = current + ms;
      for (let next = earliest(); next && next[1].at <= until; next = earliest()) {
        scheduled.delete(next[0]);
        current = Math.max(current, next[1].at);
        next[1].fn();
      }
      current = until;
    },
    /** Jumps to the earliest timer and fires it. */
    runNext() {
      const next = earliest();
      if (!next) throw new Error('no timer scheduled');
      scheduled.delete(next[0]);
      current = Math.max(current, next[1].at);
      next[1].fn();
    },
  };
}

export type FakeClock = ReturnType<typeof createFakeClock>;
