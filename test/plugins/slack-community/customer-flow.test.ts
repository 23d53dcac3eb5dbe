import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/core/store/create-store.ts';
import { ADA, ANN, BOB, COMMUNITY, GUEST_TEAM, HOMER, OTHER, ROBOT } from '../../../plugins/slack-community/testing/community-slack.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/slack-community/testing/start-community-bot.ts';
import { specProblems } from '../../helpers/chatwoot-spec.ts';
import { inboxConversations, incoming } from '../../../plugins/slack-community/testing/queries.ts';

let runs: CommunityBot[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Whatever the test did, every request to Chatwoot had the published spec's shape.
  const requests = runs.flatMap((run) => run.chatwoot.rest.requests);
  for (const run of runs.reverse()) await run.stop();
  expect(specProblems(requests)).toEqual([]);
  for (const clean of cleanups.splice(0)) await clean();
  runs = [];
});

async function start(options: Parameters<typeof startCommunityBot>[0] = {}): Promise<CommunityBot> {
  const run = await startCommunityBot(options);
  runs.push(run);
  return run;
}

const contactPosts = (run: CommunityBot) => run.chatwoot.rest.requests.filter((r) => r.method === 'POST' && /\/contacts$/.test(r.path));
const post = (run: CommunityBot, user: { id: string }, text: string, threadTs?: string) =>
  run.slack.userMessage({ channel: COMMUNITY, user: user.id, text, ...(threadTs ? { thread_ts: threadTs } : {}) }).ts;

describe('slack-community: members become Chatwoot customers', () => {
  it("a top-level message makes one contact (slack:<team>:<user>, name, avatar) and one conversation, the text kept as written; replies in its thread join it", async () => {
    const run = await start();
    const text = 'My order #12 is *late* &lt;!channel&gt; <https://evil.example|click> &amp; <@UANN>';
    const top = post(run, ADA, text);
    const [conversation] = await run.until(() => (inboxConversations(run).length === 1 ? inboxConversations(run) : undefined), 'a conversation');
    const id = conversation!.id as number;
    await run.until(() => incoming(run, id).length === 1, 'the incoming message');
    expect(incoming(run, id)[0]?.content).toBe('My order #12 is *late* <!channel> click (https://evil.example) & @Ann Agent');
    post(run, ADA, 'any news?', top);
    await run.until(() => incoming(run, id).length === 2, 'the reply in the thread');
    await run.bot.idle();
    expect(inboxConversations(run)).toHaveLength(1);
    expect(contactPosts(run)).toHaveLength(1);
    const contact = await run.rest.findContactByIdentifier(`slack:${GUEST_TEAM}:${ADA.id}`);
    expect(contact?.name).toBe('Ada Lovelace');
    expect(run.chatwoot.rest.requests.find((r) => r.method === 'POST' && /\/contacts$/.test(r.path))?.body).toMatchObject({ avatar_url: ADA.image });
  });

  it('two first messages at once in one thread, and a second thread of the same member: one contact, one conversation per thread', async () => {
    const run = await start();
    const one = post(run, ADA, 'first');
    post(run, ADA, 'second', one);
    post(run, ADA, 'other question');
    await run.until(() => inboxConversations(run).length === 2 && inboxConversations(run).every((c) => incoming(run, c.id as number).length > 0), 'two conversations');
    await run.bot.idle();
    expect(contactPosts(run)).toHaveLength(1);
    const contents = inboxConversations(run).map((c) => incoming(run, c.id as number).map((m) => m.content));
    expect(contents.sort((a, b) => b.length - a.length)).toEqual([['first', 'second'], ['other question']]);
  });

  it('two members at once: two contacts, two conversations', async () => {
    const run = await start();
    post(run, ADA, 'from Ada');
    post(run, BOB, 'from Bob');
    await run.until(() => inboxConversations(run).length === 2 && inboxConversations(run).every((c) => incoming(run, c.id as number).length > 0), 'two conversations');
    await run.bot.idle();
    expect(contactPosts(run)).toHaveLength(2);
  });

  it('a restart keeps the thread → conversation map: no second contact or conversation', async () => {
    const store = await createStore('memory://');
    cleanups.push(() => store.close());
    const first = await startCommunityBot({ store });
    const top = post(first, ADA, 'before restart');
    await first.until(() => inboxConversations(first).length === 1 && incoming(first, inboxConversations(first)[0]!.id as number).length === 1, 'the first message');
    await first.bot.idle();
    await first.bot.stop();
    cleanups.push(async () => {
      await first.slack.close();
      await first.chatwoot.close();
    });

    const second = await start({ store, slack: first.slack, chatwoot: first.chatwoot, inboxId: first.inboxId });
    post(second, ADA, 'after restart', top);
    const id = inboxConversations(second)[0]!.id as number;
    await second.until(() => incoming(second, id).length === 2, 'the message after the restart');
    await second.bot.idle();
    expect(inboxConversations(second)).toHaveLength(1);
    expect(contactPosts(second)).toHaveLength(1);
  });

  it('a message Chatwoot saved but whose answer was lost is found by its marker, not written twice', async () => {
    const run = await start();
    const top = post(run, ADA, 'hello');
    const id = (await run.until(() => inboxConversations(run)[0], 'the conversation')).id as number;
    await run.until(() => incoming(run, id).length === 1, 'the first message');
    run.chatwoot.faults.failRest({ method: 'POST', path: `/api/v1/accounts/${run.chatwoot.accountId}/conversations/${id}/messages`, status: 502, afterCommit: true, times: 1 });
    post(run, ADA, 'are you there?', top);
    await run.until(() => run.chatwoot.rest.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/conversations/${id}/messages`)).length > 0, 'the look-up after the lost answer');
    await run.bot.idle();
    expect(incoming(run, id).map((m) => m.content)).toEqual(['hello', 'are you there?']);
  });

  it('messages of agents (userMap), bots, the bot itself, other channels and replies in threads that are not a member\'s never become customer messages', async () => {
    const run = await start();
    const top = post(run, ADA, 'real question');
    post(run, ANN, 'I am the agent', top);
    run.slack.userMessage({ channel: COMMUNITY, user: ROBOT.id, text: 'beep', bot_id: 'BROBOT', thread_ts: top });
    run.slack.userMessage({ channel: COMMUNITY, user: ROBOT.id, text: 'legacy bot user without bot_id' });
    run.slack.userMessage({ channel: COMMUNITY, user: 'UBOT', text: 'the bot itself', thread_ts: top });
    run.slack.userMessage({ channel: OTHER, user: ADA.id, text: 'not in the community channel' });
    run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'joined', subtype: 'channel_join' });
    // Replies in an agent's announcement are no conversation (else every member there would share one).
    const announcement = post(run, ANN, 'We ship on Monday');
    post(run, ADA, 'great', announcement);
    post(run, BOB, 'me too', announcement);
    post(run, ADA, 'second', top);
    await run.until(() => inboxConversations(run).length >= 1 && incoming(run, inboxConversations(run)[0]!.id as number).length === 2, 'the member messages');
    await run.bot.idle();
    expect(inboxConversations(run)).toHaveLength(1);
    expect(run.bot.chatwoot.messages(inboxConversations(run)[0]!.id as number).map((m) => m.content)).toEqual(['real question', 'second']);
  });

  it('slackConnectOnly: people of the home workspace are not customers; without it, they are', async () => {
    const only = await start({ settings: { slackConnectOnly: true } });
    post(only, HOMER, 'colleague chatter');
    post(only, ADA, 'customer question');
    await only.until(() => inboxConversations(only).length === 1 && incoming(only, inboxConversations(only)[0]!.id as number).length === 1, 'the customer conversation');
    await only.bot.idle();
    expect(inboxConversations(only)).toHaveLength(1);
    expect(incoming(only, inboxConversations(only)[0]!.id as number)[0]?.content).toBe('customer question');
    await only.stop();
    runs = runs.filter((r) => r !== only);

    const open = await start();
    post(open, HOMER, 'community member question');
    await open.until(() => inboxConversations(open).length === 1, 'the conversation');
    const contact = await open.until(() => open.rest.findContactByIdentifier(`slack:T1:${HOMER.id}`), 'the contact');
    expect(contact?.name).toBe('Homer Colleague');
  });
});
