import { afterEach, describe, expect, it } from 'vitest';
import { createBus } from '../../../src/core/bus/create-bus.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { deferred, flush, makeEvent, stopAll, testBus } from './bus-helpers.ts';

afterEach(stopAll);

describe('bus idle() and stop()', () => {
  it('idle() resolves at once when nothing is queued or running', async () => {
    const bus = testBus();
    await expect(bus.idle()).resolves.toBeUndefined();
  });

  it('idle() waits for queued and running calls', async () => {
    const bus = testBus({ concurrency: 1 });
    const gates = [deferred(), deferred()];
    let n = 0;
    bus.subscribe('p', 'x', () => gates[n++]!.promise);
    bus.publish(makeEvent('x', 1, 0));
    bus.publish(makeEvent('x', 2, 1));
    let idle = false;
    void bus.idle().then(() => (idle = true));
    gates[0]!.resolve();
    await waitFor(() => n === 2, { what: 'second call' });
    await flush();
    expect(idle).toBe(false);
    gates[1]!.resolve();
    await waitFor(() => idle, { what: 'idle' });
    expect(bus.stats()).toMatchObject({ queued: 0, running: 0, delivered: 2 });
  });

  it('idle() waits for a hanging call only until its timeout', async () => {
    const bus = testBus({ handlerTimeoutMs: 25 });
    bus.subscribe('p', 'x', () => new Promise(() => {}));
    bus.publish(makeEvent('x', 1, 0));
    await bus.idle();
    expect(bus.stats()).toMatchObject({ running: 0, timedOut: 1 });
  });

  it('stop() aborts running signals, discards queued deliveries, waits for running calls, ignores later publishes (logged once)', async () => {
    const { log, lines } = captureLog();
    const bus = createBus({ log, handlerTimeoutMs: 5_000 });
    const signals: AbortSignal[] = [];
    let calls = 0;
    let finished = false;
    bus.subscribe('p', 'x', (_event, signal) => {
      calls += 1;
      signals.push(signal);
      // A well-behaved handler: stops when told to.
      return new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => {
          finished = true;
          resolve();
        }),
      );
    });
    bus.publish(makeEvent('x', 1, 0));
    bus.publish(makeEvent('x', 1, 1)); // queued behind #0
    expect(bus.stats()).toMatchObject({ running: 1, queued: 1 });

    await bus.stop();
    expect(finished).toBe(true);
    expect(signals[0]!.aborted).toBe(true);
    expect(calls).toBe(1);
    expect(bus.stats()).toMatchObject({ running: 0, queued: 0, skipped: 1, failed: 0 });

    expect(bus.publish(makeEvent('x', 1, 2))).toBe(true);
    expect(bus.publish(makeEvent('x', 1, 3))).toBe(true);
    await flush();
    expect(calls).toBe(1);
    const ignored = lines.filter((line) => String(line['msg']).includes('stopped: ignoring'));
    expect(ignored).toHaveLength(1);
    await expect(bus.drained()).resolves.toBeUndefined();
    await expect(bus.idle()).resolves.toBeUndefined();
    await bus.stop(); // twice is fine
  });

  it('stop() still returns when a handler ignores its signal: after the timeout', async () => {
    const bus = testBus({ handlerTimeoutMs: 30 });
    bus.subscribe('p', 'x', () => new Promise(() => {}));
    bus.publish(makeEvent('x', 1, 0));
    await bus.stop();
    expect(bus.stats()).toMatchObject({ running: 0, timedOut: 1 });
  });

  it('stop() releases a reader waiting on drained()', async () => {
    const bus = testBus({ concurrency: 1, highWater: 2, lowWater: 0 });
    const gate = deferred();
    bus.subscribe('p', 'x', (_event, signal) => {
      signal.addEventListener('abort', () => gate.resolve());
      return gate.promise;
    });
    for (let seq = 0; seq < 4; seq += 1) bus.publish(makeEvent('x', 1, seq));
    let drained = false;
    void bus.drained().then(() => (drained = true));
    await flush();
    expect(drained).toBe(false);
    await bus.stop();
    await waitFor(() => drained, { what: 'drained after stop' });
  });
});
