import { afterEach, describe, expect, it } from 'vitest';
import { createDedupe } from '../../../src/core/ledger/dedupe.ts';
import { createLedger, type Ledger } from '../../../src/core/ledger/create-ledger.ts';
import { tempStores } from '../store/temp-store.ts';

const temp = tempStores();
const ledgers: Ledger[] = [];
afterEach(async () => {
  for (const ledger of ledgers.splice(0)) await ledger.close();
  await temp.cleanup();
});

describe('firstSeen', () => {
  it('is true once per key within the ttl, true again after it', async () => {
    let clock = 0;
    const ledger = createLedger({ store: await temp.open('memory://'), now: () => clock, dedupeTtlMs: 1_000, flushDelayMs: 0 });
    ledgers.push(ledger);
    expect(ledger.firstSeen('message.created:1')).toBe(true);
    expect(ledger.firstSeen('message.created:1')).toBe(false);
    expect(ledger.firstSeen('message.created:2')).toBe(true);
    clock = 999;
    expect(ledger.firstSeen('message.created:1')).toBe(false);
    clock = 1_000;
    expect(ledger.firstSeen('message.created:1')).toBe(true);
    expect(ledger.firstSeen('message.created:1')).toBe(false);
    // The ttl runs from first sight, not from the last repeat.
    clock = 1_999;
    expect(ledger.firstSeen('message.created:1')).toBe(false);
    clock = 2_000;
    expect(ledger.firstSeen('message.created:1')).toBe(true);
  });

  it('is bounded: past maxKeys the oldest key is forgotten first', () => {
    const firstSeen = createDedupe({ now: () => 0, ttlMs: 60_000, maxKeys: 3 });
    expect(['a', 'b', 'c'].map(firstSeen)).toEqual([true, true, true]);
    expect(firstSeen('d')).toBe(true); // evicts a
    expect(firstSeen('b')).toBe(false);
    expect(firstSeen('c')).toBe(false);
    expect(firstSeen('d')).toBe(false);
    expect(firstSeen('a')).toBe(true); // forgotten, evicts b
    expect(firstSeen('b')).toBe(true); // evicts c
    expect(firstSeen('d')).toBe(false);
  });

  it('keeps a key re-seen after expiry in its newer slot when its old slot is recycled', () => {
    let clock = 0;
    const firstSeen = createDedupe({ now: () => clock, ttlMs: 10, maxKeys: 2 });
    expect(firstSeen('a')).toBe(true); // slot 0
    clock = 10;
    expect(firstSeen('a')).toBe(true); // expired: slot 1
    expect(firstSeen('b')).toBe(true); // recycles slot 0 (a's old one): a must stay
    expect(firstSeen('a')).toBe(false);
  });

  it('refuses a bound below 1', () => {
    expect(() => createDedupe({ now: Date.now, ttlMs: 1, maxKeys: 0 })).toThrow(RangeError);
  });

  it('holds 100k keys and stays cheap per call', () => {
    const firstSeen = createDedupe({ now: Date.now, ttlMs: 86_400_000, maxKeys: 100_000 });
    const keys = Array.from({ length: 100_000 }, (_, i) => `message.created:${i}`);
    const started = performance.now();
    let fresh = 0;
    for (let pass = 0; pass < 3; pass += 1) for (const key of keys) if (firstSeen(key)) fresh += 1;
    const elapsed = performance.now() - started;
    expect(fresh).toBe(100_000);
    expect(elapsed).toBeLessThan(1_000);
  });
});
