import type { BusOptions } from './types.ts';

export interface ResolvedBusOptions {
  concurrency: number;
  pluginConcurrency: number;
  highWater: number;
  lowWater: number;
  timeoutMs: number;
  pauseAfter: number;
}

/** The bus's defaults for what the config can set (`runtime.concurrency`, …). */
export const BUS_DEFAULTS = { concurrency: 32, handlerTimeoutMs: 30_000, pauseAfterFailures: 5 } as const;

/**
 * The bus's limits with defaults filled in; a nonsensical value throws a RangeError at startup
 * rather than misbehaving under load.
 *
 * @example
 * resolveBusOptions({ log, concurrency: 8 }); // → { concurrency: 8, pluginConcurrency: 4, highWater: 10_000, … }
 */
export function resolveBusOptions(options: BusOptions): ResolvedBusOptions {
  const concurrency = atLeast(options.concurrency ?? BUS_DEFAULTS.concurrency, 1, 'concurrency');
  const pluginConcurrency = atLeast(options.pluginConcurrency ?? Math.ceil(concurrency / 2), 1, 'pluginConcurrency');
  const highWater = atLeast(options.highWater ?? 10_000, 1, 'highWater');
  const lowWater = atLeast(options.lowWater ?? Math.floor(highWater / 2), 0, 'lowWater');
  if (lowWater >= highWater) throw new RangeError(`bus lowWater (${lowWater}) must be below highWater (${highWater})`);
  const timeoutMs = options.handlerTimeoutMs ?? BUS_DEFAULTS.handlerTimeoutMs;
  if (!(timeoutMs > 0)) throw new RangeError(`bus handlerTimeoutMs must be positive (Infinity disables it), got ${timeoutMs}`);
  const pauseAfter = options.pauseAfterFailures ?? BUS_DEFAULTS.pauseAfterFailures;
  if (!(pauseAfter >= 1)) throw new RangeError(`bus pauseAfterFailures must be at least 1 (Infinity never pauses), got ${pauseAfter}`);
  return { concurrency, pluginConcurrency, highWater, lowWater, timeoutMs, pauseAfter };
}

function atLeast(value: number, min: number, name: string): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`bus ${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}
