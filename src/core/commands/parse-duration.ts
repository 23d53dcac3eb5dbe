const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, wk: 604_800, wks: 604_800, week: 604_800, weeks: 604_800,
};

/** Longer than any snooze or reminder needs; keeps `99999999w` from becoming a nonsense date. */
const MAX_DURATION_SECONDS = 366 * 86_400;

/** Shown next to a rejected duration. */
export const DURATION_HINT = 'try 90s, 30m, 2h, 1d, 1w, 1h30m or tomorrow';

/**
 * Parses a duration into whole seconds: `90s`, `30m`, `2h`, `1d`, `1w`, `1.5h`, `1h30m`, or
 * `tomorrow` (until 09:00 tomorrow, local time of `now`). A bare number is rejected (seconds or
 * minutes? too easy to get wrong). Returns undefined for anything else, zero, or more than a year.
 *
 * @example
 * parseDuration('1h30m'); // 5400
 * parseDuration('soon');  // undefined
 */
export function parseDuration(text: string, now: () => number = Date.now): number | undefined {
  const input = text.trim().toLowerCase();
  if (input === 'tomorrow') return secondsUntilTomorrowMorning(now());
  if (!/^(\d+(\.\d+)?[a-z]+)+$/.test(input)) return undefined;
  let total = 0;
  for (const [, amount, unit] of input.matchAll(/(\d+(?:\.\d+)?)([a-z]+)/g)) {
    const factor = UNIT_SECONDS[unit as string];
    if (factor === undefined) return undefined;
    total += Number(amount) * factor;
  }
  const seconds = Math.round(total);
  return seconds > 0 && seconds <= MAX_DURATION_SECONDS ? seconds : undefined;
}

function secondsUntilTomorrowMorning(nowMs: number): number {
  const target = new Date(nowMs);
  target.setDate(target.getDate() + 1);
  target.setHours(9, 0, 0, 0);
  return Math.round((target.getTime() - nowMs) / 1000);
}

/**
 * Short human form of a number of seconds: `90` → `1m 30s`, `93600` → `1d 2h`.
 *
 * @example
 * formatDuration(5400); // '1h 30m'
 */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [unit, size] of [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length ? parts.slice(0, 2).join(' ') : '0s';
}
