import type { AnyEvent } from '../../chatwoot/events.ts';
import type { ChatwootRest } from '../../chatwoot/rest/types.ts';
import type { Bus } from '../bus/create-bus.ts';
import type { CommandRegistry } from '../commands/create-command-registry.ts';
import { createChatwootFacade } from '../writes/create-chatwoot-facade.ts';
import { currentEventFields, runInEventScope } from '../../observability/event-scope.ts';
import { eventWriteKey } from '../writes/event-write-key.ts';
import type { Ledger } from '../ledger/create-ledger.ts';
import type { Logger } from '../../observability/logger.ts';
import { pluginDestination, type Outbox, type OutboxEntry } from '../outbox/create-outbox.ts';
import type { EventHandler, PluginContext } from './plugin.ts';
import type { Store } from '../store/create-store.ts';
import type { RouteHandler } from './route-handler.ts';

export interface PluginContextDeps {
  bus: Bus;
  commands: CommandRegistry;
  rest: ChatwootRest;
  outbox: Outbox;
  ledger: Ledger;
  store: Store;
  log: Logger;
  signal: AbortSignal;
  /** Turns a permanent outbox failure into a `switchboard.delivery_failed` event for its plugin. */
  reportFailure: (entry: OutboxEntry, error: Error) => void;
  env: Readonly<Record<string, string | undefined>>;
  http: { route(path: string, handler: RouteHandler): void };
  /** Collects plugins' shutdown tasks; the runtime runs them in `stop()`. */
  onShutdown: (plugin: string, task: () => Promise<void> | void) => void;
  /** Collects plugins' work for when this instance becomes active. */
  onActive: (plugin: string, task: () => Promise<void> | void) => void;
  /** Values plugins share, one per key, for the lifetime of this runtime (`ctx.shared`). */
  shared?: Map<string, unknown>;
}

/**
 * The `ctx` one plugin receives. Everything is scoped to the plugin: its store namespace, its
 * outbox kinds (`<plugin>.<kind>`) and destinations (`<plugin>:<destination>`), its logger, and `switchboard.delivery_failed` events about its
 * own writes only.
 */
export function createPluginContext<C>(plugin: string, config: C, deps: PluginContextDeps): PluginContext<C> {
  const log = deps.log.child({ plugin });
  const shared = deps.shared ?? new Map<string, unknown>();
  const on = (name: string, handler: EventHandler<never>) => {
    const bare = handler as EventHandler<AnyEvent>;
    const run: EventHandler<AnyEvent> = (event, signal) => runInEventScope(event, () => bare(event, signal), plugin);
    if (name === 'switchboard.delivery_failed' || name === '*') {
      // A delivery failure is news only for the plugin whose write failed.
      deps.bus.subscribe(plugin, name, (event, signal) =>
        event.name === 'switchboard.delivery_failed' && (event as { plugin?: string }).plugin !== plugin ? undefined : run(event, signal),
      );
      return;
    }
    deps.bus.subscribe(plugin, name, run);
  };
  return {
    on,
    command: (spec, handler) => deps.commands.register(plugin, spec, handler),
    commands: {
      dispatch: (invocation) => deps.commands.dispatch(invocation),
      help: (name) => deps.commands.help(name),
      list: () => deps.commands.list(),
    },
    chatwoot: createChatwootFacade({ rest: deps.rest, outbox: deps.outbox, ledger: deps.ledger, plugin }),
    store: deps.store.namespace(`plugin:${plugin}`),
    links: deps.ledger.links,
    outbox: {
      register: (kind, executor) =>
        deps.outbox.register(`${plugin}.${kind}`, {
          ...executor,
          async onFailed(entry, error) {
            deps.reportFailure(entry, error);
            await executor.onFailed?.(entry, error);
          },
        }),
      async enqueue(kind, destination, payload, options = {}) {
        const fullKind = `${plugin}.${kind}`;
        // Namespaced like the kind: a plugin's lanes are its own.
        const fullDestination = pluginDestination(plugin, destination);
        // Inside a handler, the key comes from the event: a re-run after a crash enqueues nothing new.
        const id = options.id ?? eventWriteKey(plugin, fullKind, fullDestination, payload);
        const { entry, delivered } = await deps.outbox.enqueue({
          kind: fullKind,
          destination: fullDestination,
          ...(options.conversationId !== undefined ? { conversationId: options.conversationId } : {}),
          payload,
          meta: { ...options.meta, plugin, ...currentEventFields() },
          ...(id ? { id } : {}),
        });
        return { id: entry.id, delivered };
      },
    },
    log,
    config,
    env: deps.env,
    http: deps.http,
    signal: deps.signal,
    onShutdown: (task) => deps.onShutdown(plugin, task),
    shared<T>(key: string, create: () => T): T {
      if (!shared.has(key)) shared.set(key, create());
      return shared.get(key) as T;
    },
    onActive: (task) => deps.onActive(plugin, task),
  } as PluginContext<C>;
}
