import { createChatwootRest, type ChatwootRest, type DeliveryFailedEvent } from '../../../src/index.ts';
import { createChatwootSimulator, createTestBot, startCallbackRelay, waitFor, type ChatwootSimulator, type TestBot, type TestBotOptions } from '../../../src/testing/index.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../discord/testing/fake-discord.ts';
import discord from '../../discord/index.ts';
import community from '../index.ts';

export interface CommunityBot {
  bot: TestBot;
  fake: FakeDiscord;
  chatwoot: ChatwootSimulator;
  /** The bot's Chatwoot account API (the agent's token), e.g. to read contacts. */
  rest: ChatwootRest;
  inboxId: number;
  /** With `agents`: the text channel the agents' Discord plugin mirrors conversations into. */
  agentsChannelId?: string;
  /** `switchboard.delivery_failed` events about the community plugin's writes, as they were published. */
  failures: DeliveryFailedEvent[];
  /** The callback bodies the inbox sent (with `callback: true`), as the relay passed them to the bot. */
  callbacks(): unknown[];
  /** Waits until `check` holds (5 s). */
  until<T>(check: () => T, what: string): Promise<NonNullable<T>>;
  /** Stops the bot; the fake Discord and the simulator only when this helper started them. */
  stop(): Promise<void>;
}

/**
 * A test bot running the Discord community plugin against a local fake Discord (the support
 * channel is the fake's channel, text or forum) and the simulator with an API inbox as the
 * community inbox; returns once the gateway is ready. Pass `discord`, `chatwoot`, `inboxId` and
 * `store` of an earlier run to restart against the same world.
 *
 * @example
 * const run = await startCommunityBot();
 * const thread = memberThread(run.fake, ada, 'Order late');
 */
export async function startCommunityBot(
  options: {
    fake?: FakeDiscordOptions;
    discord?: FakeDiscord;
    chatwoot?: ChatwootSimulator;
    inboxId?: number;
    store?: TestBotOptions['store'];
    settings?: Record<string, unknown>;
    /** The inbox's signed callback reaches the bot's webhook route (through a relay: the bot's port is known only once it runs). */
    callback?: boolean;
    /**
     * Also run the agents' Discord plugin with the same bot token, mirroring into a second text
     * channel of the fake (`agentsChannelId`); the fake's human is the agent in both user maps.
     */
    agents?: boolean;
  } = {},
): Promise<CommunityBot> {
  const fake = options.discord ?? (await startFakeDiscord({ ...(options.agents ? { extraChannels: 1 } : {}), ...options.fake }));
  const agentsChannelId = [...fake.state.channels.values()].find((c) => c['name'] === 'extra-0')?.['id'] as string | undefined;
  if (options.agents && !agentsChannelId) throw new Error('startCommunityBot: agents needs a fake with extraChannels');
  const humanId = fake.human['id'] as string;
  const chatwoot = options.chatwoot ?? (await createChatwootSimulator({ pingIntervalMs: 1_000 }));
  const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.agent.apiToken, accountId: chatwoot.accountId });
  const relay = options.callback ? await startCallbackRelay() : undefined;
  const inbox = options.inboxId === undefined ? await rest.createApiInbox({ name: 'Discord community', ...(relay ? { webhookUrl: relay.url } : {}) }) : undefined;
  const inboxId = options.inboxId ?? inbox!.id;
  const bot = await createTestBot({
    ...(inbox?.secret && relay ? { webhookSecret: inbox.secret } : {}),
    plugins: options.agents ? [discord, community] : [community],
    chatwoot,
    ...(options.store ? { store: options.store } : {}),
    config: {
      settings: {
        'discord-community': { restApi: fake.restApi, supportChannelId: fake.channelId, userMap: { [humanId]: chatwoot.agent.id }, ...options.settings },
        ...(options.agents ? { discord: { restApi: fake.restApi, noticeTtlMs: 0, userMap: { [humanId]: chatwoot.agent.id } } } : {}),
      },
    },
    env: {
      ...(agentsChannelId && options.agents ? { DISCORD_CHANNEL_ID: agentsChannelId, DISCORD_CATEGORY_ID: fake.categoryId } : {}),
      DISCORD_BOT_TOKEN: fake.token,
      DISCORD_GUILD_ID: fake.guildId,
      COMMUNITY_INBOX_ID: String(inboxId),
      CHATWOOT_URL: chatwoot.url,
      CHATWOOT_API_TOKEN: chatwoot.agent.apiToken,
      CHATWOOT_ACCOUNT_ID: String(chatwoot.accountId),
    },
  });
  const failures: DeliveryFailedEvent[] = [];
  bot.runtime.bus.subscribe('test-observer', 'switchboard.delivery_failed', (event) => {
    if ((event as DeliveryFailedEvent).plugin === 'discord-community') failures.push(event as DeliveryFailedEvent);
  });
  const until = <T,>(check: () => T, what: string) => waitFor(check, { what, timeoutMs: 5_000 });
  await until(() => bot.logs.some((line) => line['msg'] === 'discord-community: connected'), 'discord-community connected');
  relay?.forwardTo(Number(bot.logs.find((line) => typeof line['port'] === 'number')?.['port'] ?? 0));
  return {
    bot,
    fake,
    ...(options.agents && agentsChannelId ? { agentsChannelId } : {}),
    chatwoot,
    rest,
    inboxId,
    failures,
    callbacks: () => relay?.bodies() ?? [],
    until,
    async stop() {
      await bot.stop();
      await relay?.close();
      if (!options.discord) await fake.close();
      if (!options.chatwoot) await chatwoot.close();
    },
  };
}
