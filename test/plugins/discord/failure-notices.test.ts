import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../plugins/discord/testing/start-discord-bot.ts';

let run: DiscordBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const answerTo = (current: DiscordBot, threadId: string, messageId: string) => () =>
  current.fake.messagesIn(threadId).find((m) => m['message_reference']?.message_id === messageId && String(m['content']).startsWith('⚠️'));

describe('Discord: failed writes explain themselves, each in its own words', () => {
  it('a failed delete: a notice to its author in the thread, no reaction; the customer still has the message', async () => {
    run = await startDiscordBot();
    const { bot, fake, until } = run;
    const { id, threadId } = await run.openThread();
    const sent = fake.humanMessage(threadId, 'wrong answer');
    await until(() => bot.chatwoot.messages(id).some((m) => m.content === 'wrong answer') || undefined, 'the reply in Chatwoot');
    await bot.idle();
    await until(async () => (await bot.runtime.ledger.links.findMessage('discord', sent['id'])) !== undefined || undefined, 'the echo link');
    bot.chatwoot.faults.failRest({ method: 'DELETE', path: /\/messages\/\d+$/, status: 404, times: 10 });
    fake.humanDelete(sent['id']);
    const notice = await until(answerTo(run, threadId, sent['id']), 'the notice');
    expect(notice['content']).toMatch(
      new RegExp(`^⚠️ <@${fake.human['id']}> Deleting your message in Chatwoot failed \\(404 from DELETE .*\\)\\. It is still in Chatwoot, and the customer still has it: delete it in Chatwoot itself\\.$`),
    );
    expect(fake.state.reactions).toEqual([]);
  });

  it('a failed note: ⚠️ and "could not be saved", nothing about the customer getting it', async () => {
    run = await startDiscordBot();
    const { bot, fake, until } = run;
    const { id, threadId } = await run.openThread();
    bot.chatwoot.faults.failRest({ method: 'POST', path: new RegExp(`/conversations/${id}/messages$`), status: 422, times: 10 });
    const sent = fake.humanMessage(threadId, 'note: internal');
    const explanation = await until(answerTo(run, threadId, sent['id']), 'the explanation');
    expect(explanation['content']).toMatch(/^⚠️ Your private note could not be saved in Chatwoot \(422 .*\)\. Nothing reached the customer\.$/);
    await until(() => fake.state.reactions.find((r) => r.messageId === sent['id'] && r.emoji === '⚠️'), 'the ⚠️ reaction');
  });

  it('a failed status, label or assignment command says what did not change, and why', async () => {
    run = await startDiscordBot({ settings: (fake) => ({ userMap: { [fake.human['id']]: 1 } }) });
    const { bot, fake, until } = run;
    const { id, threadId } = await run.openThread();
    bot.chatwoot.faults.failRest({ method: 'POST', path: /toggle_status$|labels$|assignments$/, status: 422, times: 3, body: { error: 'refused by a test' } });
    const answers: string[] = [];
    for (const text of ['!resolve', '!label +vip', '!assign me']) {
      const command = fake.humanMessage(threadId, text);
      const answer = await until(() => fake.messagesIn(threadId).find((m) => m['message_reference']?.message_id === command['id']), `the answer to ${text}`);
      answers.push(answer['content']);
    }
    expect(answers).toEqual([
      `"resolve" failed: #${id} was not resolved: its status is unchanged. Chatwoot said: 422 from POST /api/v1/accounts/1/conversations/${id}/toggle_status: refused by a test`,
      `"label" failed: the labels of #${id} were not changed. Chatwoot said: 422 from POST /api/v1/accounts/1/conversations/${id}/labels: refused by a test`,
      `"assign" failed: #${id} was not assigned: its assignee is unchanged. Chatwoot said: 422 from POST /api/v1/accounts/1/conversations/${id}/assignments: refused by a test`,
    ]);
    // The slash command says the same.
    bot.chatwoot.faults.failRest({ method: 'POST', path: /toggle_status$/, status: 422, body: { error: 'refused by a test' } });
    const interaction = fake.slashCommand(threadId, 'resolve');
    const reply = await until(() => fake.state.followUps.find((f) => f.token === interaction['token']), 'the slash answer');
    expect(reply.body.content).toBe(answers[0]);
  });
});
