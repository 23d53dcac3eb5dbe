import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, isEvent, type MessageEvent } from '../../../src/index.ts';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

function recorder(seen: MessageEvent[]) {
  return definePlugin({ name: 'recorder', setup: (ctx) => ctx.on('*', (e) => void (isEvent(e, 'message.created') && seen.push(e))) });
}

const contents = (seen: MessageEvent[]) => seen.map((e) => e.message.content);

describe('nothing lost, nothing twice', () => {
  it('catches up every message missed while the cable was down, exactly once, in order', async () => {
    const seen: MessageEvent[] = [];
    bot = await createTestBot({ plugins: [recorder(seen)] });
    const first = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'live 1' }).id as number;
    await bot.idle();

    bot.chatwoot.dropCable();
    await bot.idle();
    bot.chatwoot.customerMessage(first, 'missed 1');
    bot.chatwoot.agentMessage(first, 'missed 2 (an agent in the dashboard)');
    const second = bot.chatwoot.createConversation({ contactName: 'Grace', content: 'missed 3 (new conversation)' }).id as number;
    for (let i = 0; i < 120; i += 1) bot.chatwoot.customerMessage(second, `burst ${i}`);
    bot.chatwoot.restoreCable();
    await bot.idle();

    bot.chatwoot.customerMessage(first, 'live 2');
    await bot.idle();

    const all = contents(seen);
    expect(all.filter((c) => c === 'missed 1')).toHaveLength(1);
    expect(all.filter((c) => c === 'missed 2 (an agent in the dashboard)')).toHaveLength(1);
    expect(all.filter((c) => c === 'missed 3 (new conversation)')).toHaveLength(1);
    const burst = all.filter((c) => c?.startsWith('burst '));
    expect(burst).toEqual(Array.from({ length: 120 }, (_, i) => `burst ${i}`));
    expect(all.at(-1)).toBe('live 2');
    expect(seen.find((e) => e.message.content === 'missed 1')).toMatchObject({ replayed: true, source: 'catchup' });
    expect(seen.find((e) => e.message.content === 'live 2')).toMatchObject({ replayed: false, source: 'cable' });
    // Every message id exactly once.
    const ids = seen.map((e) => e.message.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a second catch-up pass replays nothing', async () => {
    const seen: MessageEvent[] = [];
    bot = await createTestBot({ plugins: [recorder(seen)] });
    const id = bot.chatwoot.createConversation({ content: 'one' }).id as number;
    bot.chatwoot.customerMessage(id, 'two');
    await bot.idle();
    const before = seen.length;
    await bot.runtime.catchUp();
    await bot.idle();
    expect(seen).toHaveLength(before);
  });

  it('drops duplicate and reordered broadcasts', async () => {
    const seen: MessageEvent[] = [];
    bot = await createTestBot({ plugins: [recorder(seen)] });
    bot.chatwoot.faults.duplicateBroadcasts(3);
    const id = bot.chatwoot.createConversation({ content: 'a' }).id as number;
    bot.chatwoot.customerMessage(id, 'b');
    bot.chatwoot.customerMessage(id, 'c');
    await bot.idle();
    expect(contents(seen)).toEqual(['a', 'b', 'c']);
  });
});
