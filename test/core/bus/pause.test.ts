import { afterEach, describe, expect, it } from 'vitest';
import { createBus } from '../../../src/core/bus/create-bus.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { deferred, makeEvent, seqOf, stopAll, testBus } from './bus-helpers.ts';

afterEach(stopAll);

describe('bus pause after consecutive failures', () => {
  it('pauses a plugin after N failures in a row, drops its queued and later deliveries, and says so once', async () => {
    const { log, lines } = captureLog();
    const metrics = createMetrics();
    const pauses: Array<[string, string]> = [];
    const bus = createBus({ log, metrics, pauseAfterFailures: 3, onPause: (plugin, reason) => pauses.push([plugin, reason]) });
    const gate = deferred();
    let calls = 0;
    const others: number[] = [];
    bus.subscribe('bad', 'x', async () => {
      calls += 1;
      await gate.promise;
      throw new Error('always fails');
    });
    bus.subscribe('good', 'x', (event) => {
      others.push(seqOf(event));
    });
    for (let seq = 0; seq < 6; seq += 1) bus.publish(makeEvent('x', 1, seq)); // 1 running + 5 queued for "bad"
    gate.resolve();
    await waitFor(() => bus.paused().length === 1, { what: 'pause' });
    await bus.idle();

    expect(bus.paused()).toEqual(['bad']);
    expect(calls).toBe(3);
    expect(bus.stats()).toMatchObject({ failed: 3, skipped: 3, queued: 0 });
    expect(pauses).toEqual([['bad', 'plugin "bad" paused after 3 consecutive failures; fix it and restart (or resume)']]);

    for (let seq = 6; seq < 10; seq += 1) bus.publish(makeEvent('x', 2, seq));
    await bus.idle();
    expect(calls).toBe(3);
    expect(bus.stats().skipped).toBe(7);
    expect(others).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // the other plugin never noticed

    const pauseLines = lines.filter((line) => String(line['msg']).includes('paused after'));
    expect(pauseLines).toHaveLength(1);
    expect(pauseLines[0]).toMatchObject({ level: 50, plugin: 'bad', msg: 'plugin "bad" paused after 3 consecutive failures; fix it and restart (or resume)' });
    expect((await metrics.pausedDeliveriesDropped.get()).values).toEqual([expect.objectContaining({ labels: { plugin: 'bad' }, value: 7 })]);
    expect((await metrics.pluginPaused.get()).values).toEqual([expect.objectContaining({ labels: { plugin: 'bad' }, value: 1 })]);
    await bus.stop();
  });

  it('a success in between resets the count', async () => {
    const bus = testBus({ pauseAfterFailures: 3 });
    bus.subscribe('flaky', 'x', (event) => {
      if (seqOf(event) % 3 !== 2) throw new Error('flaky');
    });
    // fail, fail, ok, fail, fail, ok, …: never three in a row.
    for (let seq = 0; seq < 12; seq += 1) bus.publish(makeEvent('x', 1, seq));
    await bus.idle();
    expect(bus.paused()).toEqual([]);
    expect(bus.stats()).toMatchObject({ delivered: 12, failed: 8 });
    bus.publish(makeEvent('x', 1, 12));
    bus.publish(makeEvent('x', 1, 13));
    bus.publish(makeEvent('x', 1, 15));
    await bus.idle();
    expect(bus.paused()).toEqual(['flaky']);
  });

  it('counts timeouts as failures', async () => {
    const bus = testBus({ pauseAfterFailures: 2, handlerTimeoutMs: 20 });
    bus.subscribe('hanger', 'x', () => new Promise(() => {}));
    bus.publish(makeEvent('x', 1, 0));
    bus.publish(makeEvent('x', 2, 1));
    await waitFor(() => bus.paused().includes('hanger'), { what: 'pause after two timeouts' });
    expect(bus.stats()).toMatchObject({ timedOut: 2, failed: 2 });
  });

  it('resume un-pauses and resets the count', async () => {
    const metrics = createMetrics();
    const bus = testBus({ pauseAfterFailures: 2, metrics });
    let fail = true;
    const seen: number[] = [];
    bus.subscribe('p', 'x', (event) => {
      seen.push(seqOf(event));
      if (fail) throw new Error('down');
    });
    bus.publish(makeEvent('x', 1, 0));
    bus.publish(makeEvent('x', 1, 1));
    expect(bus.paused()).toEqual(['p']);
    bus.publish(makeEvent('x', 1, 2)); // skipped
    bus.resume('p');
    expect(bus.paused()).toEqual([]);
    expect((await metrics.pluginPaused.get()).values).toEqual([expect.objectContaining({ labels: { plugin: 'p' }, value: 0 })]);

    bus.publish(makeEvent('x', 1, 3)); // one failure after resume: not paused (count was reset)
    expect(bus.paused()).toEqual([]);
    fail = false;
    bus.publish(makeEvent('x', 1, 4));
    await bus.idle();
    expect(seen).toEqual([0, 1, 3, 4]);
    bus.resume('no-such-plugin'); // harmless
  });

  it('survives an onPause callback that throws', async () => {
    const bus = testBus({
      pauseAfterFailures: 1,
      onPause: () => {
        throw new Error('reporter broke');
      },
    });
    bus.subscribe('p', 'x', () => {
      throw new Error('down');
    });
    expect(() => bus.publish(makeEvent('x', 1, 0))).not.toThrow();
    expect(bus.paused()).toEqual(['p']);
  });
});
