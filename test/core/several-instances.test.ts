import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { definePlugin, isEvent } from '../../src/index.ts';
import { createLogger } from '../../src/observability/create-logger.ts';
import { createStore, type Store } from '../../src/core/store/create-store.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { hasRedisServer, startRedis } from '../soak/redis-process.ts';

const LEASE_MS = 1_500;
const quiet = createLogger({ level: 'silent' });

/** Replies `ack <content>` to every customer message: doubled handling shows as doubled acks. */
const acker = definePlugin({
  name: 'acker',
  setup: (ctx) =>
    ctx.on('message.created', async (event) => {
      if (!isEvent(event, 'message.created') || event.message.message_type !== 'incoming' || event.conversationId === null) return;
      await ctx.chatwoot.reply(event.conversationId, `ack ${event.message.content}`);
    }),
});

const acks = (sim: ChatwootSimulator) =>
  sim
    .conversations()
    .flatMap((c) => sim.messages(c.id as number))
    .map((m) => m.content)
    .filter((c): c is string => typeof c === 'string' && c.startsWith('ack '));

describe.skipIf(!hasRedisServer())('several instances on one Redis', () => {
  let redis: { url: string; stop(): Promise<void> };
  let sim: ChatwootSimulator;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  async function instance(dbIndex = 0): Promise<{ bot: TestBot; store: Store }> {
    const store = await createStore(`${redis.url}/${dbIndex}`, { log: quiet });
    const bot = await createTestBot({ plugins: [acker], chatwoot: sim, store, config: { runtime: { leaseTtlMs: LEASE_MS } } });
    cleanups.push(async () => {
      await bot.stop();
      await store.close();
    });
    return { bot, store };
  }

  it('one is active, the other stands by; each message is handled once; a clean stop hands over at once', async () => {
    sim = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    cleanups.push(() => sim.close());
    const first = await instance(1);
    const second = await instance(1);
    expect(first.bot.runtime.role()).toBe('active');
    expect(second.bot.runtime.role()).toBe('standby');
    expect(second.bot.runtime.status()).toMatchObject({ role: 'standby' });

    const id = sim.createConversation({ content: 'one' }).id as number;
    for (let i = 2; i <= 20; i += 1) sim.customerMessage(id, `m${i}`);
    await first.bot.idle();
    expect(acks(sim).sort()).toEqual(['ack one', ...Array.from({ length: 19 }, (_, i) => `ack m${i + 2}`)].sort());

    const handedOverAt = Date.now();
    await first.bot.stop();
    await second.bot.runtime.active();
    expect(Date.now() - handedOverAt).toBeLessThan(LEASE_MS);
    await second.bot.runtime.subscribed();
    for (let i = 21; i <= 30; i += 1) sim.customerMessage(id, `m${i}`);
    await second.bot.idle();
    const all = acks(sim);
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    // Each write names the holding it was made under: the first instance's token, then the second's.
    const fences = sim.messages(id).filter((m) => String(m.content).startsWith('ack ')).map((m) => (m.content_attributes?.['switchboard'] as { fence?: number }).fence);
    expect(new Set(fences)).toEqual(new Set([1, 2]));
  });

  it('a write made on the standby (Slack HTTP mode behind a load balancer) is done once, by the active one', async () => {
    sim = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    cleanups.push(() => sim.close());
    const active = await instance(3);
    const standby = await instance(3);
    const id = sim.createConversation({ content: 'hello' }).id as number;
    await active.bot.idle();
    const run = await standby.bot.command('note handed over from the standby', { conversationId: id });
    expect(run.ok).toBe(true);
    await waitFor(() => sim.messages(id).some((m) => m.content === 'handed over from the standby'), { what: 'the note' });
    await active.bot.idle();
    expect(sim.messages(id).filter((m) => m.content === 'handed over from the standby')).toHaveLength(1);
    expect(standby.bot.runtime.outbox.pending()).toBe(0);
  });

  it('an instance cut off from Redis stops acting; the standby takes over within the lease and misses nothing', async () => {
    sim = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    cleanups.push(() => sim.close());
    const proxy = await startTcpProxy(Number(new URL(redis.url).port));
    cleanups.push(() => proxy.close());
    const storeA = await createStore(`redis://127.0.0.1:${proxy.port}/2`, { log: quiet });
    const a = await createTestBot({ plugins: [acker], chatwoot: sim, store: storeA, config: { runtime: { leaseTtlMs: LEASE_MS } } });
    cleanups.push(async () => {
      await a.stop();
      await storeA.close();
    });
    const b = await instance(2);
    const id = sim.createConversation({ content: 'before' }).id as number;
    await a.idle();

    // A is cut off from Redis (a partition): it can no longer renew, nor write what only the active may.
    proxy.cut();
    const cutAt = Date.now();
    for (let i = 0; i < 20; i += 1) sim.customerMessage(id, `during ${i}`);
    await b.bot.runtime.active();
    const failoverMs = Date.now() - cutAt;
    await b.bot.runtime.subscribed();
    await b.bot.idle();
    await waitFor(() => a.runtime.role() === 'deposed', { what: 'the old instance to notice' });

    expect(failoverMs).toBeLessThan(LEASE_MS * 3);
    const all = acks(sim);
    expect(all.filter((c) => c === 'ack before')).toHaveLength(1);
    for (let i = 0; i < 20; i += 1) expect(all.filter((c) => c === `ack during ${i}`)).toHaveLength(1);
  });
});
