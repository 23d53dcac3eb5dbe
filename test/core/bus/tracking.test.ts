import { afterEach, describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../../src/chatwoot/events.ts';
import { deferred, makeEvent, seqOf, stopAll, testBus } from './bus-helpers.ts';

afterEach(stopAll);

function recorder() {
  const settled: Array<[number, boolean]> = [];
  return { settled, onSettled: (event: AnyEvent, completed: boolean) => settled.push([seqOf(event), completed]) };
}

describe('bus: tracked events report when every plugin is done with them', () => {
  it('settles once, after the slowest plugin, and only for tracked events', async () => {
    const { settled, onSettled } = recorder();
    const bus = testBus({ onSettled });
    const slow = deferred();
    bus.subscribe('fast', 'x', () => {});
    bus.subscribe('slow', 'x', () => slow.promise);
    bus.publish(makeEvent('x', 1, 1), true);
    bus.publish(makeEvent('x', 1, 2));
    expect(settled).toEqual([]);
    slow.resolve();
    await bus.idle();
    expect(settled).toEqual([[1, true]]);
  });

  it('counts a sync handler, a throwing one, a timed-out one and a queued one', async () => {
    const { settled, onSettled } = recorder();
    const bus = testBus({ onSettled, handlerTimeoutMs: 50, pauseAfterFailures: 100 });
    bus.subscribe('sync', 'x', () => {});
    bus.subscribe('throws', 'x', () => {
      throw new Error('boom');
    });
    bus.subscribe('hangs', 'x', (event) => (seqOf(event) === 1 ? new Promise(() => {}) : undefined));
    for (let seq = 1; seq <= 3; seq += 1) bus.publish(makeEvent('x', 7, seq), true);
    await bus.idle();
    expect(settled).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('an event with no subscriber, or only paused ones, is settled at once', async () => {
    const { settled, onSettled } = recorder();
    const bus = testBus({ onSettled, pauseAfterFailures: 1 });
    bus.publish(makeEvent('nobody', 1, 1), true);
    bus.subscribe('bad', 'x', () => {
      throw new Error('boom');
    });
    bus.publish(makeEvent('x', 1, 2), true); // fails: paused
    bus.publish(makeEvent('x', 1, 3), true); // skipped
    await bus.idle();
    expect(settled).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('deliveries dropped by a pause count as done; dropped by stop() as not handled', async () => {
    const { settled, onSettled } = recorder();
    const bus = testBus({ onSettled, pauseAfterFailures: 1 });
    const gate = deferred();
    bus.subscribe('bad', 'x', async () => {
      await gate.promise;
      throw new Error('boom');
    });
    bus.publish(makeEvent('x', 1, 1), true); // running
    bus.publish(makeEvent('x', 1, 2), true); // queued, dropped by the pause
    gate.resolve();
    await bus.idle();
    expect(settled).toEqual([
      [1, true],
      [2, true],
    ]);

    const hold = deferred();
    bus.subscribe('good', 'y', () => hold.promise);
    bus.publish(makeEvent('y', 2, 3), true); // running until stop settles it
    bus.publish(makeEvent('y', 2, 4), true); // queued: dropped unrun by stop()
    const stopping = bus.stop();
    hold.resolve();
    await stopping;
    bus.publish(makeEvent('y', 2, 5), true); // after stop: never handled
    expect(settled.slice(2)).toEqual([
      [4, false],
      [3, true],
      [5, false],
    ]);
  });
});
