import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { deferred, flush, makeEvent, seqOf, stopAll, testBus, type Deferred } from './bus-helpers.ts';

afterEach(stopAll);

describe('bus backpressure', () => {
  it('returns false at the high-water mark and resolves drained() at the low-water mark; nothing dropped', async () => {
    const metrics = createMetrics();
    const bus = testBus({ concurrency: 1, highWater: 10, lowWater: 4, metrics });
    const gates: Deferred[] = [];
    const seen: number[] = [];
    bus.subscribe('p', 'x', (event) => {
      seen.push(seqOf(event));
      const gate = deferred();
      gates.push(gate);
      return gate.promise;
    });
    const results: boolean[] = [];
    for (let seq = 0; seq < 14; seq += 1) results.push(bus.publish(makeEvent('x', 1, seq)));
    // #0 runs; #1..#9 queue (9 < 10); from #10 on the queue is at or over the mark.
    expect(results).toEqual([...Array(10).fill(true), false, false, false, false]);
    expect(bus.stats().queued).toBe(13);

    let drained = false;
    void bus.drained().then(() => (drained = true));
    let released = 0;
    while (bus.stats().queued > 4) {
      await flush();
      expect(drained).toBe(false);
      gates[released]!.resolve();
      released += 1;
      await waitFor(() => seen.length === released + 1, { what: `call ${released + 1}` });
    }
    await waitFor(() => drained, { what: 'drained()' });
    expect(bus.stats().queued).toBe(4);
    expect(await bus.drained()).toBeUndefined(); // already under: resolves at once

    while (released < 14) {
      gates[released]!.resolve();
      released += 1;
      if (released < 14) await waitFor(() => seen.length === released + 1, { what: `call ${released + 1}` });
    }
    await bus.idle();
    expect(seen).toEqual([...Array(14).keys()]);
    expect((await metrics.busBackpressure.get()).values[0]?.value).toBe(1);
  });

  it('a reader that waits on drained() gets every event through, queue never above the mark', async () => {
    const highWater = 50;
    const bus = testBus({ concurrency: 4, highWater, lowWater: 10 });
    const seen = new Map<string, number[]>();
    let maxQueued = 0;
    const record = (plugin: string) => async (event: Parameters<Parameters<typeof bus.subscribe>[2]>[0]) => {
      await flush();
      const key = `${plugin}:${event.conversationId}`;
      const list = seen.get(key) ?? [];
      list.push(seqOf(event));
      seen.set(key, list);
    };
    bus.subscribe('a', 'x', record('a'));
    bus.subscribe('b', 'x', record('b'));
    let waits = 0;
    for (let seq = 0; seq < 500; seq += 1) {
      const ok = bus.publish(makeEvent('x', seq % 7, seq));
      maxQueued = Math.max(maxQueued, bus.stats().queued);
      if (!ok) {
        waits += 1;
        await bus.drained();
        expect(bus.stats().queued).toBeLessThanOrEqual(10);
      }
    }
    await bus.idle();
    expect(waits).toBeGreaterThan(0);
    expect(maxQueued).toBeLessThanOrEqual(highWater + 1); // one event reaches both plugins
    for (const plugin of ['a', 'b']) {
      for (let conversation = 0; conversation < 7; conversation += 1) {
        const expected = [...Array(500).keys()].filter((seq) => seq % 7 === conversation);
        expect(seen.get(`${plugin}:${conversation}`)).toEqual(expected);
      }
    }
    expect(bus.stats()).toMatchObject({ delivered: 1000, failed: 0, skipped: 0 });
  });

  it('rejects nonsense options', () => {
    expect(() => testBus({ concurrency: 0 })).toThrow(RangeError);
    expect(() => testBus({ highWater: 10, lowWater: 10 })).toThrow(/lowWater/);
    expect(() => testBus({ handlerTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => testBus({ pauseAfterFailures: 0 })).toThrow(RangeError);
  });
});
