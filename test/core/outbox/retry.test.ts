import { afterEach, describe, expect, it } from 'vitest';
import { ChatwootApiError } from '../../../src/chatwoot/rest/chatwoot-error.ts';
import { PermanentError, type OutboxEntry } from '../../../src/core/outbox/create-outbox.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { createFakeClock } from './fake-clock.ts';
import { createHarness } from './harness.ts';

const harness = createHarness();
afterEach(() => harness.cleanup());

describe('outbox retries', () => {
  it('retries a transient error, then delivers the result', async () => {
    const { outbox } = harness.outbox();
    let calls = 0;
    const deliveredWith: Array<{ attempts: number; result: string }> = [];
    outbox.register<{ text: string }, string>('test.op', {
      async execute(entry) {
        calls += 1;
        if (calls < 3) throw new Error(`503 number ${calls}`);
        return `ok:${entry.payload.text}`;
      },
      onDelivered(entry, result) {
        deliveredWith.push({ attempts: entry.attempts, result });
      },
    });
    await outbox.start();
    const { delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: { text: 'hi' } });
    await expect(delivered).resolves.toBe('ok:hi');
    await outbox.idle();
    expect(calls).toBe(3);
    expect(deliveredWith).toEqual([{ attempts: 3, result: 'ok:hi' }]);
    expect(outbox.failures()).toEqual([]);
  });

  it('backs off exponentially with full jitter and persists the retry state', async () => {
    const clock = createFakeClock(10_000);
    const { outbox, store } = harness.outbox({ now: clock.now, timers: clock.timers, random: () => 0.5, backoff: { baseMs: 1000, capMs: 3000 } });
    const at: number[] = [];
    outbox.register('test.op', {
      async execute() {
        at.push(clock.now());
        if (at.length < 5) throw new Error(`down ${at.length}`);
      },
    });
    await outbox.start();
    const { entry } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: null });
    for (let attempt = 1; attempt < 5; attempt += 1) {
      await waitFor(() => at.length === attempt && clock.pending() === 1, { what: `attempt ${attempt} failed and a retry is scheduled` });
      const stored = (await store.get(`entry:${entry.id}`)) as OutboxEntry;
      expect(stored).toMatchObject({ attempts: attempt, lastError: `down ${attempt}`, nextAttemptAt: clock.nextAt() });
      clock.runNext();
    }
    await outbox.idle();
    // Ceilings 1000, 2000, 3000 (cap), 3000; jitter 0.5.
    expect(at.map((t) => t - 10_000)).toEqual([0, 500, 1500, 3000, 4500]);
    expect(await store.get(`entry:${entry.id}`)).toBeUndefined();
  });

  it('honours Retry-After from a 429', async () => {
    const clock = createFakeClock();
    const { outbox } = harness.outbox({ now: clock.now, timers: clock.timers, random: () => 0, backoff: { baseMs: 1000, capMs: 60_000 } });
    const at: number[] = [];
    outbox.register('test.op', {
      async execute() {
        at.push(clock.now());
        if (at.length === 1) {
          throw new ChatwootApiError({ kind: 'rate_limited', method: 'POST', path: '/api/v1/x', status: 429, retryAfterMs: 5000 });
        }
        return 'sent';
      },
    });
    await outbox.start();
    const { delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: {} });
    await waitFor(() => at.length === 1 && clock.pending() === 1, { what: 'the 429 and a scheduled retry' });
    expect(clock.nextAt()).toBe(5000);
    clock.advance(4999);
    expect(at).toHaveLength(1);
    clock.advance(1);
    await expect(delivered).resolves.toBe('sent');
    expect(at).toEqual([0, 5000]);
  });

  it('reports a permanent error to onFailed and `delivered`, without retrying or logging the payload', async () => {
    const { outbox, store, lines, text } = harness.outbox();
    let calls = 0;
    const failed: Array<{ entry: OutboxEntry; error: Error }> = [];
    const permanent = new PermanentError('channel_not_found');
    outbox.register<{ text: string }, void>('slack.post', {
      async execute() {
        calls += 1;
        throw permanent;
      },
      onFailed(entry, error) {
        failed.push({ entry, error });
      },
    });
    await outbox.start();
    const meta = { surface: 'chatwoot', conversationId: 42, messageId: 7 };
    const { entry, delivered } = await outbox.enqueue({ kind: 'slack.post', destination: 'slack:C1', payload: { text: 'secret customer words' }, meta });
    await expect(delivered).rejects.toBe(permanent);
    await outbox.idle();
    expect(calls).toBe(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toBe(permanent);
    expect(failed[0]?.entry).toMatchObject({ id: entry.id, attempts: 1, lastError: 'channel_not_found', meta });
    expect(outbox.failures()).toEqual([expect.objectContaining({ error: 'channel_not_found', entry: expect.objectContaining({ id: entry.id }) })]);
    const line = lines.find((l) => String(l['msg']).includes('failed for good'));
    expect(line).toMatchObject({ kind: 'slack.post', destination: 'slack:C1', attempts: 1, error: 'channel_not_found' });
    expect(text()).not.toContain('secret customer words');
    expect(await store.get(`entry:${entry.id}`)).toBeUndefined();
    expect(await store.get('index')).toEqual([]);
  });

  it('treats an error with retryable === false (a ChatwootApiError 422) as permanent', async () => {
    const { outbox } = harness.outbox();
    let calls = 0;
    outbox.register('test.op', {
      async execute() {
        calls += 1;
        throw new ChatwootApiError({ kind: 'unprocessable', method: 'POST', path: '/x', status: 422, chatwootMessage: 'bad' });
      },
    });
    await outbox.start();
    const { delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: 1 });
    await expect(delivered).rejects.toThrow(/422 from POST \/x: bad/);
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts and reports the last error', async () => {
    const { outbox, lines } = harness.outbox();
    let calls = 0;
    const failed: Array<[number, string]> = [];
    outbox.register('test.op', {
      maxAttempts: 3,
      async execute() {
        calls += 1;
        throw new Error(`timeout ${calls}`);
      },
      onFailed(entry, error) {
        failed.push([entry.attempts, error.message]);
      },
    });
    await outbox.start();
    const { delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: 1 });
    await expect(delivered).rejects.toThrow('timeout 3');
    await outbox.idle();
    expect(calls).toBe(3);
    expect(failed).toEqual([[3, 'gave up after 3 attempts: timeout 3']]);
    expect(lines.find((l) => String(l['msg']).includes('failed for good'))).toMatchObject({ reason: 'exhausted', attempts: 3 });
  });

  it('by default retries transient errors for an hour (a time span, not a count), then says why, keeping the order behind it', async () => {
    const clock = createFakeClock();
    const { outbox, lines } = harness.outbox({ now: clock.now, timers: clock.timers, random: () => 1, backoff: { baseMs: 1000, capMs: 300_000 } });
    const order: string[] = [];
    const failed: string[] = [];
    outbox.register<string, void>('test.op', {
      async execute(entry) {
        order.push(entry.payload);
        if (entry.payload === 'first') throw new Error('503 Service Unavailable');
      },
      onFailed: (_entry, error) => void failed.push(error.message),
    });
    await outbox.start();
    const first = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: 'first' });
    await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: 'second' });
    while (order.length < 50 && !order.includes('second')) {
      await waitFor(() => clock.pending() === 1 || order.includes('second'), { what: 'a retry or the next entry' });
      if (clock.pending() === 1) clock.runNext();
    }
    await expect(first.delivered).rejects.toThrow(/^gave up after (6\d) min of retries: 503 Service Unavailable$/);
    await outbox.idle();
    // 1 + 2 + 4 + … + 256 s, then every 300 s (the cap) until an hour had passed since the first failure.
    expect(order.filter((p) => p === 'first')).toHaveLength(21);
    expect(clock.now()).toBeGreaterThanOrEqual(60 * 60_000);
    expect(order.at(-1)).toBe('second');
    expect(failed).toEqual(['gave up after 64 min of retries: 503 Service Unavailable']);
    expect(lines.find((l) => String(l['msg']).includes('failed for good'))).toMatchObject({ reason: 'exhausted' });
  });

  it('throttling (429, Retry-After) never uses up the budget, and never waits less than Retry-After', async () => {
    const clock = createFakeClock();
    const { outbox } = harness.outbox({ now: clock.now, timers: clock.timers, random: () => 0, backoff: { baseMs: 1, capMs: 2 } });
    const at: number[] = [];
    outbox.register('test.op', {
      maxAttempts: 2,
      async execute() {
        at.push(clock.now());
        if (at.length <= 30) throw new ChatwootApiError({ kind: 'rate_limited', method: 'POST', path: '/x', status: 429, retryAfterMs: 1000 });
        if (at.length === 31) throw new Error('one real failure');
        return 'sent';
      },
    });
    await outbox.start();
    const { delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: {} });
    while (at.length < 32) {
      await waitFor(() => clock.pending() === 1 || at.length >= 32, { what: `retry after attempt ${at.length}` });
      if (clock.pending() === 1) clock.runNext();
    }
    await expect(delivered).resolves.toBe('sent');
    const gaps = at.slice(1, 31).map((t, i) => t - (at[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
  });

  it('a 429 without Retry-After backs off on its own count, still without using the budget', async () => {
    const clock = createFakeClock();
    const { outbox } = harness.outbox({ now: clock.now, timers: clock.timers, random: () => 1, backoff: { baseMs: 100, capMs: 400 } });
    let calls = 0;
    outbox.register('test.op', {
      maxAttempts: 1,
      async execute() {
        calls += 1;
        if (calls <= 5) throw Object.assign(new Error('429 Too Many Requests'), { status: 429 });
        return 'ok';
      },
    });
    await outbox.start();
    const { delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: {} });
    const delays: number[] = [];
    while (calls <= 5) {
      await waitFor(() => clock.pending() === 1, { what: 'a throttled retry' });
      delays.push((clock.nextAt() ?? 0) - clock.now());
      clock.runNext();
    }
    await expect(delivered).resolves.toBe('ok');
    expect(delays).toEqual([100, 200, 400, 400, 400]);
  });
});
