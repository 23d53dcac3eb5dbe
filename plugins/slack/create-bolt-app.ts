import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/index.ts';
import type { SlackSettings } from './settings.ts';

export interface BoltConnection {
  app: App;
  mode: 'socket' | 'http';
  /** Socket Mode: connect (retrying until `signal` aborts). HTTP: mount `/slack/events`. */
  start(): Promise<void>;
  /** Socket Mode: resolves once the socket is closed (close handshake done). */
  stop(): Promise<void>;
}

export interface BoltInput {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  settings: Pick<SlackSettings, 'apiUrl' | 'socketRetries'>;
  /** HTTP mode: where Slack posts this app's events (default `/slack/events`). */
  eventsPath?: string;
  log: Logger;
  route(path: string, handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void): void;
  signal: AbortSignal;
}

/**
 * The Bolt app: Socket Mode when SLACK_APP_TOKEN is set (no public URL), else HTTP mode on the one
 * HTTP server at `/slack/events`, with Bolt's signature verification. The Web API client neither
 * retries nor waits out 429s itself: the outbox does, in order, per channel.
 *
 * @example
 * const bolt = createBoltApp({ botToken, appToken, settings, log, route: ctx.http.route, signal: ctx.signal });
 * await bolt.start();
 */
export function createBoltApp(input: BoltInput): BoltConnection {
  const logger = boltLogger(input.log);
  const clientOptions = { slackApiUrl: input.settings.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  if (input.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: input.appToken,
      logger,
      // The Socket Mode client's own WebClient (apps.connections.open) does retry.
      installerOptions: { clientOptions: { slackApiUrl: input.settings.apiUrl, retryConfig: { retries: input.settings.socketRetries } } },
    });
    const app = new App({ token: input.botToken, receiver, logger, clientOptions });
    return {
      app,
      mode: 'socket',
      async start() {
        for (let attempt = 0; !input.signal.aborted; attempt += 1) {
          try {
            await app.start();
            input.log.info('slack: connected (Socket Mode)');
            return;
          } catch (error) {
            input.log.error({ err: (error as Error).message, attempt }, 'slack: Socket Mode connection failed; retrying');
            await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)).unref());
          }
        }
      },
      // Bolt's own stop() does not wait for the close handshake; the client's disconnect() does.
      stop: () => receiver.client.disconnect(),
    };
  }
  const path = input.eventsPath ?? '/slack/events';
  const receiver = new HTTPReceiver({ signingSecret: input.signingSecret ?? '', endpoints: path, logger, processBeforeResponse: false });
  const app = new App({ token: input.botToken, receiver, logger, clientOptions });
  return {
    app,
    mode: 'http',
    async start() {
      input.route(path, (req, res) => receiver.requestListener(req, res));
      input.log.info({ path }, `slack: listening for events at ${path} (HTTP mode)`);
    },
    stop: async () => undefined,
  };
}

function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  return {
    debug: (...args) => child.debug(text(args)),
    info: (...args) => child.debug(text(args)), // Bolt's info lines are chatter for us
    warn: (...args) => child.warn(text(args)),
    error: (...args) => child.error(text(args)),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
