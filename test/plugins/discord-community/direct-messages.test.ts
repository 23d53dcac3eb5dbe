import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../../plugins/discord/testing/fake-discord.ts';
import { fakeMember } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { botPosts, inboxConversations, incoming } from '../../../plugins/discord-community/testing/queries.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const postCalls = (r: CommunityBot, channelId: string) => r.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`);

/** A member's DM with its conversation in the community inbox. */
async function dmConversation(r: CommunityBot, member = fakeMember('ada', 'Ada')): Promise<{ dm: string; id: number; member: Json }> {
  r.fake.dmMessage(member, 'Hi, I need help with my invoice');
  const conversation = await r.until(() => inboxConversations(r).find((c) => incoming(r, c.id as number).length > 0), 'the DM conversation');
  await r.bot.idle();
  return { dm: r.fake.dmChannel(member), id: conversation.id as number, member };
}

describe('discord-community: DMs to the bot', () => {
  it('a DM is a customer message, one conversation per DM channel; the agent\'s reply goes back to the DM', async () => {
    run = await startCommunityBot({ settings: { directMessages: true } });
    const { dm, id, member } = await dmConversation(run);
    expect(incoming(run, id).map((m) => m.content)).toEqual(['Hi, I need help with my invoice']);
    run.fake.dmMessage(member, 'It is invoice 77');
    await run.until(() => incoming(run!, id).length === 2, 'the second DM');
    const bob = fakeMember('bob', 'Bob');
    run.fake.dmMessage(bob, 'Other person');
    await run.until(() => inboxConversations(run!).length === 2, 'a second DM channel, a second conversation');
    expect((await run.rest.findContactByIdentifier(`discord:${member['id']}`))?.name).toBe('Ada');

    run.chatwoot.agentMessage(id, 'internal: check the invoice', { private: true });
    run.chatwoot.agentMessage(id, 'Invoice 77 is fixed.');
    await run.until(() => botPosts(run!, dm).length === 1, 'the reply in the DM');
    await run.bot.idle();
    expect(botPosts(run, dm).map((m) => m['content'])).toEqual([`**${run.chatwoot.agent.name} (agent):**\nInvoice 77 is fixed.`]);
    expect(postCalls(run, dm)[0]?.body?.['allowed_mentions']).toEqual({ parse: [] });
  });

  it("a member's edit and delete in a DM are carried like in a thread", async () => {
    run = await startCommunityBot({ settings: { directMessages: true } });
    const r = run;
    const { id, member } = await dmConversation(r);
    const typo = r.fake.dmMessage(member, 'My adress is Elm St 1');
    await r.until(() => incoming(r, id).length === 2, 'the second DM');
    r.fake.humanEdit(typo['id'], 'My address is Elm St 1');
    await r.until(() => incoming(r, id).length === 3, 'the edit');
    expect(incoming(r, id)[2]).toMatchObject({ content: '✏️ (edited) My address is Elm St 1', content_attributes: expect.objectContaining({ in_reply_to: incoming(r, id)[1]!.id }) });
    r.fake.humanDelete(typo['id']);
    await r.until(() => incoming(r, id)[1]?.content_attributes?.['deleted'] === true, 'the deleted copy');
  });

  it('without directMessages a DM is not a customer message', async () => {
    run = await startCommunityBot();
    run.fake.dmMessage(fakeMember('ada', 'Ada'), 'hello?');
    run.fake.humanMessage(run.fake.channelId, 'a probe after the DM');
    await run.bot.idle();
    expect(inboxConversations(run)).toEqual([]);
  });

  it.each([
    ['blocks DMs (50007)', undefined],
    ['is an unknown user (10013)', { status: 404, code: 10013 }],
    ['cannot be reached: Missing Access (50001)', { status: 403, code: 50001 }],
    ['has a DM channel that is gone (10003)', { status: 404, code: 10003 }],
  ])('a member who %s: one attempt per reply, delivery_failed each, one clear log line — no retry storm', async (_what, fault) => {
    run = await startCommunityBot({ settings: { directMessages: true } });
    const { dm, id, member } = await dmConversation(run);
    if (fault) run.fake.failRest({ method: 'POST', path: new RegExp(`^/channels/${dm}/messages$`), times: 2, ...fault });
    else run.fake.refuseDms(member);
    run.chatwoot.agentMessage(id, 'Are you still there?');
    await run.until(() => run!.failures.length === 1, 'the delivery_failed event');
    run.chatwoot.agentMessage(id, 'Hello?');
    await run.until(() => run!.failures.length === 2, 'the second delivery_failed event');
    await run.bot.idle();
    expect(postCalls(run, dm)).toHaveLength(2); // one attempt per reply, no retries
    expect(run.failures[0]).toMatchObject({ kind: 'discord-community.reply', conversationId: id });
    const lines = run.bot.logs.filter((line) => String(line['msg']).startsWith('discord-community: could not reach the member'));
    expect(lines).toHaveLength(1);
    expect(String(lines[0]?.['msg'])).toMatch(/\[(50007|10013|50001|10003)\]$/);
  });
});
