import { Writable } from 'node:stream';
import type { Message } from '../chatwoot/models.ts';
import { normalizeMessage } from '../chatwoot/normalize-objects.ts';
import type { SwitchboardConfig } from '../config/define-config.ts';
import type { CommandUser } from '../core/commands/create-command-registry.ts';
import { createLogger } from '../observability/create-logger.ts';
import type { Plugin } from '../core/plugins/plugin.ts';
import { createRuntime, type Runtime } from '../app/create-runtime.ts';
import { createStore, type Store } from '../core/store/create-store.ts';
import { createChatwootSimulator, type ChatwootSimulator, type SimulatorOptions } from '../sandbox/create-chatwoot-simulator.ts';

export interface TestBotOptions {
  plugins: Plugin[];
  /** Same shape as config/switchboard.config.ts: `settings` for plugin settings, `runtime` for bus limits… */
  config?: SwitchboardConfig;
  simulator?: SimulatorOptions;
  /** An already running simulator (e.g. to restart a bot against the same Chatwoot); not closed by `stop()`. */
  chatwoot?: ChatwootSimulator;
  /** Default: a fresh `memory://` store. Pass a sqlite store to test persistence across restarts. */
  store?: Store;
  /** What plugins see as `ctx.env` (their credentials, e.g. SLACK_BOT_TOKEN). Default: empty. */
  env?: Record<string, string>;
  /** CHATWOOT_WEBHOOK_SECRET: the webhook route (`/webhooks/chatwoot`) accepts deliveries signed with it (comma-separated: several). */
  webhookSecret?: string;
  /** CHATWOOT_AGENT_TOKENS: agents' own tokens (give the simulator those agents with `apiToken`). */
  agentTokens?: Record<number, string>;
  /** The bot's clock (and the simulator's, when the harness creates it): lets a test jump over hours of downtime. */
  now?: () => number;
}

export interface TestChatwoot extends Omit<ChatwootSimulator, 'messages'> {
  /**
   * A conversation's messages as plugins see them in events (`message_type` is `'incoming'`,
   * `'outgoing'`, `'activity'` or `'template'`, times in unix seconds), oldest first.
   */
  messages(displayId: number): Message[];
  /** Cuts the cable and refuses reconnects (REST keeps working: messages created now are "missed"). */
  dropCable(): void;
  /** Lets the bot reconnect; it catches up over REST. Follow with `await bot.idle()`. */
  restoreCable(): void;
}

export interface CommandRun {
  ok: boolean;
  error?: string;
  replies: string[];
  privateReplies: string[];
}

export interface TestBot {
  /** The embedded Chatwoot: act as customers and agents, inject faults, read its state (messages as plugins see them). */
  chatwoot: TestChatwoot;
  runtime: Runtime;
  /** Resolves when every event Chatwoot sent has been handled and every queued write delivered. */
  idle(): Promise<void>;
  /** Runs a command as a user of the `test` surface would, collecting the replies. */
  command(text: string, options?: { conversationId?: number; user?: Partial<CommandUser> }): Promise<CommandRun>;
  /** Log lines (parsed pino JSON) written so far. */
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

const PROBE = 'switchboard.probe';

/**
 * A whole Switchboard — real cable client, REST client, bus, outbox and ledger — wired to an
 * in-process Chatwoot simulator, for testing plugins without sleeps.
 *
 * @example
 * import { createTestBot } from 'switchboard/testing';
 *
 * const bot = await createTestBot({ plugins: [myPlugin] });
 * const conversation = bot.chatwoot.createConversation({ content: 'Hello?' });
 * await bot.idle();
 * expect(bot.chatwoot.messages(conversation.id!).at(-1)?.content).toBe('Hi! An agent will be with you shortly.');
 * await bot.stop();
 */
export async function createTestBot(options: TestBotOptions): Promise<TestBot> {
  const simulator =
    options.chatwoot ?? (await createChatwootSimulator({ pingIntervalMs: 1_000, ...(options.now ? { now: options.now } : {}), ...options.simulator }));
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const log = createLogger({ level: 'debug', destination });
  const store = options.store ?? (await createStore('memory://'));
  let probeWaiters = new Map<string, () => void>();
  const runtime = createRuntime({
    chatwoot: {
      url: simulator.url,
      apiToken: simulator.agent.apiToken,
      accountId: simulator.accountId,
      ...(options.agentTokens ? { agentTokens: options.agentTokens } : {}),
    },
    env: { presenceIntervalSeconds: 15, port: 0, ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}) },
    pluginEnv: options.env ?? {},
    config: { ...options.config, runtime: { sweepMs: 0, ...options.config?.runtime } },
    plugins: options.plugins,
    log,
    store,
    ...(options.now ? { now: options.now } : {}),
    host: '127.0.0.1',
    timings: { outboxBaseMs: 5, outboxCapMs: 50, reconnectBaseMs: 5, reconnectCapMs: 50 },
    tap: (event) => {
      if (event.name !== PROBE) return false;
      const nonce = String((event as { data?: Record<string, unknown> }).data?.['nonce']);
      probeWaiters.get(nonce)?.();
      probeWaiters.delete(nonce);
      return true;
    },
  });
  try {
    await runtime.start();
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    if (!options.store) await store.close();
    if (!options.chatwoot) await simulator.close();
    throw error;
  }
  // Names appear in events once the inbox list is read; tests should not race that.
  await runtime.inboxNamesLoaded();
  // A standby (another instance holds the account's lease) subscribes only once it takes over.
  if (runtime.role() !== 'standby') await runtime.subscribed();
  let cableUp = true;
  let probes = 0;

  // Sent through Chatwoot's broadcast path: when it comes back, every earlier broadcast has arrived.
  const probe = async (): Promise<boolean> => {
    const nonce = String((probes += 1));
    let unsubscribe = () => {};
    const statusChanged = new Promise<boolean>((resolve) => {
      unsubscribe = runtime.onCableStatus(() => resolve(false));
    });
    const back = new Promise<boolean>((resolve) => probeWaiters.set(nonce, () => resolve(true)));
    simulator.emit(PROBE, { nonce });
    const arrived = await Promise.race([back, statusChanged]);
    unsubscribe();
    probeWaiters.delete(nonce);
    return arrived;
  };

  const chatwoot: TestChatwoot = Object.assign(Object.create(simulator) as Omit<ChatwootSimulator, 'messages'>, {
    // The same shape as events': one message_type vocabulary in plugins and their tests.
    messages: (displayId: number) => simulator.messages(displayId).map((raw) => normalizeMessage(raw as unknown as Record<string, unknown>)),
    dropCable() {
      cableUp = false;
      simulator.faults.refuseConnections(true);
      simulator.faults.dropConnections();
    },
    restoreCable() {
      cableUp = true;
      simulator.faults.refuseConnections(false);
    },
  });

  return {
    chatwoot,
    runtime,
    logs,
    async idle() {
      for (let round = 0; round < 100; round += 1) {
        if (cableUp) await runtime.subscribed();
        const before = simulator.cable.broadcastsTotal();
        // A probe sent just as the socket dies is lost: a cable status change restarts the round.
        if (cableUp && !(await probe())) continue;
        await runtime.settled();
        if (simulator.cable.broadcastsTotal() === before + (cableUp ? 1 : 0)) return;
      }
      throw new Error('createTestBot: still busy after 100 rounds — a plugin keeps writing to Chatwoot in a loop?');
    },
    async command(text, commandOptions = {}) {
      const replies: string[] = [];
      const privateReplies: string[] = [];
      const user: CommandUser = { id: 'U-test', name: 'Test Agent', roles: ['agent'], chatwootAgentId: simulator.agent.id, ...commandOptions.user };
      const outcome = await runtime.commands.dispatch({
        surface: 'test',
        text,
        user,
        ...(commandOptions.conversationId !== undefined ? { conversationId: commandOptions.conversationId } : {}),
        reply: async (line) => void replies.push(line),
        replyPrivately: async (line) => void privateReplies.push(line),
      });
      return { ok: outcome.ok, ...(outcome.error ? { error: outcome.error } : {}), replies, privateReplies };
    },
    async stop() {
      probeWaiters = new Map();
      await runtime.stop();
      if (!options.store) await store.close();
      if (!options.chatwoot) await simulator.close();
    },
  };
}
