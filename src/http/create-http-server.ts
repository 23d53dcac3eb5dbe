import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { RouteHandler } from '../core/plugins/route-handler.ts';
import { sendJson } from './send-json.ts';

export interface Health {
  /** The process works (`/healthz`); false asks the orchestrator to restart it. */
  live: boolean;
  /** It can do its job (`/readyz`), e.g. the cable subscription is confirmed. */
  ready: boolean;
  details: Record<string, unknown>;
}

export interface HttpServerOptions {
  /** Exact paths (no query string) → handlers. `/healthz`, `/readyz` and `/metrics` are built in. */
  routes: Record<string, RouteHandler>;
  log: Logger;
  metrics: Metrics;
  health?: () => Health;
}

const BUILT_IN = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The one HTTP server: the given routes plus `/healthz`, `/readyz` and `/metrics`. A route that
 * throws gets a logged 500 and the server carries on.
 *
 * @example
 * const server = createHttpServer({ routes: { '/webhooks/chatwoot': webhookRoute }, log, metrics });
 * const port = await server.listen(3000);
 * // … on shutdown
 * await server.close();
 */
export function createHttpServer(options: HttpServerOptions) {
  const { log, metrics } = options;
  const health = options.health ?? (() => ({ live: true, ready: true, details: {} }));
  const routes = new Map(Object.entries(options.routes));
  // Paths under a prefix (e.g. `/admin/plugins/<name>/resume`), tried when no exact route matches.
  const prefixes = new Map<string, RouteHandler>();
  const byPrefix = (path: string) => {
    for (const [prefix, handler] of prefixes) if (path.startsWith(prefix)) return handler;
    return undefined;
  };
  for (const path of routes.keys()) {
    if (BUILT_IN.has(path)) throw new Error(`route ${path} is built into the HTTP server and cannot be replaced`);
  }

  const builtIn = async (path: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method not allowed: use GET' }, { allow: 'GET, HEAD' });
      return;
    }
    if (path === '/metrics') {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const state = health();
    if (path === '/healthz') sendJson(res, state.live ? 200 : 503, { live: state.live });
    else sendJson(res, state.ready ? 200 : 503, { ready: state.ready, ...state.details });
  };

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const failed = (error: unknown) => {
      log.error({ err: error instanceof Error ? error.message : String(error), path, method: req.method }, 'HTTP handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    };
    try {
      const route = routes.get(path) ?? byPrefix(path);
      const result = route ? route(req, res) : BUILT_IN.has(path) ? builtIn(path, req, res) : sendJson(res, 404, { error: `not found: ${path}` });
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  });

  return {
    server,
    /** Mounts one more exact path (plugins do it during setup, e.g. Slack's `/slack/events`). */
    route(path: string, handler: RouteHandler): void {
      if (BUILT_IN.has(path) || routes.has(path)) throw new Error(`HTTP route ${path} is already taken`);
      routes.set(path, handler);
    },
    /** Mounts a handler for every path starting with `prefix` (ending in `/`); it parses the rest itself. */
    prefix(prefix: string, handler: RouteHandler): void {
      if (!prefix.endsWith('/') || prefixes.has(prefix)) throw new Error(`HTTP prefix ${prefix} must end with / and be new`);
      prefixes.set(prefix, handler);
    },
    /** Resolves with the bound port (useful with port 0). Without `host`, all interfaces. */
    listen(port: number, host?: string): Promise<number> {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.once('error', onError);
        const onListening = () => {
          server.off('error', onError);
          resolve((server.address() as AddressInfo).port);
        };
        if (host === undefined) server.listen(port, onListening);
        else server.listen(port, host, onListening);
      });
    },
    /** Stops accepting connections and closes open ones, including idle keep-alive sockets. */
    close(): Promise<void> {
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
