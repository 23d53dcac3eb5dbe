import { buildEvent } from '../chatwoot/build-event.ts';
import { createCableClient, type CableStatus } from '../chatwoot/cable/cable-client.ts';
import { createCredentialProvider } from '../chatwoot/cable/credentials.ts';
import type { AnyEvent } from '../chatwoot/events.ts';
import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import type { SwitchboardConfig } from '../config/define-config.ts';
import type { ChatwootSettings, EnvSettings } from '../config/read-env.ts';
import { createHttpServer } from '../http/create-http-server.ts';
import { createWebhookRoute } from '../http/webhook-route.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import type { Plugin } from './plugin.ts';
import { createPluginHost } from './plugin-host.ts';

export interface RuntimeOptions {
  chatwoot: ChatwootSettings;
  env: Pick<EnvSettings, 'presenceIntervalSeconds' | 'port' | 'webhookSecret'>;
  config?: SwitchboardConfig;
  plugins: Plugin[];
  log: Logger;
  metrics?: Metrics;
  /** Where the HTTP server listens. Default all interfaces (a PaaS routes $PORT from outside). */
  host?: string;
}

/**
 * Wires one Chatwoot connection to the plugins: REST client, cable client, webhook intake and the
 * HTTP server (`/healthz`, `/readyz`, `/metrics`, `/webhooks/chatwoot`). Plugins are set up before
 * anything connects, so a failing setup stops the boot cleanly.
 *
 * @example
 * const runtime = createRuntime({ chatwoot, env, plugins: [hello], log });
 * await runtime.start();
 * process.on('SIGTERM', () => runtime.stop());
 */
export function createRuntime(options: RuntimeOptions) {
  const { chatwoot, env, config = {}, log } = options;
  const metrics = options.metrics ?? createMetrics();
  const host = createPluginHost({ log, metrics });
  const rest = createChatwootRest({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, log, metrics });
  let cableStatus: CableStatus = 'idle';
  const statusListeners = new Set<(status: CableStatus) => void>();

  const eventCounters = new Map<string, { inc(): void }>();
  const deliver = (event: AnyEvent) => {
    const key = `${event.source} ${event.name}`;
    let counter = eventCounters.get(key);
    // Unknown names are untrusted input: cap the label set so a hostile stream cannot grow it forever.
    if (!counter) {
      counter = metrics.eventsIn.labels({ source: event.source, name: eventCounters.size < 200 ? event.name : 'other' });
      if (eventCounters.size < 200) eventCounters.set(key, counter);
    }
    counter.inc();
    host.deliver(event);
  };

  const fixed = chatwoot.pubsubToken && chatwoot.userId ? { pubsubToken: chatwoot.pubsubToken, userId: chatwoot.userId } : undefined;
  const cable = createCableClient({
    chatwootUrl: chatwoot.url,
    accountId: chatwoot.accountId,
    getCredentials: createCredentialProvider({ fixed, getProfile: () => rest.getProfile(), accountId: chatwoot.accountId }),
    onEvent: ({ event, data, receivedAt }) => deliver(buildEvent(event, data, { source: 'cable', receivedAt })),
    onStatus: (status) => {
      cableStatus = status;
      for (const listener of statusListeners) listener(status);
    },
    log: log.child({ component: 'cable' }),
    metrics,
    presenceIntervalMs: env.presenceIntervalSeconds * 1000,
    confirmTimeoutMs: config.cable?.confirmTimeoutMs,
    staleAfterMs: config.cable?.staleAfterMs,
    backoff: { capMs: config.cable?.backoffCapMs },
    profileRefreshMs: config.cable?.profileRefreshMs,
  });

  const webhookRoute = createWebhookRoute({
    secret: env.webhookSecret,
    allowUnsigned: config.webhook?.allowUnsigned ?? false,
    onEvent: deliver,
    log: log.child({ component: 'webhook' }),
    metrics,
  });

  const http = createHttpServer({
    routes: { '/webhooks/chatwoot': webhookRoute },
    log: log.child({ component: 'http' }),
    metrics,
    health: () => ({ live: true, ready: cableStatus === 'subscribed', details: { cable: cableStatus, handlers: host.handlerCount() } }),
  });

  let started = false;
  return {
    metrics,
    rest,
    cable,
    host,
    /** Sets plugins up, then listens on $PORT and connects the cable. Resolves with the bound port. */
    async start(): Promise<{ port: number }> {
      await host.register(options.plugins);
      const port = await http.listen(env.port, options.host);
      started = true;
      log.info({ port, chatwoot: chatwoot.url, accountId: chatwoot.accountId, plugins: options.plugins.map((p) => p.name) }, 'switchboard started');
      cable.start();
      return { port };
    },
    /** Stops presence, closes the cable with 1000, aborts plugin signals, closes the HTTP server. */
    async stop(): Promise<void> {
      await cable.stop();
      host.shutdown();
      if (started) await http.close();
      started = false;
      log.info('switchboard stopped');
    },
    cableStatus: (): CableStatus => cableStatus,
    /** Resolves at the next (or current) confirmed subscription. */
    subscribed(): Promise<void> {
      if (cableStatus === 'subscribed') return Promise.resolve();
      return new Promise((resolve) => {
        const listener = (status: CableStatus) => {
          if (status !== 'subscribed') return;
          statusListeners.delete(listener);
          resolve();
        };
        statusListeners.add(listener);
      });
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;
