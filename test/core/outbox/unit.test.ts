import { describe, expect, it } from 'vitest';
import { ChatwootApiError } from '../../../src/chatwoot/rest/chatwoot-error.ts';
import { isPermanentError, PermanentError, retryAfterOf } from '../../../src/core/outbox/errors.ts';
import { retryDelay } from '../../../src/core/outbox/retry-policy.ts';
import { createTokenBucket } from '../../../src/core/outbox/token-bucket.ts';

describe('token bucket', () => {
  it('grants a burst, then one token per interval', () => {
    const bucket = createTokenBucket({ perSecond: 1, burst: 2 }, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(1000);
    expect(bucket.take(400)).toBe(600);
    expect(bucket.take(1000)).toBe(0);
    expect(bucket.take(1000)).toBe(1000);
    expect(bucket.isFull(1000)).toBe(false);
    expect(bucket.isFull(10_000)).toBe(true);
    // Refill is capped at the burst.
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([0, 0, 1000]);
  });

  it('handles fractional rates: never faster than the rate, at most 1 ms late per token', () => {
    const bucket = createTokenBucket({ perSecond: 3, burst: 1 }, 0);
    let at = 0;
    const grants: number[] = [];
    while (grants.length < 4) {
      const wait = bucket.take(at);
      if (wait === 0) grants.push(at);
      else at += wait;
    }
    // Waits are whole ms and a full bucket (burst 1) cannot bank the remainder.
    expect(grants).toEqual([0, 334, 668, 1002]);
  });

  it('rejects a non-positive rate', () => {
    expect(() => createTokenBucket({ perSecond: 0, burst: 1 }, 0)).toThrow(/perSecond/);
  });
});

describe('retry policy', () => {
  it('is full-jitter exponential backoff, capped', () => {
    const policy = { baseMs: 1000, capMs: 5000 };
    expect(retryDelay(1, policy, () => 0.5, new Error('x'))).toBe(500);
    expect(retryDelay(2, policy, () => 0.5, new Error('x'))).toBe(1000);
    expect(retryDelay(3, policy, () => 0.5, new Error('x'))).toBe(2000);
    expect(retryDelay(10, policy, () => 0.5, new Error('x'))).toBe(2500);
    expect(retryDelay(10, policy, () => 0.999, new Error('x'))).toBe(4995);
    expect(retryDelay(1, policy, () => 0, new Error('x'))).toBe(0);
  });

  it('waits at least Retry-After, plus at most 10 % (≤ 1 s) of jitter', () => {
    const policy = { baseMs: 1000, capMs: 5000 };
    const limited = new ChatwootApiError({ kind: 'rate_limited', method: 'POST', path: '/x', status: 429, retryAfterMs: 7000 });
    expect(retryDelay(1, policy, () => 0, limited)).toBe(7000);
    expect(retryDelay(1, policy, () => 0.5, limited)).toBe(7350);
    expect(retryDelay(9, policy, () => 1, { retryAfterMs: 60_000 })).toBe(61_000);
    expect(retryDelay(1, policy, () => 0.5, { retryAfterMs: 100 })).toBe(105);
  });

  it('classifies errors', () => {
    expect(isPermanentError(new PermanentError('no'))).toBe(true);
    expect(isPermanentError(new ChatwootApiError({ kind: 'unprocessable', method: 'POST', path: '/x', status: 422 }))).toBe(true);
    expect(isPermanentError(new ChatwootApiError({ kind: 'server', method: 'POST', path: '/x', status: 503 }))).toBe(false);
    expect(isPermanentError(new Error('boom'))).toBe(false);
    expect(retryAfterOf({ retryAfterMs: 2000 })).toBe(2000);
    expect(retryAfterOf({ retryAfterMs: -1 })).toBeUndefined();
    expect(retryAfterOf('nope')).toBeUndefined();
  });
});
