import type { Logger } from './logger.ts';
import type { AnyEvent, ChatwootEventMap, ChatwootEventName } from '../chatwoot/events.ts';

/** A handler may be sync or async; its result is ignored, its failure isolated and logged. */
export type EventHandler<E> = (event: E) => unknown;

/** What a plugin's `setup` receives. */
export interface PluginContext {
  /**
   * Subscribe to an event by name (typed), to every event with `'*'`, or to a name Switchboard does
   * not know yet (delivered as {@link UnknownEvent}).
   */
  on<K extends ChatwootEventName>(name: K, handler: EventHandler<ChatwootEventMap[K]>): void;
  on(name: '*', handler: EventHandler<AnyEvent>): void;
  on(name: string, handler: EventHandler<AnyEvent>): void;
  /** Child logger carrying the plugin name (and, inside handlers, use it as is). */
  log: Logger;
  /** Aborted when Switchboard shuts down. */
  signal: AbortSignal;
}

export interface Plugin {
  /** Unique among loaded plugins; used in logs and metrics. */
  name: string;
  setup(ctx: PluginContext): void | Promise<void>;
}

/**
 * Declares a plugin. It is an identity function that gives `setup` its types, so a plain object
 * `{ name, setup(ctx) }` exported from a `.js` file is just as valid.
 *
 * @example
 * import { definePlugin } from 'switchboard';
 *
 * export default definePlugin({
 *   name: 'hello',
 *   setup(ctx) {
 *     ctx.on('message.created', (event) => {
 *       if (event.message.message_type === 'incoming') ctx.log.info({ conversation: event.conversationId }, 'customer wrote');
 *     });
 *   },
 * });
 */
export function definePlugin<P extends Plugin>(plugin: P): P {
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
