import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeServer, createFaultRules, listenLocal, parseJson, readRequest, sendReply } from '../../../src/testing/index.ts';
import { parseParams, uploadedBytes } from './fake-slack-request.ts';
import { createFakeMethods, type MethodResult } from './fake-slack-methods.ts';
import { createFakeState, type FakeUser } from './fake-slack-state.ts';
import { createEnvelopes } from './fake-slack-envelopes.ts';

export { BOT_ID, BOT_USER, HOME_TEAM, type FakeMessage, type FakeUser } from './fake-slack-state.ts';

export interface FakeSlackCall {
  method: string;
  params: Record<string, unknown>;
  auth?: string;
  status: number;
  /** The `ok: false` error Slack answered (injected failures, 429s). */
  error?: string;
  at: number;
  /** performance.now() when it arrived (benchmarks). */
  hr: number;
}

export interface FakeSlackOptions {
  channels?: Array<{ id: string; name?: string; members?: string[]; shared?: boolean }>;
  users?: FakeUser[];
  /** Granted scopes, sent in `x-oauth-scopes`. */
  scopes?: string[];
  /** Token bucket per (method, channel); over it → 429 with Retry-After (seconds). */
  rateLimit?: { perSecond: number; burst: number; retryAfterSeconds?: number };
  /** Bot token the Web API accepts (files too). Default 'xoxb-test'. */
  botToken?: string;
}

export const DEFAULT_SCOPES = [
  'chat:write', 'chat:write.customize', 'channels:history', 'groups:history', 'channels:read', 'groups:read',
  'users:read', 'users:read.email', 'files:read', 'files:write', 'reactions:write', 'commands', 'usergroups:read',
];

/**
 * The next `times` calls of `method` ('*' = any) fail: an HTTP status (5xx) or `ok: false` with
 * `error`; with `applyFirst` the call takes effect and only the answer fails (a lost response).
 */
export interface FakeSlackFailRule {
  method: string;
  status?: number;
  error?: string;
  times?: number;
  applyFirst?: boolean;
}

/**
 * A local Slack: Web API over node:http (form or JSON bodies, `/api/<method>`), Socket Mode over ws
 * at exactly `/link`, upload URLs, private file downloads, and `response_url`s — on 127.0.0.1.
 * It keeps threads, enforces a rate limit with 429 + Retry-After, injects failures and records
 * every call and envelope ack.
 *
 * @example
 * const slack = await startFakeSlack({ channels: [{ id: 'C1', members: ['UBOT', 'UANN'] }] });
 * new App({ token: 'xoxb-test', appToken: 'xapp-test', socketMode: true, clientOptions: { slackApiUrl: slack.apiUrl } });
 * slack.userMessage({ channel: 'C1', user: 'UANN', text: 'hi', thread_ts: parentTs });
 * await slack.close();
 */
export async function startFakeSlack(options: FakeSlackOptions = {}) {
  const state = createFakeState(options);
  const token = options.botToken ?? 'xoxb-test';
  const scopes = options.scopes ?? DEFAULT_SCOPES;
  const calls: FakeSlackCall[] = [];
  /** Handler crashes (answered 500): a test asserting `errors` is empty catches fake bugs. */
  const errors: Error[] = [];
  const responses: Array<{ id: string; body: Record<string, unknown> }> = [];
  // Matched by Web API method name ('*' any), in order of registration.
  const failures = createFaultRules<FakeSlackFailRule>({ matches: (rule, call) => rule.method === call.method || rule.method === '*' });
  // Calls held unanswered (a Slack that hangs), released by the test or at close.
  const stalls = new Map<string, Array<() => void>>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  let rateLimit = options.rateLimit;
  let base = '';
  const methods = createFakeMethods(state, { base: () => base, socket: () => `${base.replace(/^http/, 'ws').replace(/api\/$/, '')}link?ticket=fake` });

  const limited = (method: string, channel: string): number | undefined => {
    if (!rateLimit || method === 'apps.connections.open' || method === 'auth.test') return undefined;
    const key = `${method}\u0000${channel}`;
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: rateLimit.burst, at: now };
    bucket.tokens = Math.min(rateLimit.burst, bucket.tokens + ((now - bucket.at) / 1000) * rateLimit.perSecond);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return rateLimit.retryAfterSeconds ?? 1;
  };

  const send = (res: http.ServerResponse, result: MethodResult) =>
    sendReply(res, { status: result.status ?? 200, headers: { 'x-oauth-scopes': scopes.join(','), ...result.headers }, json: result.body }, { json: 'application/json' });

  const server = http.createServer(async (req, res) => {
    const request = await readRequest(req);
    const { raw, path } = request;
    try {
      if (path.startsWith('/upload/')) {
        const accepted = methods.receiveUpload(path.slice('/upload/'.length), await uploadedBytes(request));
        return sendReply(res, { status: accepted ? 200 : 404, headers: { 'content-type': 'text/plain' }, body: accepted ? `OK - ${raw.length}` : 'unknown upload' });
      }
      if (path.startsWith('/files/')) {
        const file = state.files.get(path.slice('/files/'.length).split('/')[0] ?? '');
        if (req.headers.authorization !== `Bearer ${token}`) return sendReply(res, { status: 302, headers: { location: 'https://fake.slack.test/login' } });
        if (!file) return sendReply(res, { status: 404 });
        return sendReply(res, { headers: { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) }, body: file.bytes });
      }
      if (path.startsWith('/response/')) {
        responses.push({ id: path.slice('/response/'.length), body: (raw.length > 0 ? parseJson(raw) : {}) as Record<string, unknown> });
        return sendReply(res, { headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
      }
      const method = path.replace(/^\/api\//, '');
      const params = parseParams(request);
      const held = stalls.get(method);
      if (held) await new Promise<void>((release) => held.push(release));
      const record = (status: number, error?: string) =>
        calls.push({ method, params, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), status, ...(error ? { error } : {}), at: Date.now(), hr: performance.now() });
      const failure = failures.take({ method, path });
      if (failure) {
        record(failure.status ?? 200, failure.status ? 'fatal_error' : failure.error);
        if (failure.applyFirst) methods.methods[method]?.(params); // done, but the answer is lost
        return send(res, failure.status ? { status: failure.status, body: { ok: false, error: 'fatal_error' } } : { body: { ok: false, error: failure.error } });
      }
      const retryAfter = limited(method, String(params['channel'] ?? params['channel_id'] ?? ''));
      if (retryAfter !== undefined) {
        record(429, 'ratelimited');
        return send(res, { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } });
      }
      const auth = req.headers.authorization ?? (typeof params['token'] === 'string' ? `Bearer ${params['token']}` : undefined);
      const expected = method === 'apps.connections.open' ? /^Bearer xapp-/ : new RegExp(`^Bearer ${token}$`);
      const handler = methods.methods[method];
      record(200);
      if (!auth || !expected.test(auth)) return send(res, { body: { ok: false, error: 'invalid_auth' } });
      send(res, handler ? handler(params) : { body: { ok: false, error: 'unknown_method' } });
    } catch (error) {
      errors.push(error as Error);
      send(res, { status: 500, body: { ok: false, error: String(error) } });
    }
  });
  const port = await listenLocal(server);
  base = `http://127.0.0.1:${port}/api/`;

  const wss = new WebSocketServer({ server, path: '/link' });
  const sockets = new Set<WebSocket>();
  const acks: Array<{ envelope_id: string; payload?: unknown }> = [];
  let connections = 0;
  wss.on('connection', (ws) => {
    sockets.add(ws);
    connections += 1;
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => acks.push(JSON.parse(String(data)) as { envelope_id: string }));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'fake' } }));
  });

  let turn = 0;
  const envelopes = createEnvelopes(state, {
    // As Slack does: each envelope goes to ONE of the app's open connections, in turn (a second
    // connection of the same app takes every other event).
    send: (envelope) => {
      const open = [...sockets].filter((s) => s.readyState === s.OPEN);
      if (open.length === 0) throw new Error('fake slack: no Socket Mode connection to push to');
      open[turn++ % open.length]!.send(JSON.stringify(envelope));
    },
    responseUrl: (id) => `http://127.0.0.1:${port}/response/${id}`,
  });

  return {
    apiUrl: base,
    url: `http://127.0.0.1:${port}`,
    token,
    state,
    calls,
    acks,
    responses,
    errors,
    ...envelopes,
    /** Calls of one method that reached the method itself (no injected failure, no 429). */
    callsOf: (method: string) => calls.filter((c) => c.method === method && c.status === 200 && c.error === undefined),
    /** Open Socket Mode connections, and how many were ever made. */
    sockets: () => [...sockets].filter((s) => s.readyState === s.OPEN).length,
    connections: () => connections,
    /** A file a user "uploaded" in Slack; its private URL needs the bot token. */
    addFile(file: { id: string; name: string; bytes: Buffer; mimetype?: string }) {
      state.files.set(file.id, { mimetype: 'application/octet-stream', ...file });
      return { id: file.id, name: file.name, size: file.bytes.length, mimetype: file.mimetype ?? 'application/octet-stream', url_private: `http://127.0.0.1:${port}/files/${file.id}/${file.name}`, url_private_download: `http://127.0.0.1:${port}/files/${file.id}/${file.name}` };
    },
    /**
     * The next `times` calls of `method` ('*' = any) fail: an HTTP status (5xx) or `ok: false` with
     * `error`; with `applyFirst` the call takes effect and only the answer fails (a lost response).
     * Returns a function that lifts the rule early (e.g. one with `times: Infinity`).
     */
    fail(rule: FakeSlackFailRule): () => void {
      return failures.add({ ...rule });
    },
    /** Holds every call of `method` unanswered (a Slack that hangs) until `release()` (or the fake closes). */
    stall(method: string): { release(): void; waiting(): number } {
      const held: Array<() => void> = [];
      stalls.set(method, held);
      return {
        release() {
          if (stalls.get(method) === held) stalls.delete(method);
          for (const release of held.splice(0)) release();
        },
        waiting: () => held.length,
      };
    },
    setRateLimit(limit: FakeSlackOptions['rateLimit']) {
      rateLimit = limit;
      buckets.clear();
    },
    /** Socket Mode: Slack asks for a reconnect (`disconnect`), then drops the sockets. */
    dropSockets() {
      for (const s of sockets) {
        s.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested' }));
        s.close(1000);
      }
    },
    async close() {
      for (const held of stalls.values()) for (const release of held.splice(0)) release();
      stalls.clear();
      for (const s of sockets) if (s.readyState === s.OPEN) s.close(1000);
      // Graceful close first: a terminated socket makes the client reconnect (and hang the test).
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const s of sockets) s.terminate();
      wss.close();
      await closeServer(server);
    },
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;
