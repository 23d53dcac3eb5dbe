import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, z } from '../../../src/index.ts';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('plugin isolation at runtime', () => {
  it('pauses a plugin after repeated failures and reports not ready, while others carry on', async () => {
    let good = 0;
    const broken = definePlugin({ name: 'broken', setup: (ctx) => ctx.on('message.created', () => { throw new Error('boom'); }) });
    const fine = definePlugin({ name: 'fine', setup: (ctx) => ctx.on('message.created', () => void (good += 1)) });
    bot = await createTestBot({ plugins: [broken, fine], config: { runtime: { pauseAfterFailures: 3 } } });
    const id = bot.chatwoot.createConversation({ content: 'm0' }).id as number;
    for (let i = 1; i < 6; i += 1) bot.chatwoot.customerMessage(id, `m${i}`);
    await bot.idle();
    expect(good).toBe(6);
    expect(bot.runtime.status().pausedPlugins).toEqual(['broken']);
    expect(bot.logs.some((l) => String(l['msg']).includes('paused after 3 consecutive failures'))).toBe(true);
  });

  it('refuses to boot with invalid plugin settings, naming the plugin and the field', async () => {
    const strict = definePlugin({ name: 'strict', config: z.object({ limit: z.number().int() }), setup: () => {} });
    await expect(createTestBot({ plugins: [strict], config: { settings: { strict: { limit: 'ten' } } } })).rejects.toThrow(/plugin "strict": settings\.strict\.limit/);
    const twice = definePlugin({ name: 'twice', setup: () => {} });
    await expect(createTestBot({ plugins: [twice, twice] })).rejects.toThrow(/"twice" is loaded twice/);
    const failing = definePlugin({ name: 'failing', setup: () => { throw new Error('no token'); } });
    await expect(createTestBot({ plugins: [failing] })).rejects.toThrow(/plugin "failing" failed in setup: no token/);
  });

  it('ctx.shared: plugins of one runtime share one value per key; another runtime makes its own', async () => {
    const made: object[] = [];
    const seen: Record<string, object[]> = { a: [], b: [] };
    const sharer = (name: 'a' | 'b') =>
      definePlugin({ name, setup: (ctx) => void seen[name]!.push(ctx.shared('connection', () => { const value = { n: made.length }; made.push(value); return value; })) });
    bot = await createTestBot({ plugins: [sharer('a'), sharer('b')] });
    const other = await createTestBot({ plugins: [sharer('a')] });
    await other.stop();
    expect(made).toHaveLength(2);
    expect(seen.a![0]).toBe(seen.b![0]);
    expect(seen.a![1]).not.toBe(seen.a![0]);
  });
});
