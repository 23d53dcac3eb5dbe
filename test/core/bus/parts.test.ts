import { afterEach, describe, expect, it } from 'vitest';
import { clearLane, createLane, laneSize, pushDelivery, runNext } from '../../../src/core/bus/lane-queue.ts';
import { createPluginState, laneFor } from '../../../src/core/bus/plugin-state.ts';
import { createReadyQueue, markReady, takeReady } from '../../../src/core/bus/ready-queue.ts';
import { createRouteTable } from '../../../src/core/bus/route-table.ts';
import { createTimeoutRunner, type TimedCall } from '../../../src/core/bus/timeout-runner.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { makeEvent, seqOf } from './bus-helpers.ts';

interface Call extends TimedCall {
  id: number;
}
const call = (id: number): Call => ({ id, deadline: 0, prev: null, next: null });

describe('lane queue', () => {
  it('is FIFO across wrap-arounds and growth, and gives a burst’s memory back once empty', () => {
    const lane = createLane(createPluginState('p'), 1);
    const handler = () => undefined;
    const out: number[] = [];
    const take = () => runNext(lane, (_lane, event) => out.push(seqOf(event)));
    let next = 0;
    // Interleave so the ring wraps many times while it grows.
    for (let i = 0; i < 5_000; i += 1) {
      pushDelivery(lane, makeEvent('x', 1, next++), handler);
      pushDelivery(lane, makeEvent('x', 1, next++), handler);
      take();
    }
    expect(laneSize(lane)).toBe(5_000);
    expect(lane.events.length).toBe(8_192); // a power of two, not one slot per delivery ever made
    while (laneSize(lane) > 0) take();
    expect(out).toEqual([...Array(10_000).keys()]);
    expect(lane.events.length).toBe(0);

    for (let i = 0; i < 6; i += 1) pushDelivery(lane, makeEvent('x', 1, i), handler);
    for (let i = 0; i < 4; i += 1) take();
    for (let i = 6; i < 12; i += 1) pushDelivery(lane, makeEvent('x', 1, i), handler); // wraps within 8
    expect(lane.events.length).toBe(8);
    expect(clearLane(lane)).toBe(8);
    expect(laneSize(lane)).toBe(0);
  });
});

describe('ready queue', () => {
  it('serves lanes in order and never holds one twice', () => {
    const plugin = createPluginState('p');
    const [a, b] = [createLane(plugin, 1), createLane(plugin, 2)];
    const ready = createReadyQueue();
    markReady(ready, a);
    markReady(ready, b);
    markReady(ready, a);
    expect(takeReady(ready)).toBe(a);
    markReady(ready, a);
    expect(takeReady(ready)).toBe(b);
    expect(takeReady(ready)).toBe(a);
    expect(takeReady(ready)).toBeNull();
  });
});

describe('plugin lanes', () => {
  it('reuses a lane per conversation and sweeps idle ones when they pile up', () => {
    const plugin = createPluginState('p');
    expect(laneFor(plugin, 7)).toBe(laneFor(plugin, 7));
    const busy = laneFor(plugin, null);
    busy.active = true;
    for (let conversation = 0; conversation < 3_000; conversation += 1) laneFor(plugin, conversation);
    expect(plugin.lanes.size).toBeLessThan(1_100);
    expect(plugin.lanes.get(null)).toBe(busy); // a lane in use is never swept
  });
});

describe('route table', () => {
  it("orders routes by plugin, then subscription, and recomputes after subscribe", () => {
    const table = createRouteTable();
    const h1 = () => 1;
    const h2 = () => 2;
    const h3 = () => 3;
    table.subscribe('a', 'x', h1);
    table.subscribe('b', '*', h2);
    table.subscribe('a', '*', h3);
    expect(table.routesFor('x').map((route) => [route.plugin.name, route.handler])).toEqual([
      ['a', h1],
      ['a', h3],
      ['b', h2],
    ]);
    expect(table.routesFor('y').map((route) => route.handler)).toEqual([h3, h2]);
    expect(table.routesFor('x')).toBe(table.routesFor('x')); // memoized
    table.subscribe('c', 'y', h1);
    expect(table.routesFor('y').map((route) => route.plugin.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('timeout runner', () => {
  let runner: ReturnType<typeof createTimeoutRunner<Call>> | undefined;
  afterEach(() => {
    runner = undefined;
  });

  it('times out calls in start order with one timer, and forgets finished ones', async () => {
    const expired: number[] = [];
    runner = createTimeoutRunner<Call>({ timeoutMs: 20, onTimeout: (c) => expired.push(c.id) });
    const calls = [call(1), call(2), call(3), call(4)];
    for (const c of calls) runner.start(c);
    runner.finish(calls[1]!); // middle
    runner.finish(calls[0]!); // head
    expect(runner.size()).toBe(2);
    await waitFor(() => expired.length === 2, { what: 'timeouts' });
    expect(expired).toEqual([3, 4]);
    expect(runner.size()).toBe(0);
    runner.finish(calls[2]!); // already expired: no-op
    expect(runner.size()).toBe(0);
  });

  it('re-arms for calls started while expiring (fake clock)', async () => {
    let clock = 0;
    const expired: number[] = [];
    const r = createTimeoutRunner<Call>({
      timeoutMs: 10,
      now: () => clock,
      onTimeout: (c) => {
        expired.push(c.id);
        if (c.id === 1) r.start(call(2));
      },
    });
    r.start(call(1));
    clock = 10;
    await waitFor(() => expired.length === 1, { what: 'first timeout' });
    clock = 20;
    await waitFor(() => expired.length === 2, { what: 'second timeout' });
    expect(expired).toEqual([1, 2]);
  });

  it('does nothing when disabled (Infinity)', () => {
    const r = createTimeoutRunner<Call>({ timeoutMs: Infinity, onTimeout: () => {} });
    r.start(call(1));
    expect(r.size()).toBe(0);
  });
});
