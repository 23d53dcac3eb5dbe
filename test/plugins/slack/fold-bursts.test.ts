import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../../src/core/store/create-store.ts';
import { createChatwootSimulator } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { createTestBot, type TestBot } from '../../../src/testing/index.ts';
import slack from '../../../plugins/slack/index.ts';
import { DELETED_TEXT } from '../../../plugins/slack/render-message.ts';
import { startFakeSlack, type FakeSlack } from '../../../plugins/slack/testing/fake-slack.ts';
import { CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await run?.stop();
  run = undefined;
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The plugin's own outbox limit, low enough that a burst backs up behind it (as Slack's ~1/s does). */
const BACKLOGGED = { rateLimit: { perSecond: 2, burst: 1 } };

const replies = (fake: FakeSlack, parentTs: string) => fake.state.thread(CHANNEL, parentTs).slice(1);
const posts = (fake: FakeSlack, parentTs: string) => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.params['thread_ts'] === parentTs);

/**
 * A thread whose lane is backed up for certain: the first message's post hangs at Slack (stalled),
 * so everything sent after it waits in the outbox. Resolves once all `texts` are queued.
 */
async function backlog(bot: TestBot, fake: FakeSlack, send: (conversationId: number) => void, queued: number) {
  const conversation = bot.chatwoot.createConversation({ contactName: 'Ada' }).id!;
  await bot.idle();
  const parent = (await waitFor(() => fake.state.parents(CHANNEL)[0])).ts;
  const stall = fake.stall('chat.postMessage');
  bot.chatwoot.customerMessage(conversation, 'm0');
  await waitFor(() => stall.waiting() === 1, { what: 'the first post to hang' });
  send(conversation);
  await waitFor(() => bot.runtime.outbox.pending() === queued + 1, { what: `${queued} queued replies` });
  return { conversation, parent, release: () => stall.release() };
}

const burst = (from: number, to: number) => (conversation: number, bot: TestBot) => {
  for (let i = from; i <= to; i += 1) bot.chatwoot.customerMessage(conversation, `m${i}`);
};

describe('folding bursts (settings.foldBursts, on by default)', () => {
  it('folds the queued messages of one sender into one post; every id is in its metadata; nothing lost, in order', async () => {
    run = await startSlackBot({ settings: BACKLOGGED });
    const { bot, slack: fake } = run;
    const { conversation, parent, release } = await backlog(bot, fake, (c) => burst(1, 8)(c, bot), 8);
    release();
    await bot.idle();
    expect(replies(fake, parent).map((m) => m.text)).toEqual(['m0', ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'].join('\n')]);
    expect(posts(fake, parent)).toHaveLength(2);
    const ids = bot.chatwoot.messages(conversation).filter((m) => /^m[1-8]$/.test(m.content ?? '')).map((m) => m.id);
    const folded = replies(fake, parent)[1]!;
    expect(folded.username).toBe('Ada (customer)');
    expect(folded.metadata).toEqual({ event_type: 'chatwoot_message', event_payload: { conversation_id: conversation, message_id: ids[0], message_ids: ids } });
    // Every original is linked to its own part of the post.
    for (const [index, id] of ids.entries()) {
      const link = await bot.runtime.ledger.links.getMessage(id, 'slack');
      expect(link?.key).toBe(index === 0 ? `${CHANNEL}:${folded.ts}` : `${CHANNEL}:${folded.ts}#${index}`);
    }
  });

  it('an edit or a deletion in Chatwoot rewrites only its own line of the folded post', async () => {
    run = await startSlackBot({ settings: BACKLOGGED });
    const { bot, slack: fake } = run;
    const { conversation, parent, release } = await backlog(bot, fake, (c) => burst(1, 4)(c, bot), 4);
    release();
    await bot.idle();
    const folded = replies(fake, parent)[1]!;
    const [, , m2, , m4] = bot.chatwoot.messages(conversation).map((m) => m.id);
    bot.chatwoot.editMessage(conversation, m2!, 'm2, corrected');
    await bot.idle();
    expect(fake.state.find(CHANNEL, folded.ts)?.text).toBe('m1\nm2, corrected\nm3\nm4');
    bot.chatwoot.deleteMessage(conversation, m4!);
    await bot.idle();
    expect(fake.state.find(CHANNEL, folded.ts)?.text).toBe(`m1\nm2, corrected\nm3\n${DELETED_TEXT}`);
    // A status-only update (same text) changes nothing.
    const updates = fake.callsOf('chat.update').length;
    bot.chatwoot.editMessage(conversation, m2!, 'm2, corrected');
    await bot.idle();
    expect(fake.callsOf('chat.update')).toHaveLength(updates);
    expect(replies(fake, parent)).toHaveLength(2);
  });

  it('only consecutive plain replies of the same sender fold: another sender, a note or a file ends the group', async () => {
    run = await startSlackBot({ settings: BACKLOGGED });
    const { bot, slack: fake } = run;
    const { parent, release } = await backlog(
      bot,
      fake,
      (c) => {
        bot.chatwoot.customerMessage(c, 'm1');
        bot.chatwoot.customerMessage(c, 'm2');
        bot.chatwoot.agentMessage(c, 'a1');
        bot.chatwoot.agentMessage(c, 'a2');
        bot.chatwoot.agentMessage(c, 'n1', { private: true });
        bot.chatwoot.customerMessage(c, 'm3');
        bot.chatwoot.customerMessage(c, 'm4');
      },
      // m1+m2, a1+a2, the note, m3+m4: 4 posts, 3 of them with a folded follower.
      7,
    );
    release();
    await bot.idle();
    const texts = replies(fake, parent).map((m) => m.text);
    expect(texts).toEqual(['m0', 'm1\nm2', 'a1\na2', ':lock: Internal note: n1', 'm3\nm4']);
    expect(replies(fake, parent).map((m) => m.username)).toEqual(['Ada (customer)', 'Ada (customer)', 'Switchboard Bot (agent)', 'Switchboard Bot (internal note)', 'Ada (customer)']);
  });

  it('a folded post whose answer was lost is found by its metadata, not posted twice', async () => {
    run = await startSlackBot({ settings: BACKLOGGED });
    const { bot, slack: fake } = run;
    const { parent, release } = await backlog(bot, fake, (c) => burst(1, 3)(c, bot), 3);
    // Both posts are made but answered 500: the stalled one and the folded one after it.
    fake.fail({ method: 'chat.postMessage', status: 500, applyFirst: true, times: 2 });
    release();
    await bot.idle();
    expect(replies(fake, parent).map((m) => m.text)).toEqual(['m0', 'm1\nm2\nm3']);
    expect(posts(fake, parent)).toHaveLength(2);
    expect(fake.callsOf('conversations.replies').length).toBeGreaterThanOrEqual(2);
  });

  it('with foldBursts: false every message gets its own post', async () => {
    run = await startSlackBot({ settings: { ...BACKLOGGED, foldBursts: false } });
    const { bot, slack: fake } = run;
    const { parent, release } = await backlog(bot, fake, (c) => burst(1, 4)(c, bot), 4);
    release();
    await bot.idle();
    expect(replies(fake, parent).map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('nothing is lost when the bot stops mid-burst: after a restart the queued replies are posted', async () => {
    const fake = await startFakeSlack({ channels: [{ id: CHANNEL }] });
    cleanup.push(() => fake.close());
    const store: Store = await createStore('memory://');
    cleanup.push(() => store.close());
    const chatwoot = await createChatwootSimulator({ pingIntervalMs: 1_000 });
    cleanup.push(() => chatwoot.close());
    const start = () =>
      createTestBot({
        plugins: [slack],
        store,
        chatwoot,
        config: { settings: { slack: { apiUrl: fake.apiUrl, socketRetries: 0, ...BACKLOGGED } } },
        env: { SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: 'xapp-test', SLACK_CHANNEL_ID: CHANNEL },
      });
    const first = await start();
    const { parent, release } = await backlog(first, fake, (c) => burst(1, 4)(c, first), 4);
    await first.stop(); // the queued entries stay in the store; the planner's memory is gone
    release();
    const second = await start();
    await second.idle();
    await second.stop();
    const shown = replies(fake, parent).flatMap((m) => m.text.split('\n'));
    expect(shown).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });
});
