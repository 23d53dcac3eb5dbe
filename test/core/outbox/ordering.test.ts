import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/wait-for.ts';
import { createFakeClock } from './fake-clock.ts';
import { createHarness } from './harness.ts';

const harness = createHarness();
afterEach(() => harness.cleanup());

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('outbox ordering', () => {
  it('keeps FIFO order per destination while destinations interleave', async () => {
    const { outbox } = harness.outbox();
    const seen = new Map<string, number[]>();
    const global: string[] = [];
    const inFlightPer = new Map<string, number>();
    let inFlight = 0;
    let maxInFlight = 0;
    let overlapInLane = false;
    outbox.register<{ n: number }, void>('test.op', {
      async execute(entry) {
        const lane = entry.destination;
        if ((inFlightPer.get(lane) ?? 0) > 0) overlapInLane = true;
        inFlightPer.set(lane, (inFlightPer.get(lane) ?? 0) + 1);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        global.push(lane);
        // Random short work, so lanes finish at different times.
        await tick(Math.floor(Math.random() * 4));
        seen.set(lane, [...(seen.get(lane) ?? []), entry.payload.n]);
        inFlightPer.set(lane, (inFlightPer.get(lane) ?? 1) - 1);
        inFlight -= 1;
      },
    });
    await outbox.start();

    const destinations = ['slack:A', 'slack:B', 'chatwoot:1'];
    const enqueues = [];
    for (let n = 0; n < 20; n += 1) {
      for (const destination of destinations) enqueues.push(outbox.enqueue({ kind: 'test.op', destination, payload: { n } }));
    }
    const delivered = await Promise.all(enqueues);
    await Promise.all(delivered.map((d) => d.delivered));
    await outbox.idle();

    const expected = Array.from({ length: 20 }, (_, n) => n);
    for (const destination of destinations) expect(seen.get(destination)).toEqual(expected);
    expect(overlapInLane).toBe(false);
    expect(maxInFlight).toBeGreaterThan(1);
    // Interleaved: not all of one destination before the next starts.
    expect(global.slice(0, 20)).not.toEqual(Array(20).fill(global[0]));
    expect(new Set(global.slice(0, 6)).size).toBeGreaterThan(1);
    expect(outbox.pending()).toBe(0);
  });

  it('bounds total concurrency', async () => {
    const { outbox } = harness.outbox({ concurrency: 2 });
    let inFlight = 0;
    let maxInFlight = 0;
    const done: string[] = [];
    outbox.register('test.op', {
      async execute(entry) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await tick(1);
        inFlight -= 1;
        done.push(entry.destination);
      },
    });
    await outbox.start();
    for (let i = 0; i < 10; i += 1) await outbox.enqueue({ kind: 'test.op', destination: `d:${i % 5}`, payload: i });
    await outbox.idle();
    expect(done).toHaveLength(10);
    expect(maxInFlight).toBe(2);
  });

  it('a retrying entry holds back its destination but not the others', async () => {
    const clock = createFakeClock();
    const { outbox } = harness.outbox({ now: clock.now, timers: clock.timers, backoff: { baseMs: 1000, capMs: 1000 }, random: () => 1 });
    const order: string[] = [];
    let failedOnce = false;
    outbox.register<string, void>('test.op', {
      async execute(entry) {
        if (entry.payload === 'a1' && !failedOnce) {
          failedOnce = true;
          throw new Error('flaky');
        }
        order.push(entry.payload);
      },
    });
    await outbox.start();
    await outbox.enqueue({ kind: 'test.op', destination: 'a', payload: 'a1' });
    await outbox.enqueue({ kind: 'test.op', destination: 'a', payload: 'a2' });
    await outbox.enqueue({ kind: 'test.op', destination: 'b', payload: 'b1' });
    await waitFor(() => order.includes('b1') && clock.pending() === 1, { what: 'b1 delivered while a1 waits' });
    expect(order).toEqual(['b1']);
    expect(clock.nextAt()).toBe(1000);
    clock.runNext();
    await outbox.idle();
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });
});
