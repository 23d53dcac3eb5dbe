import { afterEach, describe, expect, it } from 'vitest';
import { ANN, CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

/** Ann's reply, delivered and linked (so it can be deleted from Slack). */
async function annReply(r: SlackBot, id: number, threadTs: string, text: string) {
  const { ts } = r.slack.userMessage({ channel: CHANNEL, user: ANN.id, text, thread_ts: threadTs });
  const content = text.replace(/^(note|private):\s*/, '');
  const sent = await waitFor(() => r.bot.chatwoot.messages(id).find((m) => m.content === content), { what: 'the message in Chatwoot' });
  await r.bot.idle();
  return { ts, sent };
}

const deleted = (r: SlackBot, id: number, messageId: number) => r.bot.chatwoot.messages(id).find((m) => m.id === messageId)?.content_attributes?.['deleted'] === true;
const warnings = (r: SlackBot) => r.slack.state.ephemerals.filter((e) => e.text.startsWith(':warning:'));

describe('Slack: failed writes explain themselves, each in its own words', () => {
  it('a delete Chatwoot answers with 200 and no body is a success: no failure, no notice', async () => {
    run = await startSlackBot({ simulator: { deleteWithoutBody: true } });
    const { id, threadTs } = await run.mirrored();
    const { ts, sent } = await annReply(run, id, threadTs, 'oops');
    run.slack.deleteMessage(CHANNEL, ts);
    await waitFor(() => deleted(run!, id, sent.id), { what: 'the deletion in Chatwoot' });
    await run.bot.idle();
    expect(run.bot.runtime.outbox.failures()).toEqual([]);
    expect(warnings(run)).toEqual([]);
  });

  it('a failed delete says the message is still in Chatwoot and with the customer, and adds no reaction to the deleted message', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await run.mirrored();
    const { ts } = await annReply(run, id, threadTs, 'wrong answer');
    run.bot.chatwoot.faults.failRest({ method: 'DELETE', path: /\/messages\/\d+$/, status: 404, times: 10 });
    run.slack.deleteMessage(CHANNEL, ts);
    const notice = await waitFor(() => warnings(run!)[0], { what: 'the notice' });
    expect(notice).toMatchObject({ user: ANN.id, thread_ts: threadTs });
    expect(notice.text).toMatch(/^:warning: Deleting your message in Chatwoot failed \(404 from DELETE .*\)\. It is still in Chatwoot, and the customer still has it: delete it in Chatwoot itself\.$/);
    expect(notice.text).not.toContain('could not be delivered');
    await run.bot.idle();
    expect(run.slack.calls.filter((c) => c.method === 'reactions.add')).toEqual([]);
  });

  it('a failed delete of a private note says it is still there (nothing about the customer)', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await run.mirrored();
    const { ts } = await annReply(run, id, threadTs, 'note: internal remark');
    run.bot.chatwoot.faults.failRest({ method: 'DELETE', path: /\/messages\/\d+$/, status: 404, times: 10 });
    run.slack.deleteMessage(CHANNEL, ts);
    const notice = await waitFor(() => warnings(run!)[0], { what: 'the notice' });
    expect(notice.text).toMatch(/^:warning: Deleting your private note in Chatwoot failed \(404 .*\)\. It is still there: delete it in Chatwoot itself\.$/);
  });

  it('a failed reply and a failed note: a reaction and the right sentence for each', async () => {
    run = await startSlackBot();
    const { threadTs } = await run.mirrored();
    run.bot.chatwoot.faults.failRest({ method: 'POST', path: /messages$/, status: 422, times: 2 });
    const reply = run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'for the customer', thread_ts: threadTs });
    await waitFor(() => warnings(run!).length === 1, { what: 'the reply notice' });
    const note = run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'note: for agents', thread_ts: threadTs });
    await waitFor(() => warnings(run!).length === 2, { what: 'the note notice' });
    const [replyNotice, noteNotice] = warnings(run);
    expect(replyNotice!.text).toMatch(/^:warning: Your reply could not be delivered to Chatwoot \(422 .*\)\. The customer did not get it\.$/);
    expect(noteNotice!.text).toMatch(/^:warning: Your private note could not be saved in Chatwoot \(422 .*\)\. Nothing reached the customer\.$/);
    for (const ts of [reply.ts, note.ts]) await waitFor(() => run!.slack.state.find(CHANNEL, ts)?.reactions?.some((r) => r.name === 'warning'), { what: 'the reaction' });
  });

  it('an answer the bot could not read is named as such, without the CHATWOOT_URL hint', async () => {
    run = await startSlackBot();
    const { threadTs } = await run.mirrored();
    run.bot.chatwoot.faults.failRest({ method: 'POST', path: /messages$/, status: 200, body: ['not', 'a', 'message'] });
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'hello', thread_ts: threadTs });
    const notice = await waitFor(() => warnings(run!)[0], { what: 'the notice' });
    expect(notice.text).toContain('expected a JSON object, got an array — Switchboard could not read this answer from Chatwoot');
    expect(notice.text).not.toContain('CHATWOOT_URL');
  });

  it('a failed status, label or assignment command says what did not change, and why', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await run.mirrored();
    run.bot.chatwoot.faults.failRest({ method: 'POST', path: /toggle_status$|labels$|assignments$/, status: 422, times: 3, body: { error: 'refused by a test' } });
    for (const text of ['!resolve', '!label +vip', '!assign me']) {
      const before = run.slack.state.ephemerals.length;
      run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text, thread_ts: threadTs });
      await waitFor(() => run!.slack.state.ephemerals.length > before, { what: `the answer to ${text}` });
    }
    expect(run.slack.state.ephemerals.map((e) => e.text)).toEqual([
      `"resolve" failed: #${id} was not resolved: its status is unchanged. Chatwoot said: 422 from POST /api/v1/accounts/1/conversations/${id}/toggle_status: refused by a test`,
      `"label" failed: the labels of #${id} were not changed. Chatwoot said: 422 from POST /api/v1/accounts/1/conversations/${id}/labels: refused by a test`,
      `"assign" failed: #${id} was not assigned: its assignee is unchanged. Chatwoot said: 422 from POST /api/v1/accounts/1/conversations/${id}/assignments: refused by a test`,
    ]);
    expect(run.bot.chatwoot.conversation(id)?.status).toBe('open');
  });
});
