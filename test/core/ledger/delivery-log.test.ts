import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryLog, type DeliveryLog } from '../../../src/core/ledger/delivery-log.ts';
import { ledgerKv } from '../../../src/core/ledger/ledger-kv.ts';
import type { Store } from '../../../src/core/store/create-store.ts';
import { tempStores } from '../store/temp-store.ts';

const temp = tempStores();
const logs: DeliveryLog[] = [];
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  await temp.cleanup();
});

const T0 = 1_700_000_000_000;

async function open(store: Store, clock: { now: number }, reorderWindowMs = 10_000): Promise<DeliveryLog> {
  const log = createDeliveryLog({ kv: ledgerKv(store, 'deliveries'), now: () => clock.now, reorderWindowMs, flushDelayMs: 0, commitEveryMs: 0 });
  logs.push(log);
  await log.load();
  return log;
}

/** One message through: dispatched at `at`, every plugin done. */
function handle(log: DeliveryLog, conversationId: number, messageId: number, at: number): void {
  log.begin(conversationId, messageId, Math.floor(at / 1000), at);
  log.finish(conversationId, messageId, true);
}

describe('delivery log', () => {
  it('knows a message from the moment it is dispatched, and after a restart once it was handled', async () => {
    const store = await temp.open(`sqlite://${temp.dir()}/ledger.sqlite`);
    const clock = { now: T0 };
    const log = await open(store, clock);
    log.begin(7, 100, T0 / 1000, T0);
    expect(log.isKnown(7, 100)).toBe(true);
    expect(log.isHandled(7, 100)).toBe(false);
    log.begin(7, 101, T0 / 1000, T0);
    log.finish(7, 101, true);
    await log.flush();

    const again = await open(store, clock);
    expect(again.isHandled(7, 101)).toBe(true);
    // 100 was still in flight: after a crash it must be delivered again.
    expect(again.isKnown(7, 100)).toBe(false);
  });

  it('never settles the cursor while out of sync, nor past a message still in flight', async () => {
    const store = await temp.open('memory://');
    const clock = { now: T0 };
    const log = await open(store, clock);
    log.begin(7, 100, T0 / 1000, T0); // a slow handler
    handle(log, 7, 101, T0);
    clock.now = T0 + 60_000;
    await log.flush();
    expect(log.cursor(7)).toBeUndefined(); // not in sync: nothing settles

    log.setInSync(T0 - 1);
    await log.flush();
    expect(log.cursor(7)).toBeUndefined(); // 100 is in flight and precedes 101

    log.finish(7, 100, true);
    await log.flush();
    expect(log.cursor(7)).toBe(101);
    expect(log.isHandled(7, 101)).toBe(false); // settled: below the cursor, catch-up never reads it again
  });

  it('a live message settles only after the reorder window, unless a completed pass vouches for it', async () => {
    const store = await temp.open('memory://');
    const clock = { now: T0 };
    const log = await open(store, clock, 10_000);
    handle(log, 7, 100, T0);
    log.setInSync(T0); // the pass began at T0: 100 arrived at T0, not before
    clock.now = T0 + 9_999;
    await log.flush();
    expect(log.cursor(7)).toBeUndefined();
    clock.now = T0 + 10_000;
    await log.flush();
    expect(log.cursor(7)).toBe(100);

    handle(log, 8, 200, T0 + 10_000);
    log.setInSync(T0 + 10_001); // a pass that began after it completed
    await log.flush();
    expect(log.cursor(8)).toBe(200);
  });

  it('an event dropped unrun at shutdown is not handled', async () => {
    const store = await temp.open('memory://');
    const log = await open(store, { now: T0 });
    log.begin(7, 100, T0 / 1000, T0);
    log.finish(7, 100, false);
    expect(log.isKnown(7, 100)).toBe(false);
    expect(log.inFlight()).toBe(0);
  });

  it('the sync point stays behind what is in flight and the reorder window, and only moves in sync', async () => {
    const store = await temp.open('memory://');
    const clock = { now: T0 };
    const log = await open(store, clock, 10_000);
    expect(log.syncPoint()).toBeUndefined();
    log.initSyncPoint(T0);
    clock.now = T0 + 60_000;
    await log.flush();
    expect(log.syncPoint()).toBe(T0); // not in sync yet

    log.setInSync(T0 + 1);
    log.begin(7, 100, (T0 + 20_000) / 1000, T0 + 59_000); // created at T0+20 s, still being handled
    await log.flush();
    expect(log.syncPoint()).toBe(T0 + 20_000);
    log.finish(7, 100, true);
    await log.flush();
    expect(log.syncPoint()).toBe(T0 + 50_000); // now − reorder window

    const again = await open(store, clock);
    expect(again.syncPoint()).toBe(T0 + 50_000);
  });

  it('keeps handled ids sorted whatever order handlers finish in', async () => {
    const store = await temp.open('memory://');
    const clock = { now: T0 };
    const log = await open(store, clock);
    for (const id of [5, 3, 9, 4]) log.begin(1, id, T0 / 1000, T0);
    for (const id of [9, 3, 4, 5]) log.finish(1, id, true);
    log.setInSync(T0 + 1);
    await log.flush();
    expect(log.cursor(1)).toBe(9);
  });

  it('restored handled ids settle once a pass in the new process completes', async () => {
    const store = await temp.open('memory://');
    const clock = { now: T0 };
    const first = await open(store, clock);
    handle(first, 7, 100, T0);
    await first.flush();
    const second = await open(store, clock);
    expect(second.cursor(7)).toBeUndefined();
    second.setInSync(T0);
    await second.flush();
    expect(second.cursor(7)).toBe(100);
  });
});
