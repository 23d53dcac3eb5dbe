import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny Chatwoot stand-in on 127.0.0.1:0 for the REST client tests: routes registered per test,
 * every request recorded (method, path, query, headers, raw body), Chatwoot's auth and 404 answers.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/api/v1/accounts/1/conversations/42/messages?after=100`. */
  url: string;
  /** Path without the mount prefix and query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON when it is JSON. */
  json: unknown;
}

export interface Reply {
  status?: number;
  json?: unknown;
  /** Raw body (wins over `json`). */
  body?: string;
  headers?: Record<string, string>;
}

export type Handler = (req: RecordedRequest, params: Record<string, string>) => Reply | Promise<Reply>;

export interface FakeChatwoot {
  /** Base URL including the mount prefix, without a trailing slash. */
  url: string;
  requests: RecordedRequest[];
  /** `pattern` is a Chatwoot path with `:name` segments, e.g. `/api/v1/accounts/:account/agents`. */
  on(method: string, pattern: string, handler: Handler): void;
  close(): Promise<void>;
}

export interface FakeChatwootOptions {
  /** Required `api_access_token`; requests without it get Chatwoot's 401. Not checked for `GET /api`. */
  token: string;
  /** Mount prefix, e.g. `/chatwoot` (Chatwoot behind a sub-path proxy). */
  prefix?: string;
}

export async function startFakeChatwoot(options: FakeChatwootOptions): Promise<FakeChatwoot> {
  const prefix = options.prefix ?? '';
  const routes: { method: string; regex: RegExp; names: string[]; handler: Handler }[] = [];
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const body = Buffer.concat(chunks);
        const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : `(outside prefix)${url.pathname}`;
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          url: `${path}${url.search}`,
          path,
          query: url.searchParams,
          headers: req.headers,
          body,
          json: parseJson(body, req.headers['content-type']),
        };
        requests.push(recorded);
        const reply = await answer(recorded);
        const text = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.body === undefined ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
          ...reply.headers,
        });
        res.end(text);
      })();
    });
  });

  async function answer(req: RecordedRequest): Promise<Reply> {
    const isApiInfo = req.method === 'GET' && req.path === '/api';
    if (!isApiInfo && req.headers['api_access_token'] !== options.token) {
      return { status: 401, json: { error: 'Invalid Access Token' } };
    }
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.regex.exec(req.path);
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1] ?? '']));
      return route.handler(req, params);
    }
    return { status: 404, json: { error: 'Resource could not be found' } };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    on(method, pattern, handler) {
      const names: string[] = [];
      const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      routes.push({ method, regex: new RegExp(`^${source}$`), names, handler });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseJson(body: Buffer, contentType: string | undefined): unknown {
  if (!contentType?.startsWith('application/json') || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
