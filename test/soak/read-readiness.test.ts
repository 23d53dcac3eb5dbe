import { describe, expect, it } from 'vitest';
import { isQuiet, parseReadiness } from './read-readiness.ts';

describe('parseReadiness / isQuiet', () => {
  const today = { ready: true, cable: 'subscribed', pausedPlugins: [], outboxPending: 0, outboxFailures: 0, bus: { queued: 0, running: 0, extra: 1 }, lastCatchUp: { at: 2_000, messages: 3 } };

  it('reads the counters at the top level or under details, ignoring fields it does not know', () => {
    const top = parseReadiness({ ...today, somethingNew: { a: 1 } });
    expect(top).toEqual({ ready: true, cable: 'subscribed', outboxPending: 0, busQueued: 0, busRunning: 0, lastCatchUp: { at: 2_000, messages: 3 } });
    const { ready, ...details } = today;
    expect(parseReadiness({ ready, details: { ...details, reconciling: 0 } })).toEqual(top);
  });

  it('is quiet only with nothing pending and a clean catch-up pass begun after the given moment', () => {
    expect(isQuiet(parseReadiness(today)!, 1_999)).toBe(true);
    expect(isQuiet(parseReadiness(today)!, 2_000)).toBe(false);
    expect(isQuiet(parseReadiness({ ...today, outboxPending: 1 })!, 0)).toBe(false);
    expect(isQuiet(parseReadiness({ ...today, bus: { queued: 0, running: 1 } })!, 0)).toBe(false);
    expect(isQuiet(parseReadiness({ ...today, lastCatchUp: { at: 2_000, messages: 0, error: 'HTTP 429' } })!, 0)).toBe(false);
    expect(isQuiet(parseReadiness({ ...today, lastCatchUp: undefined })!, 0)).toBe(false);
    // A counter that disappears is not read as zero.
    expect(isQuiet(parseReadiness({ ...today, outboxPending: undefined })!, 0)).toBe(false);
  });
});
