import { afterEach, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';
import greeter from '../../../plugins/examples/greeter.ts';

let bot: TestBot;
afterEach(() => bot.stop());

it('greets new conversations once', async () => {
  bot = await createTestBot({ plugins: [greeter], config: { settings: { greeter: { greeting: 'Hello!' } } } });
  const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
  await bot.idle();
  const replies = bot.chatwoot.messages(conversation.id!).filter((m) => m.message_type === 'outgoing');
  expect(replies.map((m) => m.content)).toEqual(['Hello!']);
});

it('greets again on command', async () => {
  bot = await createTestBot({ plugins: [greeter] });
  const conversation = bot.chatwoot.createConversation({ content: 'Hi' });
  await bot.idle();
  const run = await bot.command(`greet ${conversation.id}`);
  await bot.idle();
  expect(run.replies).toEqual([`Greeting sent to #${conversation.id}.`]);
  const replies = bot.chatwoot.messages(conversation.id!).filter((m) => m.message_type === 'outgoing');
  expect(replies).toHaveLength(2);
});
