import { afterEach, describe, expect, it } from 'vitest';
import { ANN, CHANNEL, startSlackBot, waitFor, ZED, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

/** A conversation with its mirrored thread; returns the ids. */
async function mirrored(r: SlackBot, content?: string) {
  const thread = await r.mirrored(content);
  await waitFor(() => r.slack.state.thread(CHANNEL, thread.threadTs).length === 2, { what: 'the first message' });
  return thread;
}

const outgoing = (r: SlackBot, id: number) => r.bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing');

describe('Slack → Chatwoot', () => {
  it('sends a thread reply to the customer, authored by the mapped agent, and does not mirror it back', async () => {
    run = await startSlackBot({ agentTokens: { 2: 'ann-token' } });
    const { id, threadTs } = await mirrored(run);
    const { ts, envelope_id } = run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'We are on it *now* &amp; soon', thread_ts: threadTs });
    await waitFor(() => run!.slack.acks.some((a) => a.envelope_id === envelope_id), { what: 'the ack' });
    const sent = await waitFor(() => outgoing(run!, id)[0], { what: 'the reply in Chatwoot' });
    expect(sent).toMatchObject({ content: 'We are on it **now** & soon', private: false, sender_id: 2 });
    await run.bot.idle();
    // The echo is linked, not posted again: the thread holds parent, customer message, Ann's reply.
    expect(run.slack.state.thread(CHANNEL, threadTs).map((m) => m.user)).toEqual(['UBOT', 'UBOT', ANN.id]);
    expect(await run.bot.runtime.ledger.links.findMessage('slack', `${CHANNEL}:${ts}`)).toBe(sent.id);
  });

  it('makes lower-case note:/private: replies private notes (prefix stripped), confirms them, and records the Slack name without a token', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await mirrored(run);
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'note: she is on the enterprise plan', thread_ts: threadTs });
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'private:   call her back', thread_ts: threadTs });
    const notes = await waitFor(() => (outgoing(run!, id).length === 2 ? outgoing(run!, id) : undefined));
    expect(notes.map((m) => [m.content, m.private])).toEqual([['she is on the enterprise plan', true], ['call her back', true]]);
    expect(JSON.stringify(notes[0]!.content_attributes)).toContain(ANN.name);
    const confirmations = await waitFor(() => (run!.slack.state.ephemerals.length === 2 ? run!.slack.state.ephemerals : undefined), { what: 'two confirmations' });
    for (const confirmation of confirmations) {
      expect(confirmation).toMatchObject({ user: ANN.id, thread_ts: threadTs });
      expect(confirmation.text).toContain('Saved in Chatwoot as a private note: only agents see it, the customer does not.');
    }
  });

  it('"Note: your refund takes 5 days" goes to the customer (only a lower-case prefix makes a note), and its author is told', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await mirrored(run);
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'Note: your refund takes 5 days', thread_ts: threadTs });
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '  note: leading space is not the very start', thread_ts: threadTs });
    const sent = await waitFor(() => (outgoing(run!, id).length === 2 ? outgoing(run!, id) : undefined));
    expect(sent.map((m) => [m.content, m.private])).toEqual([['Note: your refund takes 5 days', false], ['note: leading space is not the very start', false]]);
    const hint = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.user === ANN.id));
    expect(hint.text).toContain('Sent to the customer. Only a lower-case "note:" or "private:" at the very start makes a private note.');
  });

  it('replyMode notes: every reply is a note unless prefixed reply:', async () => {
    run = await startSlackBot({ settings: { channels: { [CHANNEL]: { replyMode: 'notes' } } } });
    const { id, threadTs } = await mirrored(run);
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'internal chatter', thread_ts: threadTs });
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'reply: Hi Ada!', thread_ts: threadTs });
    const sent = await waitFor(() => (outgoing(run!, id).length === 2 ? outgoing(run!, id) : undefined));
    expect(sent.map((m) => [m.content, m.private])).toEqual([['internal chatter', true], ['Hi Ada!', false]]);
  });

  it('ignores bots, top-level messages and threads that are not mirrored', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await mirrored(run);
    const envelopes = [
      run.slack.userMessage({ channel: CHANNEL, user: 'UOTHERBOT', bot_id: 'B2', subtype: 'bot_message', text: 'beep', thread_ts: threadTs }).envelope_id,
      run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'top level chatter' }).envelope_id,
    ];
    const loose = run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'not mirrored' });
    envelopes.push(run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'in a random thread', thread_ts: loose.ts }).envelope_id);
    // A marker after them: once it arrives, the earlier ones were handled.
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'marker', thread_ts: threadTs });
    await waitFor(() => outgoing(run!, id).length > 0);
    await run.bot.idle();
    expect(outgoing(run, id).map((m) => m.content)).toEqual(['marker']);
    expect(envelopes.every((e) => run!.slack.acks.some((a) => a.envelope_id === e))).toBe(true);
  });

  it('deletes the Chatwoot message when the Slack reply is deleted, and answers an edit with an ephemeral notice', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await mirrored(run);
    const { ts } = run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'oops typo', thread_ts: threadTs });
    const sent = await waitFor(() => outgoing(run!, id)[0]);
    await run.bot.idle();
    run.slack.editMessage(CHANNEL, ts, 'oops, fixed');
    const notice = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.user === ANN.id), { what: 'the edit notice' });
    expect(notice).toMatchObject({ channel: CHANNEL, thread_ts: threadTs });
    expect(notice.text).toContain('Edits cannot reach');
    run.slack.deleteMessage(CHANNEL, ts);
    await waitFor(() => run!.bot.chatwoot.messages(id).find((m) => m.id === sent.id)?.content_attributes?.['deleted'] === true, { what: 'the deletion in Chatwoot' });
  });

  it('forwards files with the bot token, and tells the author about one over the cap', async () => {
    run = await startSlackBot({ settings: { maxFileBytes: 1000 } });
    const { id, threadTs } = await mirrored(run);
    const small = run.slack.addFile({ id: 'F1', name: 'receipt.txt', bytes: Buffer.from('paid in full'), mimetype: 'text/plain' });
    const big = run.slack.addFile({ id: 'F2', name: 'huge.bin', bytes: Buffer.alloc(5000) });
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'see attached', thread_ts: threadTs, files: [small, big] });
    const sent = await waitFor(() => outgoing(run!, id)[0]);
    expect(sent.attachments?.length).toBe(1);
    const notice = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.text.includes('huge.bin')));
    expect(notice.user).toBe(ANN.id);
  });

  it('flags a reply Chatwoot refused with a reaction and a thread-only ephemeral', async () => {
    run = await startSlackBot();
    const { threadTs } = await mirrored(run);
    run.bot.chatwoot.faults.failRest({ method: 'POST', path: /messages$/, status: 422, times: 1 });
    const { ts } = run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'will fail', thread_ts: threadTs });
    await waitFor(() => run!.slack.state.find(CHANNEL, ts)?.reactions?.some((r) => r.name === 'warning'), { what: 'the reaction' });
    const notice = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.text.includes('could not be delivered')));
    expect(notice).toMatchObject({ user: ANN.id, thread_ts: threadTs });
  });

  it('ignores edits of messages it never forwarded (other people, bots)', async () => {
    run = await startSlackBot();
    const { threadTs } = await mirrored(run);
    const loose = run.slack.userMessage({ channel: CHANNEL, user: ZED.id, text: 'top level' });
    run.slack.editMessage(CHANNEL, loose.ts, 'top level, edited');
    const parentEdit = run.slack.editMessage(CHANNEL, threadTs, 'bot edit');
    await waitFor(() => run!.slack.acks.some((a) => a.envelope_id === parentEdit));
    await run.bot.idle();
    expect(run.slack.state.ephemerals).toEqual([]);
  });

  it('userMap overrides the email match', async () => {
    run = await startSlackBot({ settings: { userMap: { [ZED.id]: 2 } }, agentTokens: { 2: 'ann-token' } });
    const { id, threadTs } = await mirrored(run);
    run.slack.userMessage({ channel: CHANNEL, user: ZED.id, text: 'from zed', thread_ts: threadTs });
    const sent = await waitFor(() => outgoing(run!, id)[0]);
    expect(sent).toMatchObject({ content: 'from zed', sender_id: 2 });
  });
});
