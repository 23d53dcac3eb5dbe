import { afterEach, describe, expect, it } from 'vitest';
import { fakeMember, memberMessage, memberThread } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { botPosts, inboxConversations } from '../../../plugins/discord-community/testing/queries.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});


describe('discord-community: one Discord client with the agents\' Discord plugin', () => {
  it('both plugins on the same token hold ONE gateway session, and each does its job (member → Chatwoot → agents\' mirror → reply → member)', async () => {
    run = await startCommunityBot({ agents: true, settings: { directMessages: true } });
    const r = run;
    await r.until(() => r.bot.logs.some((line) => line['msg'] === 'discord: connected'), 'the agents\' plugin connected');
    expect(r.fake.identifies).toHaveLength(1);
    expect(r.fake.connections()).toBe(1);
    // The one session asks for what both plugins need: guild messages, Message Content and DMs.
    const intents = Number(r.fake.identifies[0]?.['intents']);
    for (const bit of [1 << 0, 1 << 9, 1 << 12, 1 << 15]) expect(intents & bit).toBe(bit);

    // The community surface: a member's message becomes a conversation of the community inbox…
    const ada = fakeMember('ada', 'Ada');
    const thread = memberThread(r.fake, ada, 'Order late');
    memberMessage(r.fake, thread, ada, 'Where is my order?');
    const conversation = await r.until(() => inboxConversations(r)[0], 'the community conversation');
    const id = conversation.id as number;
    // …which the agents' plugin mirrors into its channel as a thread,
    const mirror = await r.until(async () => (await r.bot.runtime.ledger.links.getConversation(id, 'discord'))?.data?.['headerMessageId'], 'the agents\' mirror');
    expect(mirror).toBeTruthy();
    const agentThread = (await r.bot.runtime.ledger.links.getConversation(id, 'discord'))!.key;
    expect(r.fake.channel(agentThread)?.['parent_id']).toBe(r.agentsChannelId);
    // and the agent's answer typed in the mirror reaches the member once.
    r.fake.humanMessage(agentThread, 'It ships today.');
    await r.until(() => botPosts(r, thread).length === 1, 'the reply in the member\'s thread');
    await r.bot.idle();
    expect(botPosts(r, thread).map((m) => m['content'])).toEqual([expect.stringMatching(/^\*\*Ann Agent \(agent\):\*\*\nIt ships today\.$/)]);
    expect(r.fake.identifies).toHaveLength(1);

    // A DM on the shared session reaches the community surface only.
    r.fake.dmMessage(fakeMember('bob', 'Bob'), 'Hello from my DMs');
    await r.until(() => inboxConversations(r).length === 2, 'the DM conversation');
    await r.bot.idle();

    // One client, destroyed once: after stop no session is left and nothing failed at shutdown.
    await r.bot.stop();
    await r.until(() => r.fake.connections() === 0, 'the session closed');
    expect(r.bot.logs.filter((line) => Number(line['level']) >= 50)).toEqual([]);
  });
});
