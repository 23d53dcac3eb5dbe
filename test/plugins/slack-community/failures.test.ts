import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryFailedEvent } from '../../../src/index.ts';
import { ADA, COMMUNITY } from '../../../plugins/slack-community/testing/community-slack.ts';
import { ANN_AGENT, startCommunityBot, type CommunityBot } from '../../../plugins/slack-community/testing/start-community-bot.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

/** Ada's thread and its conversation. */
async function memberThread(r: CommunityBot): Promise<{ threadTs: string; conversationId: number }> {
  const { ts } = r.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'Hello?' });
  const conversation = await r.until(() => r.chatwoot.conversations().find((c) => c.inbox_id === r.inboxId && r.chatwoot.messages(c.id as number).length > 0), 'the conversation');
  await r.bot.idle();
  return { threadTs: ts, conversationId: conversation.id as number };
}
const errorLines = (r: CommunityBot) => r.bot.logs.filter((l) => typeof l['msg'] === 'string' && (l['msg'] as string).startsWith('slack-community: not delivered to Slack:'));
const postAttempts = (r: CommunityBot) => r.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.params['channel'] === COMMUNITY);

describe('slack-community: Slack refuses', () => {
  it.each([
    ['not_in_channel', (r: CommunityBot): void => void r.slack.state.channels.get(COMMUNITY)!.members.splice(0, 1), /\/invite @<your app>/],
    ['is_archived', (r: CommunityBot): void => void (r.slack.state.channels.get(COMMUNITY)!.archived = true), /unarchive it/],
    ['channel_not_found', (r: CommunityBot): void => void r.slack.state.channels.delete(COMMUNITY), /channelIds/],
  ] as const)('%s: each reply fails for good (delivery_failed, one attempt each), and the log says what to do once', async (code, breakIt, fix) => {
    const failures: DeliveryFailedEvent[] = [];
    run = await startCommunityBot({ onDeliveryFailed: (event) => failures.push(event) });
    const { conversationId } = await memberThread(run);
    breakIt(run);
    run.chatwoot.agentMessage(conversationId, 'first answer', { agentId: ANN_AGENT.id });
    run.chatwoot.agentMessage(conversationId, 'second answer', { agentId: ANN_AGENT.id });
    await run.until(() => failures.length === 2, 'two delivery failures');
    await run.bot.idle();
    expect(failures.map((f) => f.kind)).toEqual(['slack-community.reply', 'slack-community.reply']);
    expect(failures[0]?.error).toContain(code);
    expect(failures[0]?.conversationId).toBe(conversationId);
    expect(postAttempts(run)).toHaveLength(2); // no retry storm
    expect(errorLines(run)).toHaveLength(1);
    expect(String(errorLines(run)[0]?.['msg'])).toMatch(fix);
    expect(run.bot.runtime.outbox.pending()).toBe(0);
  });

  it('a 429 waits out Retry-After and the reply is posted once', async () => {
    run = await startCommunityBot();
    const { threadTs, conversationId } = await memberThread(run);
    run.slack.setRateLimit({ perSecond: 1, burst: 1, retryAfterSeconds: 1 });
    run.chatwoot.agentMessage(conversationId, 'one', { agentId: ANN_AGENT.id });
    run.chatwoot.agentMessage(conversationId, 'two', { agentId: ANN_AGENT.id });
    await run.until(() => run!.slack.state.thread(COMMUNITY, threadTs).length === 3, 'both replies');
    await run.bot.idle();
    const limited = postAttempts(run).filter((c) => c.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(run.slack.state.thread(COMMUNITY, threadTs).map((m) => m.text.split('\n')[1])).toEqual([undefined, 'one', 'two']);
    // The retry came after the Retry-After second, not before.
    const after = postAttempts(run).find((c) => c.status === 200 && c.at > limited[0]!.at);
    expect(after!.at - limited[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(errorLines(run)).toHaveLength(0);
  });

  it('a post whose answer was lost is found by its metadata, not posted twice', async () => {
    run = await startCommunityBot();
    const { threadTs, conversationId } = await memberThread(run);
    run.slack.fail({ method: 'chat.postMessage', status: 503, applyFirst: true, times: 1 });
    run.chatwoot.agentMessage(conversationId, 'exactly once', { agentId: ANN_AGENT.id });
    await run.until(() => run!.slack.calls.some((c) => c.method === 'conversations.replies'), 'the look-up');
    await run.bot.idle();
    expect(run.slack.state.thread(COMMUNITY, threadTs).filter((m) => m.text.includes('exactly once'))).toHaveLength(1);
  });
});
