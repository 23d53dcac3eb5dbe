import type { Lane } from './lane-queue.ts';

/**
 * Lanes that have deliveries and wait for a concurrency slot, served first come first served so a
 * busy conversation cannot starve the others. Intrusive (linked through `lane.nextReady`): O(1)
 * without allocating.
 */
export interface ReadyQueue {
  head: Lane | null;
  tail: Lane | null;
}

export function createReadyQueue(): ReadyQueue {
  return { head: null, tail: null };
}

/**
 * Appends the lane unless it is already waiting.
 *
 * @example
 * const ready = createReadyQueue();
 * markReady(ready, lane);
 * takeReady(ready); // → lane
 */
export function markReady(queue: ReadyQueue, lane: Lane): void {
  if (lane.inReady) return;
  lane.inReady = true;
  lane.nextReady = null;
  if (queue.tail === null) queue.head = lane;
  else queue.tail.nextReady = lane;
  queue.tail = lane;
}

export function takeReady(queue: ReadyQueue): Lane | null {
  const lane = queue.head;
  if (lane === null) return null;
  queue.head = lane.nextReady;
  if (queue.head === null) queue.tail = null;
  lane.nextReady = null;
  lane.inReady = false;
  return lane;
}
