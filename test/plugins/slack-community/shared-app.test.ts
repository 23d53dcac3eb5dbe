import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_USER } from '../../../plugins/slack/testing/fake-slack.ts';
import { ADA, ANN, COMMUNITY, MIRROR } from '../../../plugins/slack-community/testing/community-slack.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/slack-community/testing/start-community-bot.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const communityConversations = (r: CommunityBot) => r.chatwoot.conversations().filter((c) => c.inbox_id === r.inboxId);

describe('slack-community beside the agents\' Slack plugin', () => {
  it('one Slack app, one Socket Mode connection: every event reaches the plugin it is for, both ways', async () => {
    run = await startCommunityBot({ agents: true });
    const r = run;
    await r.until(() => r.bot.logs.some((l) => l['msg'] === 'slack: connected (Socket Mode)'), 'the agents\' plugin connected');
    expect(r.slack.sockets()).toBe(1);
    expect(r.slack.connections()).toBe(1);

    // Three customers' threads (community plugin's events)…
    const threads = ['first', 'second', 'third'].map((text) => r.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text }).ts);
    await r.until(() => communityConversations(r).length === 3 && communityConversations(r).every((c) => r.chatwoot.messages(c.id as number).length > 0), 'three conversations');
    await r.bot.idle();
    // …each mirrored into the agents' channel by the Slack plugin.
    const parents = await r.until(() => (r.slack.state.parents(MIRROR).length === 3 ? r.slack.state.parents(MIRROR) : undefined), 'three mirror threads');

    // Ann answers each in the mirror (the agents' plugin's events); each answer reaches its member once.
    for (const parent of parents) r.slack.userMessage({ channel: MIRROR, user: ANN.id, text: `answer in ${parent.ts}`, thread_ts: parent.ts });
    await r.until(() => threads.every((ts) => r.slack.state.thread(COMMUNITY, ts).some((m) => m.user === BOT_USER)), 'every answer in its member thread');
    await r.bot.idle();
    for (const ts of threads) expect(r.slack.state.thread(COMMUNITY, ts).filter((m) => m.user === BOT_USER)).toHaveLength(1);
    // Nothing echoed back: the bot's posts in the community channel did not become customer messages.
    for (const c of communityConversations(r)) expect(r.chatwoot.messages(c.id as number).filter((m) => m.message_type === 0)).toHaveLength(1);
    expect(r.slack.connections()).toBe(1);
  });

  it('in HTTP mode both plugins share the one /slack/events route', async () => {
    run = await startCommunityBot({ agents: true, http: true });
    const r = run;
    expect(r.bot.logs.filter((l) => String(l['msg']).startsWith('slack: listening for events at /slack/events'))).toHaveLength(1);
    const port = Number(r.bot.logs.find((l) => l['msg'] === 'switchboard started')?.['port']);
    const body = JSON.stringify({
      token: 'verif', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'Ev1', event_time: 1,
      event: { type: 'message', channel: COMMUNITY, user: ADA.id, user_team: 'T2', text: 'over HTTP', ts: '1700000000.000100', channel_type: 'channel' },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', 'shh-secret').update(`v0:${ts}:${body}`).digest('hex')}`;
    r.slack.state.add({ ts: '1700000000.000100', channel: COMMUNITY, text: 'over HTTP', user: ADA.id });
    const answer = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature }, body });
    expect(answer.status).toBe(200);
    const conversation = await r.until(() => communityConversations(r)[0], 'the conversation');
    await r.until(() => r.chatwoot.messages(conversation.id as number).some((m) => m.content === 'over HTTP'), 'the message');
  });

  it('a community app of its own (SLACK_COMMUNITY_BOT_TOKEN / SLACK_COMMUNITY_APP_TOKEN) gets its own connection', async () => {
    run = await startCommunityBot({ agents: true, env: { SLACK_COMMUNITY_BOT_TOKEN: 'xoxb-test', SLACK_COMMUNITY_APP_TOKEN: 'xapp-community' } });
    const r = run;
    await r.until(() => r.slack.sockets() === 2, 'two connections');
    expect(r.bot.logs.find((l) => l['msg'] === 'slack-community: connected')?.['sharedApp']).toBe(false);
  });
});
