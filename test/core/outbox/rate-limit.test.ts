import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/wait-for.ts';
import { createFakeClock } from './fake-clock.ts';
import { createHarness } from './harness.ts';

const harness = createHarness();
afterEach(() => harness.cleanup());

describe('outbox rate limit', () => {
  it('lets a burst through, then one per second per destination, dropping nothing', async () => {
    const clock = createFakeClock();
    const { outbox } = harness.outbox({ now: clock.now, timers: clock.timers });
    const sent: Array<[string, number, number]> = [];
    outbox.register<number, void>('slack.post', {
      rateLimit: { perSecond: 1, burst: 2 },
      async execute(entry) {
        sent.push([entry.destination, entry.payload, clock.now()]);
      },
    });
    await outbox.start();
    for (let n = 0; n < 5; n += 1) await outbox.enqueue({ kind: 'slack.post', destination: 'slack:C1', payload: n });

    await waitFor(() => sent.length === 2 && clock.pending() === 1, { what: 'the burst, then a wait for a token' });
    expect(clock.nextAt()).toBe(1000);

    // Another channel has its own bucket.
    await outbox.enqueue({ kind: 'slack.post', destination: 'slack:C2', payload: 100 });
    await waitFor(() => sent.length === 3, { what: 'the other channel' });
    expect(sent[2]).toEqual(['slack:C2', 100, 0]);

    clock.advance(999);
    expect(sent).toHaveLength(3);
    for (let i = 0; i < 3; i += 1) {
      await waitFor(() => clock.pending() === 1, { what: 'the next token wait' });
      clock.runNext();
    }
    await outbox.idle();
    expect(sent.filter(([d]) => d === 'slack:C1')).toEqual([
      ['slack:C1', 0, 0],
      ['slack:C1', 1, 0],
      ['slack:C1', 2, 1000],
      ['slack:C1', 3, 2000],
      ['slack:C1', 4, 3000],
    ]);
  });

  it('spends a token on every attempt, retries included', async () => {
    const clock = createFakeClock();
    const { outbox } = harness.outbox({ now: clock.now, timers: clock.timers, random: () => 0 });
    const at: number[] = [];
    outbox.register('slack.post', {
      rateLimit: { perSecond: 2, burst: 1 },
      async execute() {
        at.push(clock.now());
        if (at.length === 1) throw new Error('flaky');
      },
    });
    await outbox.start();
    await outbox.enqueue({ kind: 'slack.post', destination: 'slack:C1', payload: 1 });
    // The retry is due at once (jitter 0) but waits for a token.
    await waitFor(() => at.length === 1 && clock.pending() === 1, { what: 'a token wait after the failure' });
    expect(clock.nextAt()).toBe(500);
    clock.runNext();
    await outbox.idle();
    expect(at).toEqual([0, 500]);
  });
});
