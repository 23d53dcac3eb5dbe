import { buildEvent } from '../chatwoot/build-event.ts';
import { createCableClient, type CableStatus } from '../chatwoot/cable/cable-client.ts';
import { createCredentialProvider } from '../chatwoot/cable/credentials.ts';
import { createEventGate } from '../chatwoot/event-gate.ts';
import type { AnyEvent } from '../chatwoot/events.ts';
import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import { createHttpServer } from '../http/create-http-server.ts';
import { createWebhookRoute } from '../http/webhook-route.ts';
import { createBus } from '../core/bus/create-bus.ts';
import { CHATWOOT_WRITE, createChatwootWriteExecutor } from '../core/writes/chatwoot-write-executor.ts';
import { registerBuiltInCommands } from '../core/commands/built-in-commands.ts';
import { createCommandRegistry } from '../core/commands/create-command-registry.ts';
import { createChatwootFacade } from '../core/writes/create-chatwoot-facade.ts';
import { deliveryFailedEvent } from '../core/writes/delivery-failed-event.ts';
import { createInboxNames } from '../core/intake/inbox-names.ts';
import { runShutdownTasks, type ShutdownTask } from '../core/plugins/run-shutdown-tasks.ts';
import { createMetrics } from '../observability/metrics.ts';
import type { OutboxEntry } from '../core/outbox/create-outbox.ts';
import { openDelivery, type Delivery } from './open-storage.ts';
import { ADMIN_PLUGINS_PREFIX, createPluginAdmin } from './plugin-admin.ts';
import { createInstanceRole, type InstanceRole } from '../core/instances/instance-role.ts';
import { createActivation } from './activation.ts';
import { agentRests } from './agent-rests.ts';
import { isReady } from './readiness.ts';
import { createStatusWatch } from './status-watch.ts';
import { waitForChatwoot } from './wait-for-chatwoot.ts';
import { setUpPlugins } from '../core/plugins/set-up-plugins.ts';
import type { RuntimeOptions } from './runtime-options.ts';
export type { RuntimeOptions } from './runtime-options.ts';

/**
 * Wires one Chatwoot connection to the plugins: store, ledger, bus, outbox, commands, the cable and
 * webhook intake with catch-up, and the HTTP server (`/healthz`, `/readyz`, `/metrics`,
 * `/webhooks/chatwoot`). Plugins are set up before anything connects, so a bad plugin config or a
 * failing setup stops the boot cleanly.
 *
 * @example
 * const runtime = createRuntime({ chatwoot, env, plugins: [hello], log });
 * await runtime.start();
 * process.on('SIGTERM', () => runtime.stop());
 */
export function createRuntime(options: RuntimeOptions) {
  const { chatwoot, env, config = {}, log } = options;
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? createMetrics();
  const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, log, metrics });
  const shutdown = new AbortController();
  const runtimeConfig = config.runtime ?? {};
  const cableStatus = createStatusWatch<CableStatus>('idle');

  const bus = createBus({
    log: log.child({ component: 'bus' }),
    metrics,
    // A message counts as handled (the delivery log) only once every plugin is done with it.
    onSettled: (event, completed) => parts?.intake.settled(event, completed),
    ...(runtimeConfig.concurrency ? { concurrency: runtimeConfig.concurrency } : {}),
    ...(runtimeConfig.handlerTimeoutMs ? { handlerTimeoutMs: runtimeConfig.handlerTimeoutMs } : {}),
    ...(runtimeConfig.pauseAfterFailures ? { pauseAfterFailures: runtimeConfig.pauseAfterFailures } : {}),
  });
  const commands = createCommandRegistry({ log: log.child({ component: 'commands' }) });
  const inboxes = createInboxNames({ rest, log });
  const shutdownTasks: ShutdownTask[] = [];
  const activeTasks: ShutdownTask[] = [];
  let role: InstanceRole | undefined;
  const standbyDrops = metrics.droppedEvents.labels({ reason: 'not_active' });

  // Everything below needs the store, which may have to be opened first.
  let parts: Delivery | undefined;
  const need = () => {
    if (!parts) throw new Error('runtime not started');
    return parts;
  };

  const reportFailure = (entry: OutboxEntry, error: Error) => {
    bus.publish(deliveryFailedEvent(entry, error, { accountId: chatwoot.accountId, now: now() }));
  };

  const accept = (event: AnyEvent) => {
    if (options.tap?.(event)) return;
    // Only the active instance handles events (a standby's webhook may still be called).
    if (!role?.mayAct()) return void standbyDrops.inc();
    need().intake.accept(event);
  };

  const catchUps = () => parts?.catchUps;

  // Cable events with invalid ids (or of another account) are dropped and counted before the intake;
  // so are messages catch-up reads back.
  const cableGate = createEventGate({ accountId: chatwoot.accountId, metrics, log: log.child({ component: 'cable' }), source: 'cable' });
  const catchUpGate = createEventGate({ accountId: chatwoot.accountId, metrics, log: log.child({ component: 'catch-up' }), source: 'catch-up' });
  const fixed = chatwoot.pubsubToken && chatwoot.userId ? { pubsubToken: chatwoot.pubsubToken, userId: chatwoot.userId } : undefined;
  const cable = createCableClient({
    chatwootUrl: chatwoot.url,
    accountId: chatwoot.accountId,
    getCredentials: createCredentialProvider({ fixed, getProfile: () => rest.getProfile(), accountId: chatwoot.accountId }),
    onEvent: ({ event, data, receivedAt }) => {
      const built = buildEvent(event, data, { source: 'cable', receivedAt });
      if (cableGate.admit(built)) accept(built);
    },
    onSubscribed: () => catchUps()?.subscribed(),
    onStatus: (status) => {
      if (cableStatus.get() === 'subscribed' && status !== 'subscribed') catchUps()?.disconnected();
      cableStatus.set(status);
    },
    log: log.child({ component: 'cable' }),
    metrics,
    presenceIntervalMs: env.presenceIntervalSeconds * 1000,
    confirmTimeoutMs: config.cable?.confirmTimeoutMs,
    staleAfterMs: config.cable?.staleAfterMs,
    backoff: { baseMs: options.timings?.reconnectBaseMs, capMs: options.timings?.reconnectCapMs ?? config.cable?.backoffCapMs },
    profileRefreshMs: config.cable?.profileRefreshMs,
  });

  const status = () => ({
    ...(options.sandbox ? { mode: 'sandbox: an embedded Chatwoot simulator, not a real Chatwoot' } : {}),
    cable: cableStatus.get(),
    pausedPlugins: bus.paused(),
    outboxPending: parts?.outbox.pending() ?? 0,
    outboxFailures: parts?.outbox.failures().length ?? 0,
    bus: bus.stats(),
    sync: catchUps()?.state() ?? 'behind',
    role: role?.role() ?? 'single',
    ...(role?.summary().instance ? { instance: role.summary() } : {}),
    lastCatchUp: catchUps()?.last(),
  });

  const http = createHttpServer({
    routes: {
      '/webhooks/chatwoot': createWebhookRoute({
        secret: env.webhookSecret,
        accountId: chatwoot.accountId,
        allowUnsigned: config.webhook?.allowUnsigned ?? false,
        onEvent: accept,
        log: log.child({ component: 'webhook' }),
        metrics,
      }),
    },
    log: log.child({ component: 'http' }),
    metrics,
    health: () => {
      const details = status();
      return { live: true, ready: isReady(details, runtimeConfig.readyRequiresPlugins), details };
    },
  });
  const admin = createPluginAdmin({ bus, plugins: () => options.plugins.map((p) => p.name), adminToken: env.adminToken, log });
  http.prefix(ADMIN_PLUGINS_PREFIX, admin.route);

  const { activate, deposed } = createActivation({
    delivery: need,
    cable,
    inboxes,
    role: () => role,
    bus,
    activeTasks,
    sweepMs: runtimeConfig.sweepMs ?? 5 * 60_000,
    log,
    describe: (port) => ({ port, chatwoot: chatwoot.url, accountId: chatwoot.accountId, plugins: options.plugins.map((p) => p.name) }),
    ...(options.onDeposed ? { onDeposed: options.onDeposed } : {}),
  });

  let started = false;
  return {
    metrics,
    rest,
    cable,
    bus,
    commands,
    status,
    get ledger() {
      return need().ledger;
    },
    get outbox() {
      return need().outbox;
    },
    get store() {
      return need().store;
    },
    /**
     * Listens on $PORT first (a PaaS boot check sees the port while Chatwoot is reached), opens the
     * store, sets plugins up, checks the token and account (a permanent refusal throws
     * `ChatwootBootError`; a transient one is retried), resumes the outbox and connects.
     */
    async start(): Promise<{ port: number }> {
      const port = await http.listen(env.port, options.host);
      started = true;
      log.info({ port, chatwoot: chatwoot.url }, `listening on port ${port}; connecting to ${chatwoot.url}…`);
      parts = await openDelivery({
        ...(options.store ? { store: options.store } : {}),
        ...(env.storeUrl ? { storeUrl: env.storeUrl } : {}),
        runtime: runtimeConfig,
        ...(options.timings ? { timings: options.timings } : {}),
        rest,
        bus,
        inboxes,
        role: () => role,
        catchUpGate,
        reader: cable,
        log,
        metrics,
        now,
      });
      const { outbox, writes, ledger, store } = parts;
      outbox.register(CHATWOOT_WRITE, { ...createChatwootWriteExecutor(rest, agentRests(chatwoot, { log, metrics }), () => role?.token()), onFailed: reportFailure });
      registerBuiltInCommands(commands, {
        rest,
        writes: createChatwootFacade({ rest, outbox: writes, ledger, plugin: 'core' }),
        status,
        chatwootUrl: chatwoot.url,
        accountId: chatwoot.accountId,
      });
      admin.registerCommand(commands);
      await setUpPlugins(options.plugins, config.settings ?? {}, {
        bus,
        commands,
        rest,
        outbox: writes,
        ledger,
        store,
        log,
        signal: shutdown.signal,
        reportFailure,
        env: options.pluginEnv ?? process.env,
        http: { route: (path, handler) => http.route(path, handler) },
        onShutdown: (plugin, task) => shutdownTasks.push({ plugin, task }),
        onActive: (plugin, task) => activeTasks.push({ plugin, task }),
      });
      await waitForChatwoot({ chatwoot, log, metrics, signal: shutdown.signal, backoff: { baseMs: options.timings?.reconnectBaseMs } });
      role = createInstanceRole({
        store,
        accountId: chatwoot.accountId,
        ...(runtimeConfig.leaseTtlMs ? { leaseTtlMs: runtimeConfig.leaseTtlMs } : {}),
        log,
        metrics,
        onActive: () => activate(port),
        onDeposed: deposed,
      });
      await role.start();
      return { port };
    },
    /** Resolves once this instance is active (at once when it is the only one). */
    active: (): Promise<void> => role?.active() ?? Promise.reject(new Error('runtime not started')),
    /** single, standby, active or deposed (see several instances in the README). */
    role: () => role?.role() ?? 'single',
    /**
     * Stops presence and closes the cable with 1000, lets queued events reach the plugins (up to
     * `drainMs`: cursors already count them as delivered), aborts plugins' signals, keeps pending
     * writes in the outbox for the next start, and persists the ledger.
     */
    async stop({ drainMs = 10_000 }: { drainMs?: number } = {}): Promise<void> {
      await cable.stop();
      cableGate.stop();
      catchUpGate.stop();
      // Catch-up stops first; plugins' signals only after their queues drained.
      await catchUps()?.stop();
      await parts?.intake.idle();
      let drainTimer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        bus.idle().then(() => true),
        new Promise<boolean>((resolve) => (drainTimer = setTimeout(() => resolve(false), drainMs))),
      ]);
      clearTimeout(drainTimer);
      if (!drained) log.warn({ queued: bus.stats().queued, drainMs }, 'stopping with events still queued for plugins');
      shutdown.abort();
      await bus.stop();
      await runShutdownTasks(shutdownTasks, log);
      if (parts) {
        await parts.outbox.stop();
        // A store that is gone (or a lease lost) must not turn a stop into a crash: the next start re-reads.
        await parts.ledger.close().catch((error: unknown) => log.warn({ err: error }, 'could not write the delivery log at stop; the next start replays what it missed'));
      }
      // Hand over as soon as what this instance handled is on disk: a standby need not wait for the lease to expire.
      await role?.stop();
      if (parts && !options.store) await parts.store.close();
      if (started) await http.close();
      started = false;
      log.info('switchboard stopped');
    },
    cableStatus: (): CableStatus => cableStatus.get(),
    /** Resolves once the inbox list was read (or failed to be) after start: inbox names known from then on. */
    inboxNamesLoaded: (): Promise<void> => inboxes.ready(),
    /** Calls `listener` on every cable status change; returns the unsubscribe function. */
    onCableStatus: (listener: (status: CableStatus) => void): (() => void) => cableStatus.onChange(listener),
    /** Resolves at the next (or current) confirmed subscription. */
    subscribed: (): Promise<void> => cableStatus.reached('subscribed'),
    /** Runs a catch-up pass now (the harness and tests use it; the runtime runs it on its own). */
    catchUp: (): Promise<void> => catchUps()?.run('full') ?? Promise.resolve(),
    /** Resolves when nothing is catching up, queued in the intake, running on the bus or pending in the outbox. */
    async settled(): Promise<void> {
      for (;;) {
        await catchUps()?.current();
        await parts?.intake.idle();
        await bus.idle();
        await parts?.outbox.idle();
        if (!catchUps()?.current() && bus.stats().queued === 0 && bus.stats().running === 0 && (parts?.outbox.pending() ?? 0) === 0) return;
      }
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;
