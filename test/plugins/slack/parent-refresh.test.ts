import { afterEach, describe, expect, it } from 'vitest';
import { ANN, CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../../plugins/slack/testing/start-slack-bot.ts';

let run: SlackBot | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

/** A conversation with its thread opened; returns its id and the parent's ts. */
async function withThread(r: SlackBot) {
  const conversation = r.bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hello?' });
  await r.bot.idle();
  const parent = await waitFor(() => r.slack.state.parents(CHANNEL)[0], { what: 'the parent' });
  return { id: conversation.id!, parentTs: parent.ts };
}

const parentBlocks = (r: SlackBot, ts: string) => JSON.stringify(r.slack.state.find(CHANNEL, ts)?.blocks ?? []);
/** Accepted chat.update calls on the parent. */
const parentUpdates = (r: SlackBot, ts: string) => r.slack.callsOf('chat.update').filter((c) => c.params['ts'] === ts);

describe('the parent card follows the conversation', () => {
  it('shows the new assignee, team and labels (assignee.changed, team.changed, conversation.updated)', async () => {
    run = await startSlackBot();
    const { bot } = run;
    const { id, parentTs } = await withThread(run);
    expect(parentBlocks(run, parentTs)).toContain('_unassigned_');

    await bot.runtime.rest.assign(id, { assigneeId: 2 });
    await bot.idle();
    await waitFor(() => parentBlocks(run!, parentTs).includes(`*Assignee:* ${ANN.name}`), { what: 'the assignee on the parent' });

    await bot.runtime.rest.assign(id, { teamId: 1 });
    await bot.idle();
    await waitFor(() => parentBlocks(run!, parentTs).includes('*Team:* support'), { what: 'the team on the parent' });

    await bot.runtime.rest.setLabels(id, ['vip', 'billing']);
    await bot.idle();
    await waitFor(() => parentBlocks(run!, parentTs).includes('`vip` `billing`'), { what: 'the labels on the parent' });
    expect(run.slack.state.parents(CHANNEL)).toHaveLength(1); // updated in place, never re-posted
    expect(parentBlocks(run, parentTs)).toContain(`*Assignee:* ${ANN.name}`);
  });

  it('retries a rate-limited refresh, skips the stale ones and lands the latest state', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const { id, parentTs } = await withThread(run);
    const lift = slack.fail({ method: 'chat.update', error: 'ratelimited', times: Number.POSITIVE_INFINITY });

    await bot.runtime.rest.assign(id, { assigneeId: 2 });
    await bot.runtime.rest.assign(id, { teamId: 1 });
    await bot.runtime.rest.setLabels(id, ['vip']);
    // The refresh Slack keeps refusing is the newest one: older ones were dropped, not retried forever.
    await waitFor(
      () => slack.calls.some((c) => c.method === 'chat.update' && c.error === 'ratelimited' && JSON.stringify(c.params['blocks']).includes('`vip`')),
      { what: 'the newest refresh to be the one retried' },
    );
    lift();
    await bot.idle();

    const blocks = parentBlocks(run, parentTs);
    expect(blocks).toContain(`*Assignee:* ${ANN.name}`);
    expect(blocks).toContain('*Team:* support');
    expect(blocks).toContain('`vip`');
    expect(slack.calls.filter((c) => c.method === 'chat.update' && c.error === 'ratelimited').length).toBeGreaterThan(1);
    expect(parentUpdates(run, parentTs)).toHaveLength(1);
    expect(bot.runtime.outbox.failures()).toEqual([]); // none given up on: the stale ones were skipped
  });

  it('an older refresh never overwrites a newer one', async () => {
    run = await startSlackBot();
    const { bot, slack } = run;
    const { id, parentTs } = await withThread(run);
    await bot.runtime.rest.assign(id, { assigneeId: 2 });
    await bot.idle();
    await waitFor(() => parentBlocks(run!, parentTs).includes(ANN.name));
    // A refresh rendered before the assignment, arriving late (e.g. resumed from the outbox after a restart).
    await bot.runtime.outbox.enqueue({
      kind: 'slack.update',
      destination: `slack:${CHANNEL}`,
      payload: { target: 'parent', conversationId: id, version: 1, text: 'stale', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'stale' } }] },
    });
    await bot.idle();
    expect(parentBlocks(run, parentTs)).toContain(ANN.name);
    expect(slack.state.find(CHANNEL, parentTs)?.text).not.toBe('stale');
  });
});
