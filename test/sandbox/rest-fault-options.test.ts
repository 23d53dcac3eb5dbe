import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { createRestFaults } from '../../src/sandbox/rest-fault-rules.ts';
import { connectSubscribed } from './cable-test-client.ts';
import { accountPath, api, conversationPath } from './rest-helpers.ts';
import { cleanups, startSimulator as start } from './simulator-harness.ts';

const PROFILE = '/api/v1/profile';

describe('simulator REST faults: ratio', () => {
  it('fails the fraction of matching calls the seeded draws pick, the same ones on every run', () => {
    const failing = (seed: number) => {
      const faults = createRestFaults(seededRandom(seed));
      faults.add({ status: 503, ratio: 0.2, times: Infinity, method: 'GET' });
      const picked: number[] = [];
      for (let i = 0; i < 200; i++) if (faults.take('GET', PROFILE)) picked.push(i);
      return picked;
    };
    const draws = seededRandom(7);
    const expected = Array.from({ length: 200 }, (_, i) => i).filter(() => draws() < 0.2);
    expect(failing(7)).toEqual(expected);
    expect(failing(7)).toEqual(failing(7));
    expect(failing(8)).not.toEqual(failing(7));
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.length).toBeLessThan(60);
  });

  it('counts only the calls it failed against `times`, and draws nothing for calls it does not match', () => {
    let draws = 0;
    const faults = createRestFaults(() => {
      draws++;
      return draws % 2 === 0 ? 0.1 : 0.9; // miss, hit, miss, hit…
    });
    faults.add({ status: 503, ratio: 0.5, times: 2, method: 'POST' });
    expect(faults.take('GET', PROFILE)).toBeUndefined();
    expect(draws).toBe(0);
    const outcomes = Array.from({ length: 6 }, () => faults.take('POST', PROFILE)?.status);
    expect(outcomes).toEqual([undefined, 503, undefined, 503, undefined, undefined]);
    expect(draws).toBe(4); // the rule is gone after its second failure
  });

  it('lets a call the first rule spares meet the next matching rule', () => {
    const faults = createRestFaults(() => 0.99);
    faults.add({ status: 503, ratio: 0.2, times: Infinity });
    faults.add({ status: 429, times: 1 });
    expect(faults.take('GET', PROFILE)?.status).toBe(429);
    expect(faults.take('GET', PROFILE)).toBeUndefined();
  });
});

describe('simulator REST faults: rules until stopped', () => {
  it('fails every matching call until stop() and none after; stopping twice is harmless', async () => {
    const sim = await start();
    const stop = sim.faults.failRest({ status: 429, retryAfter: 1, times: Infinity });
    for (let i = 0; i < 5; i++) {
      const res = await api(sim, 'GET', PROFILE);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
    }
    stop();
    stop();
    expect((await api(sim, 'GET', PROFILE)).status).toBe(200);
  });

  it('stops one rule and keeps the others', async () => {
    const sim = await start();
    const stopProfile = sim.faults.failRest({ status: 503, times: Infinity, path: PROFILE });
    sim.faults.failRest({ status: 500, times: Infinity, path: accountPath(sim, '/agents') });
    stopProfile();
    expect((await api(sim, 'GET', PROFILE)).status).toBe(200);
    expect((await api(sim, 'GET', accountPath(sim, '/agents'))).status).toBe(500);
  });

  it('runs a seeded 20 % window the same way twice', async () => {
    const run = async () => {
      const sim = await start({ random: seededRandom(3) });
      sim.faults.failRest({ status: 503, ratio: 0.2, times: Infinity });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await api(sim, 'GET', PROFILE)).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});

describe('simulator REST faults: save-then-fail', () => {
  it('saves and broadcasts the message, then answers 503 with an empty body', async () => {
    const sim = await start();
    const { client } = await connectSubscribed(sim);
    cleanups.push(() => client.ws.terminate());
    const { id } = sim.createConversation({ contactName: 'Ada' });
    sim.faults.failRest({ status: 503, afterCommit: true, body: null, method: 'POST', path: /\/messages$/ });

    const lost = await api(sim, 'POST', conversationPath(sim, id, '/messages'), { body: { content: 'ack 1', echo_id: 'e-1' } });
    expect(lost.status).toBe(503);
    expect(lost.json).toBeUndefined();
    const saved = sim.messages(id).filter((m) => m.content === 'ack 1');
    expect(saved).toHaveLength(1);
    await client.next((f) => f.message?.event === 'message.created' && f.message.data['content'] === 'ack 1', 'the broadcast');

    // The rule was used up: the next POST is answered normally.
    const next = await api(sim, 'POST', conversationPath(sim, id, '/messages'), { body: { content: 'ack 2' } });
    expect(next.status).toBe(200);
    expect(next.json).toMatchObject({ content: 'ack 2' });
  });

  it('keeps the default error body unless told otherwise, and Retry-After for a 429', async () => {
    const sim = await start();
    const { id } = sim.createConversation();
    sim.faults.failRest({ status: 429, afterCommit: true, method: 'POST' });
    const res = await api(sim, 'POST', conversationPath(sim, id, '/messages'), { body: { content: 'hello' } });
    expect(res).toMatchObject({ status: 429, json: { error: 'Retry later' } });
    expect(res.headers.get('retry-after')).toBe('1');
    expect(sim.messages(id).map((m) => m.content)).toContain('hello');
  });

  it('gives a request that fails on its own its real answer: nothing was committed', async () => {
    const sim = await start();
    const { id } = sim.createConversation();
    sim.faults.failRest({ status: 503, afterCommit: true, method: 'POST', times: 2 });
    expect((await api(sim, 'POST', conversationPath(sim, 999, '/messages'), { body: { content: 'x' } })).status).toBe(404);
    expect((await api(sim, 'POST', conversationPath(sim, id, '/messages'), { body: { content: '' } })).status).toBe(422);
    expect(sim.messages(id)).toHaveLength(0);
  });

  it('fails only the drawn share of saves, and every one of them is saved', async () => {
    const sim = await start({ random: seededRandom(11) });
    const { id } = sim.createConversation();
    sim.faults.failRest({ status: 503, afterCommit: true, ratio: 0.2, times: Infinity, method: 'POST', path: /\/messages$/ });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await api(sim, 'POST', conversationPath(sim, id, '/messages'), { body: { content: `m${i}` } })).status);
    }
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(20);
    expect(sim.messages(id)).toHaveLength(40);
  });
});
