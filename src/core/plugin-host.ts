import type { AnyEvent } from '../chatwoot/events.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { EventHandler, Plugin, PluginContext } from './plugin.ts';

interface Registration {
  plugin: string;
  name: string;
  handler: EventHandler<AnyEvent>;
  log: Logger;
}

/** Why the boot stopped: a duplicate name, or a plugin whose setup threw. */
export class PluginBootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginBootError';
  }
}

/**
 * Runs plugins' `setup` and delivers events to their handlers. Each handler call is isolated: a
 * throw or a rejected promise is logged with the event and counted, and nothing else is affected.
 *
 * @example
 * const host = createPluginHost({ log, metrics });
 * await host.register([myPlugin]);
 * host.deliver(event);
 */
export function createPluginHost({ log, metrics }: { log: Logger; metrics: Metrics }) {
  const registrations: Registration[] = [];
  const controller = new AbortController();
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];

  const settle = () => {
    inFlight -= 1;
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const fail = (registration: Registration, event: AnyEvent, error: unknown) => {
    metrics.handlerErrors.inc({ plugin: registration.plugin });
    registration.log.error({ err: error, event: event.name, eventId: event.id }, `plugin handler failed: ${(error as Error)?.message ?? error}`);
  };

  return {
    async register(plugins: Plugin[]): Promise<void> {
      const seen = new Set<string>();
      for (const plugin of plugins) {
        if (seen.has(plugin.name)) throw new PluginBootError(`two plugins are named "${plugin.name}" — plugin names must be unique`);
        seen.add(plugin.name);
      }
      for (const plugin of plugins) {
        const pluginLog = log.child({ plugin: plugin.name });
        const ctx: PluginContext = {
          on(name: string, handler: EventHandler<never>) {
            registrations.push({ plugin: plugin.name, name, handler: handler as EventHandler<AnyEvent>, log: pluginLog });
          },
          log: pluginLog,
          signal: controller.signal,
        };
        try {
          await plugin.setup(ctx);
        } catch (error) {
          throw new PluginBootError(`plugin "${plugin.name}" failed in setup: ${(error as Error)?.message ?? error}`);
        }
        pluginLog.debug('plugin ready');
      }
    },

    /** Hands one event to every matching handler. Never throws. */
    deliver(event: AnyEvent): void {
      for (const registration of registrations) {
        if (registration.name !== event.name && registration.name !== '*') continue;
        try {
          const result = registration.handler(event);
          if (result instanceof Promise) {
            inFlight += 1;
            result.catch((error: unknown) => fail(registration, event, error)).finally(settle);
          }
        } catch (error) {
          fail(registration, event, error);
        }
      }
    },

    /** Resolves when no async handler is running. */
    idle(): Promise<void> {
      return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },

    /** Aborts `ctx.signal` for every plugin. */
    shutdown(): void {
      controller.abort();
    },

    handlerCount: (): number => registrations.length,
  };
}

export type PluginHost = ReturnType<typeof createPluginHost>;
