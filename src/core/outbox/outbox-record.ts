import type { LaneItem } from './lane-scheduler.ts';
import type { OutboxEntry } from './types.ts';

/** An entry as the running outbox holds it: its place in line and the caller's `delivered` promise. */
export interface OutboxRecord extends LaneItem {
  readonly seq: number;
  entry: OutboxEntry;
  readonly delivered: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Wraps an entry; `delivered` already has a no-op catch, so a failure nobody awaits is never an
 * unhandled rejection (those who await it still see the error).
 *
 * @example
 * const record = createRecord(entry, nextSeq++);
 * record.resolve(result); // settles record.delivered
 */
export function createRecord(entry: OutboxEntry, seq: number): OutboxRecord {
  let resolve!: (value: unknown) => void;
  let reject!: (error: Error) => void;
  const delivered = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  delivered.catch(() => {});
  return { seq, entry, delivered, resolve, reject };
}
