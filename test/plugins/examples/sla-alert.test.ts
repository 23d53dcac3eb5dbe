import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, waitFor, type TestBot } from '../../../src/testing/index.ts';
import slaAlert from '../../../plugins/examples/sla-alert.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const notes = (b: TestBot, id: number) => b.chatwoot.messages(id).filter((m) => m.private);

describe('sla-alert', () => {
  it('notes once when a customer waits past the limit, and forgets answered conversations', async () => {
    bot = await createTestBot({ plugins: [slaAlert], config: { settings: { 'sla-alert': { waitMinutes: 0, checkEverySeconds: 0.02 } } } });
    const waiting = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hello?' }).id as number;
    const answered = bot.chatwoot.createConversation({ contactName: 'Grace', content: 'Hi' }).id as number;
    bot.chatwoot.agentMessage(answered, 'Hi Grace, how can I help?');
    await bot.idle();

    await waitFor(() => notes(bot!, waiting).length === 1, { what: 'an SLA note' });
    expect(notes(bot, waiting)[0]?.content).toMatch(/^⏰ The customer has been waiting 0 min/);
    // Several more checks run; still one note per wait.
    const checks = () => bot!.logs.filter((l) => l['msg'] === 'sla check done').length;
    const seen = checks();
    await waitFor(() => checks() >= seen + 3, { what: 'three more checks' });
    await bot.idle();
    expect(notes(bot, waiting)).toHaveLength(1);
    expect(notes(bot, answered)).toHaveLength(0);
  });

  it('lists waiting conversations with a command', async () => {
    bot = await createTestBot({ plugins: [slaAlert] });
    const id = bot.chatwoot.createConversation({ content: 'anyone?' }).id as number;
    await bot.idle();
    const run = await bot.command('waiting');
    expect(run.replies.join('\n')).toMatch(new RegExp(`#${id} waiting \\d+ min`));
    bot.chatwoot.agentMessage(id, 'here!');
    await bot.idle();
    expect((await bot.command('waiting')).replies).toEqual(['Nobody is waiting. 🎉']);
  });
});
