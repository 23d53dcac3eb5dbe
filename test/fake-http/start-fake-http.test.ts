import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { startFakeHttp, type FakeHttp, type FakeHttpOptions, type FakeHttpRequest } from '../../src/testing/index.ts';

let api: FakeHttp<FakeHttpRequest> | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function start(options: FakeHttpOptions<FakeHttpRequest> = {}): Promise<FakeHttp<FakeHttpRequest>> {
  const fake = await startFakeHttp(options);
  api = fake;
  return fake;
}

describe('startFakeHttp: routes, recorder, bodies', () => {
  it('routes by method and :name segments, records every request in order, answers 404 elsewhere', async () => {
    const fake = await start();
    fake.on('GET', '/items/:id', (_request, { id }) => ({ json: { id } }));
    fake.on('DELETE', /^\/items\/(?<id>\d+)$/, () => ({ status: 204 }));
    expect(await (await fetch(`${fake.url}/items/7?full=1`)).json()).toEqual({ id: '7' });
    expect((await fetch(`${fake.url}/items/8`, { method: 'DELETE' })).status).toBe(204);
    const missing = await fetch(`${fake.url}/items`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Not Found' });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /items/7', 'DELETE /items/8', 'GET /items']);
    expect(fake.requests[0]!.query).toEqual({ full: '1' });
  });

  it('parses JSON, form and multipart bodies; a broken JSON body is recorded raw, not parsed', async () => {
    const fake = await start();
    fake.on('POST', '/in', () => ({ status: 201 }));
    await fetch(`${fake.url}/in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' });
    await fetch(`${fake.url}/in`, { method: 'POST', body: new URLSearchParams([['x', '1'], ['x', '2']]) });
    const form = new FormData();
    form.append('payload_json', '{"content":"hi"}');
    form.append('files[0]', new Blob([Buffer.from('bytes')], { type: 'text/plain' }), 'a.txt');
    await fetch(`${fake.url}/in`, { method: 'POST', body: form });
    await fetch(`${fake.url}/in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    const [json, urlencoded, multipart, broken] = fake.requests;
    expect(json!.json).toEqual({ a: [1, 2] });
    expect(urlencoded!.body).toMatchObject({ kind: 'form', fields: [['x', '1'], ['x', '2']] });
    expect(multipart!.body.fields).toEqual([['payload_json', '{"content":"hi"}']]);
    expect(multipart!.body.files).toMatchObject([{ field: 'files[0]', filename: 'a.txt', contentType: 'text/plain' }]);
    expect(multipart!.body.files[0]!.data.toString()).toBe('bytes');
    expect(broken!.json).toBeUndefined();
    expect(broken!.raw.toString()).toBe('{"a":');
  });

  it('strips the mount prefix, runs the guard before the routes, turns a throwing handler into a 500', async () => {
    const fake = await start({ prefix: '/chatwoot', guard: (r) => (r.headers['authorization'] ? undefined : { status: 401, json: { error: 'no' } }) });
    fake.on('GET', '/boom', () => {
      throw new Error('handler broke');
    });
    expect((await fetch(`${fake.url}/boom`)).status).toBe(401);
    const broken = await fetch(`${fake.url}/boom`, { headers: { authorization: 'Bearer t' } });
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ error: 'handler broke' });
    await fetch(`${fake.url.replace('/chatwoot', '')}/elsewhere`, { headers: { authorization: 'Bearer t' } });
    expect(fake.requests.map((r) => r.path)).toEqual(['/boom', '/boom', '(outside prefix)/elsewhere']);
  });
});

describe('startFakeHttp: fault rules', () => {
  it('answers 429 with Retry-After the given number of times, then lets calls through', async () => {
    const fake = await start();
    fake.on('POST', '/send', () => ({ json: { ok: true } }));
    fake.fail({ method: 'post', path: '/send', status: 429, retryAfter: 3, times: 2 });
    const statuses: Array<[number, string | null]> = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${fake.url}/send`, { method: 'POST' });
      statuses.push([res.status, res.headers.get('retry-after')]);
    }
    expect(statuses).toEqual([[429, '3'], [429, '3'], [200, null]]);
  });

  it('fails the share of calls a seeded draw picks, the same ones every run, until stopped', async () => {
    const failed = async (seed: number) => {
      const fake = await startFakeHttp({ random: seededRandom(seed) });
      fake.on('GET', '/x', () => ({ json: {} }));
      const stop = fake.fail({ status: 503, ratio: 0.3, times: Infinity });
      const picked: number[] = [];
      for (let i = 0; i < 30; i++) if ((await fetch(`${fake.url}/x`)).status === 503) picked.push(i);
      stop();
      const after = (await fetch(`${fake.url}/x`)).status;
      await fake.close();
      return { picked, after };
    };
    const first = await failed(3);
    expect(first.picked.length).toBeGreaterThan(2);
    expect(first.picked.length).toBeLessThan(20);
    expect(await failed(3)).toEqual(first);
    expect(first.after).toBe(200);
  });

  it('sends an empty 200 for `body: null`, and after committing runs the handler but loses its answer', async () => {
    const fake = await start();
    let saved = 0;
    fake.on('POST', '/save', () => ((saved += 1), { status: 201, json: { id: saved } }));
    fake.fail({ status: 200, body: null });
    const empty = await fetch(`${fake.url}/save`, { method: 'POST' });
    expect([empty.status, await empty.text(), saved]).toEqual([200, '', 0]);
    fake.fail({ status: 502, afterCommit: true });
    const lost = await fetch(`${fake.url}/save`, { method: 'POST' });
    expect([lost.status, await lost.json(), saved]).toEqual([502, { error: 'Bad Gateway' }, 1]);
  });
});
