import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, isEvent, type MessageEvent } from '../../src/index.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { waitFor } from '../helpers/wait-for.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** Records every message.created it sees, per plugin. */
function recorder(name: string, seen: MessageEvent[]) {
  return definePlugin({ name, setup: (ctx) => ctx.on('*', (e) => void (isEvent(e, 'message.created') && seen.push(e))) });
}

describe('echo of our own writes', () => {
  it('tags the echo with the surface that wrote it, even when the event beats the HTTP response', async () => {
    const seenBySurface: MessageEvent[] = [];
    const seenByOther: MessageEvent[] = [];
    let receipt: { delivered: Promise<unknown> } | undefined;
    let deliveredBeforeEcho: boolean | undefined;
    let settled = false;
    const surface = definePlugin({
      name: 'fake-slack',
      setup(ctx) {
        ctx.on('message.created', (event) => {
          seenBySurface.push(event);
          if (event.origin === 'fake-slack') deliveredBeforeEcho = settled;
        });
        ctx.command({ name: 'say', description: 'reply from the fake surface', conversation: 'required', args: [{ name: 'text', type: 'rest', required: true }] }, async (cmd) => {
          receipt = await ctx.chatwoot.reply(cmd.conversationId!, String(cmd.args['text']), { origin: { surface: 'fake-slack', ref: 'C1:1700.01' } });
          void receipt.delivered.then(() => (settled = true));
        });
      },
    });
    bot = await createTestBot({ plugins: [surface, recorder('other', seenByOther)] });
    const id = bot.chatwoot.createConversation({ content: 'hello' }).id as number;
    await bot.idle();

    const release = bot.chatwoot.faults.holdResponses({ method: 'POST', path: /\/messages$/ });
    await bot.command('say hi from slack', { conversationId: id });
    // Chatwoot has created the message and broadcast it; the HTTP answer is still held.
    const echo = await waitFor(() => seenBySurface.find((e) => e.message.content === 'hi from slack'), { what: 'echo' });
    expect(deliveredBeforeEcho).toBe(false);
    expect(echo).toMatchObject({ origin: 'fake-slack', originRef: 'C1:1700.01' });
    expect(echo.message.echo_id).toMatch(/^sb-/);
    release();
    await bot.idle();
    expect(settled).toBe(true);
    // Other surfaces see it too — with the origin, so they do mirror it.
    expect(seenByOther.find((e) => e.message.content === 'hi from slack')?.origin).toBe('fake-slack');
    // Exactly one message in Chatwoot.
    expect(bot.chatwoot.messages(id).filter((m) => m.content === 'hi from slack')).toHaveLength(1);
  });

  it('recognises the echo from the persisted marker alone (a fresh ledger, e.g. after a restart)', async () => {
    const seen: MessageEvent[] = [];
    bot = await createTestBot({ plugins: [recorder('rec', seen)] });
    const id = bot.chatwoot.createConversation({ content: 'x' }).id as number;
    // Written by an earlier Switchboard: only the content_attributes marker says so.
    await bot.runtime.rest.createMessage(id, { content: 'from before', content_attributes: { switchboard: { origin: 'discord', ref: 'm-9' } } });
    await bot.idle();
    expect(seen.find((e) => e.message.content === 'from before')).toMatchObject({ origin: 'discord', originRef: 'm-9' });
    expect(seen.find((e) => e.message.content === 'x')?.origin).toBe('chatwoot');
  });
});
