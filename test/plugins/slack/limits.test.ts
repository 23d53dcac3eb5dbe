import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const texts = (r: SlackBot, threadTs: string) => r.slack.state.thread(CHANNEL, threadTs).slice(1).map((m) => m.text);

describe('limits and faults', () => {
  it('a 429 storm delivers everything, in order, honouring Retry-After', async () => {
    run = await startSlackBot({ fake: { rateLimit: { perSecond: 20, burst: 3, retryAfterSeconds: 1 } } });
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Storm' });
    const sent = Array.from({ length: 12 }, (_, i) => `message ${i + 1}`);
    for (const text of sent) bot.chatwoot.customerMessage(conversation.id!, text);
    await bot.idle();
    const parent = slack.state.parents(CHANNEL)[0]!;
    expect(texts(run, parent.ts)).toEqual(sent);
    const limited = slack.calls.filter((c) => c.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    // After a 429 the next attempt waited at least the Retry-After second.
    const first = limited[0]!;
    const next = slack.calls.find((c) => c.at > first.at && c.method === first.method && c.status === 200);
    expect(next!.at - first.at).toBeGreaterThanOrEqual(900);
  }, 30_000);

  it('keeps order and loses nothing across 5xx answers', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Flaky', content: 'one' });
    slack.fail({ method: 'chat.postMessage', status: 503, times: 3 });
    bot.chatwoot.customerMessage(conversation.id!, 'two');
    bot.chatwoot.customerMessage(conversation.id!, 'three');
    await bot.idle();
    const parent = slack.state.parents(CHANNEL)[0]!;
    expect(texts(run, parent.ts)).toEqual(['one', 'two', 'three']);
  });

  it('does not post twice when Slack posted but the answer was lost (message metadata)', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Lost', content: 'first' });
    await bot.idle();
    const parent = slack.state.parents(CHANNEL)[0]!;
    slack.fail({ method: 'chat.postMessage', status: 500, applyFirst: true });
    bot.chatwoot.customerMessage(conversation.id!, 'second');
    await bot.idle();
    expect(texts(run, parent.ts)).toEqual(['first', 'second']);
    expect(slack.callsOf('conversations.replies').length).toBeGreaterThan(0);
  });

  it('does not open a second thread when the parent was posted but the answer was lost', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    slack.fail({ method: 'chat.postMessage', status: 502, applyFirst: true });
    bot.chatwoot.createConversation({ contactName: 'Once', content: 'hello' });
    await bot.idle();
    expect(slack.state.parents(CHANNEL)).toHaveLength(1);
    expect(texts(run, slack.state.parents(CHANNEL)[0]!.ts)).toEqual(['hello']);
  });

  it('a permanent Slack error is not retried', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    slack.fail({ method: 'chat.postMessage', error: 'not_in_channel' });
    bot.chatwoot.createConversation({ contactName: 'Nowhere' });
    await bot.idle();
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(bot.runtime.outbox.failures().at(-1)?.error).toContain('not_in_channel');
  });

  it('Socket Mode reconnects and keeps handling replies', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'hi' });
    await bot.idle();
    const parent = await waitFor(() => slack.state.parents(CHANNEL)[0]);
    const before = slack.connections();
    slack.dropSockets();
    await waitFor(() => slack.connections() > before && slack.sockets() > 0, { what: 'the reconnect', timeoutMs: 15_000 });
    slack.userMessage({ channel: CHANNEL, user: 'UANN', text: 'back again', thread_ts: parent.ts });
    await waitFor(() => bot.chatwoot.messages(conversation.id!).some((m) => m.content === 'back again'));
  });

  it('the per-channel outbox limit queues posts without losing any', async () => {
    // One post per message here; fold-bursts.test.ts covers folding a backed-up burst.
    run = await startSlackBot({ settings: { rateLimit: { perSecond: 10, burst: 2 }, foldBursts: false } });
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Queue' });
    const sent = Array.from({ length: 8 }, (_, i) => `q${i}`);
    const began = Date.now();
    for (const text of sent) bot.chatwoot.customerMessage(conversation.id!, text);
    await bot.idle();
    expect(texts(run, slack.state.parents(CHANNEL)[0]!.ts)).toEqual(sent);
    expect(Date.now() - began).toBeGreaterThanOrEqual(500); // 9 posts at 10/s after a burst of 2
    expect(slack.calls.some((c) => c.status === 429)).toBe(false);
  });
});
