import http from 'node:http';
import { Agent, fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyEvent, ChatwootEventMap } from '../../src/chatwoot/events.ts';
import { signWebhook } from '../../src/chatwoot/webhook-signature.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createHttpServer } from '../../src/http/create-http-server.ts';
import { createWebhookRoute, WEBHOOK_DISABLED_MESSAGE, type WebhookRouteOptions } from '../../src/http/webhook-route.ts';
import { chatwootPayloads } from '../../src/testing/index.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { manualTimers } from '../helpers/manual-timers.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SECRET = 'whsec-route-test-secret';
const NOW_MS = 1_700_000_000_000;
const TS = String(NOW_MS / 1000);
const MARKER = 'do-not-log-this-content';
const BODY = JSON.stringify(
  chatwootPayloads({ now: NOW_MS, accountName: 'Acme' }).messageWebhook({ id: 501, content: MARKER, conversationId: 33, inboxId: 2, sender: { type: 'contact', id: 9, name: 'Jane' } }),
);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Partial<WebhookRouteOptions> = {}) {
  const capture = captureLog('debug');
  const metrics = createMetrics();
  const events: AnyEvent[] = [];
  const timers = manualTimers();
  const route = createWebhookRoute({ secret: SECRET, accountId: 1, onEvent: (e) => events.push(e), log: capture.log, metrics, now: () => NOW_MS, reporterTimers: timers, ...options });
  const server = createHttpServer({ routes: { '/webhooks/chatwoot': route }, log: capture.log, metrics });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/webhooks/chatwoot`;
  cleanups.push(() => server.close());
  const agent = new Agent();
  cleanups.push(() => agent.close());
  const post = (body: string | Uint8Array, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`http://127.0.0.1:${port}/webhooks/chatwoot`, { method, body: method === 'GET' ? undefined : body, headers: { 'content-type': 'application/json', ...headers }, dispatcher: agent });
  const signed = (body: string, extra: Record<string, string> = {}, ts = TS) =>
    post(body, { 'x-chatwoot-timestamp': ts, 'x-chatwoot-signature': signWebhook(SECRET, ts, body), 'x-chatwoot-delivery': crypto.randomUUID(), ...extra });
  const outcomes = async () => Object.fromEntries((await metrics.webhookRequests.get()).values.map((v) => [v.labels['outcome'], v.value]));
  const dropped = async () => Object.fromEntries((await metrics.droppedEvents.get()).values.map((v) => [v.labels['reason'], v.value]));
  return { ...capture, metrics, events, post, signed, outcomes, dropped, url, timers };
}

describe('webhook route', () => {
  it('accepts a correctly signed delivery and hands over the normalized event', async () => {
    const t = await start();
    const res = await t.signed(BODY);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    await waitFor(() => t.events.length === 1, { what: 'delivery' });
    const event = t.events[0] as ChatwootEventMap['message.created'];
    expect(event).toMatchObject({ name: 'message.created', source: 'webhook', accountId: 1, conversationId: 33, receivedAt: NOW_MS, id: 'message.created:501:1700000000' });
    expect(event.message).toMatchObject({ id: 501, message_type: 'incoming', created_at: 1700000000, sender_type: 'Contact', sender: { id: 9, type: 'contact' } });
    expect(await t.outcomes()).toEqual({ accepted: 1 });
  });

  it.each([
    ['a bad signature', { 'x-chatwoot-signature': `sha256=${'0'.repeat(64)}` }, 'bad_signature'],
    ['a missing signature', { 'x-chatwoot-signature': '' }, 'missing_signature'],
    ['a missing timestamp', { 'x-chatwoot-timestamp': '' }, 'missing_timestamp'],
  ])('answers 401 for %s', async (_what, headers, reason) => {
    const t = await start();
    const res = await t.signed(BODY, headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: `webhook signature rejected: ${reason}` });
    expect(t.events).toHaveLength(0);
    expect(await t.outcomes()).toEqual({ [reason]: 1 });
  });

  it('answers 401 without any Chatwoot headers', async () => {
    const t = await start();
    const res = await t.post(BODY);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'webhook signature rejected: missing_signature' });
  });

  it('answers 401 for a stale timestamp, even correctly signed', async () => {
    const t = await start();
    const res = await t.signed(BODY, {}, String(Number(TS) - 301));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'webhook signature rejected: stale_timestamp' });
    expect(t.events).toHaveLength(0);
  });

  it('answers 401 when the body was altered after signing', async () => {
    const t = await start();
    const signature = signWebhook(SECRET, TS, BODY);
    const res = await t.post(BODY.replace(MARKER, 'tampered'), { 'x-chatwoot-timestamp': TS, 'x-chatwoot-signature': signature });
    expect(res.status).toBe(401);
    expect(t.events).toHaveLength(0);
  });

  it('delivers a repeated X-Chatwoot-Delivery only once', async () => {
    const t = await start();
    const headers = { 'x-chatwoot-delivery': 'b9c5e1f2-0000-4000-8000-000000000001' };
    expect((await t.signed(BODY, headers)).status).toBe(200);
    const again = await t.signed(BODY, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    const other = await t.signed(BODY, { 'x-chatwoot-delivery': 'b9c5e1f2-0000-4000-8000-000000000002' });
    expect(other.status).toBe(200);
    await waitFor(() => t.events.length === 2, { what: 'two deliveries' });
    expect(await t.outcomes()).toEqual({ accepted: 2, duplicate: 1 });
  });

  it('forgets delivery ids after the TTL', async () => {
    let now = NOW_MS;
    const t = await start({ now: () => now, deliveryTtlMs: 1_000 });
    const headers = { 'x-chatwoot-delivery': 'ttl-test' };
    expect(await (await t.signed(BODY, headers)).json()).toEqual({ ok: true });
    now += 1_001;
    expect(await (await t.signed(BODY, headers)).json()).toEqual({ ok: true });
    expect(t.events).toHaveLength(2);
  });

  it('accepts unsigned deliveries only with allowUnsigned', async () => {
    const open = await start({ secret: undefined, allowUnsigned: true });
    const res = await open.post(BODY);
    expect(res.status).toBe(200);
    await waitFor(() => open.events.length === 1, { what: 'unsigned delivery' });

    const closed = await start({ secret: undefined });
    const refused = await closed.post(BODY);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: WEBHOOK_DISABLED_MESSAGE });
    expect(closed.events).toHaveLength(0);
    expect(await closed.outcomes()).toEqual({ disabled: 1 });
  });

  it('accepts deliveries signed with any of several comma-separated secrets (account webhook, community inbox), no other', async () => {
    const t = await start({ secret: ` ${SECRET} , community-inbox-secret ` });
    const signedWith = (secret: string, ts = TS) =>
      t.post(BODY, { 'x-chatwoot-timestamp': ts, 'x-chatwoot-signature': signWebhook(secret, ts, BODY), 'x-chatwoot-delivery': crypto.randomUUID() });
    expect((await signedWith(SECRET)).status).toBe(200);
    expect((await signedWith('community-inbox-secret')).status).toBe(200);
    const other = await signedWith('someone-else');
    expect(other.status).toBe(401);
    expect(await other.json()).toEqual({ error: 'webhook signature rejected: bad_signature' });
    const stale = await signedWith('community-inbox-secret', String(NOW_MS / 1000 - 3_600));
    expect(await stale.json()).toEqual({ error: 'webhook signature rejected: stale_timestamp' });
    expect(await t.outcomes()).toEqual({ accepted: 2, bad_signature: 1, stale_timestamp: 1 });
  });

  it('still requires the signature when a secret is set, allowUnsigned or not', async () => {
    const t = await start({ allowUnsigned: true });
    expect((await t.post(BODY)).status).toBe(401);
  });

  it('answers 413 for an oversize body, declared or streamed', async () => {
    const t = await start({ maxBodyBytes: 1_000 });
    const big = JSON.stringify({ event: 'message_created', content: 'x'.repeat(2_000) });
    const res = await t.signed(big);
    expect(res.status).toBe(413);
    expect(t.events).toHaveLength(0);

    // No content-length (chunked): the cap is enforced while reading.
    const status = await postChunked(t.url, [Buffer.from('{"event":"message_created","content":"'), Buffer.alloc(2_000, 'x')]);
    expect(status).toBe(413);
    expect(await t.outcomes()).toEqual({ too_large: 2 });
  });

  it('answers 400 for invalid JSON and for JSON that is not a webhook', async () => {
    const t = await start();
    const bad = await t.signed('{"event":"message_created",');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'body is not valid JSON' });
    const notWebhook = await t.signed('[1,2,3]');
    expect(notWebhook.status).toBe(400);
    expect(t.events).toHaveLength(0);
    expect(await t.outcomes()).toEqual({ invalid_json: 1, invalid_payload: 1 });
  });

  it('answers 405 to anything but POST', async () => {
    const t = await start();
    const res = await t.post('', {}, 'GET');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('responds before a slow onEvent finishes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const finished: AnyEvent[] = [];
    const started: AnyEvent[] = [];
    const t = await start({
      onEvent: async (event) => {
        started.push(event);
        await gate;
        finished.push(event);
      },
    });
    const res = await t.signed(BODY);
    expect(res.status).toBe(200);
    expect(started).toHaveLength(1);
    expect(finished).toHaveLength(0);
    release();
    await waitFor(() => finished.length === 1, { what: 'slow handler to finish' });
  });

  it('survives a throwing or rejecting onEvent', async () => {
    let calls = 0;
    const t = await start({
      onEvent: (event) => {
        calls += 1;
        if (calls === 1) throw new Error('plugin exploded');
        return Promise.reject(new Error(`async ${event.name}`)) as unknown as void;
      },
    });
    expect((await t.signed(BODY)).status).toBe(200);
    expect((await t.signed(BODY)).status).toBe(200);
    await waitFor(() => t.lines.filter((l) => l['msg'] === 'webhook event handler failed').length === 2, { what: 'both failures logged' });
    expect(t.lines.filter((l) => l['msg'] === 'webhook event handler failed').map((l) => l['err'])).toEqual(['plugin exploded', 'async message.created']);
  });

  it('logs every outcome without the body, the secret or the signature', async () => {
    const t = await start();
    const signature = signWebhook(SECRET, TS, BODY);
    await t.post(BODY, { 'x-chatwoot-timestamp': TS, 'x-chatwoot-signature': signature, 'x-chatwoot-delivery': 'log-test' });
    await t.post(BODY, { 'x-chatwoot-timestamp': TS, 'x-chatwoot-signature': `sha256=${'1'.repeat(64)}` });
    await t.signed('not json');
    t.timers.fire();
    const outcomes = t.lines.filter((l) => l['level'] === 20).map((l) => l['outcome']);
    expect(outcomes).toEqual(['accepted', 'bad_signature', 'invalid_json']);
    expect(t.lines[0]).toMatchObject({ delivery: 'log-test', event: 'message.created', conversationId: 33 });
    const text = t.text();
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(signature.slice('sha256='.length));
  });
});

describe('webhook route: hostile and broken deliveries', () => {
  const body = (changes: (data: Record<string, any>) => void) => {
    const data = JSON.parse(BODY) as Record<string, any>;
    changes(data);
    return JSON.stringify(data);
  };

  it('drops and counts a correctly signed event of another account, answering 200', async () => {
    const t = await start();
    const res = await t.signed(body((d) => {
      d['account'] = { id: 2, name: 'Other' };
      d['conversation'].account = { id: 2, name: 'Other' };
    }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, ignored: 'other_account' });
    expect((await t.signed(BODY)).status).toBe(200);
    await waitFor(() => t.events.length === 1, { what: 'the event of our account' });
    expect(t.events.map((e) => e.accountId)).toEqual([1]);
    expect(await t.dropped()).toEqual({ other_account: 1 });
    expect(await t.outcomes()).toEqual({ other_account: 1, accepted: 1 });
    expect(t.lines.find((l) => l['level'] === 40)?.['msg']).toBe('webhook events dropped: 1 × other_account');
  });

  it.each([
    ['a conversation id of the wrong type', (d: Record<string, any>) => (d['conversation'].id = 'abc'), 'invalid_conversation_id'],
    ['a conversation id beyond a safe integer', (d: Record<string, any>) => (d['conversation'].id = 1e308), 'invalid_conversation_id'],
    ['no conversation at all', (d: Record<string, any>) => delete d['conversation'], 'invalid_conversation_id'],
    ['a message id of the wrong type', (d: Record<string, any>) => (d['id'] = { nested: true }), 'invalid_message_id'],
    ['a negative message id', (d: Record<string, any>) => (d['id'] = -5), 'invalid_message_id'],
  ])('refuses an event with %s (422), never handing it on', async (_what, change, reason) => {
    const t = await start();
    const res = await t.signed(body(change));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/^invalid event: message\.created: \w+ must be a positive integer, got /);
    expect(t.events).toEqual([]);
    expect(await t.dropped()).toEqual({ [reason]: 1 });
    expect(await t.outcomes()).toEqual({ invalid_event: 1 });
  });

  it('two malformed events do not dedupe into each other or reach plugins', async () => {
    const t = await start();
    const broken = body((d) => {
      d['id'] = null;
      d['conversation'] = null;
    });
    expect((await t.signed(broken)).status).toBe(422);
    expect((await t.signed(broken)).status).toBe(422);
    expect(t.events).toEqual([]);
  });

  it('turns numeric content into text', async () => {
    const t = await start();
    expect((await t.signed(body((d) => (d['content'] = 42))))).toMatchObject({ status: 200 });
    await waitFor(() => t.events.length === 1, { what: 'the event' });
    expect((t.events[0] as ChatwootEventMap['message.created']).message.content).toBe('42');
  });

  it('logs rejections by time: the first at once, then one summary with counts per outcome', async () => {
    const t = await start();
    for (let i = 0; i < 7; i += 1) await t.signed('{broken');
    await t.signed(body((d) => (d['id'] = 0)));
    await t.post(BODY, { 'x-chatwoot-timestamp': TS, 'x-chatwoot-signature': `sha256=${'1'.repeat(64)}` });
    const warnings = () => t.lines.filter((l) => l['level'] === 40);
    expect(warnings().map((l) => l['msg'])).toEqual(['webhook deliveries rejected: 1 × invalid_json', 'webhook events dropped: 1 × invalid_message_id']);
    expect(t.timers.pending()).toBe(1);
    t.timers.fire();
    expect(warnings().at(-1)).toMatchObject({
      msg: 'webhook deliveries rejected: 6 × invalid_json, 1 × invalid_event, 1 × bad_signature',
      reasons: { invalid_json: 6, invalid_event: 1, bad_signature: 1 },
      total: 8,
    });
    expect(t.text()).not.toContain(MARKER);
  });
});

/** POSTs a chunked body (no content-length) with node:http and resolves with the status. */
function postChunked(url: string, chunks: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The server may close once it has answered 413: a write error after that is expected.
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}
