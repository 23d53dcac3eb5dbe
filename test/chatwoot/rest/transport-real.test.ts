import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { createMetrics, type Metrics } from '../../../src/observability/metrics.ts';
import { createChatwootRest, isChatwootApiError } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { TOKEN, rawProfile } from './chatwoot-fixtures.ts';
import { startFakeChatwoot, type FakeChatwoot } from './fake-chatwoot-server.ts';

/** Timeouts, refused connections and aborts against real sockets on 127.0.0.1. */

let fake: FakeChatwoot;
let agent: Agent;
let metrics: Metrics;
let sleeps: number[];
const extraServers: Server[] = [];

beforeEach(async () => {
  fake = await startFakeChatwoot({ token: TOKEN });
  agent = new Agent();
  metrics = createMetrics();
  sleeps = [];
});

afterEach(async () => {
  for (const server of extraServers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await agent.close();
  await fake.close();
});

function client(baseUrl: string, extra: Partial<Parameters<typeof createChatwootRest>[0]> = {}) {
  return createChatwootRest({
    baseUrl,
    apiToken: TOKEN,
    accountId: 1,
    dispatcher: agent,
    metrics,
    random: () => 1,
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
}

async function outcomes(): Promise<Record<string, number>> {
  const metric = await metrics.restRequests.get();
  return Object.fromEntries(metric.values.map((v) => [`${v.labels['method']} ${v.labels['outcome']}`, v.value]));
}

describe('transport against real sockets', () => {
  it('a refused connection is a retryable network error naming the code and the origin', async () => {
    const closed = await startFakeChatwoot({ token: TOKEN });
    const url = closed.url;
    await closed.close();
    const error = await client(url).getProfile().catch((e: unknown) => e);
    expect(isChatwootApiError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).not.toContain(TOKEN);
    // random() = 1 → the full exponential ceiling each time.
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(await outcomes()).toEqual({ 'GET network': 4 });
  });

  it('a server that never answers times out per attempt; retry options are honoured', async () => {
    fake.on('GET', '/api/v1/profile', () => new Promise(() => {}));
    const error = await client(fake.url, { timeoutMs: 50, retry: { retries: 1, baseMs: 10, capMs: 20 } })
      .getProfile()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, path: '/api/v1/profile' });
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([10]);
    expect(await outcomes()).toEqual({ 'GET timeout': 2 });
  });

  it('the timeout also covers a body that stalls after the headers', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": 7, "pubsub_');
    });
    extraServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const error = await client(`http://127.0.0.1:${port}`, { timeoutMs: 50, retry: { retries: 0 } })
      .getProfile()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout' });
  });

  it("a caller's abort mid-request rejects at once with its reason and is counted as aborted", async () => {
    fake.on('GET', '/api/v1/profile', () => new Promise(() => {}));
    const controller = new AbortController();
    const pending = client(fake.url).getProfile({ signal: controller.signal });
    await waitFor(() => fake.requests.length === 1, { what: 'the request to arrive' });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(sleeps).toEqual([]);
    expect(await outcomes()).toEqual({ 'GET aborted': 1 });
  });

  it('uses the global dispatcher when none is injected', async () => {
    fake.on('GET', '/api/v1/profile', () => ({ json: rawProfile() }));
    const rest = createChatwootRest({ baseUrl: fake.url, apiToken: TOKEN, accountId: 1 });
    expect((await rest.getProfile()).id).toBe(7);
    expect(fake.requests[0]?.headers['api_access_token']).toBe(TOKEN);
  });
});
