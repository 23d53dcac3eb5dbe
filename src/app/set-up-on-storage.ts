import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { ResolvedConfig } from '../config/config-schema.ts';
import type { Bus } from '../core/bus/types.ts';
import { registerBuiltInCommands } from '../core/commands/built-in-commands.ts';
import type { CommandRegistry } from '../core/commands/command-types.ts';
import type { InstanceRole } from '../core/instances/instance-role.ts';
import type { OutboxEntry } from '../core/outbox/create-outbox.ts';
import type { RouteHandler } from '../core/plugins/route-handler.ts';
import type { ShutdownTask } from '../core/plugins/run-shutdown-tasks.ts';
import { setUpPlugins } from '../core/plugins/set-up-plugins.ts';
import { CHATWOOT_WRITE, createChatwootWriteExecutor } from '../core/writes/chatwoot-write-executor.ts';
import { createChatwootFacade } from '../core/writes/create-chatwoot-facade.ts';
import { deliveryFailedEvent } from '../core/writes/delivery-failed-event.ts';
import type { Metrics } from '../observability/metrics.ts';
import { agentRests } from './agent-rests.ts';
import type { Storage } from './open-storage.ts';
import type { createPluginAdmin } from './plugin-admin.ts';
import type { RuntimeOptions } from './runtime-options.ts';

/**
 * What runs on the freshly opened store, before anything connects: the Chatwoot write executor
 * (agents' own tokens, the lease's fencing token), the built-in commands, the admin command, and
 * every plugin's settings check and `setup`. A failure here (`PluginBootError`) stops the boot.
 *
 * @example
 * await setUpOnStorage(storage, { options, config, rest, metrics, bus, commands, admin, status, role, now, signal, route, onShutdown, onActive });
 */
export async function setUpOnStorage(
  storage: Storage,
  deps: {
    options: RuntimeOptions;
    config: ResolvedConfig;
    rest: ChatwootRest;
    metrics: Metrics;
    bus: Bus;
    commands: CommandRegistry;
    admin: ReturnType<typeof createPluginAdmin>;
    status: () => Record<string, unknown>;
    role: () => InstanceRole | undefined;
    now: () => number;
    signal: AbortSignal;
    route: (path: string, handler: RouteHandler) => void;
    onShutdown: (task: ShutdownTask) => void;
    onActive: (task: ShutdownTask) => void;
  },
): Promise<void> {
  const { options, rest, bus, commands, metrics } = deps;
  const { chatwoot, log } = options;
  const { outbox, writes, ledger, store } = storage;
  // A write that failed for good reaches the plugin that made it as `switchboard.delivery_failed`.
  const reportFailure = (entry: OutboxEntry, error: Error) => {
    bus.publish(deliveryFailedEvent(entry, error, { accountId: chatwoot.accountId, now: deps.now() }));
  };
  const restAs = agentRests(chatwoot, { log, metrics });
  outbox.register(CHATWOOT_WRITE, { ...createChatwootWriteExecutor(rest, restAs, () => deps.role()?.token()), onFailed: reportFailure });
  registerBuiltInCommands(commands, {
    rest,
    writes: createChatwootFacade({ rest, outbox: writes, ledger, plugin: 'core' }),
    status: deps.status,
    chatwootUrl: chatwoot.url,
    accountId: chatwoot.accountId,
  });
  deps.admin.registerCommand(commands);
  await setUpPlugins(options.plugins, deps.config.settings, {
    bus,
    commands,
    rest,
    outbox: writes,
    ledger,
    store,
    log,
    signal: deps.signal,
    reportFailure,
    env: options.pluginEnv ?? process.env,
    http: { route: deps.route },
    onShutdown: (plugin, task) => deps.onShutdown({ plugin, task }),
    onActive: (plugin, task) => deps.onActive({ plugin, task }),
  });
}
