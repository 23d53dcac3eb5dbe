import { afterEach, describe, expect, it } from 'vitest';
import { ANN, CHANNEL, startSlackBot, waitFor, ZED, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('commands from Slack', () => {
  it('/chatwoot acks at once and answers through response_url', async () => {
    run = await startSlackBot();
    const { id } = await run.mirrored();
    const { envelope_id, responseId } = run.slack.slashCommand({ command: '/chatwoot', text: `resolve ${id}`, user: ANN.id, channel: CHANNEL });
    await waitFor(() => run!.slack.acks.some((a) => a.envelope_id === envelope_id), { what: 'the ack' });
    const answer = await waitFor(() => run!.slack.responses.find((r) => r.id === responseId), { what: 'the response_url answer' });
    expect(answer.body).toMatchObject({ response_type: 'in_channel' });
    expect(String(answer.body['text'])).toContain(`resolved #${id}`);
    await waitFor(() => run!.bot.chatwoot.conversation(id)?.status === 'resolved');
  });

  it('a configurable command name, help by default, and a private error for a missing conversation', async () => {
    run = await startSlackBot({ settings: { commandName: 'cw' } });
    const help = run.slack.slashCommand({ command: '/cw', text: '', user: ANN.id, channel: CHANNEL });
    const answer = await waitFor(() => run!.slack.responses.find((r) => r.id === help.responseId));
    expect(String(answer.body['text'])).toContain('resolve');
    const noId = run.slack.slashCommand({ command: '/cw', text: 'resolve', user: ANN.id, channel: CHANNEL });
    const refusal = await waitFor(() => run!.slack.responses.find((r) => r.id === noId.responseId));
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(refusal.body['text'])).toContain('no conversation');
  });

  it('!commands in a mirrored thread act on its conversation and never reach the customer', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await run.mirrored();
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '!label +vip', thread_ts: threadTs });
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '!assign me', thread_ts: threadTs });
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '!snooze 2h', thread_ts: threadTs });
    await waitFor(() => run!.bot.chatwoot.conversation(id)?.status === 'snoozed', { what: 'the snooze' });
    const conversation = run.bot.chatwoot.conversation(id)!;
    expect(conversation.labels).toContain('vip');
    expect(conversation.meta?.assignee?.id).toBe(2);
    await run.bot.idle();
    expect(run.bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing')).toEqual([]);
    const replies = await waitFor(() => {
      const texts = run!.slack.state.thread(CHANNEL, threadTs).map((m) => m.text);
      return texts.some((t) => t.includes('snoozed')) ? texts : undefined;
    });
    expect(replies.join('\n')).toContain('labelled');
  });

  it('refuses agent commands to people outside the mirror channel', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await run.mirrored();
    run.slack.userMessage({ channel: CHANNEL, user: ZED.id, text: '!resolve', thread_ts: threadTs });
    const refusal = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.user === ZED.id));
    expect(refusal.text).toContain('needs the agent role');
    expect(refusal.thread_ts).toBe(threadTs);
    expect(run.bot.chatwoot.conversation(id)?.status).toBe('open');
  });

  it('configured user groups grant the permission', async () => {
    run = await startSlackBot({ settings: { permissions: { userGroups: ['S0SUPPORT'] } } });
    run.slack.state.userGroups.set('S0SUPPORT', [ZED.id]);
    const { id, threadTs } = await run.mirrored();
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: '!resolve', thread_ts: threadTs });
    await waitFor(() => run!.slack.state.ephemerals.find((e) => e.user === ANN.id), { what: 'Ann refused (not in the group)' });
    run.slack.userMessage({ channel: CHANNEL, user: ZED.id, text: '!resolve', thread_ts: threadTs });
    await waitFor(() => run!.bot.chatwoot.conversation(id)?.status === 'resolved');
  });

  it('the parent buttons and the message shortcut act on the thread conversation', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await run.mirrored();
    run.slack.blockAction({ action_id: 'chatwoot_assign_me', value: String(id), user: ANN.id, channel: CHANNEL, message_ts: threadTs });
    await waitFor(() => run!.bot.chatwoot.conversation(id)?.meta?.assignee?.id === 2, { what: 'the assignment' });
    run.slack.blockAction({ action_id: 'chatwoot_resolve', value: String(id), user: ANN.id, channel: CHANNEL, message_ts: threadTs });
    await waitFor(() => run!.bot.chatwoot.conversation(id)?.status === 'resolved', { what: 'resolve' });
    await run.bot.idle();
    const reply = await waitFor(() => run!.slack.state.thread(CHANNEL, threadTs).find((m) => m.text.startsWith('Ann Agent') || m.text.includes('resolved')));
    const { ts } = run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'some reply', thread_ts: threadTs });
    await waitFor(() => run!.bot.chatwoot.messages(id).some((m) => m.content === 'some reply'));
    run.slack.messageShortcut({ callback_id: 'chatwoot_resolve_shortcut', user: ANN.id, channel: CHANNEL, message_ts: ts });
    await waitFor(() => run!.slack.state.thread(CHANNEL, threadTs).filter((m) => m.text.includes('resolved')).length >= 2, { what: 'the shortcut result' });
    expect(reply).toBeDefined();
  });
});
