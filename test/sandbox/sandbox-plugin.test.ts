import { describe, expect, it } from 'vitest';
import { createChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { createSandboxPlugin } from '../../src/sandbox/sandbox-plugin.ts';
import { startSimulatedCustomers, type SimulatedCustomers } from '../../src/sandbox/simulated-customers.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { cleanups } from './simulator-harness.ts';

async function sandbox(options: { answerChance?: number; maxAnswers?: number } = {}): Promise<{ bot: TestBot; customers: SimulatedCustomers; decisions: boolean[] }> {
  const simulator = await createChatwootSimulator({ pingIntervalMs: 1_000 });
  cleanups.push(() => simulator.close());
  let customers: SimulatedCustomers | undefined;
  // What the customers decided for each agent reply the plugin handed them (true: an answer is coming).
  const decisions: boolean[] = [];
  const recorded = () => customers && { ...customers, agentReplied: (id: number) => (decisions.push(customers!.agentReplied(id)), decisions.at(-1)!) };
  const bot = await createTestBot({ chatwoot: simulator, plugins: [createSandboxPlugin({ simulator, customers: recorded })] });
  cleanups.push(() => bot.stop());
  // One scripted step at once (Ada opens #1), no more: the interval is out of reach.
  customers = startSimulatedCustomers(simulator, { intervalMs: 3_600_000, answerDelayMs: { min: 0, max: 0 }, random: () => 0, ...options });
  cleanups.push(() => customers?.stop());
  await bot.idle();
  return { bot, customers, decisions };
}

const incoming = (bot: TestBot, id: number) => bot.chatwoot.messages(id).filter((m) => m.message_type === 'incoming').map((m) => m.content);

describe('sandbox: the user plays the customer', () => {
  it('/customer <id> text writes as that conversation\'s customer', async () => {
    const { bot } = await sandbox({ answerChance: 0 });
    const run = await bot.command('customer 1 It still shows the old number.');
    expect(run).toMatchObject({ ok: true, privateReplies: ['the customer of #1 wrote it'] });
    await bot.idle();
    expect(incoming(bot, 1)).toEqual(['Hi! My invoice shows the wrong VAT number.', 'It still shows the old number.']);
  });

  it('/customer new Name: text opens a conversation as a new customer', async () => {
    const { bot } = await sandbox({ answerChance: 0 });
    const run = await bot.command('customer new Alan Turing: Is the machine on?');
    expect(run).toMatchObject({ ok: true, privateReplies: ['Alan Turing opened #2'] });
    await bot.idle();
    expect(bot.chatwoot.conversation(2)?.meta?.sender?.name).toBe('Alan Turing');
    expect(incoming(bot, 2)).toEqual(['Is the machine on?']);
  });

  it('explains a conversation that does not exist and a missing text', async () => {
    const { bot } = await sandbox({ answerChance: 0 });
    expect((await bot.command('customer 9 hello')).privateReplies).toEqual(['no conversation #9 in the sandbox; "customer new <Name>: <text>" opens one']);
    expect((await bot.command('customer 1')).ok).toBe(false);
  });
});

describe('sandbox: simulated customers answer agents now and then', () => {
  it('answers an agent\'s reply, but not a private note, and stops after maxAnswers', async () => {
    const { bot, decisions } = await sandbox({ answerChance: 1, maxAnswers: 2 });
    await bot.command('note 1 internal only');
    await bot.idle();
    expect(decisions).toEqual([]);
    expect(incoming(bot, 1)).toHaveLength(1);
    await bot.command('reply 1 Which number should it be?');
    await waitFor(() => incoming(bot, 1).length === 2, { what: 'the customer answering' });
    expect(incoming(bot, 1).at(-1)).toBe('Thanks! Let me check.');
    await bot.command('reply 1 Fixed.');
    await waitFor(() => incoming(bot, 1).length === 3, { what: 'the second answer' });
    await bot.command('reply 1 Anything else?');
    await waitFor(() => decisions.length === 3, { what: 'the third reply handed to the customers' });
    expect(decisions).toEqual([true, true, false]);
    expect(incoming(bot, 1)).toHaveLength(3);
  });

  it('stays quiet when the dice say so', async () => {
    const { bot, decisions } = await sandbox({ answerChance: 0 });
    await bot.command('reply 1 Hello?');
    await waitFor(() => decisions.length === 1, { what: 'the reply handed to the customers' });
    expect(decisions).toEqual([false]);
    expect(incoming(bot, 1)).toHaveLength(1);
  });

  it('never answers for a customer of another inbox (a community inbox: its members answer on their own surface)', async () => {
    const { bot, decisions } = await sandbox({ answerChance: 1 });
    const other = bot.chatwoot.createConversation({ contactName: 'Ada on Discord', content: 'Hi from the forum', inboxId: 2 });
    await bot.idle();
    await bot.command(`reply ${other.id} Hello Ada`);
    await waitFor(() => decisions.length === 1, { what: 'the reply handed to the customers' });
    expect(decisions).toEqual([false]);
    await bot.idle();
    expect(incoming(bot, other.id!)).toEqual(['Hi from the forum']);
  });
});
