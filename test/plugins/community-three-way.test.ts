import { afterEach, describe, expect, it } from 'vitest';
import { fakeMember, memberMessage, memberThread } from '../../plugins/discord-community/testing/fake-member.ts';
import { specProblems } from '../helpers/chatwoot-spec.ts';
import { AGENTS_CHANNEL, ANN, COMMUNITY_CHANNEL, startThreeWay, type ThreeWay } from '../helpers/start-three-way.ts';

let run: ThreeWay | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const CLOSING = '✅ This conversation was resolved. Write here again if you need anything else.';

describe('three-way: a Discord customer, Chatwoot, a Slack agent — one bot', () => {
  it.each([
    { path: 'the cable', callback: false },
    { path: 'the cable and the inbox callback at once', callback: true },
  ])('events by $path: a forum post becomes one conversation mirrored into Slack; Slack replies reach the member once, notes never; resolve closes the post', async ({ callback }) => {
    run = await startThreeWay({ callback });
    const r = run;
    const ada = fakeMember('ada', 'Ada Lovelace');

    // 1. Ada's first post in the support forum: one contact, one conversation in the community inbox.
    const post = memberThread(r.discord, ada, 'Order #12 is late');
    memberMessage(r.discord, post, ada, 'Where is my order #12?');
    const inbox = () => r.chatwoot.conversations().filter((c) => c.inbox_id === r.inboxId);
    const id = (await r.until(() => inbox()[0], 'the community conversation')).id as number;
    const contents = () => r.bot.chatwoot.messages(id).map((m) => [m.message_type, m.private, m.content]);
    await r.until(() => r.bot.chatwoot.messages(id).length === 1, 'the member message in Chatwoot');
    expect(contents()).toEqual([['incoming', false, 'Where is my order #12?']]);
    expect(r.chatwoot.rest.requests.filter((q) => q.method === 'POST' && /\/contacts$/.test(q.path))).toHaveLength(1);

    // 2. Mirrored into the Slack channel the community inbox is routed to, like any conversation.
    const parent = await r.until(() => r.slack.state.parents(COMMUNITY_CHANNEL)[0], 'the Slack mirror thread');
    const slackThread = () => r.slack.state.thread(COMMUNITY_CHANNEL, parent.ts);
    const onSlack = (text: string) => slackThread().filter((m) => m.text.includes(text)).length;
    await r.until(() => onSlack('Where is my order #12?') === 1, 'the member message in Slack');
    expect(r.slack.state.parents(AGENTS_CHANNEL)).toEqual([]);

    // 3. Ann replies in the Slack thread: it reaches Ada exactly once, under Ann's name.
    r.slack.userMessage({ channel: COMMUNITY_CHANNEL, user: ANN.id, text: 'Sorry Ada, it ships *today*', thread_ts: parent.ts });
    await r.until(() => r.botPosts(post).length === 1, 'the reply in Discord');
    await r.bot.idle();
    expect(r.botPosts(post).map((m) => m['content'])).toEqual([`**${ANN.name} (agent):**\nSorry Ada, it ships **today**`]);
    // …recorded once in Chatwoot as Ann's public reply, and not echoed into Slack as a new message.
    expect(r.bot.chatwoot.messages(id).filter((m) => m.content === 'Sorry Ada, it ships **today**').map((m) => [m.message_type, m.private, m.sender?.id])).toEqual([
      ['outgoing', false, 2],
    ]);
    expect(onSlack('it ships')).toBe(1); // Ann's own Slack message, nothing the bot posted
    expect(slackThread().filter((m) => m.text.includes('it ships')).map((m) => m.user)).toEqual([ANN.id]);

    // 4. A private note typed in Slack stays in Chatwoot: nothing reaches Discord.
    r.slack.userMessage({ channel: COMMUNITY_CHANNEL, user: ANN.id, text: 'note: she is on the refund blocklist', thread_ts: parent.ts });
    await r.until(() => r.bot.chatwoot.messages(id).some((m) => m.private && m.content === 'she is on the refund blocklist'), 'the note in Chatwoot');
    await r.bot.idle();
    expect(r.botPosts(post)).toHaveLength(1);
    expect(JSON.stringify(r.discord.messagesIn(post))).not.toContain('blocklist');
    expect(r.discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${post}/messages`)).toHaveLength(1);

    // 5. Ada's next message joins the conversation and shows up in the Slack thread once.
    memberMessage(r.discord, post, ada, 'Thanks! Tracking number?');
    await r.until(() => onSlack('Tracking number?') === 1, "Ada's next message in Slack");
    await r.bot.idle();
    expect(onSlack('Tracking number?')).toBe(1);
    expect(inbox()).toHaveLength(1);
    expect(r.bot.chatwoot.messages(id).filter((m) => m.content === 'Thanks! Tracking number?')).toHaveLength(1);

    // 6. Ann resolves from Slack: the closing line in Discord, once; the post archived (afterResolve
    // 'reopen', the default: not locked, so Ada may write again and reopen the conversation).
    r.slack.userMessage({ channel: COMMUNITY_CHANNEL, user: ANN.id, text: '!resolve', thread_ts: parent.ts });
    await r.until(() => r.chatwoot.conversation(id)?.status === 'resolved', 'resolved in Chatwoot');
    await r.until(() => r.discord.channel(post)?.['thread_metadata']?.archived === true, 'the archived post');
    await r.bot.idle();
    expect(r.botPosts(post).map((m) => m['content'])).toEqual([`**${ANN.name} (agent):**\nSorry Ada, it ships **today**`, CLOSING]);
    expect(r.discord.channel(post)?.['thread_metadata']).toMatchObject({ archived: true, locked: false });

    // Counted from the outside once more: Chatwoot holds each message once, Discord nothing private.
    expect(contents().filter(([type]) => type !== 'activity')).toEqual([
      ['incoming', false, 'Where is my order #12?'],
      ['outgoing', false, 'Sorry Ada, it ships **today**'],
      ['outgoing', true, 'she is on the refund blocklist'],
      ['incoming', false, 'Thanks! Tracking number?'],
    ]);
    // With the callback on, every event also came that way (and was accepted): nothing above doubled.
    if (callback) expect(r.callbacks()).toBeGreaterThanOrEqual(6);
    // Every request both plugins and the core made has the shape Chatwoot's published spec gives.
    expect(specProblems(r.chatwoot.rest.requests)).toEqual([]);
    const logs = JSON.stringify(r.bot.logs);
    for (const secret of [r.slack.token, 'xapp-test', r.discord.token, 'ann-token', r.chatwoot.agent.apiToken]) expect(logs).not.toContain(secret);
  });
});
