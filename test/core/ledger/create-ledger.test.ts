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
    const ledger = createLedger({ store: keyv, cursorFlushMs: 0 });
    ledgers.push(ledger);
    await ledger.links.setConversation(42, 'slack', { key: 'C1:1700.01' });
    const echoId = newEchoId();
    await ledger.echo.record(echoId, { conversationId: 42, origin: { surface: 'slack' } });
    ledger.cursors.advance(42, 100);
    await ledger.flush();

    const keys = [...map.keys()];
    expect(keys).toContain('bot:links:conversation:42:slack');
    expect(keys).toContain(`bot:echo:${echoId}`);
    expect(keys).toContain('bot:cursors:buckets');

    const again = createLedger({ store: keyv, cursorFlushMs: 0 });
    ledgers.push(again);
    expect(await again.links.findConversation('slack', 'C1:1700.01')).toBe(42);
    expect(await again.echo.match({ echo_id: echoId })).toEqual({ surface: 'slack' });
    expect(await again.cursors.get(42)).toBe(100);
  });

  it('uses the links, echo and cursors namespaces of a Store', async () => {
    const store = await temp.open('memory://');
    const ledger = createLedger({ store, cursorFlushMs: 0 });
    ledgers.push(ledger);
    await ledger.links.setMessage(7, 'discord', { key: 'm7' });
    ledger.cursors.setWatermark(123);
    await ledger.flush();
    expect(await store.namespace('links').get('message:7:discord')).toEqual({ key: 'm7' });
    expect(await store.namespace('cursors').get('watermark')).toBe(123);
  });

  it('prunes the store on its timer', async () => {
    const store = await temp.open('memory://');
    let prunes = 0;
    const counting: Store = { ...store, prune: () => ((prunes += 1), store.prune!()) };
    const ledger = createLedger({ store: counting, cursorFlushMs: 0, pruneEveryMs: 5 });
    ledgers.push(ledger);
    await waitFor(() => prunes >= 2, { what: 'two prunes' });
  });

  it('close() flushes, stops its timers and is idempotent', async () => {
    const store = await temp.open('memory://');
    let prunes = 0;
    const counting: Store = { ...store, prune: () => ((prunes += 1), store.prune!()) };
    const ledger = createLedger({ store: counting, cursorFlushMs: 60_000, pruneEveryMs: 5 });
    ledger.cursors.advance(1, 10);
    await Promise.all([ledger.close(), ledger.close()]);
    expect(await store.namespace('cursors').get('bucket:0')).toEqual({ 1: 10 });
    const after = prunes;
    const started = Date.now();
    await waitFor(() => Date.now() - started >= 30, { what: 'time for several prune periods' });
    expect(prunes).toBe(after);
  });

  it('re-exports echoMarker for writers', () => {
    expect(echoMarker({ surface: 'slack' }, 'sb-1')).toEqual({ switchboard: { origin: 'slack', echo_id: 'sb-1' } });
  });
});
