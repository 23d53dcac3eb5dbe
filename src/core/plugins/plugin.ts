import type { z } from 'zod';
import type { AnyEvent, EventMap, EventName } from '../../chatwoot/events.ts';
import type { CommandHandler, CommandInvocation, CommandSpec } from '../commands/create-command-registry.ts';
import type { ChatwootFacade } from '../writes/chatwoot-facade.ts';
import type { Ledger } from '../ledger/create-ledger.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Executor } from '../outbox/create-outbox.ts';
import type { KeyValueStore } from '../store/key-value-store.ts';
import type { RouteHandler } from './route-handler.ts';

/** A handler may be sync or async; its result is ignored, its failure isolated, logged and counted. */
export type EventHandler<E> = (event: E, signal: AbortSignal) => unknown;

/** The plugin's own side effects (posting to Slack, Discord…), durable and retried like Chatwoot writes. */
export interface PluginOutbox {
  /** Declares how to perform one kind of write; `kind` is scoped to the plugin. Call during setup. */
  register<P, R>(kind: string, executor: Executor<P, R>): void;
  /**
   * Durably queues a write; `destination` orders and rate-limits (e.g. a channel id; stored as
   * `<plugin>:<destination>`). `conversationId`: the Chatwoot conversation the write is about, if
   * any (a `switchboard.delivery_failed` about it then carries it).
   */
  enqueue<P>(kind: string, destination: string, payload: P, options?: { id?: string; meta?: Record<string, unknown>; conversationId?: number }): Promise<{ id: string; delivered: Promise<unknown> }>;
}

/** What a plugin's `setup` receives. */
export interface PluginContext<C = unknown> {
  /**
   * Subscribe to an event by name (typed), to every event with `'*'`, or to a name Switchboard does
   * not know yet (delivered as {@link UnknownEvent}). Events of one conversation reach a plugin one
   * at a time, in order.
   */
  on<K extends EventName>(name: K, handler: EventHandler<EventMap[K]>): void;
  on(name: '*', handler: EventHandler<AnyEvent>): void;
  on(name: string, handler: EventHandler<AnyEvent>): void;
  /** Declare a command, available on every surface (console, Slack, Discord). */
  command(spec: CommandSpec, handler: CommandHandler): void;
  /** Surfaces hand what users type to the command registry. */
  commands: {
    dispatch(invocation: CommandInvocation): Promise<{ ok: boolean; command?: string; error?: string }>;
    help(name?: string): string;
    /** Every registered command (built-ins and plugins'), e.g. to register Discord slash commands or spot `!resolve`. */
    list(): ReadonlyArray<{ plugin: string; spec: CommandSpec }>;
  };
  /** Chatwoot REST reads, and writes that go through the durable outbox with echo protection. */
  chatwoot: ChatwootFacade;
  /** This plugin's own durable key-value space (`get`, `set` with an optional ttl, `delete`). */
  store: KeyValueStore;
  /** Conversation ↔ thread and message ↔ message links, shared by all surfaces (durable). */
  links: Ledger['links'];
  outbox: PluginOutbox;
  /** Child logger carrying the plugin name. */
  log: Logger;
  /** This plugin's settings from the config file, validated against its schema at boot. */
  config: C;
  /**
   * The environment, where secrets live (`SLACK_BOT_TOKEN`…). Read it here rather than from
   * `process.env`, so tests can hand a plugin its own.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** The one HTTP server ($PORT): mount a route during setup, e.g. `/slack/events`. */
  http: { route(path: string, handler: RouteHandler): void };
  /** Aborted when Switchboard shuts down. */
  signal: AbortSignal;
  /**
   * Work to finish at shutdown (close a socket, log out), awaited — up to 5 s — after the plugin's
   * queued events were handled and before the outbox and store close.
   */
  onShutdown(task: () => Promise<void> | void): void;
  /**
   * Work only the active instance may do — connecting a surface that receives events (Slack Socket
   * Mode, the Discord gateway, a terminal). Runs once this instance is active: at start when it is
   * the only one, at failover on a standby (several instances on one Redis). Don't connect such a
   * surface in `setup`: every instance would, and each would handle what it receives.
   *
   * @example
   * ctx.onActive(() => client.login(token));
   */
  onActive(task: () => Promise<void> | void): void;
  /**
   * One value per key for the whole runtime, made by the first plugin that asks: how two plugins
   * share one connection (a Discord gateway session, a Slack app) instead of opening two with the
   * same credentials. Key it by what identifies the connection (e.g. a hash of the token, never
   * the token itself if it may be logged).
   *
   * @example
   * const client = ctx.shared(`discord-client:${fingerprint(token)}`, () => createDiscordClient({ token }));
   */
  shared<T>(key: string, create: () => T): T;
}

export interface Plugin<S extends z.ZodType = z.ZodType> {
  /** Unique among loaded plugins; used in logs, metrics and store namespaces. */
  name: string;
  /** Schema of this plugin's settings (`defineConfig({ settings: { [name]: … } })`), checked at boot. */
  config?: S;
  setup(ctx: PluginContext<z.infer<S>>): void | Promise<void>;
  /**
   * Checks for `switchboard doctor` (credentials, scopes, permissions), each a ✓/!/✗ row with a fix.
   * Runs without `setup` and without connecting the cable.
   */
  doctor?(input: { env: Readonly<Record<string, string | undefined>>; config: z.infer<S>; log: Logger }): Promise<DoctorCheck[]>;
}

/** One row of `switchboard doctor`. */
export interface DoctorCheck {
  check: string;
  ok: boolean;
  /** A warning: shown with `!`, does not fail the doctor. */
  warn?: boolean;
  detail: string;
  fix?: string;
}

/**
 * Declares a plugin. It is an identity function that gives `setup` its types, so a plain object
 * `{ name, setup(ctx) }` exported from a `.js` file is just as valid.
 *
 * @example
 * import { definePlugin, z } from 'switchboard';
 *
 * export default definePlugin({
 *   name: 'greeter',
 *   config: z.object({ greeting: z.string().default('Hi! An agent will be with you shortly.') }),
 *   setup(ctx) {
 *     ctx.on('conversation.created', async (event) => {
 *       if (event.replayed || event.conversationId === null) return;
 *       await ctx.chatwoot.reply(event.conversationId, ctx.config.greeting);
 *     });
 *   },
 * });
 */
export function definePlugin<S extends z.ZodType = z.ZodType<Record<string, unknown>>>(plugin: Plugin<S>): Plugin<S> {
  return plugin;
}

export function isPlugin(value: unknown): value is Plugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Plugin).name === 'string' &&
    (value as Plugin).name.trim() !== '' &&
    typeof (value as Plugin).setup === 'function'
  );
}
