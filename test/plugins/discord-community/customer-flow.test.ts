import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/core/store/create-store.ts';
import { fakeMember, memberMessage, memberThread } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { createChatwootSimulator } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { botPosts, inboxConversations, incoming } from '../../../plugins/discord-community/testing/queries.ts';

let runs: CommunityBot[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const run of runs.reverse()) await run.stop();
  for (const clean of cleanups.splice(0)) await clean();
  runs = [];
});

async function start(options: Parameters<typeof startCommunityBot>[0] = {}): Promise<CommunityBot> {
  const run = await startCommunityBot(options);
  runs.push(run);
  return run;
}

/** Conversations of the community inbox in the simulator. */
const contactPosts = (run: CommunityBot) => run.chatwoot.rest.requests.filter((r) => r.method === 'POST' && /\/contacts$/.test(r.path));

describe('discord-community: members become Chatwoot customers', () => {
  it("a member's first message makes one contact and one conversation, with the text as written; the next message joins it", async () => {
    const run = await start();
    const ada = fakeMember('ada', 'Ada Lovelace');
    const thread = memberThread(run.fake, ada, 'Order late');
    const text = 'My order #12 is **late** <@123> [click](https://evil.example)';
    memberMessage(run.fake, thread, ada, text);
    const [conversation] = await run.until(() => (inboxConversations(run).length === 1 ? inboxConversations(run) : undefined), 'a conversation in the community inbox');
    const id = conversation!.id as number;
    await run.until(() => incoming(run, id).length === 1, 'the incoming message');
    expect(incoming(run, id)[0]?.content).toBe(text);
    memberMessage(run.fake, thread, ada, 'any news?');
    await run.until(() => incoming(run, id).length === 2, 'the second message');
    await run.bot.idle();
    expect(inboxConversations(run)).toHaveLength(1);
    expect(contactPosts(run)).toHaveLength(1);
    const contact = await run.rest.findContactByIdentifier(`discord:${ada['id']}`);
    expect(contact?.name).toBe('Ada Lovelace');
  });

  it('a post in a support forum is a conversation too', async () => {
    const run = await start({ fake: { forum: true } });
    const ada = fakeMember('ada', 'Ada');
    const post = memberThread(run.fake, ada, 'Forum question');
    memberMessage(run.fake, post, ada, 'in the forum');
    const id = (await run.until(() => inboxConversations(run)[0], 'the conversation')).id as number;
    await run.until(() => incoming(run, id).length === 1, 'the message');
    expect(incoming(run, id)[0]?.content).toBe('in the forum');
  });

  it('two first messages at once in one thread, and a second thread of the same member: one contact, one conversation per thread', async () => {
    const run = await start();
    const ada = fakeMember('ada', 'Ada');
    const one = memberThread(run.fake, ada, 'one');
    const two = memberThread(run.fake, ada, 'two');
    memberMessage(run.fake, one, ada, 'first');
    memberMessage(run.fake, one, ada, 'second');
    memberMessage(run.fake, two, ada, 'other question');
    await run.until(() => inboxConversations(run).length === 2 && inboxConversations(run).every((c) => incoming(run, c.id as number).length > 0), 'two conversations');
    await run.bot.idle();
    expect(contactPosts(run)).toHaveLength(1);
    const counts = inboxConversations(run).map((c) => incoming(run, c.id as number).map((m) => m.content));
    expect(counts.sort((a, b) => b.length - a.length)).toEqual([['first', 'second'], ['other question']]);
  });

  it('a restart keeps the thread → conversation map: no second contact or conversation', async () => {
    const store = await createStore('memory://');
    cleanups.push(() => store.close());
    const first = await startCommunityBot({ store });
    const ada = fakeMember('ada', 'Ada');
    const thread = memberThread(first.fake, ada, 'q');
    memberMessage(first.fake, thread, ada, 'before restart');
    await first.until(() => inboxConversations(first).length === 1 && incoming(first, inboxConversations(first)[0]!.id as number).length === 1, 'the first message');
    await first.bot.idle();
    await first.bot.stop();
    cleanups.push(() => first.fake.close(), () => first.chatwoot.close());

    const second = await start({ store, discord: first.fake, chatwoot: first.chatwoot, inboxId: first.inboxId });
    memberMessage(second.fake, thread, ada, 'after restart');
    const id = inboxConversations(second)[0]!.id as number;
    await second.until(() => incoming(second, id).length === 2, 'the message after the restart');
    await second.bot.idle();
    expect(inboxConversations(second)).toHaveLength(1);
    expect(contactPosts(second)).toHaveLength(1);
  });

  it("a message Chatwoot saved but whose answer was lost is found by its marker, not written twice", async () => {
    const run = await start();
    const ada = fakeMember('ada', 'Ada');
    const thread = memberThread(run.fake, ada, 'q');
    memberMessage(run.fake, thread, ada, 'hello');
    const id = (await run.until(() => inboxConversations(run)[0], 'the conversation')).id as number;
    await run.until(() => incoming(run, id).length === 1, 'the first message');
    run.chatwoot.faults.failRest({ method: 'POST', path: `/api/v1/accounts/${run.chatwoot.accountId}/conversations/${id}/messages`, status: 502, afterCommit: true, times: 1 });
    memberMessage(run.fake, thread, ada, 'are you there?');
    await run.until(() => run.chatwoot.rest.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/conversations/${id}/messages`)).length > 0, 'the look-up after the lost answer');
    await run.bot.idle();
    expect(incoming(run, id).map((m) => m.content)).toEqual(['hello', 'are you there?']);
  });

  it('messages of agents (userMap), bots and outside the support channel never become customer messages', async () => {
    const run = await start();
    const ada = fakeMember('ada', 'Ada');
    const thread = memberThread(run.fake, ada, 'q');
    run.fake.humanMessage(thread, 'I am the agent'); // the fake's human is in userMap
    memberMessage(run.fake, thread, { ...fakeMember('robot', 'Robot'), bot: true }, 'beep');
    memberMessage(run.fake, run.fake.categoryId, ada, 'not in a support thread');
    memberMessage(run.fake, thread, ada, 'real question');
    await run.until(() => inboxConversations(run).length === 1, 'the conversation');
    await run.bot.idle();
    const id = inboxConversations(run)[0]!.id as number;
    expect(run.bot.chatwoot.messages(id).map((m) => m.content)).toEqual(['real question']);
  });

  it('the inbox named in the settings (here by its identifier) wins over COMMUNITY_INBOX_ID: a Discord and a Slack community can each have their own', async () => {
    const chatwoot = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    cleanups.push(() => chatwoot.close());
    const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.agent.apiToken, accountId: chatwoot.accountId });
    const slackInbox = await rest.createApiInbox({ name: 'Slack community' });
    const discordInbox = await rest.createApiInbox({ name: 'Discord community' });
    const run = await start({ chatwoot, inboxId: slackInbox.id, settings: { inboxIdentifier: discordInbox.identifier } });
    const ada = fakeMember('ada', 'Ada Lovelace');
    memberMessage(run.fake, memberThread(run.fake, ada, 'Order late'), ada, 'hello');
    const conversation = await run.until(() => chatwoot.conversations()[0], 'the conversation');
    expect(conversation.inbox_id).toBe(discordInbox.id);
    expect(chatwoot.conversations().filter((c) => c.inbox_id === slackInbox.id)).toEqual([]);
  });
});
