import { afterEach, describe, expect, it } from 'vitest';
import { createLedger, echoMarker, newEchoId, type Ledger, type LedgerOptions } from '../../../src/core/ledger/create-ledger.ts';
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
  const ledger = createLedger({ store, flushDelayMs: 0, ...options });
  ledgers.push(ledger);
  return ledger;
}

describe('newEchoId and echoMarker', () => {
  it('makes unique sb- ids and a content_attributes marker', () => {
    const id = newEchoId();
    expect(id).toMatch(/^sb-[0-9a-f-]{36}$/);
    expect(newEchoId()).not.toBe(id);
    expect(echoMarker({ surface: 'slack', ref: 'C1:1700.01' }, id)).toEqual({ switchboard: { origin: 'slack', ref: 'C1:1700.01', echo_id: id } });
    expect(echoMarker({ surface: 'discord' }, id)).toEqual({ switchboard: { origin: 'discord', echo_id: id } });
  });
});

describe.each(STORE_KINDS)('ledger.echo on $kind', ({ url }) => {
  it('matches by echo_id in the same tick as record (before the store write settles)', async () => {
    const { echo } = ledgerOn(await temp.open(url(() => temp.dir())));
    const echoId = newEchoId();
    const recording = echo.record(echoId, { conversationId: 42, origin: { surface: 'slack', ref: 'C1:1700.01' } });
    const matched = echo.match({ echo_id: echoId });
    expect(await matched).toEqual({ surface: 'slack', ref: 'C1:1700.01' });
    await recording;
  });

  it('matches by echo_id from the store in a fresh ledger (after a restart)', async () => {
    const store = await temp.open(url(() => temp.dir()));
    const echoId = newEchoId();
    await ledgerOn(store).echo.record(echoId, { conversationId: 42, origin: { surface: 'discord' } });
    expect(await ledgerOn(store).echo.match({ echo_id: echoId })).toEqual({ surface: 'discord' });
  });

  it('matches by the content_attributes marker with no ledger entry at all', async () => {
    const { echo } = ledgerOn(await temp.open(url(() => temp.dir())));
    const echoId = newEchoId();
    // A webhook or catch-up copy: no echo_id, only the persisted marker.
    expect(await echo.match({ content_attributes: echoMarker({ surface: 'slack', ref: 'C1:1700.05' }, echoId) })).toEqual({
      surface: 'slack',
      ref: 'C1:1700.05',
    });
    expect(await echo.match({ echo_id: echoId, content_attributes: echoMarker({ surface: 'slack' }, echoId) })).toEqual({ surface: 'slack' });
  });

  it('does not match strangers', async () => {
    const { echo } = ledgerOn(await temp.open(url(() => temp.dir())));
    expect(await echo.match({})).toBeUndefined();
    expect(await echo.match({ echo_id: 'dashboard-typed-this' })).toBeUndefined();
    expect(await echo.match({ content_attributes: { in_reply_to: 3 } })).toBeUndefined();
    expect(await echo.match({ content_attributes: { switchboard: { origin: 42 } } })).toBeUndefined();
    expect(await echo.match({ content_attributes: { switchboard: 'slack' } })).toBeUndefined();
  });

  it('forgets echo records after their ttl (memory by the injected clock, store by keyv ttl)', async () => {
    const store = await temp.open(url(() => temp.dir()));
    let clock = 1_000_000;
    const { echo } = ledgerOn(store, { now: () => clock, echoTtlMs: 30 });
    const echoId = newEchoId();
    await echo.record(echoId, { conversationId: 1, origin: { surface: 'slack' } });
    expect(await echo.match({ echo_id: echoId })).toEqual({ surface: 'slack' });
    clock += 31; // the in-memory record is past its ttl…
    // …and the stored one expires by keyv's own (real) clock.
    await waitFor(async () => (await echo.match({ echo_id: echoId })) === undefined, { timeoutMs: 2_000, what: 'the echo record to expire' });
    expect(await ledgerOn(store).echo.match({ echo_id: echoId })).toBeUndefined();
  });

  it('refuses an empty echo id', async () => {
    const { echo } = ledgerOn(await temp.open(url(() => temp.dir())));
    await expect(echo.record('', { conversationId: 1, origin: { surface: 'slack' } })).rejects.toThrow(/echo id/);
  });
});

describe('ledger.echo persistence', () => {
  it('finds an echo record after the sqlite store is closed and re-opened', async () => {
    const url = `sqlite://${temp.dir()}/echo.sqlite`;
    const before = await temp.open(url);
    const echoId = newEchoId();
    await ledgerOn(before).echo.record(echoId, { conversationId: 42, origin: { surface: 'slack', ref: 'C1:1700.09' } });
    await before.close();
    expect(await ledgerOn(await temp.open(url)).echo.match({ echo_id: echoId })).toEqual({ surface: 'slack', ref: 'C1:1700.09' });
  });

  it('still matches from memory when the store write fails', async () => {
    const { log, lines } = captureLog();
    const store = await temp.open(`sqlite://${temp.dir()}/echo.sqlite`, { log });
    const { echo } = ledgerOn(store, { log });
    await store.close();
    const echoId = newEchoId();
    await echo.record(echoId, { conversationId: 1, origin: { surface: 'slack' } });
    expect(await echo.match({ echo_id: echoId })).toEqual({ surface: 'slack' });
    expect(lines.some((line) => line['msg'] === 'could not persist an echo record')).toBe(true);
  });
});
