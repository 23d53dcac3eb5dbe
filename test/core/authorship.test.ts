import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/index.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** A pretend surface: `say <text>` as a given surface user. */
const surface = definePlugin({
  name: 'surface',
  setup(ctx) {
    ctx.command({ name: 'say', description: 'reply as the invoking user', conversation: 'required', args: [{ name: 'text', type: 'rest', required: true }] }, async (cmd) => {
      await ctx.chatwoot.reply(cmd.conversationId!, String(cmd.args['text']), {
        origin: { surface: 'surface' },
        author: { name: cmd.user.name, ...(cmd.user.chatwootAgentId !== undefined ? { chatwootAgentId: cmd.user.chatwootAgentId } : {}) },
      });
    });
  },
});

describe('who wrote a reply', () => {
  it('authors it as the agent when their own token is configured', async () => {
    bot = await createTestBot({
      plugins: [surface],
      simulator: { agents: [{ id: 7, name: 'Alice Agent', email: 'alice@example.test', apiToken: 'alice-token' }] },
      agentTokens: { 7: 'alice-token' },
    });
    const id = bot.chatwoot.createConversation({ content: 'hi' }).id as number;
    await bot.command('say hello from Alice', { conversationId: id, user: { name: 'alice.slack', chatwootAgentId: 7 } });
    await bot.idle();
    const sent = bot.chatwoot.messages(id).find((m) => m.content === 'hello from Alice');
    expect(sent).toMatchObject({ sender_type: 'User', sender_id: 7 });
    expect((sent?.content_attributes as Record<string, Record<string, unknown>>)['switchboard']?.['author']).toBeUndefined();
  });

  it('otherwise writes as the bot user and records the surface name', async () => {
    bot = await createTestBot({ plugins: [surface] });
    const id = bot.chatwoot.createConversation({ content: 'hi' }).id as number;
    await bot.command('say hello from Bob', { conversationId: id, user: { name: 'Bob (Slack)', chatwootAgentId: 42 } });
    await bot.idle();
    const sent = bot.chatwoot.messages(id).find((m) => m.content === 'hello from Bob');
    expect(sent).toMatchObject({ sender_id: bot.chatwoot.agent.id });
    expect((sent?.content_attributes as Record<string, Record<string, unknown>>)['switchboard']).toMatchObject({ origin: 'surface', author: 'Bob (Slack)' });
  });
});
