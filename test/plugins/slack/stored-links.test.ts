import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('Slack: message links stored by the previous version', () => {
  it('a mirrored post linked as { own: true } is still edited; an echo linked as { own: false } is never touched', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hello' });
    const id = conversation.id!;
    await bot.idle();
    const parent = await waitFor(() => slack.state.parents(CHANNEL)[0], { what: 'the thread' });
    const mirrored = bot.chatwoot.agentMessage(id, 'Refund is 10 EUR');
    const echoed = bot.chatwoot.agentMessage(id, 'typed in Slack');
    await bot.idle();
    const post = await waitFor(() => slack.state.thread(CHANNEL, parent.ts).find((m) => m.text.includes('Refund is 10 EUR')), { what: 'the mirrored post' });
    const echoPost = await waitFor(() => slack.state.thread(CHANNEL, parent.ts).find((m) => m.text.includes('typed in Slack')), { what: 'the second post' });
    // Rewritten in the shapes the previous version stored.
    const links = bot.runtime.ledger.links;
    await links.setMessage(mirrored.id, 'slack', { key: `${CHANNEL}:${post.ts}`, data: { own: true, text: 'stale-fingerprint' } });
    await links.setMessage(echoed.id, 'slack', { key: `${CHANNEL}:${echoPost.ts}`, data: { own: false } });

    bot.chatwoot.editMessage(id, mirrored.id, 'Refund is 12 EUR');
    bot.chatwoot.editMessage(id, echoed.id, 'edited in Chatwoot');
    await bot.idle();
    await waitFor(() => slack.state.find(CHANNEL, post.ts)?.text.includes('12 EUR'), { what: 'the edit of the mirrored post' });
    expect(slack.state.find(CHANNEL, echoPost.ts)?.text).toContain('typed in Slack');
    expect(slack.calls.filter((c) => c.method === 'chat.update' && c.params['ts'] === echoPost.ts)).toEqual([]);
  });
});
