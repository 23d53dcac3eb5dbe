import { afterEach, describe, expect, it } from 'vitest';
import { BOT_USER, type FakeMessage } from '../../../plugins/slack/testing/fake-slack.ts';
import { ADA, COMMUNITY } from '../../../plugins/slack-community/testing/community-slack.ts';
import { ANN_AGENT, startCommunityBot, type CommunityBot } from '../../../plugins/slack-community/testing/start-community-bot.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const botPosts = (r: CommunityBot, threadTs: string) => r.slack.state.thread(COMMUNITY, threadTs).filter((m: FakeMessage) => m.user === BOT_USER);
const postCalls = (r: CommunityBot) => r.slack.callsOf('chat.postMessage').filter((c) => c.params['channel'] === COMMUNITY);
const reply = (r: CommunityBot, conversationId: number, text: string, options: { private?: boolean } = {}) =>
  r.chatwoot.agentMessage(conversationId, text, { agentId: ANN_AGENT.id, ...options });

/** Ada's thread with its conversation in the community inbox. */
async function memberThread(r: CommunityBot): Promise<{ threadTs: string; conversationId: number }> {
  const { ts } = r.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'Where is my order?' });
  const conversation = await r.until(() => r.chatwoot.conversations().find((c) => c.inbox_id === r.inboxId && r.chatwoot.messages(c.id as number).length > 0), 'the conversation');
  await r.bot.idle();
  return { threadTs: ts, conversationId: conversation.id as number };
}

describe('slack-community: agents answer the member', () => {
  it("an agent's reply reaches the member's thread once, under the agent's name; notes, activity and the member's own message never do (cable)", async () => {
    run = await startCommunityBot();
    const { threadTs, conversationId } = await memberThread(run);
    reply(run, conversationId, 'secret: customer is on a refund blocklist', { private: true });
    reply(run, conversationId, 'Your parcel ships today.');
    run.chatwoot.setStatus(conversationId, 'pending'); // an activity message
    await run.bot.idle();
    await run.until(() => botPosts(run!, threadTs).length === 1, 'the reply in the thread');
    await run.bot.idle();
    expect(botPosts(run, threadTs).map((m) => m.text)).toEqual(['*Ann Agent (agent):*\nYour parcel ships today.']);
    expect(postCalls(run)).toHaveLength(1);
    expect(postCalls(run)[0]?.params['thread_ts']).toBe(threadTs);
    expect(JSON.stringify(run.slack.state.channels.get(COMMUNITY)?.messages)).not.toContain('blocklist');
  });

  it('the same holds when the reply and the note arrive by the inbox callback alone (cable down)', async () => {
    run = await startCommunityBot({ callback: true });
    const { threadTs, conversationId } = await memberThread(run);
    run.bot.chatwoot.dropCable();
    reply(run, conversationId, 'internal: refund approved by finance', { private: true });
    reply(run, conversationId, 'Refund approved!');
    await run.until(() => botPosts(run!, threadTs).length === 1, 'the reply by the callback');
    // The note was in the callback, and the bot's webhook route accepted it…
    expect(run.callbacks().filter((body) => JSON.stringify(body).includes('refund approved by finance'))).toHaveLength(1);
    expect(run.chatwoot.webhooks.deliveries.filter((d) => d.url?.endsWith('/hook') && d.status !== 200)).toEqual([]);
    run.bot.chatwoot.restoreCable();
    await run.bot.idle();
    // …and never reached the member; the reply, seen on both paths, was posted once.
    expect(botPosts(run, threadTs).map((m) => m.text)).toEqual(['*Ann Agent (agent):*\nRefund approved!']);
    expect(postCalls(run)).toHaveLength(1);
  });

  it('hostile agent text is neutralised: no pings, no hidden links, bidi removed, mrkdwn escaped', async () => {
    run = await startCommunityBot();
    const { threadTs, conversationId } = await memberThread(run);
    reply(run, conversationId, 'Hi <!channel> <!here> @here <@U0BOSS> see [https://bank.example](https://evil.example) \u202Egnp.exe & <b>');
    await run.until(() => botPosts(run!, threadTs).length === 1, 'the reply');
    const text = botPosts(run, threadTs)[0]!.text;
    expect(text).not.toMatch(/<!channel>|<!here>|<@U0BOSS>|\u202E|<https?:/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('https://evil.example');
    expect(text).toContain('&amp; &lt;b&gt;');
  });

  it('an agent edit updates the post, a delete removes it; nothing is posted twice', async () => {
    run = await startCommunityBot();
    const { threadTs, conversationId } = await memberThread(run);
    const message = reply(run, conversationId, 'Your code is 1234');
    await run.until(() => botPosts(run!, threadTs).length === 1, 'the reply');
    run.chatwoot.editMessage(conversationId, message.id, 'Your code is 5678');
    await run.until(() => botPosts(run!, threadTs)[0]?.text.endsWith('5678'), 'the update');
    run.chatwoot.deleteMessage(conversationId, message.id);
    await run.until(() => botPosts(run!, threadTs).length === 0, 'the delete');
    await run.bot.idle();
    expect(run.slack.callsOf('chat.update')).toHaveLength(1);
    expect(run.slack.callsOf('chat.delete')).toHaveLength(1);
    expect(postCalls(run)).toHaveLength(1);
  });

  it('deleting a member message or a note in Chatwoot never touches Slack', async () => {
    run = await startCommunityBot();
    const { threadTs, conversationId } = await memberThread(run);
    const note = reply(run, conversationId, 'note', { private: true });
    const memberMessage = run.chatwoot.messages(conversationId).find((m) => m.message_type === 0 || (m as { message_type: unknown }).message_type === 'incoming')!;
    run.chatwoot.deleteMessage(conversationId, note.id);
    run.chatwoot.deleteMessage(conversationId, memberMessage.id as number);
    await run.bot.idle();
    expect(run.slack.callsOf('chat.delete')).toHaveLength(0);
    expect(run.slack.state.thread(COMMUNITY, threadTs).map((m) => m.text)).toEqual(['Where is my order?']);
  });

  it('resolving posts the closing line once; the member writing again reopens the same conversation (afterResolve: reopen)', async () => {
    run = await startCommunityBot();
    const { threadTs, conversationId } = await memberThread(run);
    run.chatwoot.setStatus(conversationId, 'resolved');
    await run.until(() => botPosts(run!, threadTs).length === 1, 'the closing line');
    run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'one more thing', thread_ts: threadTs });
    await run.until(() => run!.chatwoot.conversation(conversationId)?.status === 'open', 'the reopened conversation');
    await run.bot.idle();
    expect(botPosts(run, threadTs).map((m) => m.text)).toEqual(['✅ This conversation was resolved. Reply in this thread if you need anything else.']);
    expect(run.chatwoot.conversations().filter((c) => c.inbox_id === run!.inboxId)).toHaveLength(1);
    expect(run.bot.chatwoot.messages(conversationId).filter((m) => m.message_type === 'incoming').map((m) => m.content)).toEqual(['Where is my order?', 'one more thing']);
  });

  it("afterResolve: 'new' — the next message in the thread opens a new conversation; a late reply in the old one still reaches the thread", async () => {
    run = await startCommunityBot({ settings: { afterResolve: 'new', closingLine: 'Closed. Write here to open a new request.' } });
    const { threadTs, conversationId } = await memberThread(run);
    run.chatwoot.setStatus(conversationId, 'resolved');
    await run.until(() => botPosts(run!, threadTs).length === 1, 'the closing line');
    await run.bot.idle();
    run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'new problem', thread_ts: threadTs });
    const fresh = await run.until(() => run!.chatwoot.conversations().find((c) => c.inbox_id === run!.inboxId && c.id !== conversationId), 'the new conversation');
    await run.until(() => run!.bot.chatwoot.messages(fresh.id as number).some((m) => m.content === 'new problem'), 'the message in it');
    expect(run.chatwoot.conversation(conversationId)?.status).toBe('resolved');
    reply(run, conversationId, 'late answer to the old one');
    reply(run, fresh.id as number, 'answer to the new one');
    await run.until(() => botPosts(run!, threadTs).length === 3, 'both replies');
    expect(botPosts(run, threadTs).map((m) => m.text)).toEqual([
      'Closed. Write here to open a new request.',
      '*Ann Agent (agent):*\nlate answer to the old one',
      '*Ann Agent (agent):*\nanswer to the new one',
    ]);
  });
});
