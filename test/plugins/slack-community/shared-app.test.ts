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
    expect((await signedEvent(r, '/slack/events', 'shh-secret', 'over HTTP')).status).toBe(200);
    const conversation = await r.until(() => communityConversations(r)[0], 'the conversation');
    await r.until(() => r.chatwoot.messages(conversation.id as number).some((m) => m.content === 'over HTTP'), 'the message');
  });

  it("a community app of its own in HTTP mode has its own route, checked with its own signing secret", async () => {
    run = await startCommunityBot({ agents: true, env: { SLACK_COMMUNITY_BOT_TOKEN: 'xoxb-test', SLACK_COMMUNITY_SIGNING_SECRET: 'community-secret' } });
    const r = run;
    expect((await signedEvent(r, '/slack/community-events', 'shh-secret', 'signed with the agents\' secret')).status).toBe(401);
    expect((await signedEvent(r, '/slack/community-events', 'community-secret', 'signed right')).status).toBe(200);
    const conversation = await r.until(() => communityConversations(r)[0], 'the conversation');
    await r.until(() => r.chatwoot.messages(conversation.id as number).some((m) => m.content === 'signed right'), 'the message');
    expect(r.chatwoot.messages(conversation.id as number).map((m) => m.content)).toEqual(['signed right']);
    expect(r.slack.sockets()).toBe(1); // the agents' app, in Socket Mode
  });

  it('a community app of its own (SLACK_COMMUNITY_BOT_TOKEN / SLACK_COMMUNITY_APP_TOKEN) gets its own connection', async () => {
    run = await startCommunityBot({ agents: true, env: { SLACK_COMMUNITY_BOT_TOKEN: 'xoxb-test', SLACK_COMMUNITY_APP_TOKEN: 'xapp-community' } });
    const r = run;
    await r.until(() => r.slack.sockets() === 2, 'two connections');
    expect(r.bot.logs.find((l) => l['msg'] === 'slack-community: connected')?.['sharedApp']).toBe(false);
  });
});

/** Ada's top-level message as Slack would POST it to a route in HTTP mode, signed with `secret`. */
async function signedEvent(r: CommunityBot, path: string, secret: string, text: string): Promise<Response> {
  const port = Number(r.bot.logs.find((l) => l['msg'] === 'switchboard started')?.['port']);
  const messageTs = r.slack.state.nextTs();
  r.slack.state.add({ ts: messageTs, channel: COMMUNITY, text, user: ADA.id });
  const body = JSON.stringify({
    token: 'verif', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev${messageTs}`, event_time: 1,
    event: { type: 'message', channel: COMMUNITY, user: ADA.id, user_team: 'T2', text, ts: messageTs, channel_type: 'channel' },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature }, body });
}
