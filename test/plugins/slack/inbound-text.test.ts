import { afterEach, describe, expect, it } from 'vitest';
import { ANN, CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const NEW = { id: 'UNEWBIE', name: 'Nora Newcomer', email: 'nora@example.test' };

const outgoing = (r: SlackBot, id: number) => r.bot.chatwoot.messages(id).filter((m) => m.message_type === 'outgoing');
const usersInfo = (r: SlackBot, user: string) => r.slack.callsOf('users.info').filter((c) => c.params['user'] === user);

describe('Slack text → Chatwoot text', () => {
  it('names people never seen before, keeps unknown ids as @U…, and leaves no <…> markup', async () => {
    run = await startSlackBot({ fake: { users: [ANN, NEW] } });
    const { id, threadTs } = await run.mirrored();
    run.slack.userMessage({
      channel: CHANNEL,
      user: ANN.id,
      text: 'note: ask <@UNEWBIE> and <@UGHOST> in <#C0SALES|sales> <#C0MIRROR> <!here> <!subteam^S1|@support>, see <https://docs.test/a|the guide> or <https://docs.test/b>',
      thread_ts: threadTs,
    });
    const sent = await waitFor(() => outgoing(run!, id)[0], { what: 'the note in Chatwoot' });
    expect(sent.content).toBe('ask @Nora Newcomer and @UGHOST in #sales #C0MIRROR @here @support, see [the guide](https://docs.test/a) or https://docs.test/b');
    expect(sent.content).not.toMatch(/<[@#!]/);

    // The name is cached (ctx.store, with a TTL): a second mention costs no users.info call.
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'note: thanks <@UNEWBIE>', thread_ts: threadTs });
    const second = await waitFor(() => outgoing(run!, id)[1], { what: 'the second note' });
    expect(second.content).toBe('thanks @Nora Newcomer');
    expect(usersInfo(run, NEW.id)).toHaveLength(1);
  });

  it('refuses a reply longer than Chatwoot accepts and tells the author why', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await run.mirrored();
    const { ts } = run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'x'.repeat(150_001), thread_ts: threadTs });
    const notice = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.user === ANN.id), { what: 'the explanation' });
    expect(notice).toMatchObject({ channel: CHANNEL, thread_ts: threadTs });
    expect(notice.text).toContain('150 001 characters');
    expect(notice.text).toContain('at most 150 000');
    await waitFor(() => run!.slack.state.find(CHANNEL, ts)?.reactions?.some((r) => r.name === 'warning'), { what: 'the reaction' });
    await run.bot.idle();
    expect(outgoing(run, id)).toEqual([]);
    expect(run.bot.runtime.outbox.failures()).toEqual([]); // refused up front, not a failed delivery
  });

  it('refuses a reply with more than 15 files and tells the author why', async () => {
    run = await startSlackBot();
    const { id, threadTs } = await run.mirrored();
    const files = Array.from({ length: 16 }, (_, i) => run!.slack.addFile({ id: `F${i}`, name: `scan-${i}.txt`, bytes: Buffer.from(`page ${i}`) }));
    run.slack.userMessage({ channel: CHANNEL, user: ANN.id, text: 'all the scans', thread_ts: threadTs, files });
    const notice = await waitFor(() => run!.slack.state.ephemerals.find((e) => e.user === ANN.id), { what: 'the explanation' });
    expect(notice.text).toContain('16 files');
    expect(notice.text).toContain('at most 15');
    await run.bot.idle();
    expect(outgoing(run, id)).toEqual([]);
  });
});
