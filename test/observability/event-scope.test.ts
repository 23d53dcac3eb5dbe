import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/index.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('ctx.log inside a handler', () => {
  it('names the plugin and the event, before and after an await', async () => {
    const chatty = definePlugin({
      name: 'chatty',
      setup(ctx) {
        ctx.on('message.created', async (event) => {
          ctx.log.info('before await');
          await ctx.store.set(`seen:${event.message.id}`, true);
          ctx.log.info('after await');
        });
      },
    });
    bot = await createTestBot({ plugins: [chatty] });
    const id = bot.chatwoot.createConversation({ content: 'hello' }).id as number;
    await bot.idle();
    const message = bot.chatwoot.messages(id)[0]!;
    const lines = bot.logs.filter((l) => l['plugin'] === 'chatty');
    expect(lines.map((l) => l['msg'])).toEqual(['before await', 'after await']);
    for (const line of lines) expect(line).toMatchObject({ eventId: expect.stringMatching(new RegExp(`^message\\.created:${message.id}:`)), event: 'message.created' });
    // Outside handlers nothing is added.
    expect(bot.logs.find((l) => l['msg'] === 'switchboard started')).not.toHaveProperty('eventId');
  });
});
