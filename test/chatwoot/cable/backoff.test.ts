import { describe, expect, it } from 'vitest';
import { createBackoff } from '../../../src/chatwoot/cable/backoff.ts';
import { cableEndpoint } from '../../../src/chatwoot/cable/cable-url.ts';

describe('createBackoff', () => {
  it('doubles the ceiling up to the cap, with full jitter', () => {
    const top = createBackoff({ baseMs: 1000, capMs: 30_000, random: () => 0.999_999 });
    expect([1, 2, 3, 4, 5, 6, 7].map(() => top.next())).toEqual([999, 1999, 3999, 7999, 15_999, 29_999, 29_999]);
    const bottom = createBackoff({ random: () => 0 });
    expect(bottom.next()).toBe(0);
  });

  it('starts over after reset', () => {
    const backoff = createBackoff({ baseMs: 100, random: () => 0.5 });
    backoff.next();
    backoff.next();
    expect(backoff.attempt).toBe(2);
    backoff.reset();
    expect(backoff.next()).toBe(50);
  });
});

describe('cableEndpoint', () => {
  it('maps http→ws and https→wss and keeps a path prefix', () => {
    expect(cableEndpoint('https://chat.example.com')).toEqual({ url: 'wss://chat.example.com/cable', origin: 'https://chat.example.com' });
    expect(cableEndpoint('http://127.0.0.1:3000/')).toEqual({ url: 'ws://127.0.0.1:3000/cable', origin: 'http://127.0.0.1:3000' });
    expect(cableEndpoint('https://example.com/support/')).toEqual({ url: 'wss://example.com/support/cable', origin: 'https://example.com' });
  });
});
