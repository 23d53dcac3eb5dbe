import { afterEach, describe, expect, it } from 'vitest';
import { fakeMember, memberThread } from '../../../plugins/discord-community/testing/fake-member.ts';
import { startCommunityBot, type CommunityBot } from '../../../plugins/discord-community/testing/start-community-bot.ts';
import { botPosts } from '../../../plugins/discord-community/testing/queries.ts';

let run: CommunityBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});


describe('discord-community: entries queued by the previous version', () => {
  it('an incoming and a reply still in the outbox (with `threadId`, a finished `content`) are delivered after the upgrade', async () => {
    run = await startCommunityBot();
    const r = run;
    const ada = fakeMember('ada', 'Ada');
    const threadId = memberThread(r.fake, ada, 'old');
    const outbox = r.bot.runtime.outbox;
    await outbox.enqueue({
      kind: 'discord-community.incoming',
      destination: `discord-community:${threadId}`,
      payload: { threadId, messageId: '999', member: { identifier: `discord:${ada['id']}`, name: 'Ada' }, content: 'queued before the upgrade' },
      meta: { plugin: 'discord-community' },
    });
    const conversation = await r.until(() => r.chatwoot.conversations().find((c) => c.inbox_id === r.inboxId), 'the conversation');
    await r.bot.idle();
    await outbox.enqueue({
      kind: 'discord-community.reply',
      destination: `discord-community:${threadId}`,
      payload: { threadId, chatwootMessageId: 424242, content: '**Ann (agent):**\nold reply' },
      meta: { plugin: 'discord-community' },
    });
    await r.until(() => botPosts(r, threadId).length === 1, 'the old reply');
    expect(r.bot.chatwoot.messages(conversation.id as number).map((m) => m.content)).toEqual(['queued before the upgrade']);
    expect(botPosts(r, threadId)[0]?.['content']).toBe('**Ann (agent):**\nold reply');
  });
});
