import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/core/store/create-store.ts';
import { definePlugin, isEvent, type DeliveryFailedEvent } from '../../src/index.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { waitFor } from '../helpers/wait-for.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Answers every new conversation, once. */
const answering = definePlugin({
  name: 'answering',
  setup(ctx) {
    ctx.on('conversation.created', async (event) => {
      if (event.conversationId !== null) await ctx.chatwoot.reply(event.conversationId, 'Thanks, we are on it.');
    });
  },
});

describe('durable writes', () => {
  it('a write queued before a restart is delivered after it, exactly once (SQLite store)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-outbox-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = `sqlite://${join(dir, 'store.sqlite')}`;
    const sim: ChatwootSimulator = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    cleanups.push(() => sim.close());

    // Chatwoot answers every message POST with 503: the reply stays queued.
    sim.faults.failRest({ status: 503, times: Infinity, method: 'POST', path: /\/messages$/ });
    const store1 = await createStore(url);
    const first: TestBot = await createTestBot({ plugins: [answering], chatwoot: sim, store: store1 });
    const id = sim.createConversation({ content: 'hello?' }).id as number;
    await waitFor(() => sim.rest.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).length >= 2, { what: 'failed attempts' });
    expect(first.runtime.outbox.pending()).toBe(1);
    await first.stop();
    await store1.close();

    // A new process: Chatwoot works again.
    sim.faults.reset();
    const store2 = await createStore(url);
    cleanups.push(() => store2.close());
    const second = await createTestBot({ plugins: [answering], chatwoot: sim, store: store2 });
    cleanups.push(() => second.stop());
    await second.idle();
    expect(sim.messages(id).filter((m) => m.content === 'Thanks, we are on it.')).toHaveLength(1);
    expect(second.runtime.outbox.pending()).toBe(0);
  });

  it('reports a permanent failure to the plugin that wrote', async () => {
    const failures: DeliveryFailedEvent[] = [];
    const watcher = definePlugin({ name: 'watcher', setup: (ctx) => ctx.on('*', (e) => void (isEvent(e, 'switchboard.delivery_failed') && failures.push(e))) });
    const writer = definePlugin({
      name: 'writer',
      setup(ctx) {
        ctx.on('conversation.created', async (event) => {
          await ctx.chatwoot.reply(event.conversationId!, 'too many', { origin: { surface: 'writer', ref: 'w-1' } });
        });
        ctx.on('switchboard.delivery_failed', (event) => void failures.push(event));
      },
    });
    const bot = await createTestBot({ plugins: [writer, watcher] });
    cleanups.push(() => bot.stop());
    bot.chatwoot.faults.failRest({ status: 422, times: 1, method: 'POST', path: /\/messages$/, body: { error: 'Validation failed: Too many messages' } });
    bot.chatwoot.createConversation({ content: 'hi' });
    await bot.idle();
    // Only the writer hears about its own failure.
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ plugin: 'writer', kind: 'chatwoot.write', meta: { origin: { surface: 'writer', ref: 'w-1' } } });
    // Made by Switchboard, not received: not marked as if the cable had brought it.
    expect(failures[0]).toMatchObject({ source: 'switchboard', replayed: false, origin: 'switchboard' });
    expect(failures[0]?.error).toMatch(/Too many messages/);
  });
});
