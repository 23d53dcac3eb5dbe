import type { SimulatorOptions } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { createTestBot, waitFor, type TestBot } from '../../../src/testing/index.ts';
import slack from '../index.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from './fake-slack.ts';

export const CHANNEL = 'C0MIRROR';
export const ANN = { id: 'UANN', name: 'Ann Agent', email: 'ann@example.test' };
export const ZED = { id: 'UZED', name: 'Zed Outsider', email: 'zed@example.test' };

export interface SlackBot {
  bot: TestBot;
  slack: FakeSlack;
  /** A new Chatwoot conversation from Ada and the thread the plugin opened for it in CHANNEL. */
  mirrored(content?: string): Promise<{ id: number; threadTs: string }>;
  stop(): Promise<void>;
}

/**
 * A test bot with the Slack plugin in Socket Mode against a fresh fake Slack (channel C0MIRROR
 * with the bot and Ann; Ann is Chatwoot agent 2 by email), connected before it returns.
 */
export async function startSlackBot(options: {
  settings?: Record<string, unknown>;
  fake?: FakeSlackOptions;
  env?: Record<string, string>;
  agentTokens?: Record<number, string>;
  /** Set to false for HTTP mode (SLACK_SIGNING_SECRET). */
  socket?: boolean;
  /** Extra options of the embedded Chatwoot (e.g. `deleteWithoutBody`). */
  simulator?: SimulatorOptions;
} = {}): Promise<SlackBot> {
  const slackFake = await startFakeSlack({
    channels: [{ id: CHANNEL, members: ['UBOT', ANN.id] }],
    users: [ANN, ZED],
    ...options.fake,
  });
  const socket = options.socket ?? true;
  const bot = await createTestBot({
    plugins: [slack],
    config: { settings: { slack: { apiUrl: slackFake.apiUrl, socketRetries: 0, rateLimit: { perSecond: 1000, burst: 1000 }, ...options.settings } } },
    simulator: { agents: [{ id: 2, name: ANN.name, email: ANN.email, apiToken: 'ann-token' }], ...options.simulator },
    env: {
      SLACK_BOT_TOKEN: slackFake.token,
      SLACK_CHANNEL_ID: CHANNEL,
      ...(socket ? { SLACK_APP_TOKEN: 'xapp-test' } : { SLACK_SIGNING_SECRET: 'shh-secret' }),
      ...options.env,
    },
    ...(options.agentTokens ? { agentTokens: options.agentTokens } : {}),
  });
  if (socket) await waitFor(() => slackFake.sockets() > 0, { what: 'the Socket Mode connection' });
  return {
    bot,
    slack: slackFake,
    async mirrored(content = 'Hello?') {
      const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content });
      await bot.idle();
      const parent = await waitFor(() => slackFake.state.parents(CHANNEL)[0], { what: 'the thread' });
      return { id: conversation.id!, threadTs: parent.ts };
    },
    async stop() {
      // The plugin's shutdown task (ctx.onShutdown) awaits bolt.stop(): the socket is closed by now.
      await bot.stop();
      const open = slackFake.sockets();
      await slackFake.close();
      if (open > 0) throw new Error(`Bolt left ${open} Socket Mode connection(s) open after bot.stop()`);
      if (slackFake.errors.length) throw new Error(`the fake Slack crashed: ${slackFake.errors.map((e) => e.message).join('; ')}`);
    },
  };
}

export { waitFor };
