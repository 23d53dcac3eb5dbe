import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, type PluginContext } from '../../src/index.ts';
import { createMirror, threadOpened, type Surface } from '../../src/surface/index.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { deferred } from '../helpers/deferred.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** Every call createMirror made on the recording surface, in order. */
type Call = { method: string; conversationId: number | null; detail?: unknown };

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/**
 * A surface that records what createMirror asks of it. Its one executor opens a thread (after
 * `gate`, so a test can hold it); posts are linked at once.
 */
function recordingPlugin(options: { gate?: Promise<void>; opensResolved?: boolean } = {}) {
  const calls: Call[] = [];
  let context: PluginContext | undefined;
  const plugin = definePlugin({
    name: 'rec',
    setup(ctx) {
      context = ctx;
      ctx.outbox.register<{ conversationId: number }, void>('open', {
        async execute({ payload }) {
          await options.gate;
          await ctx.links.setConversation(payload.conversationId, 'rec', { key: `thread-${payload.conversationId}` });
          await threadOpened(ctx.store, payload.conversationId);
        },
      });
      const surface: Surface = {
        name: 'rec',
        placeFor: (conversation, cause) => (cause !== 'message' && conversation.status === 'resolved' && !options.opensResolved ? undefined : 'lane'),
        placeOf: () => 'lane',
        async openThread({ conversationId, place }) {
          calls.push({ method: 'openThread', conversationId, detail: place });
          await ctx.outbox.enqueue('open', place, { conversationId });
        },
        async post({ conversationId, message }) {
          calls.push({ method: 'post', conversationId, detail: message.content });
          await ctx.links.setMessage(message.id, 'rec', { key: `post-${message.id}` });
        },
        edit: async ({ conversationId, message }) => void calls.push({ method: 'edit', conversationId, detail: message.content }),
        remove: async ({ conversationId, message }) => void calls.push({ method: 'remove', conversationId, detail: message.id }),
        echoed: ({ conversationId, message }) => void calls.push({ method: 'echoed', conversationId, detail: message.content }),
        flagFailure: async (input) => void calls.push({ method: 'flagFailure', conversationId: input.conversationId, detail: { ref: input.ref, op: input.op } }),
        tell: async () => undefined,
        lifecycle: {
          events: ['conversation.status_changed'],
          changed: async ({ conversationId, linked, conversation }) => void calls.push({ method: 'changed', conversationId, detail: { linked, status: (await conversation()).status } }),
        },
      };
      createMirror(ctx, surface);
    },
  });
  return { plugin, calls, ctx: () => context! };
}

const of = (calls: Call[], method: string) => calls.filter((c) => c.method === method);

describe('createMirror', () => {
  it('opens one thread per conversation, marked durably while it is queued, and posts every message', async () => {
    const gate = deferred<void>();
    const rec = recordingPlugin({ gate: gate.promise });
    bot = await createTestBot({ plugins: [rec.plugin] });
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'first' });
    const id = conversation.id!;
    bot.chatwoot.customerMessage(id, 'second');
    await waitFor(() => of(rec.calls, 'post').length === 2, { what: 'both posts' });
    expect(await rec.ctx().store.get(`opening:${id}`)).toBe('lane'); // still queued: the mark holds
    gate.resolve();
    await bot.idle();
    expect(of(rec.calls, 'openThread')).toEqual([{ method: 'openThread', conversationId: id, detail: 'lane' }]);
    expect(of(rec.calls, 'post').map((c) => c.detail)).toEqual(['first', 'second']);
    expect(await rec.ctx().store.get(`opening:${id}`)).toBeUndefined();
  });

  it("links our own writes as echoes and never posts them; edits and removes only what it posted", async () => {
    const rec = recordingPlugin();
    bot = await createTestBot({ plugins: [rec.plugin] });
    const id = bot.chatwoot.createConversation({ content: 'hi' }).id!;
    await bot.idle();
    const receipt = await rec.ctx().chatwoot.reply(id, 'typed on rec', { origin: { surface: 'rec', ref: 'r-1' } });
    await receipt.delivered;
    await bot.idle();
    const echo = bot.chatwoot.messages(id).find((m) => m.content === 'typed on rec')!;
    expect(of(rec.calls, 'echoed').map((c) => c.detail)).toEqual(['typed on rec']);
    expect(of(rec.calls, 'post').map((c) => c.detail)).toEqual(['hi']);
    expect(await rec.ctx().links.getMessage(echo.id, 'rec')).toEqual({ key: 'r-1', data: { fromSurface: true, private: false } });

    const agent = bot.chatwoot.agentMessage(id, 'v1');
    const doomed = bot.chatwoot.agentMessage(id, 'to delete');
    await bot.idle();
    bot.chatwoot.editMessage(id, agent.id, 'v2');
    bot.chatwoot.editMessage(id, echo.id, 'edited echo');
    bot.chatwoot.deleteMessage(id, doomed.id);
    bot.chatwoot.deleteMessage(id, echo.id);
    await bot.idle();
    expect(of(rec.calls, 'edit').map((c) => c.detail)).toEqual(['v2']);
    expect(of(rec.calls, 'remove').map((c) => c.detail)).toEqual([doomed.id]);
  });

  it('follows the lifecycle of a thread, and opens one for a conversation that has none', async () => {
    const rec = recordingPlugin();
    bot = await createTestBot({ plugins: [rec.plugin] });
    const id = bot.chatwoot.createConversation({ content: 'hi' }).id!;
    await bot.idle();
    bot.chatwoot.setStatus(id, 'resolved');
    await bot.idle();
    expect(of(rec.calls, 'changed')).toEqual([{ method: 'changed', conversationId: id, detail: { linked: true, status: 'resolved' } }]);

    await rec.ctx().links.removeConversation(id, 'rec'); // e.g. its channel was deleted on resolve
    bot.chatwoot.setStatus(id, 'open');
    await bot.idle();
    expect(of(rec.calls, 'openThread')).toHaveLength(2);
  });

  it('flags a failed write to the surface it came from, with the op its id names', async () => {
    const rec = recordingPlugin();
    bot = await createTestBot({ plugins: [rec.plugin] });
    const id = bot.chatwoot.createConversation({ content: 'hi' }).id!;
    await bot.idle();
    bot.chatwoot.faults.failRest({ method: 'POST', path: /\/messages$/, status: 422, times: 5 });
    const receipt = await rec.ctx().chatwoot.note(id, 'refused', { id: 'rec:note:r-9', origin: { surface: 'rec', ref: 'r-9' } });
    await expect(receipt.delivered).rejects.toThrow();
    await waitFor(() => of(rec.calls, 'flagFailure').length === 1, { what: 'the flag' });
    expect(of(rec.calls, 'flagFailure')[0]).toEqual({ method: 'flagFailure', conversationId: id, detail: { ref: 'r-9', op: 'note' } });
  });
});
