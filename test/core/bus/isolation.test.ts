import { afterEach, describe, expect, it } from 'vitest';
import { createBus } from '../../../src/core/bus/create-bus.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { deferred, flush, makeEvent, seqOf, stopAll, testBus, type Deferred } from './bus-helpers.ts';

afterEach(stopAll);

describe('bus isolation', () => {
  it('a throwing plugin and a hanging plugin do not stop another plugin from getting everything', async () => {
    const bus = testBus({ handlerTimeoutMs: 40, pauseAfterFailures: Infinity });
    const healthy: string[] = [];
    const hangingStarted: number[] = [];
    bus.subscribe('thrower', 'x', (event) => {
      if (seqOf(event) % 2 === 0) throw new Error('boom');
    });
    bus.subscribe('rejecter', 'x', async () => {
      throw new Error('async boom');
    });
    bus.subscribe('hanger', 'x', (event) => {
      hangingStarted.push(seqOf(event));
      return new Promise(() => {}); // never settles
    });
    bus.subscribe('healthy', 'x', (event) => {
      healthy.push(`${event.conversationId}:${seqOf(event)}`);
    });

    for (let seq = 0; seq < 3; seq += 1) for (const conversation of [1, 2]) bus.publish(makeEvent('x', conversation, seq));

    // The healthy plugin got everything at once, without waiting on the hanging one.
    expect(healthy).toEqual(['1:0', '2:0', '1:1', '2:1', '1:2', '2:2']);
    // The hanging plugin's later events on the same lane still run, one timeout apart.
    await waitFor(() => hangingStarted.length === 6, { what: 'hanging plugin to get all events', timeoutMs: 3_000 });
    await waitFor(() => bus.stats().timedOut === 6, { what: 'last timeout', timeoutMs: 3_000 });
    await bus.idle();
    expect(bus.stats()).toMatchObject({ delivered: 24, failed: 4 + 6 + 6, timedOut: 6, queued: 0, running: 0 });
  });

  it('aborts the timed-out call’s signal and gives the next call on the lane a fresh one', async () => {
    const bus = testBus({ handlerTimeoutMs: 30 });
    const signals: AbortSignal[] = [];
    const late = deferred();
    bus.subscribe('p', 'x', (event, signal) => {
      signals.push(signal);
      return seqOf(event) === 0 ? new Promise(() => {}) : late.promise;
    });
    bus.publish(makeEvent('x', 1, 0));
    bus.publish(makeEvent('x', 1, 1));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
    await waitFor(() => signals.length === 2, { what: 'second call after the timeout' });
    expect(signals[0]!.aborted).toBe(true);
    expect((signals[0]!.reason as Error).name).toBe('TimeoutError');
    expect(signals[1]!.aborted).toBe(false);
    late.resolve();
    await bus.idle();
    expect(bus.stats()).toMatchObject({ timedOut: 1, failed: 1, delivered: 2 });
  });

  it('ignores a late resolve or reject of a timed-out call (no double count, no reset, no log)', async () => {
    const { log, lines } = captureLog();
    const metrics = createMetrics();
    const bus = createBus({ log, metrics, handlerTimeoutMs: 20, pauseAfterFailures: 2 });
    const first = deferred();
    const second = deferred();
    bus.subscribe('p', 'x', (event) => (seqOf(event) === 0 ? first.promise : second.promise));
    bus.publish(makeEvent('x', 1, 0));
    await waitFor(() => bus.stats().timedOut === 1, { what: 'first timeout' });
    first.resolve(); // late success: must not reset the failure count
    await flush();
    bus.publish(makeEvent('x', 2, 1));
    await waitFor(() => bus.stats().timedOut === 2, { what: 'second timeout' });
    second.reject(new Error('too late')); // late failure: must not be counted or logged
    await flush();
    expect(bus.paused()).toEqual(['p']); // two failures in a row: the late success did not count
    expect(bus.stats()).toMatchObject({ delivered: 2, failed: 2, timedOut: 2, running: 0 });
    expect((await metrics.handlerTimeouts.get()).values).toEqual([expect.objectContaining({ labels: { plugin: 'p' }, value: 2 })]);
    expect((await metrics.handlerErrors.get()).values).toEqual([expect.objectContaining({ labels: { plugin: 'p' }, value: 2 })]);
    await waitFor(() => lines.some((line) => String(line['msg']).includes('paused')), { what: 'pause log' });
    expect(lines.filter((line) => String(line['msg']).includes('too late'))).toEqual([]);
    await bus.stop();
  });

  it('logs a failure with plugin, event name and id — never the payload', async () => {
    const { log, lines, text } = captureLog();
    const metrics = createMetrics();
    const bus = createBus({ log, metrics });
    bus.subscribe('p', 'message.created', () => {
      throw new Error('kaput');
    });
    bus.publish(makeEvent('message.created', 9, 0, { content: 'TOP-SECRET-CUSTOMER-TEXT' }));
    await waitFor(() => lines.some((line) => line['level'] === 50), { what: 'error log line' });
    const line = lines.find((entry) => entry['level'] === 50)!;
    expect(line).toMatchObject({ plugin: 'p', event: 'message.created', eventId: 'message.created:9:0', conversationId: 9 });
    expect(String(line['msg'])).toContain('kaput');
    expect(text()).not.toContain('TOP-SECRET-CUSTOMER-TEXT');
    expect((await metrics.handlerErrors.get()).values).toEqual([expect.objectContaining({ labels: { plugin: 'p' }, value: 1 })]);
    await bus.stop();
  });

  it('does not log a thrown non-Error object as is (it could be the payload)', async () => {
    const { log, lines, text } = captureLog();
    const bus = createBus({ log });
    bus.subscribe('p', 'x', (event) => {
      throw { leaked: (event as { data: unknown }).data };
    });
    bus.publish(makeEvent('x', 1, 0, { content: 'TOP-SECRET' }));
    await waitFor(() => lines.length > 0, { what: 'error log line' });
    expect(text()).not.toContain('TOP-SECRET');
    await bus.stop();
  });

  it('one plugin’s slowness leaves other lanes of the same plugin running', async () => {
    const bus = testBus({ concurrency: 4, handlerTimeoutMs: 1_000 });
    const done: number[] = [];
    const stuck = deferred();
    bus.subscribe('p', 'x', async (event) => {
      if (event.conversationId === 1) await stuck.promise;
      done.push(event.conversationId as number);
    });
    for (let conversation = 1; conversation <= 6; conversation += 1) bus.publish(makeEvent('x', conversation, 0));
    await waitFor(() => done.length === 5, { what: 'the other conversations' });
    expect(done).not.toContain(1);
    stuck.resolve();
    await bus.idle();
    expect(done).toContain(1);
  });

  it('a plugin hanging in every conversation cannot take every slot (per-plugin cap)', async () => {
    const bus = testBus({ concurrency: 4, handlerTimeoutMs: 10_000 });
    const gates = new Map<number, Deferred>();
    const okSeen: number[] = [];
    bus.subscribe('hanger', 'x', (event) => {
      const gate = deferred();
      gates.set(event.conversationId as number, gate);
      return gate.promise;
    });
    bus.subscribe('ok', 'x', async (event) => {
      await flush();
      okSeen.push(event.conversationId as number);
    });
    for (let conversation = 1; conversation <= 10; conversation += 1) bus.publish(makeEvent('x', conversation, 0));
    // Long before any timeout: the healthy plugin got every event through the two slots left to it.
    await waitFor(() => okSeen.length === 10, { what: 'healthy plugin', timeoutMs: 2_000 });
    expect(gates.size).toBe(2); // the hanging plugin holds at most ceil(4 / 2) slots
    expect(bus.stats().timedOut).toBe(0);
    // As its calls end, its parked lanes get their turn.
    for (let released = 0; released < 10; released += 1) {
      await waitFor(() => gates.size > released, { what: `hanging call ${released + 1}` });
      [...gates.values()][released]!.resolve();
    }
    await bus.idle();
    expect(gates.size).toBe(10);
    expect(bus.stats()).toMatchObject({ delivered: 20, failed: 0 });
  });

  it('a paused plugin’s parked lanes work again after resume', async () => {
    const bus = testBus({ concurrency: 2, pluginConcurrency: 1, pauseAfterFailures: 1 });
    const gate = deferred();
    const seen: number[] = [];
    bus.subscribe('p', 'x', (event) => {
      seen.push(event.conversationId as number);
      if (event.conversationId === 1) return gate.promise;
      return undefined;
    });
    bus.publish(makeEvent('x', 1, 0)); // runs, holds the plugin's only slot
    bus.publish(makeEvent('x', 2, 1)); // parked
    bus.publish(makeEvent('x', 3, 2)); // parked
    expect(seen).toEqual([1]);
    gate.reject(new Error('down')); // pauses p: parked deliveries dropped
    await waitFor(() => bus.paused().length === 1, { what: 'pause' });
    await bus.idle();
    expect(bus.stats().skipped).toBe(2);
    bus.resume('p');
    bus.publish(makeEvent('x', 2, 3));
    bus.publish(makeEvent('x', 3, 4));
    await bus.idle();
    expect(seen).toEqual([1, 2, 3]);
  });
});
