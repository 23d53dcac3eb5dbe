import { Agent, fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createHttpServer, type Health } from '../../src/http/create-http-server.ts';
import type { RouteHandler } from '../../src/core/plugins/route-handler.ts';
import { sendJson } from '../../src/http/send-json.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { waitFor } from '../helpers/wait-for.ts';

type Server = ReturnType<typeof createHttpServer>;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(routes: Record<string, RouteHandler>, health?: () => Health) {
  const { log, lines } = captureLog('debug');
  const metrics = createMetrics();
  const server: Server = createHttpServer({ routes, log, metrics, health });
  const port = await server.listen(0, '127.0.0.1');
  cleanups.push(() => server.close());
  const agent = new Agent();
  cleanups.push(() => agent.close());
  const get = (path: string, init: { method?: string } = {}) => fetch(`http://127.0.0.1:${port}${path}`, { ...init, dispatcher: agent });
  return { server, port, get, lines, metrics };
}

describe('createHttpServer', () => {
  it('routes exact paths and ignores the query string', async () => {
    const { get } = await start({ '/hello': (_req, res) => sendJson(res, 200, { hello: 'world' }) });
    const res = await get('/hello?x=1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'world' });
    const miss = await get('/hello/there');
    expect(miss.status).toBe(404);
    expect(miss.headers.get('content-type')).toMatch(/application\/json/);
    expect(await miss.json()).toEqual({ error: 'not found: /hello/there' });
  });

  it('answers /healthz while live and /readyz only when ready, with details', async () => {
    let state: Health = { live: true, ready: false, details: { cable: 'connecting' } };
    const { get } = await start({}, () => state);
    expect((await get('/healthz')).status).toBe(200);
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ ready: false, cable: 'connecting' });
    state = { live: true, ready: true, details: { cable: 'subscribed' } };
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, cable: 'subscribed' });
    state = { live: false, ready: false, details: {} };
    expect((await get('/healthz')).status).toBe(503);
  });

  it('is live and ready by default', async () => {
    const { get } = await start({});
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
  });

  it('serves prom-client metrics from its registry', async () => {
    const { get, metrics } = await start({});
    metrics.webhookRequests.inc({ outcome: 'accepted' });
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await res.text()).toContain('switchboard_webhook_requests_total{outcome="accepted"} 1');
  });

  it('turns a throwing route into a logged 500 and keeps serving', async () => {
    const { get, lines } = await start({
      '/sync': () => {
        throw new Error('sync boom');
      },
      '/async': async () => {
        await Promise.resolve();
        throw new Error('async boom');
      },
    });
    for (const path of ['/sync', '/async']) {
      const res = await get(path);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error' });
    }
    expect(lines.filter((l) => l['msg'] === 'HTTP handler failed').map((l) => l['err'])).toEqual(['sync boom', 'async boom']);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('refuses to shadow the built-in paths', () => {
    const { log } = captureLog();
    expect(() => createHttpServer({ routes: { '/metrics': () => undefined }, log, metrics: createMetrics() })).toThrow(/built into/);
  });

  it('close() resolves even with an idle keep-alive connection open', async () => {
    const { server, get } = await start({});
    const res = await get('/healthz');
    await res.text();
    expect(server.server.listening).toBe(true);
    await server.close();
    expect(server.server.listening).toBe(false);
    await expect(get('/healthz')).rejects.toThrow();
  });

  it('close() also ends a request still in flight', async () => {
    let entered = false;
    const { server, get } = await start({
      '/hang': () => {
        entered = true; // never answers
      },
    });
    const pending = get('/hang');
    pending.catch(() => undefined);
    await waitFor(() => entered, { what: 'the hanging route' });
    await server.close();
    await expect(pending).rejects.toThrow();
  });

  it('listen() reports the bound port and rejects when it is taken', async () => {
    const { port } = await start({});
    expect(port).toBeGreaterThan(0);
    const { log } = captureLog();
    const other = createHttpServer({ routes: {}, log, metrics: createMetrics() });
    await expect(other.listen(port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
    await other.close();
  });
});
