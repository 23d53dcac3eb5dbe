import type { CableStatus } from '../chatwoot/cable/cable-client.ts';
import type { AnyEvent } from '../chatwoot/events.ts';
import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import { parseConfig } from '../config/resolve-config.ts';
import { createBus } from '../core/bus/create-bus.ts';
import { createCommandRegistry } from '../core/commands/create-command-registry.ts';
import { createInboxNames } from '../core/intake/inbox-names.ts';
import { createInstanceRole, type InstanceRole } from '../core/instances/instance-role.ts';
import type { ShutdownTask } from '../core/plugins/run-shutdown-tasks.ts';
import { createHttpServer } from '../http/create-http-server.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createActivation } from './activation.ts';
import { openStorage, type Storage } from './open-storage.ts';
import { ADMIN_PLUGINS_PREFIX, createPluginAdmin } from './plugin-admin.ts';
import { isReady } from './readiness.ts';
import { createCableReceiver } from './receivers/cable-receiver.ts';
import { createWebhookReceiver } from './receivers/webhook-receiver.ts';
import type { Runtime } from './runtime.ts';
import type { RuntimeOptions } from './runtime-options.ts';
import { createRuntimeStatus } from './runtime-status.ts';
import { setUpOnStorage } from './set-up-on-storage.ts';
import { stopRuntime } from './stop-runtime.ts';
import { createStatusWatch } from './status-watch.ts';
import { waitForChatwoot } from './wait-for-chatwoot.ts';

export type { Runtime } from './runtime.ts';
export type { RuntimeOptions } from './runtime-options.ts';

/**
 * The composition root: wires one Chatwoot connection to the plugins — the bus, commands, the cable
 * and webhook receivers, the HTTP server (`/healthz`, `/readyz`, `/metrics`, `/webhooks/chatwoot`,
 * the admin API) — and, in `start()`, the store with everything on it (see {@link openStorage}).
 * Plugins are set up before anything connects, so a bad plugin config or a failing setup stops the
 * boot cleanly. The config is checked here too (a bad one throws `ConfigError`, naming the field).
 *
 * @example
 * const runtime = createRuntime({ chatwoot, env, plugins: [hello], log });
 * await runtime.start();
 * process.on('SIGTERM', () => runtime.stop());
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { chatwoot, env, log } = options;
  const config = parseConfig(options.config);
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? createMetrics();
  const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, log, metrics });
  const shutdown = new AbortController();
  const cableStatus = createStatusWatch<CableStatus>('idle');
  // The store's parts exist from `start()` on; the role once Chatwoot has answered.
  let storage: Storage | undefined;
  let role: InstanceRole | undefined;
  const shutdownTasks: ShutdownTask[] = [];
  const activeTasks: ShutdownTask[] = [];
  const standbyDrops = metrics.droppedEvents.labels({ reason: 'not_active' });

  const bus = createBus({
    log: log.child({ component: 'bus' }),
    metrics,
    // A message counts as handled (the delivery log) only once every plugin is done with it.
    onSettled: (event, completed) => storage?.intake.settled(event, completed),
    concurrency: config.runtime.concurrency,
    handlerTimeoutMs: config.runtime.handlerTimeoutMs,
    pauseAfterFailures: config.runtime.pauseAfterFailures,
  });
  const commands = createCommandRegistry({ log: log.child({ component: 'commands' }) });
  const inboxes = createInboxNames({ rest, log });

  /** Live events (cable, webhook) enter here; only the active instance handles them (a standby's webhook may still be called). */
  const accept = (event: AnyEvent) => {
    if (options.tap?.(event)) return;
    if (!role?.mayAct() || !storage) return void standbyDrops.inc();
    storage.intake.accept(event);
  };

  const cable = createCableReceiver({
    chatwoot,
    rest,
    config: config.cable,
    presenceIntervalMs: env.presenceIntervalSeconds * 1000,
    ...(options.timings ? { timings: options.timings } : {}),
    log,
    metrics,
    onSubscribed: () => storage?.catchUp.runner.subscribed(),
    onStatus: (status) => {
      if (cableStatus.get() === 'subscribed' && status !== 'subscribed') storage?.catchUp.runner.disconnected();
      cableStatus.set(status);
    },
  });
  const webhook = createWebhookReceiver(
    { secret: env.webhookSecret, accountId: chatwoot.accountId, allowUnsigned: config.webhook.allowUnsigned, log: log.child({ component: 'webhook' }), metrics },
    () => standbyDrops.inc(),
  );
  const status = createRuntimeStatus({ ...(options.sandbox ? { sandbox: true } : {}), cable: cableStatus.get, bus, storage: () => storage, role: () => role });
  const http = createHttpServer({
    routes: { '/webhooks/chatwoot': webhook.route },
    log: log.child({ component: 'http' }),
    metrics,
    health: () => {
      const details = status();
      return { live: true, ready: isReady(details, config.runtime.readyRequiresPlugins), details };
    },
  });
  const admin = createPluginAdmin({ bus, plugins: () => options.plugins.map((p) => p.name), adminToken: env.adminToken, log });
  http.prefix(ADMIN_PLUGINS_PREFIX, admin.route);

  const opened = (): Storage => {
    if (!storage) throw new Error('runtime not started');
    return storage;
  };
  let listening = false;
  return {
    metrics,
    rest,
    cable: cable.client,
    bus,
    commands,
    status,
    get ledger() {
      return opened().ledger;
    },
    get outbox() {
      return opened().outbox;
    },
    get store() {
      return opened().store;
    },
    async start() {
      webhook.start(accept);
      const port = await http.listen(env.port, options.host);
      listening = true;
      log.info({ port, chatwoot: chatwoot.url }, `listening on port ${port}; connecting to ${chatwoot.url}…`);
      const open = await openStorage({
        ...(options.store ? { store: options.store } : {}),
        ...(env.storeUrl ? { storeUrl: env.storeUrl } : {}),
        config: config.runtime,
        ...(options.timings ? { timings: options.timings } : {}),
        accountId: chatwoot.accountId,
        rest,
        bus,
        inboxes,
        role: () => role,
        live: [cable],
        log,
        metrics,
        now,
      });
      storage = open;
      await setUpOnStorage(open, {
        options,
        config,
        rest,
        metrics,
        bus,
        commands,
        admin,
        status,
        role: () => role,
        now,
        signal: shutdown.signal,
        route: (path, handler) => http.route(path, handler),
        onShutdown: (task) => shutdownTasks.push(task),
        onActive: (task) => activeTasks.push(task),
      });
      await waitForChatwoot({ chatwoot, log, metrics, signal: shutdown.signal, backoff: { baseMs: options.timings?.reconnectBaseMs } });
      const { activate, deposed } = createActivation({
        storage: open,
        cable,
        accept,
        inboxes,
        role: () => role,
        bus,
        activeTasks,
        log,
        describe: (at) => ({ port: at, chatwoot: chatwoot.url, accountId: chatwoot.accountId, plugins: options.plugins.map((p) => p.name) }),
        ...(options.onDeposed ? { onDeposed: options.onDeposed } : {}),
      });
      role = createInstanceRole({
        store: open.store,
        accountId: chatwoot.accountId,
        leaseTtlMs: config.runtime.leaseTtlMs,
        log,
        metrics,
        onActive: () => activate(port),
        onDeposed: deposed,
      });
      await role.start();
      return { port };
    },
    active: () => role?.active() ?? Promise.reject(new Error('runtime not started')),
    role: () => role?.role() ?? 'single',
    async stop({ drainMs = 10_000 } = {}) {
      await stopRuntime({ cable, webhook, storage, bus, shutdown, shutdownTasks, role, ownsStore: !options.store, http: listening ? http : undefined, drainMs, log });
      listening = false;
    },
    cableStatus: cableStatus.get,
    inboxNamesLoaded: () => inboxes.ready(),
    onCableStatus: (listener) => cableStatus.onChange(listener),
    subscribed: () => cableStatus.reached('subscribed'),
    catchUp: () => storage?.catchUp.runner.run('full') ?? Promise.resolve(),
    async settled() {
      for (;;) {
        const runner = storage?.catchUp.runner;
        await runner?.current();
        await storage?.intake.idle();
        await bus.idle();
        await storage?.outbox.idle();
        if (!runner?.current() && bus.stats().queued === 0 && bus.stats().running === 0 && (storage?.outbox.pending() ?? 0) === 0) return;
      }
    },
  };
}
