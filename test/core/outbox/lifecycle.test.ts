import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../../src/core/outbox/create-outbox.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { createFakeClock } from './fake-clock.ts';
import { createHarness, deferred, hasSettled } from './harness.ts';

const harness = createHarness();
afterEach(() => harness.cleanup());

describe('outbox lifecycle', () => {
  it('is idempotent: the same id, pending or delivered, executes once', async () => {
    const { outbox, store } = harness.outbox();
    const gate = deferred();
    let calls = 0;
    outbox.register('test.op', {
      async execute() {
        calls += 1;
        await gate.promise;
        return 'done';
      },
    });
    await outbox.start();
    const input = { kind: 'test.op', destination: 'd', payload: { n: 1 }, id: 'msg-1' };
    const [one, two] = await Promise.all([outbox.enqueue(input), outbox.enqueue(input)]);
    const three = await outbox.enqueue(input);
    expect(two.entry).toBe(one.entry);
    expect(three.entry).toBe(one.entry);
    expect(three.delivered).toBe(one.delivered);
    expect(outbox.pending()).toBe(1);
    gate.resolve();
    await expect(one.delivered).resolves.toBe('done');
    await outbox.idle();

    const after = await outbox.enqueue(input);
    expect(after.entry).toMatchObject({ id: 'msg-1', kind: 'test.op', destination: 'd', attempts: 1, payload: { n: 1 } });
    // Remembered for 24 h without the payload (customer text stays out of the store once sent).
    const done = (await store.get('done:msg-1')) as Record<string, unknown>;
    expect(done).toMatchObject({ id: 'msg-1', attempts: 1 });
    expect(done).not.toHaveProperty('payload');
    expect(await store.get('entry:msg-1')).toBeUndefined();
    await expect(after.delivered).resolves.toBeUndefined();
    await outbox.idle();
    expect(calls).toBe(1);
    expect(one.entry.id).toBe('msg-1');
  });

  it('generates ids when none is given', async () => {
    const { outbox } = harness.outbox();
    outbox.register('test.op', { execute: async () => {} });
    const a = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: 1 });
    const b = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: 1 });
    expect(a.entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.entry.id).not.toBe(a.entry.id);
  });

  it('idle() waits for entries waiting on a retry, and resolves at once when empty', async () => {
    const clock = createFakeClock();
    const { outbox } = harness.outbox({ now: clock.now, timers: clock.timers, random: () => 1, backoff: { baseMs: 1000, capMs: 1000 } });
    let calls = 0;
    outbox.register('test.op', {
      async execute() {
        calls += 1;
        if (calls === 1) throw new Error('later');
      },
    });
    expect(await hasSettled(outbox.idle())).toBe(true);
    await outbox.start();
    await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: 1 });
    const idle = outbox.idle();
    await waitFor(() => calls === 1 && clock.pending() === 1, { what: 'a retry to be scheduled' });
    expect(await hasSettled(idle)).toBe(false);
    expect(outbox.pending()).toBe(1);
    clock.runNext();
    await idle;
    expect(calls).toBe(2);
    expect(outbox.pending()).toBe(0);
  });

  it('stop() aborts the in-flight execute through its signal; the entry stays pending and resumes on start()', async () => {
    const { outbox, store } = harness.outbox();
    const signals: AbortSignal[] = [];
    outbox.register('test.op', {
      execute(_entry, signal) {
        signals.push(signal);
        if (signals.length > 1) return Promise.resolve('second time');
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    await outbox.start();
    const { entry, delivered } = await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: 1 });
    await waitFor(() => signals.length === 1, { what: 'the execute to start' });
    await outbox.stop();
    expect(signals[0]?.aborted).toBe(true);
    expect(outbox.pending()).toBe(1);
    expect(await hasSettled(delivered)).toBe(false);
    expect(await store.get('index')).toEqual([entry.id]);
    expect(await store.get(`entry:${entry.id}`)).toMatchObject({ attempts: 0 });

    await outbox.start();
    await expect(delivered).resolves.toBe('second time');
    expect(signals).toHaveLength(2);
  });

  it('survives onDelivered and onFailed throwing, and logs it', async () => {
    const { outbox, lines } = harness.outbox();
    const order: number[] = [];
    outbox.register<number, void>('test.op', {
      async execute(entry) {
        order.push(entry.payload);
        if (entry.payload === 2) throw new PermanentError('bad');
      },
      onDelivered() {
        throw new Error('onDelivered broke');
      },
      async onFailed() {
        throw new Error('onFailed broke');
      },
    });
    await outbox.start();
    const results = [];
    for (const n of [1, 2, 3]) results.push(await outbox.enqueue({ kind: 'test.op', destination: 'd', payload: n }));
    await outbox.idle();
    expect(order).toEqual([1, 2, 3]);
    await expect(results[2]?.delivered).resolves.toBeUndefined();
    const hookLines = lines.filter((l) => l['msg'] === 'outbox: hook threw');
    expect(hookLines.map((l) => [l['hook'], l['error']]).sort()).toEqual([
      ['onDelivered', 'onDelivered broke'],
      ['onDelivered', 'onDelivered broke'],
      ['onFailed', 'onFailed broke'],
    ]);
  });

  it('rejects an unknown kind and an empty destination', async () => {
    const { outbox } = harness.outbox();
    outbox.register('test.op', { execute: async () => {} });
    await expect(outbox.enqueue({ kind: 'nope', destination: 'd', payload: 1 })).rejects.toThrow(/no executor registered for kind "nope"/);
    await expect(outbox.enqueue({ kind: 'test.op', destination: '', payload: 1 })).rejects.toThrow(/destination/);
    expect(() => outbox.register('test.op', { execute: async () => {} })).toThrow(/already registered/);
    expect(outbox.pending()).toBe(0);
  });

  it('rejects a payload that is not JSON and stores nothing', async () => {
    const { outbox, store } = harness.outbox();
    outbox.register('test.op', { execute: async () => {} });
    await expect(outbox.enqueue({ kind: 'test.op', destination: 'd', payload: { n: 1n } })).rejects.toThrow(/BigInt/);
    expect(await store.get('index')).toBeUndefined();
    expect(outbox.pending()).toBe(0);
    expect(await hasSettled(outbox.idle())).toBe(true);
  });

  it('keeps the last 100 failures and counts outcomes in metrics', async () => {
    const metrics = createMetrics();
    const { outbox } = harness.outbox({ metrics });
    outbox.register<number, void>('test.op', {
      async execute(entry) {
        if (entry.payload % 2 === 0) throw new PermanentError(`no ${entry.payload}`);
      },
    });
    await outbox.start();
    await Promise.all(Array.from({ length: 210 }, (_, n) => outbox.enqueue({ kind: 'test.op', destination: `d:${n % 7}`, payload: n })));
    await outbox.idle();
    const failures = outbox.failures();
    expect(failures).toHaveLength(100);
    expect(failures.at(-1)?.error).toMatch(/^no \d+$/);
    const text = await metrics.registry.metrics();
    expect(text).toContain('switchboard_outbox_enqueued_total{kind="test.op"} 210');
    expect(text).toContain('switchboard_outbox_delivered_total{kind="test.op"} 105');
    expect(text).toContain('switchboard_outbox_failed_total{kind="test.op",reason="permanent"} 105');
    expect(text).toContain('switchboard_outbox_pending 0');
  });
});
