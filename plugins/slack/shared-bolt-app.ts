import { createHash } from 'node:crypto';
import type { PluginContext } from '../../src/index.ts';
import { createBoltApp, type BoltConnection, type BoltInput } from './create-bolt-app.ts';

/** One Bolt app as the runtime shares it: made by the first plugin that asks, connected once, closed by the last. */
interface SharedApp {
  connection: BoltConnection;
  users: number;
  started?: Promise<void>;
}

/** What a plugin passes for its Slack app: the credentials, and (HTTP mode) where Slack posts events. */
export type SharedBoltInput = Omit<BoltInput, 'log' | 'route' | 'signal'>;

/**
 * The Bolt app for these credentials, one per runtime. Slack's Socket Mode spreads an app's events
 * over all its open connections, so a second connection with the same app token (the community
 * surface beside the agents' Slack plugin) would take half of the other's events; in HTTP mode one
 * app is one request route. Every plugin using the same app gets the same `app` (each adds its own
 * listeners); `start()` connects once however often it is called, and the connection closes when
 * the last plugin that asked calls `stop()`. Keyed by a hash of the tokens, never the tokens.
 *
 * @example
 * const bolt = sharedBoltApp(ctx, { botToken, appToken, settings: { apiUrl, socketRetries } });
 * bolt.app.event('message', onMessage);
 * ctx.onActive(() => void bolt.start());
 * ctx.onShutdown(() => bolt.stop());
 */
export function sharedBoltApp(ctx: Pick<PluginContext, 'shared' | 'log' | 'http' | 'signal'>, input: SharedBoltInput): BoltConnection {
  const fingerprint = createHash('sha256')
    .update([input.botToken, input.appToken ?? '', input.signingSecret ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
  const shared = ctx.shared<SharedApp>(`slack-bolt:${fingerprint}`, () => ({
    connection: createBoltApp({ ...input, log: ctx.log, route: (path, handler) => ctx.http.route(path, handler), signal: ctx.signal }),
    users: 0,
  }));
  shared.users += 1;
  let stopped = false;
  return {
    app: shared.connection.app,
    mode: shared.connection.mode,
    start() {
      shared.started ??= shared.connection.start();
      return shared.started;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      shared.users -= 1;
      if (shared.users === 0) await shared.connection.stop();
    },
  };
}
