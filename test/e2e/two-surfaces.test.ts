import { afterEach, describe, expect, it } from 'vitest';
import discord from '../../plugins/discord/index.ts';
import { startFakeDiscord, type FakeDiscord } from '../../plugins/discord/testing/fake-discord.ts';
import slack from '../../plugins/slack/index.ts';
import { startFakeSlack, type FakeSlack } from '../../plugins/slack/testing/fake-slack.ts';
import { createTestBot, type TestBot } from '../../src/testing/index.ts';
import { waitFor } from '../helpers/wait-for.ts';

const CHANNEL = 'C0MIRROR';
const ANN = { id: 'UANN', name: 'Ann Agent', email: 'ann@example.test' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<{ bot: TestBot; slackFake: FakeSlack; discordFake: FakeDiscord }> {
  const slackFake = await startFakeSlack({ channels: [{ id: CHANNEL, members: ['UBOT', ANN.id] }], users: [ANN] });
  cleanups.push(() => slackFake.close());
  const discordFake = await startFakeDiscord();
  cleanups.push(() => discordFake.close());
  const bot = await createTestBot({
    plugins: [slack, discord],
    config: {
      settings: {
        slack: { apiUrl: slackFake.apiUrl, socketRetries: 0, rateLimit: { perSecond: 1000, burst: 1000 } },
        discord: { restApi: discordFake.restApi, noticeTtlMs: 0 },
      },
    },
    env: {
      SLACK_BOT_TOKEN: slackFake.token,
      SLACK_APP_TOKEN: 'xapp-test',
      SLACK_CHANNEL_ID: CHANNEL,
      DISCORD_BOT_TOKEN: discordFake.token,
      DISCORD_GUILD_ID: discordFake.guildId,
      DISCORD_CHANNEL_ID: discordFake.channelId,
    },
  });
  cleanups.push(async () => {
    await bot.stop();
    await waitFor(() => slackFake.sockets() === 0, { what: 'Bolt to close its socket', timeoutMs: 3_000 }).catch(() => undefined);
  });
  await waitFor(() => slackFake.sockets() > 0, { what: 'Slack Socket Mode' });
  await waitFor(() => discordFake.calls.some((c) => c.method === 'PUT' && c.path.endsWith('/commands')), { what: 'Discord ready' });
  return { bot, slackFake, discordFake };
}

describe('Slack and Discord at once', () => {
  it('mirrors a conversation to both; a reply typed in one shows up once in the other, never twice anywhere', async () => {
    const { bot, slackFake, discordFake } = await start();
    const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'My invoice is wrong' });
    const id = conversation.id as number;
    await bot.idle();

    const parent = await waitFor(() => slackFake.state.parents(CHANNEL)[0], { what: 'the Slack thread' });
    const slackThread = () => slackFake.state.thread(CHANNEL, parent.ts);
    const discordPlace = await waitFor(async () => {
      const link = await bot.runtime.ledger.links.getConversation(id, 'discord');
      return link?.data?.['headerMessageId'] ? link.key : undefined;
    }, { what: 'the Discord thread' });
    const discordPosts = () => discordFake.messagesIn(discordPlace).filter((m) => m['webhook_id']);
    await waitFor(() => slackThread().length === 2 && discordPosts().length === 1, { what: 'the customer message on both' });

    // Ann answers in Slack: the customer gets it once, Discord shows it under her name, Slack does not repeat it.
    slackFake.userMessage({ channel: CHANNEL, user: ANN.id, text: 'Sorry Ada, fixing it now', thread_ts: parent.ts });
    await waitFor(() => bot.chatwoot.messages(id).some((m) => m.content === 'Sorry Ada, fixing it now'), { what: 'the Slack reply in Chatwoot' });
    await bot.idle();
    const fromSlack = await waitFor(() => discordPosts().find((m) => String(m['content']).includes('Sorry Ada, fixing it now')), { what: 'the Slack reply on Discord' });
    expect(String(fromSlack['author'] && (fromSlack['author'] as Record<string, unknown>)['username'])).toContain('Ann Agent');

    // Someone answers in Discord: it reaches Chatwoot once and shows up in the Slack thread.
    discordFake.humanMessage(discordPlace, 'Refund is on its way');
    await waitFor(() => bot.chatwoot.messages(id).some((m) => m.content === 'Refund is on its way'), { what: 'the Discord reply in Chatwoot' });
    await bot.idle();
    await waitFor(() => slackThread().some((m) => String(m.text).includes('Refund is on its way')), { what: 'the Discord reply on Slack' });
    await bot.idle();

    const inChatwoot = (text: string) => bot.chatwoot.messages(id).filter((m) => m.content === text).length;
    expect(inChatwoot('Sorry Ada, fixing it now')).toBe(1);
    expect(inChatwoot('Refund is on its way')).toBe(1);
    const onSlack = (text: string) => slackThread().filter((m) => String(m.text).includes(text)).length;
    const onDiscord = (text: string) => discordFake.messagesIn(discordPlace).filter((m) => String(m['content']).includes(text)).length;
    expect(onSlack('Sorry Ada, fixing it now')).toBe(1); // Ann's own message, not a mirror
    expect(onSlack('Refund is on its way')).toBe(1);
    expect(onDiscord('Sorry Ada, fixing it now')).toBe(1);
    expect(onDiscord('Refund is on its way')).toBe(1); // the human's own message, not a mirror

    // Secrets never reach the logs.
    const logs = JSON.stringify(bot.logs);
    for (const secret of [slackFake.token, 'xapp-test', discordFake.token, bot.chatwoot.agent.apiToken, bot.chatwoot.agent.pubsubToken]) expect(logs).not.toContain(secret);
  });
});
