import { Keyv } from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedger, echoMarker, newEchoId, type Ledger } from '../../../src/core/ledger/create-ledger.ts';
import type { Store } from '../../../src/core/store/create-store.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { tempStores } from '../store/temp-store.ts';

const temp = tempStores();
const ledgers: Ledger[] = [];
afterEach(async () => {
  for (const ledger of ledgers.splice(0)) await ledger.close();
  await temp.cleanup();
});

describe('createLedger', () => {
  it('works on a single Keyv, with its areas under prefixes', async () => {
    const map = new Map<string, unknown>();
    const keyv = new Keyv({ store: map, namespace: 'bot' });
    const ledger = createLedger({ store: keyv, flushDelayMs: 0 });
    ledgers.push(ledger);
    await ledger.links.setConversation(42, 'slack', { key: 'C1:1700.01' });
    const echoId = newEchoId();
    await ledger.echo.record(echoId, { conversationId: 42, origin: { surface: 'slack' } });
    await ledger.load();
    ledger.deliveries.begin(42, 100, 1_700_000_000, 1_700_000_000_000);
    ledger.deliveries.finish(42, 100, true);
    await ledger.flush();

    const keys = [...map.keys()];
    expect(keys).toContain('bot:links:conversation:42:slack');
    expect(keys).toContain(`bot:echo:${echoId}`);
    expect(keys).toContain('bot:deliveries:buckets');

    const again = createLedger({ store: keyv, flushDelayMs: 0 });
    ledgers.push(again);
    await again.load();
    expect(await again.links.findConversation('slack', 'C1:1700.01')).toBe(42);
    expect(await again.echo.match({ echo_id: echoId })).toEqual({ surface: 'slack' });
    expect(again.deliveries.isHandled(42, 100)).toBe(true);
  });

  it('uses the links, echo and deliveries namespaces of a Store', async () => {
    const store = await temp.open('memory://');
    const ledger = createLedger({ store, flushDelayMs: 0 });
    ledgers.push(ledger);
    await ledger.load();
    await ledger.links.setMessage(7, 'discord', { key: 'm7' });
    ledger.deliveries.initSyncPoint(123_000);
    await ledger.flush();
    expect(await store.namespace('links').get('message:7:discord')).toEqual({ key: 'm7' });
    expect(await store.namespace('deliveries').get('sync-point')).toBe(123_000);
  });

  it('starts from the cursors and watermark an older version stored', async () => {
    const store = await temp.open('memory://');
    await store.namespace('cursors').set('buckets', [0]);
    await store.namespace('cursors').set('bucket:0', { 42: 1001 });
    await store.namespace('cursors').set('watermark', 1_700_000_000_000);
    const ledger = createLedger({ store, flushDelayMs: 0 });
    ledgers.push(ledger);
    await ledger.load();
    expect(ledger.deliveries.cursor(42)).toBe(1001);
    expect(ledger.deliveries.syncPoint()).toBe(1_700_000_000_000);
    await ledger.flush();
    expect(JSON.parse((await store.namespace('deliveries').get('bucket:0')) as string)).toEqual({ 42: [1001] });
  });

  it('reads buckets an earlier build stored as objects, and a bucket it cannot parse as empty', async () => {
    const store = await temp.open('memory://');
    const kv = store.namespace('deliveries');
    await kv.set('buckets', [0, 1]);
    await kv.set('bucket:0', { 7: [70, 72] });
    await kv.set('bucket:1', '{not json');
    const ledger = createLedger({ store, flushDelayMs: 0 });
    ledgers.push(ledger);
    await ledger.load();
    expect(ledger.deliveries.cursor(7)).toBe(70);
    expect(ledger.deliveries.isHandled(7, 72)).toBe(true);
  });

  it('prunes the store on its timer', async () => {
    const store = await temp.open('memory://');
    let prunes = 0;
    const counting: Store = { ...store, prune: () => ((prunes += 1), store.prune!()) };
    const ledger = createLedger({ store: counting, flushDelayMs: 0, pruneEveryMs: 5 });
    ledgers.push(ledger);
    await waitFor(() => prunes >= 2, { what: 'two prunes' });
  });

  it('close() flushes, stops its timers and is idempotent', async () => {
    const store = await temp.open('memory://');
    let prunes = 0;
    const counting: Store = { ...store, prune: () => ((prunes += 1), store.prune!()) };
    const ledger = createLedger({ store: counting, flushDelayMs: 60_000, pruneEveryMs: 5 });
    await ledger.load();
    ledger.deliveries.begin(1, 10, 1_700_000_000, 1_700_000_000_000);
    ledger.deliveries.finish(1, 10, true);
    await Promise.all([ledger.close(), ledger.close()]);
    expect(JSON.parse((await store.namespace('deliveries').get('bucket:0')) as string)).toEqual({ 1: [null, 10] });
    const after = prunes;
    const started = Date.now();
    await waitFor(() => Date.now() - started >= 30, { what: 'time for several prune periods' });
    expect(prunes).toBe(after);
  });

  it('re-exports echoMarker for writers', () => {
    expect(echoMarker({ surface: 'slack' }, 'sb-1')).toEqual({ switchboard: { origin: 'slack', echo_id: 'sb-1' } });
  });
});
