import { afterEach, describe, expect, it } from 'vitest';
import { ChatwootApiError } from '../../src/chatwoot/rest/chatwoot-error.ts';
import { createChatwootRest } from '../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { createChatwootWriteExecutor } from '../../src/core/writes/chatwoot-write-executor.ts';
import { createLogger } from '../../src/observability/create-logger.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import type { OutboxEntry } from '../../src/core/outbox/create-outbox.ts';
import type { ChatwootWrite } from '../../src/core/writes/chatwoot-facade.ts';
import { definePlugin, isEvent } from '../../src/index.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { crashableStore } from '../helpers/crashable-store.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { tempStores } from './store/temp-store.ts';

const temp = tempStores();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await temp.cleanup();
});

async function simulator(): Promise<ChatwootSimulator> {
  const sim = await createChatwootSimulator({ pingIntervalMs: 1_000 });
  cleanups.push(() => sim.close());
  return sim;
}

const acksFor = (sim: ChatwootSimulator, conversationId: number) =>
  sim.messages(conversationId).filter((m) => typeof m.content === 'string' && m.content.startsWith('ack '));

describe('side effects exactly once', () => {
  it('a handler that runs again after a crash writes nothing twice (keys derived from the event)', async () => {
    const sim = await simulator();
    const disk = await temp.open('memory://');
    const first = crashableStore(disk);
    let crashAfter: string | undefined = 'two';
    const runs: string[] = [];
    const acker = definePlugin({
      name: 'acker',
      setup: (ctx) =>
        ctx.on('message.created', async (event) => {
          if (!isEvent(event, 'message.created') || event.message.message_type !== 'incoming' || event.conversationId === null) return;
          runs.push(`${event.message.content}${event.replayed ? ' (replayed)' : ''}`);
          await ctx.chatwoot.reply(event.conversationId, `ack ${event.message.content}`);
          await ctx.chatwoot.note(event.conversationId, `noted ${event.message.content}`);
          // kill -9 right after the handler queued its writes, before "handled" was recorded.
          if (event.message.content === crashAfter) first.crash();
        }),
    });
    const a: TestBot = await createTestBot({ plugins: [acker], chatwoot: sim, store: first });
    const id = sim.createConversation({ content: 'one' }).id as number;
    await a.idle();
    // "one" is handled and on disk (a crash within the 20 ms write delay would replay it too, by design).
    await a.runtime.ledger.flush();
    sim.customerMessage(id, 'two');
    await waitFor(() => acksFor(sim, id).length === 2, { what: 'the second ack' });
    await a.stop();

    crashAfter = undefined;
    const b = await createTestBot({ plugins: [acker], chatwoot: sim, store: crashableStore(disk) });
    cleanups.push(() => b.stop());
    await b.idle();

    expect(runs).toEqual(['one', 'two', 'two (replayed)']);
    expect(acksFor(sim, id).map((m) => m.content)).toEqual(['ack one', 'ack two']);
    expect(sim.messages(id).filter((m) => m.content === 'noted two')).toHaveLength(1);
  });

  it('identical writes in one run are two writes; a re-run repeats neither', async () => {
    const sim = await simulator();
    const twice = definePlugin({
      name: 'twice',
      setup: (ctx) =>
        ctx.on('conversation.created', async (event) => {
          if (event.conversationId === null) return;
          await ctx.chatwoot.note(event.conversationId, 'same words');
          await ctx.chatwoot.note(event.conversationId, 'same words');
        }),
    });
    const bot = await createTestBot({ plugins: [twice], chatwoot: sim });
    cleanups.push(() => bot.stop());
    const id = sim.createConversation({ content: 'hi' }).id as number;
    await bot.idle();
    expect(sim.messages(id).filter((m) => m.content === 'same words')).toHaveLength(2);
  });

  it('a message Chatwoot saved but whose answer was lost is found however busy the conversation, never posted twice', async () => {
    const sim = await simulator();
    const metrics = createMetrics();
    const log = createLogger({ level: 'silent' });
    const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId, log, metrics });
    let lose = true;
    // Chatwoot commits the message, then the answer is lost (a 503 from a proxy after the commit).
    const lossy = {
      ...rest,
      async createMessage(...args: Parameters<typeof rest.createMessage>) {
        const created = await rest.createMessage(...args);
        if (lose) throw new ChatwootApiError({ kind: 'server', status: 503, method: 'POST', path: '/messages' });
        return created;
      },
    };
    const executor = createChatwootWriteExecutor(lossy);
    const id = sim.createConversation({ content: 'busy' }).id as number;
    const write: ChatwootWrite = { op: 'message', conversationId: id, content: 'the reply', private: false, echoId: 'sb-test-echo', origin: { surface: 'test' } };
    const entry: OutboxEntry<ChatwootWrite> = { id: 'e1', kind: 'chatwoot.write', destination: `chatwoot:${id}`, payload: write, attempts: 0, createdAt: Date.now(), nextAttemptAt: 0 };
    await expect(executor.execute(entry, new AbortController().signal)).rejects.toThrow(/503/);
    // The conversation moves on: far more than one page of newer messages.
    for (let i = 0; i < 130; i += 1) sim.customerMessage(id, `later ${i}`);
    lose = false;
    await executor.execute({ ...entry, attempts: 1 }, new AbortController().signal);
    await executor.execute({ ...entry, attempts: 0, resumed: true }, new AbortController().signal);
    expect(sim.messages(id).filter((m) => m.content === 'the reply')).toHaveLength(1);
  });
});
