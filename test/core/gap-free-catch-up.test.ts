import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, isEvent, type MessageEvent } from '../../src/index.ts';
import type { Store } from '../../src/core/store/create-store.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { crashableStore } from '../helpers/crashable-store.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { tempStores } from './store/temp-store.ts';

const temp = tempStores();
const bots: TestBot[] = [];
const sims: ChatwootSimulator[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  for (const sim of sims.splice(0)) await sim.close();
  await temp.cleanup();
});

function recorder(seen: MessageEvent[]) {
  return definePlugin({ name: 'recorder', setup: (ctx) => ctx.on('*', (e) => void (isEvent(e, 'message.created') && seen.push(e))) });
}

async function bot(options: Parameters<typeof createTestBot>[0]): Promise<TestBot> {
  const made = await createTestBot(options);
  bots.push(made);
  return made;
}

const contentsOf = (seen: MessageEvent[], conversationId: number) =>
  seen.filter((e) => e.conversationId === conversationId).map((e) => e.message.content);

const LISTING = /\/conversations$/;

/** Cable frames of message.created the bot has read (counted before the intake's gate). */
async function cableMessagesRead(b: TestBot): Promise<number> {
  const { values } = await b.runtime.metrics.eventsIn.get();
  return values.find((v) => v.labels['source'] === 'cable' && v.labels['name'] === 'message.created')?.value ?? 0;
}

describe('gap-free catch-up', () => {
  it('live messages wait behind the replay of their conversation: nothing missed, nothing twice, in order', async () => {
    const seen: MessageEvent[] = [];
    const b = await bot({ plugins: [recorder(seen)] });
    const a = b.chatwoot.createConversation({ contactName: 'Ada', content: 'live 1' }).id as number;
    const other = b.chatwoot.createConversation({ contactName: 'Bo', content: 'other 1' }).id as number;
    await b.idle();

    b.chatwoot.dropCable();
    await b.idle();
    b.chatwoot.customerMessage(a, 'missed 1');
    b.chatwoot.customerMessage(a, 'missed 2');
    // The pass will be stuck on its listing while live traffic lands in the same conversation.
    const release = b.chatwoot.faults.holdResponses({ method: 'GET', path: LISTING });
    b.chatwoot.restoreCable();
    await b.runtime.subscribed();
    await waitFor(() => b.chatwoot.rest.requests.some((r) => LISTING.test(r.path)), { what: 'the catch-up listing' });
    const read = await cableMessagesRead(b);
    b.chatwoot.customerMessage(a, 'live 2');
    b.chatwoot.customerMessage(other, 'other 2');
    // The bot has read both live frames while its pass still waits for the listing.
    await waitFor(async () => (await cableMessagesRead(b)) >= read + 2, { what: 'the live frames' });
    release();
    await b.idle();

    expect(contentsOf(seen, a)).toEqual(['live 1', 'missed 1', 'missed 2', 'live 2']);
    expect(contentsOf(seen, other)).toEqual(['other 1', 'other 2']);
    expect(seen.find((e) => e.message.content === 'missed 1')).toMatchObject({ replayed: true, source: 'catchup' });
    const ids = seen.map((e) => e.message.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a resubscription during a running pass leads to another pass', async () => {
    const seen: MessageEvent[] = [];
    const b = await bot({ plugins: [recorder(seen)] });
    const a = b.chatwoot.createConversation({ content: 'a live' }).id as number;
    await b.idle();

    b.chatwoot.dropCable();
    await b.idle();
    b.chatwoot.customerMessage(a, 'a missed');
    const release = b.chatwoot.faults.holdResponses({ method: 'GET', path: LISTING });
    const listings = () => b.chatwoot.rest.requests.filter((r) => LISTING.test(r.path)).length;
    const before = listings();
    b.chatwoot.restoreCable();
    await waitFor(() => listings() > before, { what: 'the first pass listing' });
    // Gone again while the first pass waits; a new conversation starts in this second gap.
    let resubscribed = false;
    b.chatwoot.dropCable();
    await waitFor(() => b.runtime.cableStatus() !== 'subscribed', { what: 'the drop' });
    const off = b.runtime.onCableStatus((status) => (resubscribed ||= status === 'subscribed'));
    const late = b.chatwoot.createConversation({ content: 'second gap' }).id as number;
    b.chatwoot.restoreCable();
    // Resubscribed while the first pass still waits for its (older) listing.
    await waitFor(() => resubscribed, { what: 'the second subscription' });
    off();
    release();
    await b.idle();

    expect(contentsOf(seen, a)).toEqual(['a live', 'a missed']);
    expect(contentsOf(seen, late)).toEqual(['second gap']);
  });

  it('a restart remembers its downtime (75 s down, live traffic at the restart)', async () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    const sim = await createChatwootSimulator({ pingIntervalMs: 1_000, now });
    sims.push(sim);
    const store: Store = await temp.open(`sqlite://${temp.dir()}/bot.sqlite`);
    const seen: MessageEvent[] = [];
    const first = await createTestBot({ plugins: [recorder(seen)], chatwoot: sim, store, now });
    const a = sim.createConversation({ content: 'before' }).id as number;
    const b2 = sim.createConversation({ content: 'b before' }).id as number;
    await first.idle();
    await first.stop();

    offset += 10_000;
    sim.customerMessage(a, 'early in the downtime');
    const fresh = sim.createConversation({ content: 'new while down' }).id as number;
    offset += 65_000;
    sim.customerMessage(b2, 'late in the downtime');
    // Live traffic right at the restart (its presence.update also arrives before catch-up reads).
    const restarted = createTestBot({ plugins: [recorder(seen)], chatwoot: sim, store, now });
    sim.customerMessage(b2, 'at the restart');
    const second = await restarted;
    bots.push(second);
    await second.idle();

    expect(contentsOf(seen, a)).toEqual(['before', 'early in the downtime']);
    expect(contentsOf(seen, fresh)).toEqual(['new while down']);
    expect(contentsOf(seen, b2)).toEqual(['b before', 'late in the downtime', 'at the restart']);
  });

  it('a crash just after the very first start does not make the next start a "first run"', async () => {
    const sim = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    sims.push(sim);
    const disk = await temp.open('memory://');
    const first = crashableStore(disk);
    const seen: MessageEvent[] = [];
    const crashing = definePlugin({
      name: 'crashing',
      setup: (ctx) =>
        ctx.on('message.created', (e) => {
          seen.push(e);
          first.crash(); // kill -9 as soon as the first message is being handled
        }),
    });
    const a = await createTestBot({ plugins: [crashing], chatwoot: sim, store: first });
    const id = sim.createConversation({ content: 'right after boot' }).id as number;
    await waitFor(() => seen.length === 1, { what: 'the first message' });
    await a.stop();
    const b = await bot({ plugins: [recorder(seen)], chatwoot: sim, store: crashableStore(disk) });
    await b.idle();
    expect(seen.map((e) => [e.conversationId, e.message.content, e.replayed])).toEqual([
      [id, 'right after boot', false],
      [id, 'right after boot', true],
    ]);
  });

  it('after a crash, a handled message is not replayed; one still in flight is, marked replayed', async () => {
    const sim = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    sims.push(sim);
    const disk = await temp.open('memory://');
    const store = crashableStore(disk);
    const seen: MessageEvent[] = [];
    let hang = false;
    const stuck = definePlugin({
      name: 'stuck',
      setup: (ctx) =>
        ctx.on('message.created', async (e) => {
          seen.push(e);
          if (hang && e.message.content === 'in flight') await new Promise(() => {});
        }),
    });
    const first = await createTestBot({ plugins: [stuck], chatwoot: sim, store, config: { runtime: { handlerTimeoutMs: 300 } } });
    const a = sim.createConversation({ content: 'done' }).id as number;
    await first.idle();
    await first.runtime.ledger.flush();
    hang = true;
    sim.customerMessage(a, 'in flight');
    await waitFor(() => seen.some((e) => e.message.content === 'in flight'), { what: 'the hanging handler' });
    // kill -9 now: nothing written from here on reaches the store.
    store.crash();
    await first.stop();

    hang = false;
    const second = await bot({ plugins: [stuck], chatwoot: sim, store: crashableStore(disk) });
    await second.idle();
    const deliveries = seen.map((e) => [e.message.content, e.replayed]);
    expect(deliveries).toEqual([
      ['done', false],
      ['in flight', false],
      ['in flight', true],
    ]);
  });
});
