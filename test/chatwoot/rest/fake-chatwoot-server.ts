import type { IncomingHttpHeaders } from 'node:http';
import { startFakeHttp, type FakeReply } from '../../../src/testing/index.ts';

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

/**
 * @example
 * const fake = await startFakeChatwoot({ token: TOKEN });
 * fake.on('GET', '/api/v1/accounts/:account/agents', () => ({ json: [rawAgent()] }));
 */
export async function startFakeChatwoot(options: FakeChatwootOptions): Promise<FakeChatwoot> {
  const http = await startFakeHttp<RecordedRequest>({
    ...(options.prefix ? { prefix: options.prefix } : {}),
    record: (request) => ({
      method: request.method,
      url: `${request.path}${request.url.search}`,
      path: request.path,
      query: request.url.searchParams,
      headers: request.headers,
      body: request.raw,
      json: request.json,
    }),
    guard(req) {
      const isApiInfo = req.method === 'GET' && req.path === '/api';
      return !isApiInfo && req.headers['api_access_token'] !== options.token ? chatwootReply({ status: 401, json: { error: 'Invalid Access Token' } }) : undefined;
    },
    notFound: () => chatwootReply({ status: 404, json: { error: 'Resource could not be found' } }),
  });
  return {
    url: http.url,
    requests: http.requests,
    on: (method, pattern, handler) => http.on(method, pattern, async (req, params) => chatwootReply(await handler(req, params))),
    close: () => http.close(),
  };
}

/** Chatwoot's way: JSON with a charset, raw bodies as HTML (what a proxy's error page is), `''` for no JSON. */
function chatwootReply(reply: Reply): FakeReply {
  const text = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  const type = reply.body === undefined ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
  return { status: reply.status ?? 200, headers: { 'content-type': type, ...reply.headers }, body: text };
}
