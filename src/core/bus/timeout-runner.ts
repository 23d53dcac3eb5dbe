import { performance } from 'node:perf_hooks';

/** What the runner tracks; the bus's in-flight call record extends it. */
export interface TimedCall {
  deadline: number;
  prev: TimedCall | null;
  next: TimedCall | null;
}

export interface TimeoutRunner<C extends TimedCall> {
  /** Starts the clock for a call (it times out after `timeoutMs` unless `finish`ed first). */
  start(call: C): void;
  /** Stops tracking a call; O(1). */
  finish(call: C): void;
  /** In-flight calls being tracked. */
  size(): number;
}

// setTimeout treats anything above 2^31-1 ms as 1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Timeouts for in-flight handler calls with one timer, not one per call. Every call gets the same
 * timeout, so deadlines grow in start order: calls sit in a doubly linked list, oldest first, and the
 * single timer is armed for the oldest deadline. Start and finish are O(1) and allocate nothing; the
 * timer is cleared whenever nothing is in flight, so it never holds the process open for nothing.
 *
 * @example
 * const runner = createTimeoutRunner<Call>({ timeoutMs: 30_000, onTimeout: (call) => abandon(call) });
 * runner.start(call);
 * promise.then(() => runner.finish(call));
 */
export function createTimeoutRunner<C extends TimedCall>(options: {
  timeoutMs: number;
  onTimeout(call: C): void;
  now?: () => number;
}): TimeoutRunner<C> {
  const { timeoutMs, onTimeout } = options;
  const now = options.now ?? (() => performance.now());
  const enabled = Number.isFinite(timeoutMs);
  let head: TimedCall | null = null;
  let tail: TimedCall | null = null;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;

  const arm = (delay: number) => {
    if (timer === undefined) timer = setTimeout(fire, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(delay))));
  };

  const unlink = (call: TimedCall) => {
    if (call.prev === null) head = call.next;
    else call.prev.next = call.next;
    if (call.next === null) tail = call.prev;
    else call.next.prev = call.prev;
    call.prev = null;
    call.next = null;
    count -= 1;
  };

  function fire(): void {
    timer = undefined;
    const at = now();
    // Timers may fire a little early against this clock; anything not yet due re-arms below.
    while (head !== null && head.deadline <= at) {
      const call = head;
      unlink(call);
      onTimeout(call as C);
    }
    if (head !== null) arm(head.deadline - now());
  }

  return {
    start(call) {
      if (!enabled) return;
      const at = now();
      call.deadline = at + timeoutMs;
      call.prev = tail;
      call.next = null;
      if (tail === null) head = call;
      else tail.next = call;
      tail = call;
      count += 1;
      // The timer is missing only when the list was empty or `fire` is running: arm for the oldest.
      if (timer === undefined) arm((head as TimedCall).deadline - at);
    },
    finish(call) {
      if (!enabled) return;
      if (call.prev === null && head !== call) return; // not tracked (already timed out)
      unlink(call);
      if (head === null && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    },
    size: () => count,
  };
}
