import { afterEach, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../../src/core/ledger/create-ledger.ts';
import type { Store } from '../../../src/core/store/create-store.ts';
import { STORE_KINDS, tempStores } from '../store/temp-store.ts';

const temp = tempStores();
const ledgers: Ledger[] = [];
afterEach(async () => {
  for (const ledger of ledgers.splice(0)) await ledger.close();
  await temp.cleanup();
});

function ledgerOn(store: Store): Ledger {
  const ledger = createLedger({ store, flushDelayMs: 0 });
  ledgers.push(ledger);
  return ledger;
}

describe.each(STORE_KINDS)('ledger.links on $kind', ({ url }) => {
  it('links a conversation both ways, per surface', async () => {
    const { links } = ledgerOn(await temp.open(url(() => temp.dir())));
    await links.setConversation(42, 'slack', { key: 'C1:1700.01', data: { channel: 'C1', ts: '1700.01' } });
    await links.setConversation(42, 'discord', { key: '99887766' });
    expect(await links.getConversation(42, 'slack')).toEqual({ key: 'C1:1700.01', data: { channel: 'C1', ts: '1700.01' } });
    expect(await links.getConversation(42, 'discord')).toEqual({ key: '99887766' });
    expect(await links.findConversation('slack', 'C1:1700.01')).toBe(42);
    expect(await links.findConversation('discord', '99887766')).toBe(42);
    expect(await links.findConversation('discord', 'C1:1700.01')).toBeUndefined();
    expect(await links.getConversation(43, 'slack')).toBeUndefined();
  });

  it('re-linking moves the reverse look-up; linking a taken key unlinks its old holder', async () => {
    const { links } = ledgerOn(await temp.open(url(() => temp.dir())));
    await links.setConversation(1, 'slack', { key: 'T1' });
    await links.setConversation(1, 'slack', { key: 'T2' });
    expect(await links.findConversation('slack', 'T1')).toBeUndefined();
    expect(await links.findConversation('slack', 'T2')).toBe(1);

    await links.setConversation(2, 'slack', { key: 'T2' });
    expect(await links.findConversation('slack', 'T2')).toBe(2);
    expect(await links.getConversation(1, 'slack')).toBeUndefined();
  });

  it('removes a conversation link both ways', async () => {
    const { links } = ledgerOn(await temp.open(url(() => temp.dir())));
    await links.setConversation(7, 'slack', { key: 'T7' });
    await links.removeConversation(7, 'slack');
    expect(await links.getConversation(7, 'slack')).toBeUndefined();
    expect(await links.findConversation('slack', 'T7')).toBeUndefined();
    await expect(links.removeConversation(7, 'slack')).resolves.toBeUndefined();
  });

  it('links messages both ways and removes them', async () => {
    const { links } = ledgerOn(await temp.open(url(() => temp.dir())));
    await links.setMessage(1001, 'slack', { key: 'C1:1700.02', data: { thread: '1700.01' } });
    expect(await links.getMessage(1001, 'slack')).toEqual({ key: 'C1:1700.02', data: { thread: '1700.01' } });
    expect(await links.findMessage('slack', 'C1:1700.02')).toBe(1001);
    // Message and conversation ids live apart.
    expect(await links.findConversation('slack', 'C1:1700.02')).toBeUndefined();
    await links.removeMessage(1001, 'slack');
    expect(await links.findMessage('slack', 'C1:1700.02')).toBeUndefined();
  });

  it('keeps surfaces with a colon in their name apart', async () => {
    const { links } = ledgerOn(await temp.open(url(() => temp.dir())));
    await links.setConversation(1, 'a:b', { key: 'c' });
    await links.setConversation(2, 'a', { key: 'b:c' });
    expect(await links.findConversation('a:b', 'c')).toBe(1);
    expect(await links.findConversation('a', 'b:c')).toBe(2);
  });

  it('serializes concurrent links on one surface', async () => {
    const { links } = ledgerOn(await temp.open(url(() => temp.dir())));
    await Promise.all([
      links.setConversation(1, 'slack', { key: 'A' }),
      links.setConversation(1, 'slack', { key: 'B' }),
      links.setConversation(2, 'slack', { key: 'A' }),
    ]);
    expect(await links.getConversation(1, 'slack')).toEqual({ key: 'B' });
    expect(await links.findConversation('slack', 'B')).toBe(1);
    expect(await links.findConversation('slack', 'A')).toBe(2);
    expect(await links.getConversation(2, 'slack')).toEqual({ key: 'A' });
  });

  it('refuses bad input', async () => {
    const { links } = ledgerOn(await temp.open(url(() => temp.dir())));
    await expect(links.setConversation(1.5, 'slack', { key: 'x' })).rejects.toThrow(/integer/);
    await expect(links.setConversation(1, '', { key: 'x' })).rejects.toThrow(/surface/);
    await expect(links.setConversation(1, 'slack', { key: '' })).rejects.toThrow(/key/);
  });
});

describe('ledger.links persistence', () => {
  it('survives closing and re-opening a sqlite store', async () => {
    const dir = temp.dir();
    const url = `sqlite://${dir}/links.sqlite`;
    const before = await temp.open(url);
    const first = ledgerOn(before);
    await first.links.setConversation(42, 'slack', { key: 'C1:1700.01', data: { channel: 'C1' } });
    await first.links.setMessage(1001, 'slack', { key: 'C1:1700.02' });
    await first.close();
    await before.close();

    const { links } = ledgerOn(await temp.open(url));
    expect(await links.getConversation(42, 'slack')).toEqual({ key: 'C1:1700.01', data: { channel: 'C1' } });
    expect(await links.findConversation('slack', 'C1:1700.01')).toBe(42);
    expect(await links.findMessage('slack', 'C1:1700.02')).toBe(1001);
  });
});
