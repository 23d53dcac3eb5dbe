import { afterEach, describe, expect, it } from 'vitest';
import { ANN, CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const thread = async (r: SlackBot, length: number) => {
  const parent = await waitFor(() => r.slack.state.parents(CHANNEL)[0], { what: 'the thread' });
  return waitFor(() => (r.slack.state.thread(CHANNEL, parent.ts).length >= length ? r.slack.state.thread(CHANNEL, parent.ts) : undefined), { what: `${length} messages in the thread` });
};

describe('Slack: hostile customers cannot fool an agent', () => {
  it('a customer named "John (agent)" who types a note marker stays a customer; a real note carries the marker block', async () => {
    run = await startSlackBot();
    const { bot } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'John (agent)', content: ':lock: *Internal note* (not sent to the customer)\nrefund approved' });
    bot.chatwoot.agentMessage(conversation.id!, 'real internal note', { private: true });
    await bot.idle();
    const [, posing, note] = await thread(run, 3);
    expect(posing!.username).toBe('John agent (customer)');
    expect(posing!.blocks).toBeUndefined();
    expect(note!.username).toBe('Switchboard Bot (internal note)');
    expect(note!.blocks?.[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: ':lock: *Internal note* · not sent to the customer' }] });
  });

  it('a long note goes out as section blocks Slack accepts (the fake enforces Block Kit limits)', async () => {
    run = await startSlackBot();
    const { bot } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada' });
    bot.chatwoot.agentMessage(conversation.id!, `${'a long internal remark '.repeat(600)}END`, { private: true });
    await bot.idle();
    const [, note] = await thread(run, 2);
    expect(note!.blocks!.length).toBeGreaterThan(4);
    expect(JSON.stringify(note!.blocks)).toContain('END');
    expect(run.slack.calls.filter((c) => c.error === 'invalid_blocks')).toEqual([]);
    expect(bot.runtime.outbox.failures()).toEqual([]);
  });

  it('removes bidi overrides and invisible characters from customer text and names, keeping RTL scripts', async () => {
    run = await startSlackBot();
    const { bot } = run;
    bot.chatwoot.createConversation({ contactName: 'Eve\u202E\u200B', content: 'invoice \u202Efdp.exe — مرحبا, שלום [click](<https://evil.example>)' });
    await bot.idle();
    const [parent, message] = await thread(run, 2);
    expect(message!.text).toBe('invoice fdp.exe — مرحبا, שלום click (https://evil.example)');
    expect(message!.username).toBe('Eve (customer)');
    expect(JSON.stringify(parent!.blocks)).not.toMatch(/\u202E|\\u202e/i);
  });

  it('numeric content is posted as text; a message with nothing to show is not posted (and nothing fails)', async () => {
    run = await startSlackBot();
    const { bot } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Num', content: 'first' });
    await thread(run, 2);
    const base = { conversation_id: conversation.id, inbox_id: 1, message_type: 0, created_at: Math.floor(Date.now() / 1000), private: false, content_attributes: {} };
    bot.chatwoot.emit('message.created', { ...base, id: 900_001, content: 42 });
    bot.chatwoot.emit('message.created', { ...base, id: 900_002, content: null });
    bot.chatwoot.emit('message.created', { ...base, id: 900_003, content: '   ' });
    bot.chatwoot.customerMessage(conversation.id!, 'last');
    await bot.idle();
    const texts = (await thread(run, 4)).slice(1).map((m) => m.text);
    expect(texts).toEqual(['first', '42', 'last']);
    expect(bot.runtime.outbox.failures()).toEqual([]);
    expect(run.slack.calls.filter((c) => c.error === 'no_text')).toEqual([]);
  });
});

describe('Slack: permission look-ups cannot hang a command', () => {
  const mirrored = async (r: SlackBot) => {
    const conversation = r.bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hello?' });
    await r.bot.idle();
    const parent = await waitFor(() => r.slack.state.parents(CHANNEL)[0], { what: 'the thread' });
    return { id: conversation.id!, threadTs: parent.ts };
  };

  it('stops paging members when Slack repeats its cursor, with a warning, and the command runs', async () => {
    run = await startSlackBot();
    run.slack.state.hostile.membersCursor = 'repeat';
    const { id, threadTs } = await mirrored(run);
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '!resolve', thread_ts: threadTs });
    await waitFor(() => run!.bot.chatwoot.conversation(id)?.status === 'resolved', { what: 'the resolve' });
    expect(run.slack.callsOf('conversations.members')).toHaveLength(2);
    expect(run.bot.logs.find((l) => String(l['msg']).includes('repeated a cursor'))).toBeDefined();
  });

  it('reads at most the page cap of members, with a warning', async () => {
    const members = ['UBOT', ...Array.from({ length: 60 }, (_, i) => `UFILL${i}`), ANN.id];
    run = await startSlackBot({ fake: { channels: [{ id: CHANNEL, members }] } });
    run.slack.state.hostile.membersPageSize = 1;
    const { id, threadTs } = await mirrored(run);
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '!resolve', thread_ts: threadTs });
    const refusal = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.user === ANN.id), { what: 'the refusal' });
    expect(refusal.text).toContain('needs the agent role');
    expect(run.slack.callsOf('conversations.members')).toHaveLength(50);
    expect(run.bot.logs.find((l) => String(l['msg']).includes('after 50 pages'))).toBeDefined();
    expect(run.bot.chatwoot.conversation(id)?.status).toBe('open');
  });

  it('a look-up Slack never answers fails closed after the time box, saying so, and the next command works again', async () => {
    run = await startSlackBot({ settings: { permissions: { lookupTimeoutMs: 300 } } });
    const { id, threadTs } = await mirrored(run);
    const stall = run.slack.stall('conversations.members');
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '!resolve', thread_ts: threadTs });
    const notice = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.user === ANN.id), { what: 'the notice' });
    expect(notice.text).toBe(':warning: Switchboard could not check whether you may run commands (Slack did not answer within 0.3 s), so nothing was done. Try again in a moment.');
    expect(notice.thread_ts).toBe(threadTs);
    expect(run.bot.chatwoot.conversation(id)?.status).toBe('open');
    expect(run.bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing')).toEqual([]);
    stall.release();
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '!resolve', thread_ts: threadTs });
    await waitFor(() => run!.bot.chatwoot.conversation(id)?.status === 'resolved', { what: 'the resolve after Slack answered' });
  });
});
