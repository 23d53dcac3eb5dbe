import community from '../../plugins/discord-community/index.ts';
import { startFakeDiscord, type FakeDiscord, type Json } from '../../plugins/discord/testing/fake-discord.ts';
import slack from '../../plugins/slack/index.ts';
import { startFakeSlack, type FakeSlack } from '../../plugins/slack/testing/fake-slack.ts';
import { createChatwootRest } from '../../src/index.ts';
import { createChatwootSimulator, createTestBot, startCallbackRelay, waitFor, type ChatwootSimulator, type TestBot } from '../../src/testing/index.ts';

/** The agents' default Slack channel (other inboxes) and the one the community inbox is routed to. */
export const AGENTS_CHANNEL = 'C0MIRROR';
export const COMMUNITY_CHANNEL = 'C0COMMUNITY';
/** Ann: a Slack user who is Chatwoot agent 2 (by email), with her own token so her replies are hers. */
export const ANN = { id: 'UANN', name: 'Ann Agent', email: 'ann@example.test' };

export interface ThreeWay {
  /** One bot (one runtime) running the agents' Slack plugin and the Discord community plugin. */
  bot: TestBot;
  /** Chatwoot: the simulator, with the community's API inbox. */
  chatwoot: ChatwootSimulator;
  slack: FakeSlack;
  /** The community's Discord: its configured channel is the support forum. */
  discord: FakeDiscord;
  inboxId: number;
  /** The inbox's signed callbacks the bot's webhook route accepted (with `callback: true`). */
  callbacks(): number;
  /** The bot's own posts in a Discord thread (what the member sees from Switchboard), oldest first. */
  botPosts(threadId: string): Json[];
  /** Waits until `check` holds (5 s). */
  until<T>(check: () => T, what: string): Promise<NonNullable<T>>;
  stop(): Promise<void>;
}

/**
 * Discord customer ↔ Chatwoot ↔ Slack agent in one process: the simulator as Chatwoot with an API
 * inbox (the community inbox), the Discord community plugin on the fake Discord's support forum,
 * and the agents' Slack plugin in Socket Mode on the fake Slack with the community inbox routed to
 * {@link COMMUNITY_CHANNEL}. Returns once both are connected. With `callback`, the inbox also calls
 * the bot's webhook route (signed with its secret, through a relay: the bot's port is known only once
 * it runs), so every event reaches the bot twice — on the cable and by the callback.
 *
 * @example
 * const run = await startThreeWay();
 * const post = memberThread(run.discord, ada, 'Order late');
 * memberMessage(run.discord, post, ada, 'Where is my order?');
 */
export async function startThreeWay(options: { callback?: boolean } = {}): Promise<ThreeWay> {
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const chatwoot = await createChatwootSimulator({ pingIntervalMs: 1_000, agents: [{ id: 2, name: ANN.name, email: ANN.email, apiToken: 'ann-token' }] });
    cleanups.push(() => chatwoot.close());
    const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.agent.apiToken, accountId: chatwoot.accountId });
    const relay = options.callback ? await startCallbackRelay() : undefined;
    if (relay) cleanups.push(() => relay.close());
    const inbox = await rest.createApiInbox({ name: 'Discord community', ...(relay ? { webhookUrl: relay.url } : {}) });
    const slackFake = await startFakeSlack({
      channels: [
        { id: AGENTS_CHANNEL, members: ['UBOT', ANN.id] },
        { id: COMMUNITY_CHANNEL, members: ['UBOT', ANN.id] },
      ],
      users: [ANN],
    });
    cleanups.push(async () => {
      await slackFake.close();
      if (slackFake.errors.length) throw new Error(`the fake Slack crashed: ${slackFake.errors.map((e) => e.message).join('; ')}`);
    });
    const discord = await startFakeDiscord({ forum: true });
    cleanups.push(() => discord.close());
    const bot = await createTestBot({
      plugins: [slack, community],
      chatwoot,
      agentTokens: { 2: 'ann-token' },
      ...(relay && inbox.secret ? { webhookSecret: inbox.secret } : {}),
      config: {
        settings: {
          slack: { apiUrl: slackFake.apiUrl, socketRetries: 0, rateLimit: { perSecond: 1000, burst: 1000 }, routes: { [String(inbox.id)]: COMMUNITY_CHANNEL } },
          'discord-community': { restApi: discord.restApi, supportChannelId: discord.channelId, userMap: { [discord.human['id'] as string]: 2 } },
        },
      },
      env: {
        SLACK_BOT_TOKEN: slackFake.token,
        SLACK_APP_TOKEN: 'xapp-test',
        SLACK_CHANNEL_ID: AGENTS_CHANNEL,
        DISCORD_BOT_TOKEN: discord.token,
        DISCORD_GUILD_ID: discord.guildId,
        COMMUNITY_INBOX_ID: String(inbox.id),
        CHATWOOT_URL: chatwoot.url,
        CHATWOOT_API_TOKEN: chatwoot.agent.apiToken,
        CHATWOOT_ACCOUNT_ID: String(chatwoot.accountId),
      },
    });
    cleanups.push(async () => {
      await bot.stop();
      await waitFor(() => slackFake.sockets() === 0, { what: 'Bolt to close its socket', timeoutMs: 3_000 });
    });
    const until = <T,>(check: () => T, what: string) => waitFor(check, { what, timeoutMs: 5_000 });
    await until(() => slackFake.sockets() > 0, 'Slack Socket Mode');
    await until(() => bot.logs.some((line) => line['msg'] === 'discord-community: connected'), 'discord-community connected');
    relay?.forwardTo(Number(bot.logs.find((line) => typeof line['port'] === 'number')?.['port'] ?? 0));
    return {
      bot,
      chatwoot,
      slack: slackFake,
      discord,
      inboxId: inbox.id,
      callbacks: () => relay?.accepted() ?? 0,
      botPosts: (threadId) => discord.messagesIn(threadId).filter((m) => (m['author'] as Json | undefined)?.['id'] === discord.botUser['id']),
      until,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
