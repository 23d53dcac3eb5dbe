import http from 'node:http';
import { createFaultRules, faultReply, type HttpFault } from './fault-rules.ts';
import { findRoute, pathPattern } from './find-route.ts';
import { closeServer, listenLocal } from './local-server.ts';
import { BodyParseError, parseBody, type ParsedRequestBody } from './parse-body.ts';
import { readRequest, type ReceivedRequest } from './read-request.ts';
import { sendReply, type FakeReply } from './send-reply.ts';

/** A request as {@link startFakeHttp} hands it to `record`: read in full, body parsed. */
export interface FakeHttpRequest extends ReceivedRequest {
  /** The path below the mount prefix; `(outside prefix)/…` for a request that missed it. */
  path: string;
  /** Parsed by content type; `kind: 'other'` with no fields when it did not parse. */
  body: ParsedRequestBody;
  /** The JSON body, or `undefined` (not JSON, or not parseable). */
  json: unknown;
}

export type FakeHttpHandler<Rec = FakeHttpRequest> = (request: Rec, params: Record<string, string>) => FakeReply | Promise<FakeReply>;

export interface FakeHttpOptions<Rec = FakeHttpRequest> {
  /** Mount prefix, e.g. `/chatwoot` (an API behind a sub-path proxy). Part of `url`. */
  prefix?: string;
  /** What is kept of each request in `requests` and handed to handlers. Default: the {@link FakeHttpRequest}. */
  record?: (request: FakeHttpRequest) => Rec;
  /** Runs after the fault rules, before the routes: a reply ends the request (an auth check). */
  guard?: (request: Rec) => FakeReply | undefined;
  /** Default: 404 `{"error": "Not Found"}`. */
  notFound?: (request: Rec) => FakeReply;
  /** Draws for fault rules' `ratio`. Default `Math.random`. */
  random?: () => number;
  /** Content types for JSON and text replies, when a fake's real counterpart sends others. */
  types?: { json?: string; text?: string };
}

export interface FakeHttp<Rec = FakeHttpRequest> {
  /** Base URL including the prefix, without a trailing slash. */
  url: string;
  /** Every request, in order of arrival, as `record` kept it. */
  requests: Rec[];
  /**
   * Routes in order of registration. `path` is a pathname with `:name` segments (handed over as
   * `params`) or a pattern (its named groups are the params).
   */
  on(method: string, path: string | RegExp, handler: FakeHttpHandler<Rec>): void;
  /**
   * Fails matching requests: `{ status: 429, retryAfter: 2, times: 3 }`, `{ status: 503, ratio: 0.2,
   * times: Infinity }`, `{ status: 200, body: null }` (an empty 200), `{ status: 502, afterCommit: true }`
   * (the handler runs, its answer is lost). Returns `stop()`.
   */
  fail(rule: HttpFault): () => void;
  close(): Promise<void>;
}

/**
 * A small programmable HTTP server on 127.0.0.1 for the far side of an API: routes, a recorder,
 * body parsing (JSON, form, multipart) and fault rules. The fakes and the sandbox's Chatwoot use
 * its parts; a test that needs a one-off API uses the whole.
 *
 * @example
 * import { startFakeHttp } from 'switchboard/testing';
 *
 * const api = await startFakeHttp();
 * api.on('POST', '/hooks/:id', (request, { id }) => ({ status: 201, json: { id, got: request.json } }));
 * api.fail({ method: 'POST', status: 429, retryAfter: 1, times: 2 });
 * // … point the code under test at api.url; then: expect(api.requests).toHaveLength(3);
 * await api.close();
 */
export async function startFakeHttp<Rec = FakeHttpRequest>(options: FakeHttpOptions<Rec> = {}): Promise<FakeHttp<Rec>> {
  const prefix = options.prefix ?? '';
  const record = options.record ?? ((request: FakeHttpRequest) => request as unknown as Rec);
  const routes: Array<{ method: string; pattern: RegExp; handler: FakeHttpHandler<Rec> }> = [];
  const requests: Rec[] = [];
  const faults = createFaultRules<HttpFault>(options.random ? { random: options.random } : {});
  const notFound = options.notFound ?? (() => ({ status: 404, json: { error: 'Not Found' } }));

  async function answer(req: http.IncomingMessage): Promise<FakeReply> {
    const received = await readRequest(req);
    let body: ParsedRequestBody;
    try {
      body = await parseBody(received.raw, req.headers['content-type']);
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      body = { kind: 'other', fields: [], files: [], entries: [] };
    }
    const path = received.path.startsWith(prefix) ? received.path.slice(prefix.length) : `(outside prefix)${received.path}`;
    const request: FakeHttpRequest = { ...received, path, body, json: body.json };
    const recorded = record(request);
    requests.push(recorded);
    const fault = faults.take(request);
    const failed = fault && faultReply(fault, { retryAfter429: 1 });
    if (failed && !failed.afterCommit) return { status: failed.status, headers: failed.headers, ...bodyOf(failed.body) };
    const refused = options.guard?.(recorded);
    if (refused) return refused;
    const found = findRoute(routes, request.method, path);
    const reply = found ? await found.route.handler(recorded, found.params) : notFound(recorded);
    return failed ? { status: failed.status, headers: failed.headers, ...bodyOf(failed.body) } : reply;
  }

  const server = http.createServer((req, res) => {
    answer(req).then(
      (reply) => sendReply(res, reply, options.types),
      (error: unknown) => sendReply(res, { status: 500, json: { error: error instanceof Error ? error.message : String(error) } }),
    );
  });
  const port = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    on(method, path, handler) {
      routes.push({ method: method.toUpperCase(), pattern: typeof path === 'string' ? pathPattern(path) : path, handler });
    },
    fail: (rule) => faults.add(rule),
    close: () => closeServer(server),
  };
}

function bodyOf(body: unknown): Pick<FakeReply, 'json' | 'body'> {
  if (body === undefined) return {};
  return typeof body === 'string' ? { body } : { json: body };
}
