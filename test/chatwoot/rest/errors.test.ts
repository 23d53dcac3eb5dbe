import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createLogger } from '../../../src/observability/create-logger.ts';
import { createMetrics, type Metrics } from '../../../src/observability/metrics.ts';
import { createChatwootRest, isChatwootApiError, type ChatwootRest, type ChatwootApiError } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { TOKEN, rawProfile } from './chatwoot-fixtures.ts';

const BASE = 'https://chat.example.com';
const NOW = Date.parse('2026-06-01T10:00:00Z');
const MESSAGES = '/api/v1/accounts/1/conversations/42/messages';

let logLines: string[];
let metrics: Metrics;
let sleeps: number[];
let rest: ChatwootRest;

function chatwoot() {
  return nock(BASE, { reqheaders: { api_access_token: TOKEN } });
}

async function failure(promise: Promise<unknown>): Promise<ChatwootApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isChatwootApiError(error)) throw new Error(`expected a ChatwootApiError, got ${String(error)}`);
  return error;
}

async function counts(): Promise<Record<string, number>> {
  const metric = await metrics.restRequests.get();
  return Object.fromEntries(metric.values.map((v) => [`${v.labels['method']} ${v.labels['outcome']}`, v.value]));
}

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  logLines = [];
  metrics = createMetrics();
  sleeps = [];
  rest = createChatwootRest({
    baseUrl: BASE,
    apiToken: TOKEN,
    accountId: 1,
    log: createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(line) } }),
    metrics,
    random: () => 0.5,
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
});

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('error mapping', () => {
  it('401 Invalid Access Token → unauthorized, actionable, not retried', async () => {
    const scope = chatwoot().get('/api/v1/profile').reply(401, { error: 'Invalid Access Token' });
    const error = await failure(rest.getProfile());
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, retryable: false, method: 'GET', path: '/api/v1/profile', chatwootMessage: 'Invalid Access Token' });
    expect(error.message).toBe('401 from GET /api/v1/profile: Invalid Access Token — check CHATWOOT_API_TOKEN');
    expect(error).toBeInstanceOf(Error);
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([]);
  });

  it("401 with Pundit's refusal → forbidden, with a permissions hint", async () => {
    chatwoot().post('/api/v1/accounts/1/conversations/42/toggle_status').reply(401, { error: 'You are not authorized to do this action' });
    const error = await failure(rest.toggleStatus(42, 'resolved'));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toMatch(/^401 from POST \/api\/v1\/accounts\/1\/conversations\/42\/toggle_status: You are not authorized to do this action — .*administrator/);
  });

  it('404 → not_found', async () => {
    chatwoot().get('/api/v1/accounts/1/conversations/999').reply(404, { error: 'Resource could not be found' });
    const error = await failure(rest.getConversation(999));
    expect(error).toMatchObject({ kind: 'not_found', status: 404, retryable: false });
    expect(error.message).toContain('404 from GET /api/v1/accounts/1/conversations/999: Resource could not be found');
  });

  it("422 carries Chatwoot's validation message verbatim", async () => {
    chatwoot().post(MESSAGES).reply(422, { error: 'Validation failed: Too many messages' });
    const error = await failure(rest.createMessage(42, { content: 'flood' }));
    expect(error).toMatchObject({ kind: 'unprocessable', status: 422, retryable: false, chatwootMessage: 'Validation failed: Too many messages' });
    expect(error.message).toBe(`422 from POST ${MESSAGES}: Validation failed: Too many messages`);
  });

  it('422 with an errors array joins the messages', async () => {
    chatwoot().post(MESSAGES).reply(422, { message: undefined, errors: [{ field: 'content', message: 'is too long', code: 'too_long' }, 'second'] });
    const error = await failure(rest.createMessage(42, { content: 'x' }));
    expect(error.chatwootMessage).toBe('content: is too long; second');
  });

  it('a 200 that is not JSON → bad_response, and GETs do not retry it', async () => {
    chatwoot().get('/api/v1/profile').reply(200, '<!doctype html><title>Login</title>', { 'content-type': 'text/html' });
    const error = await failure(rest.getProfile());
    expect(error).toMatchObject({ kind: 'bad_response', status: 200, retryable: false });
    expect(error.message).toBe('200 from GET /api/v1/profile: expected JSON, got text/html — check that CHATWOOT_URL points at Chatwoot itself');
    expect(sleeps).toEqual([]);
  });

  it('JSON of the wrong shape → bad_response', async () => {
    chatwoot().get('/api/v1/accounts/1/conversations/42/labels').reply(200, ['not', 'wrapped']);
    expect(await failure(rest.getLabels(42))).toMatchObject({ kind: 'bad_response' });
  });

  it('a redirect → bad_response pointing at CHATWOOT_URL', async () => {
    nock('http://chat.example.com').get('/api/v1/profile').reply(301, '', { location: 'https://chat.example.com/api/v1/profile?x=1' });
    const plain = createChatwootRest({ baseUrl: 'http://chat.example.com', apiToken: TOKEN, accountId: 1, sleep: async () => {} });
    const error = await failure(plain.getProfile());
    expect(error).toMatchObject({ kind: 'bad_response', status: 301 });
    expect(error.message).toBe('301 from GET /api/v1/profile: redirected to https://chat.example.com/api/v1/profile — set CHATWOOT_URL to the final address (https? trailing path?)');
  });

  it('a proxy HTML 502 → server, retryable, without pasting the page', async () => {
    chatwoot().get('/api/v1/profile').times(4).reply(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' });
    const error = await failure(rest.getProfile());
    expect(error).toMatchObject({ kind: 'server', status: 502, retryable: true });
    expect(error.message).toBe('502 from GET /api/v1/profile: no Chatwoot error message (text/html) — Chatwoot (or its proxy) is unavailable; try again later');
  });
});

describe('retries', () => {
  it('GET retries 500 and 503 with full-jitter backoff, then succeeds', async () => {
    const scope = chatwoot()
      .get('/api/v1/profile').reply(500, { error: 'boom' })
      .get('/api/v1/profile').reply(503, 'Service Unavailable', { 'content-type': 'text/plain' })
      .get('/api/v1/profile').reply(200, rawProfile());
    const profile = await rest.getProfile();
    expect(profile.pubsub_token).toBe('pubsub-7-xyz');
    expect(scope.isDone()).toBe(true);
    // random 0.5 × min(5000, 250 × 2^n)
    expect(sleeps).toEqual([125, 250]);
    expect(await counts()).toEqual({ 'GET server': 2, 'GET ok': 1 });
  });

  it('GET gives up after `retries` retries with the last error', async () => {
    chatwoot().get('/api/v1/profile').times(4).reply(503, { error: 'maintenance' });
    const error = await failure(rest.getProfile());
    expect(error).toMatchObject({ kind: 'server', status: 503, chatwootMessage: 'maintenance' });
    expect(sleeps).toEqual([125, 250, 500]);
    expect(await counts()).toEqual({ 'GET server': 4 });
  });

  it('429 with Retry-After in seconds: GET waits that long, then succeeds', async () => {
    chatwoot()
      .get('/api/v1/profile').reply(429, { error: 'Too many requests' }, { 'retry-after': '7' })
      .get('/api/v1/profile').reply(200, rawProfile());
    await rest.getProfile();
    expect(sleeps).toEqual([7000]);
  });

  it('429 with Retry-After as an HTTP date is measured against now()', async () => {
    chatwoot().post(MESSAGES).reply(429, 'Retry later', { 'retry-after': new Date(NOW + 5000).toUTCString(), 'content-type': 'text/plain' });
    const error = await failure(rest.createMessage(42, { content: 'x' }));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryable: true, retryAfterMs: 5000, chatwootMessage: 'Retry later' });
    expect(error.message).toBe(`429 from POST ${MESSAGES}: Retry later — rate limited by Chatwoot; retry after 5 s`);
  });

  it('Retry-After shorter than the backoff does not shorten it', async () => {
    chatwoot()
      .get('/api/v1/accounts/1/agents').reply(429, {}, { 'retry-after': '0' })
      .get('/api/v1/accounts/1/agents').reply(200, []);
    await rest.listAgents();
    expect(sleeps).toEqual([125]);
  });

  it('a Retry-After beyond maxRetryAfterMs is thrown to the caller instead of slept through', async () => {
    const scope = chatwoot()
      .get('/api/v1/profile').reply(429, { error: 'slow down' }, { 'retry-after': '3600' })
      .get('/api/v1/profile').reply(200, rawProfile());
    const error = await failure(rest.getProfile());
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3_600_000 });
    expect(sleeps).toEqual([]);
    expect(scope.isDone()).toBe(false);
  });

  it('POST is never retried, even on 503', async () => {
    const scope = chatwoot()
      .post(MESSAGES).reply(503, { error: 'down' })
      .post(MESSAGES).reply(200, { id: 1 });
    const error = await failure(rest.createMessage(42, { content: 'once' }));
    expect(error).toMatchObject({ kind: 'server', retryable: true });
    expect(scope.pendingMocks()).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(await counts()).toEqual({ 'POST server': 1 });
  });

  it('DELETE is never retried', async () => {
    const scope = chatwoot()
      .delete(`${MESSAGES}/5`).reply(500, {})
      .delete(`${MESSAGES}/5`).reply(200, {});
    expect(await failure(rest.deleteMessage(42, 5))).toMatchObject({ kind: 'server', status: 500 });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('network errors are retryable for GET and thrown at once for POST', async () => {
    chatwoot()
      .get(MESSAGES).query({ after: '100' }).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get(MESSAGES).query({ after: '100' }).reply(200, { meta: {}, payload: [] })
      .post(MESSAGES).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(await rest.listMessages(42, { after: 100 })).toEqual({ meta: {}, messages: [] });
    expect(sleeps).toEqual([125]);
    const error = await failure(rest.createMessage(42, { content: 'x' }));
    expect(error).toMatchObject({ kind: 'network', retryable: true, method: 'POST', path: MESSAGES });
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/^network error on POST \/api\/v1\/accounts\/1\/conversations\/42\/messages: .*socket hang up.*https:\/\/chat\.example\.com.* — is CHATWOOT_URL right and reachable\?$/);
  });

  it('a slow answer times out per attempt; GET retries, POST does not', async () => {
    const fast = createChatwootRest({
      baseUrl: BASE,
      apiToken: TOKEN,
      accountId: 1,
      timeoutMs: 40,
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
    });
    chatwoot()
      .get('/api/v1/profile').delay(2_000).reply(200, rawProfile())
      .get('/api/v1/profile').reply(200, rawProfile())
      .post(MESSAGES).delay(2_000).reply(200, {});
    expect((await fast.getProfile()).id).toBe(7);
    expect(sleeps).toEqual([125]);
    const error = await failure(fast.createMessage(42, { content: 'x' }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
    expect(error.message).toBe(`timeout on POST ${MESSAGES}: no answer within 40 ms — Chatwoot did not answer in time`);
  });

  it("a caller's abort stops retrying and rejects with the abort reason", async () => {
    const controller = new AbortController();
    const aborting = createChatwootRest({
      baseUrl: BASE,
      apiToken: TOKEN,
      accountId: 1,
      sleep: async (_ms, signal) => {
        controller.abort(new Error('shutting down'));
        if (signal?.aborted) throw signal.reason;
      },
    });
    const scope = chatwoot()
      .get('/api/v1/profile').reply(503, {})
      .get('/api/v1/profile').reply(200, rawProfile());
    await expect(aborting.getProfile({ signal: controller.signal })).rejects.toThrow('shutting down');
    expect(scope.pendingMocks()).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('the token never appears in errors or logs', async () => {
    chatwoot()
      .get('/api/v1/profile').reply(401, { error: `Invalid Access Token ${TOKEN.slice(0, 3)}` })
      .post(MESSAGES).reply(422, { error: 'Validation failed: Too many messages' })
      .get('/api/v1/accounts/1/agents').times(4).replyWithError({ code: 'ECONNRESET', message: `reset while sending api_access_token: ${TOKEN}` })
      .get('/api/v1/profile').reply(200, rawProfile());
    const errors = [
      await failure(rest.getProfile()),
      await failure(rest.createMessage(42, { content: 'x' })),
      await failure(rest.listAgents()),
    ];
    const profile = await rest.getProfile();
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized', 'unprocessable', 'network']);
    for (const error of errors) {
      expect(error.message).not.toContain(TOKEN);
      expect(String(error.stack)).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
    expect(errors[2]?.message).toContain('[redacted]');
    expect(JSON.stringify(profile)).not.toContain(TOKEN);
    expect(logLines.length).toBeGreaterThan(5);
    expect(logLines.join('\n')).not.toContain(TOKEN);
    expect(logLines.some((l) => l.includes('"msg":"chatwoot rest: retrying"'))).toBe(true);
  });
});
