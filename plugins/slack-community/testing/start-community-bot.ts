import { createChatwootRest, definePlugin, type ChatwootRest, type DeliveryFailedEvent, type Plugin } from '../../../src/index.ts';
import { createChatwootSimulator, createTestBot, startCallbackRelay, waitFor, type ChatwootSimulator, type TestBot, type TestBotOptions } from '../../../src/testing/index.ts';
import slack from '../../slack/index.ts';
import type { FakeSlack } from '../../slack/testing/fake-slack.ts';
import community from '../index.ts';
import { ANN, COMMUNITY, MIRROR, startCommunitySlack } from './community-slack.ts';

/** Ann as a Chatwoot agent (the simulator's agent 2). */
export const ANN_AGENT = { id: 2, name: 'Ann Agent', email: 'ann@example.test', apiToken: 'ann-token' };

export interface CommunityBot {
  bot: TestBot;
  slack: FakeSlack;
  chatwoot: ChatwootSimulator;
  /** The bot's Chatwoot account API (the agent's token), e.g. to read contacts. */
  rest: ChatwootRest;
  inboxId: number;
  /** The callback bodies the inbox sent (with `callback: true`), as the relay passed them to the bot. */
  callbacks(): unknown[];
  /** Waits until `check` holds (5 s). */
  until<T>(check: () => T | Promise<T>, what: string): Promise<NonNullable<T>>;
  /** Stops the bot; the fake Slack and the simulator only when this helper started them. */
  stop(): Promise<void>;
}

/**
 * A test bot running the Slack community plugin (and, with `agents: true`, the agents' Slack
 * plugin on the same app, mirroring into MIRROR) in Socket Mode against a fake Slack with a
 * Slack Connect channel, and the simulator with an API inbox as the community inbox; returns once
 * connected. Pass `slack`, `chatwoot`, `inboxId` and `store` of an earlier run to restart
 * against the same world.
 *
 * @example
 * const run = await startCommunityBot();
 * run.slack.userMessage({ channel: COMMUNITY, user: ADA.id, text: 'My order is late' });
 */
export async function startCommunityBot(
  options: {
    slack?: FakeSlack;
    chatwoot?: ChatwootSimulator;
    inboxId?: number;
    store?: TestBotOptions['store'];
    settings?: Record<string, unknown>;
    /** The agents' Slack plugin too, on the same Slack app. */
    agents?: boolean;
    env?: Record<string, string>;
    /** The inbox's signed callback reaches the bot's webhook route (through a relay: the bot's port is known only once it runs). */
    callback?: boolean;
    /** Hears the community plugin's `switchboard.delivery_failed` events (only the plugin that wrote gets them). */
    onDeliveryFailed?: (event: DeliveryFailedEvent) => void;
    /** HTTP mode (SLACK_SIGNING_SECRET 'shh-secret') instead of Socket Mode. */
    http?: boolean;
  } = {},
): Promise<CommunityBot> {
  const slackFake = options.slack ?? (await startCommunitySlack());
  const chatwoot = options.chatwoot ?? (await createChatwootSimulator({ pingIntervalMs: 1_000, agents: [ANN_AGENT] }));
  const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.agent.apiToken, accountId: chatwoot.accountId });
  const relay = options.callback ? await startCallbackRelay() : undefined;
  const inbox = options.inboxId === undefined ? await rest.createApiInbox({ name: 'Slack community', ...(relay ? { webhookUrl: relay.url } : {}) }) : undefined;
  const inboxId = options.inboxId ?? inbox!.id;
  const fast = { apiUrl: slackFake.apiUrl, socketRetries: 0, rateLimit: { perSecond: 1000, burst: 1000 } };
  const bot = await createTestBot({
    ...(inbox?.secret && relay ? { webhookSecret: inbox.secret } : {}),
    plugins: [...(options.agents ? [slack] : []), listening(options.onDeliveryFailed)] as Plugin[],
    chatwoot,
    ...(options.store ? { store: options.store } : {}),
    config: {
      settings: {
        'slack-community': { ...fast, channelIds: [COMMUNITY], userMap: { [ANN.id]: ANN_AGENT.id }, ...options.settings },
        ...(options.agents ? { slack: { ...fast, userMap: { [ANN.id]: ANN_AGENT.id } } } : {}),
      },
    },
    env: {
      SLACK_BOT_TOKEN: slackFake.token,
      ...(options.http ? { SLACK_SIGNING_SECRET: 'shh-secret' } : { SLACK_APP_TOKEN: 'xapp-test' }),
      ...(options.agents ? { SLACK_CHANNEL_ID: MIRROR } : {}),
      COMMUNITY_INBOX_ID: String(inboxId),
      CHATWOOT_URL: chatwoot.url,
      CHATWOOT_API_TOKEN: chatwoot.agent.apiToken,
      CHATWOOT_ACCOUNT_ID: String(chatwoot.accountId),
      ...options.env,
    },
  });
  const until = <T,>(check: () => T | Promise<T>, what: string) => waitFor(check, { what, timeoutMs: 5_000 });
  await until(() => bot.logs.some((line) => line['msg'] === 'slack-community: connected'), 'slack-community connected');
  relay?.forwardTo(Number(bot.logs.find((line) => typeof line['port'] === 'number')?.['port'] ?? 0));
  return {
    bot,
    slack: slackFake,
    chatwoot,
    rest,
    inboxId,
    callbacks: () => relay?.bodies() ?? [],
    until,
    async stop() {
      await bot.stop();
      await relay?.close();
      if (!options.slack) {
        const open = slackFake.sockets();
        await slackFake.close();
        if (open > 0) throw new Error(`Bolt left ${open} Socket Mode connection(s) open after bot.stop()`);
        if (slackFake.errors.length) throw new Error(`the fake Slack crashed: ${slackFake.errors.map((e) => e.message).join('; ')}`);
      }
      if (!options.chatwoot) await chatwoot.close();
    },
  };
}

/** The community plugin, with a listener for its delivery failures when a test asks. */
function listening(onDeliveryFailed: ((event: DeliveryFailedEvent) => void) | undefined): Plugin {
  if (!onDeliveryFailed) return community as Plugin;
  return definePlugin({
    ...community,
    setup(ctx) {
      ctx.on('switchboard.delivery_failed', (event) => onDeliveryFailed(event));
      return community.setup(ctx);
    },
  }) as Plugin;
}
