import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';
import autoLabeller from '../../../plugins/examples/auto-labeller.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('auto-labeller', () => {
  it('labels a conversation from the customer words, keeping labels already there', async () => {
    bot = await createTestBot({ plugins: [autoLabeller] });
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi, my INVOICE is wrong' });
    const id = conversation.id as number;
    await bot.idle();
    expect(bot.chatwoot.conversation(id)?.labels).toEqual(['billing']);

    bot.chatwoot.customerMessage(id, 'and now the app shows an error');
    await bot.idle();
    expect(bot.chatwoot.conversation(id)?.labels).toEqual(['billing', 'bug']);

    // Already applied: no second write to Chatwoot.
    const writes = () => bot!.chatwoot.rest.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/labels')).length;
    const before = writes();
    bot.chatwoot.customerMessage(id, 'another invoice question');
    await bot.idle();
    expect(writes()).toBe(before);
  });

  it('takes its rules from settings, and ignores agents and private notes', async () => {
    bot = await createTestBot({
      plugins: [autoLabeller],
      config: { settings: { 'auto-labeller': { rules: [{ label: 'shipping', keywords: ['parcel'] }] } } },
    });
    const id = bot.chatwoot.createConversation({ content: 'hello' }).id as number;
    bot.chatwoot.agentMessage(id, 'Your parcel left today');
    bot.chatwoot.agentMessage(id, 'parcel issue?', { private: true });
    await bot.idle();
    expect(bot.chatwoot.conversation(id)?.labels ?? []).toEqual([]);
    bot.chatwoot.customerMessage(id, 'Where is my parcel?');
    await bot.idle();
    expect(bot.chatwoot.conversation(id)?.labels).toEqual(['shipping']);
  });
});
