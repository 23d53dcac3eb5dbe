import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/core/commands/parse-duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['30m', 1800],
    ['2h', 7200],
    ['1d', 86_400],
    ['1w', 604_800],
    ['1h30m', 5400],
    ['1.5h', 5400],
    ['45min', 2700],
    ['2Hours', 7200],
    ['3days', 259_200],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'soon', '42', '0m', '-1h', '5x', 'h', '1h 30m', '2h!', '53w', '1e3s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('reads tomorrow as the time until 09:00 local time the next day', () => {
    const now = new Date(2025, 0, 15, 17, 30, 0).getTime();
    const seconds = parseDuration('Tomorrow', () => now) as number;
    const target = new Date(now + seconds * 1000);
    expect([target.getFullYear(), target.getMonth(), target.getDate(), target.getHours(), target.getMinutes()]).toEqual([2025, 0, 16, 9, 0]);
    // Just after midnight, "tomorrow" is still the next calendar day, not a few hours away.
    const early = new Date(2025, 0, 15, 0, 5, 0).getTime();
    expect(new Date(early + (parseDuration('tomorrow', () => early) as number) * 1000).getDate()).toBe(16);
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(90)).toBe('1m 30s');
    expect(formatDuration(7200)).toBe('2h');
    expect(formatDuration(93_600 + 61)).toBe('1d 2h');
    expect(formatDuration(0)).toBe('0s');
  });
});
