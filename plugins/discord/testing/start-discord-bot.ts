import { createTestBot, waitFor, type TestBot, type TestBotOptions } from '../../../src/testing/index.ts';
import discord from '../index.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type Json } from './fake-discord.ts';

export interface DiscordBot {
  bot: TestBot;
  fake: FakeDiscord;
  /** The thread / channel of a Chatwoot conversation, once the plugin made it. */
  placeOf(conversationId: number): Promise<string>;
  /** Waits until `check` holds on the fake (5 s). */
  until<T>(check: () => T, what: string): Promise<NonNullable<T>>;
  /** Webhook posts into `channelId` (a thread or channel), oldest first. */
  posts(channelId: string): Json[];
  /** A new Chatwoot conversation and the Discord place the plugin opened for it. */
  openThread(contactName?: string, content?: string): Promise<{ id: number; threadId: string }>;
  stop(): Promise<void>;
}

/**
 * A test bot running the Discord plugin against a local fake Discord, connected and with
 * `/chatwoot` registered (so the gateway is up and the guild cached) before it returns.
 *
 * @example
 * const { bot, fake, placeOf, stop } = await startDiscordBot({ fake: { forum: true } });
 */
export async function startDiscordBot(
  options: {
    fake?: FakeDiscordOptions;
    /** An already running fake Discord (e.g. to restart the bot against it); not closed by `stop()`. */
    discord?: FakeDiscord;
    settings?: Record<string, unknown> | ((fake: FakeDiscord) => Record<string, unknown>);
    env?: Record<string, string>;
    bot?: Partial<TestBotOptions>;
  } = {},
): Promise<DiscordBot> {
  const fake = options.discord ?? (await startFakeDiscord(options.fake));
  const commandsBefore = fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands')).length;
  let bot: TestBot | undefined;
  try {
    bot = await createTestBot({
      plugins: [discord],
      ...options.bot,
      config: { settings: { discord: { restApi: fake.restApi, noticeTtlMs: 0, ...(typeof options.settings === 'function' ? options.settings(fake) : options.settings) } } },
      env: { DISCORD_BOT_TOKEN: fake.token, DISCORD_GUILD_ID: fake.guildId, DISCORD_CHANNEL_ID: fake.channelId, DISCORD_CATEGORY_ID: fake.categoryId, ...options.env },
    });
    if (options.fake?.messageContent !== false) {
      await waitFor(() => fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands')).length > commandsBefore, { what: 'discord ready and /chatwoot registered' });
    }
  } catch (error) {
    await bot?.stop();
    if (!options.discord) await fake.close();
    throw error;
  }
  const running = bot;
  const until = <T,>(check: () => T, what: string) => waitFor(check, { what, timeoutMs: 5_000 });
  const placeOf = (conversationId: number) => waitFor(() => linkOf(running, conversationId), { what: `discord place of #${conversationId}` });
  return {
    bot: running,
    fake,
    until,
    placeOf,
    async openThread(contactName = 'Ada', content = 'Hi') {
      const conversation = running.chatwoot.createConversation({ contactName, content });
      return { id: conversation.id!, threadId: await placeOf(conversation.id!) };
    },
    posts: (channelId) => fake.messagesIn(channelId).filter((m) => m['webhook_id']),
    async stop() {
      await running.stop();
      if (!options.discord) await fake.close();
    },
  };
}

/** Reads the link through the plugin's own view: the header exists once `open` finished. */
async function linkOf(bot: TestBot, conversationId: number): Promise<string | undefined> {
  const link = await bot.runtime.ledger.links.getConversation(conversationId, 'discord');
  return link?.data?.['headerMessageId'] ? link.key : undefined;
}
