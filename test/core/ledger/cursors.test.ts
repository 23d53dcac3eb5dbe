import { Keyv } from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedger, type Ledger, type LedgerOptions } from '../../../src/core/ledger/create-ledger.ts';
import type { Store } from '../../../src/core/store/create-store.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { STORE_KINDS, tempStores } from '../store/temp-store.ts';

const temp = tempStores();
const ledgers: Ledger[] = [];
afterEach(async () => {
  for (const ledger of ledgers.splice(0)) await ledger.close();
  await temp.cleanup();
});

function ledgerOn(store: Store, options: Partial<LedgerOptions> = {}): Ledger {
  const ledger = createLedger({ store, cursorFlushMs: 0, ...options });
  ledgers.push(ledger);
  return ledger;
}

describe.each(STORE_KINDS)('ledger.cursors on $kind', ({ url }) => {
  it('only moves forward', async () => {
    const { cursors } = ledgerOn(await temp.open(url(() => temp.dir())));
    expect(await cursors.get(42)).toBeUndefined();
    cursors.advance(42, 100);
    cursors.advance(42, 90);
    expect(await cursors.get(42)).toBe(100);
    cursors.advance(42, 101);
    cursors.advance(42, Number.NaN);
    expect(await cursors.get(42)).toBe(101);
  });

  it('writes behind: nothing in the store until flush()', async () => {
    const store = await temp.open(url(() => temp.dir()));
    const first = ledgerOn(store);
    first.cursors.advance(42, 100);
    first.cursors.setWatermark(1_700_000_000_000);
    const peer = ledgerOn(store); // another reader of the same store sees only what is flushed
    expect(await peer.cursors.get(42)).toBeUndefined();
    expect(await peer.cursors.watermark()).toBeUndefined();
    await first.flush();
    const after = ledgerOn(store);
    expect(await after.cursors.get(42)).toBe(100);
    expect(await after.cursors.watermark()).toBe(1_700_000_000_000);
  });

  it('flushes on its own every cursorFlushMs', async () => {
    const store = await temp.open(url(() => temp.dir()));
    const { cursors } = ledgerOn(store, { cursorFlushMs: 10 });
    cursors.advance(7, 70);
    await waitFor(async () => (await ledgerOn(store).cursors.get(7)) === 70, { what: 'the write-behind flush' });
  });

  it('never lowers a stored cursor, even from a ledger that started behind', async () => {
    const store = await temp.open(url(() => temp.dir()));
    const ahead = ledgerOn(store);
    ahead.cursors.advance(42, 500);
    await ahead.flush();

    const behind = ledgerOn(store);
    behind.cursors.advance(42, 400); // before it ever read the stored 500
    behind.cursors.advance(43, 10);
    await behind.flush();
    expect(await behind.cursors.get(42)).toBe(500);
    expect(await ledgerOn(store).cursors.get(42)).toBe(500);
    expect(await ledgerOn(store).cursors.get(43)).toBe(10);
  });

  it('all() lists every conversation with a cursor, flushed or not, across buckets', async () => {
    const store = await temp.open(url(() => temp.dir()));
    const first = ledgerOn(store);
    first.cursors.advance(0, 5);
    first.cursors.advance(42, 100);
    first.cursors.advance(1_042, 200);
    first.cursors.advance(250_000, 300);
    await first.flush();
    first.cursors.advance(42, 101);
    first.cursors.advance(9_999, 7); // not flushed yet
    expect(await first.cursors.all()).toEqual(
      new Map([
        [0, 5],
        [42, 101],
        [1_042, 200],
        [250_000, 300],
        [9_999, 7],
      ]),
    );
    expect(await ledgerOn(store).cursors.all()).toEqual(
      new Map([
        [0, 5],
        [42, 100],
        [1_042, 200],
        [250_000, 300],
      ]),
    );
  });

  it('the watermark: last value set wins, undefined before any', async () => {
    const { cursors, flush } = ledgerOn(await temp.open(url(() => temp.dir())));
    expect(await cursors.watermark()).toBeUndefined();
    cursors.setWatermark(2_000);
    cursors.setWatermark(1_500);
    expect(await cursors.watermark()).toBe(1_500);
    await flush();
    expect(await cursors.watermark()).toBe(1_500);
  });
});

describe('ledger.cursors persistence', () => {
  it('survive closing and re-opening a sqlite store (close() flushes)', async () => {
    const url = `sqlite://${temp.dir()}/cursors.sqlite`;
    const before = await temp.open(url);
    const first = ledgerOn(before, { cursorFlushMs: 60_000 });
    first.cursors.advance(42, 100);
    first.cursors.advance(3_001, 33);
    first.cursors.setWatermark(1_700_000_000_123);
    await first.close();
    await before.close();

    const { cursors } = ledgerOn(await temp.open(url));
    expect(await cursors.get(42)).toBe(100);
    expect(await cursors.all()).toEqual(
      new Map([
        [42, 100],
        [3_001, 33],
      ]),
    );
    expect(await cursors.watermark()).toBe(1_700_000_000_123);
  });

  it('keeps unflushed cursors when a flush fails, and writes them on the next flush', async () => {
    const { log, lines } = captureLog();
    let failing = false;
    const map = new Map<string, unknown>();
    const flaky = {
      get: async (key: string) => map.get(key),
      set: async (key: string, value: unknown) => {
        if (failing) throw new Error('disk full');
        map.set(key, value);
      },
      delete: async (key: string) => map.delete(key),
      clear: async () => map.clear(),
    };
    const keyv = new Keyv({ store: flaky });
    keyv.on('error', () => {});
    const ledger = createLedger({ store: keyv, cursorFlushMs: 5, log });
    ledgers.push(ledger);
    failing = true;
    ledger.cursors.advance(42, 100);
    ledger.cursors.setWatermark(5_000);
    await expect(ledger.flush()).rejects.toThrow(/cursor flush failed/);
    await waitFor(() => lines.some((line) => line['msg'] === 'ledger flush failed; will retry'), { what: 'the timer to log' });
    failing = false;
    await ledger.flush();
    const fresh = createLedger({ store: keyv, cursorFlushMs: 0 });
    ledgers.push(fresh);
    expect(await fresh.cursors.get(42)).toBe(100);
    expect(await fresh.cursors.watermark()).toBe(5_000);
  });
});
