import { z } from 'zod';
import { BUS_DEFAULTS } from '../core/bus/resolve-options.ts';
import { DEFAULT_LEASE_TTL_MS } from '../core/lease/create-lease.ts';
import { DEFAULT_REORDER_WINDOW_MS } from '../core/ledger/delivery-log.ts';
import { DEFAULT_RETRY_FOR_MS } from '../core/outbox/retry-policy.ts';
import type { Plugin } from '../core/plugins/plugin.ts';
import { DEFAULT_BACKOFF_CAP_MS } from '../chatwoot/cable/backoff.ts';
import { CABLE_DEFAULTS } from '../chatwoot/cable/cable-client.ts';
import type { SwitchboardConfig } from './define-config.ts';
import type { SandboxScene } from './sandbox-scene.ts';

/** The configuration with every default filled in: what the runtime reads (never `?? default`). */
export interface ResolvedConfig {
  plugins: Array<Plugin | string>;
  settings: Record<string, unknown>;
  runtime: Required<NonNullable<SwitchboardConfig['runtime']>>;
  webhook: Required<NonNullable<SwitchboardConfig['webhook']>>;
  sandbox: Required<NonNullable<SwitchboardConfig['sandbox']>>;
  cable: Required<NonNullable<SwitchboardConfig['cable']>>;
}

/** The runtime's periodic catch-up sweep (`runtime.sweepMs`); the only default no component owns. */
const DEFAULT_SWEEP_MS = 5 * 60_000;

const got = (input: unknown) => {
  const shown = typeof input === 'number' || typeof input === 'boolean' ? String(input) : JSON.stringify(input);
  return ` (got ${shown === undefined ? typeof input : shown.length > 60 ? `${shown.slice(0, 60)}…` : shown})`;
};
const fail = (what: string) => ({ error: (issue: { input?: unknown }) => `must be ${what}${got(issue.input)}` });
const wholeAtLeast = (min: number, what = `a whole number ≥ ${min}`) => z.number(fail(what)).int(fail(what)).min(min, fail(what));
/** A whole number ≥ `min`, or `Infinity` (which switches the limit off). */
const limit = (min: number, what: string) =>
  z.custom<number>((value) => typeof value === 'number' && (value === Infinity || (Number.isInteger(value) && value >= min)), fail(what));
const isScene = (value: unknown) =>
  typeof value === 'object' && value !== null && typeof (value as SandboxScene).name === 'string' && typeof (value as SandboxScene).start === 'function';
const pluginList = z.array(z.custom<Plugin | string>(() => true), fail('a list of plugins (plugin objects or module paths)'));

/**
 * `SwitchboardConfig` checked, with its defaults — the one place they are written down. A value of
 * the wrong type, out of range, or a key Switchboard does not know (a typo) is a problem naming the
 * field; `0` is taken as given where it means something (`sweepMs: 0` switches the sweep off) and
 * refused where it does not (`concurrency: 0`), never silently replaced by the default.
 */
export const configSchema: z.ZodType<ResolvedConfig, SwitchboardConfig> = z.strictObject({
  plugins: pluginList.default([]),
  settings: z.record(z.string(), z.unknown(), fail('an object of plugin settings by plugin name')).default({}),
  runtime: z
    .strictObject({
      concurrency: wholeAtLeast(1).default(BUS_DEFAULTS.concurrency),
      handlerTimeoutMs: limit(1, 'a whole number of milliseconds ≥ 1, or Infinity').default(BUS_DEFAULTS.handlerTimeoutMs),
      pauseAfterFailures: limit(1, 'a whole number ≥ 1, or Infinity (never pause)').default(BUS_DEFAULTS.pauseAfterFailures),
      sweepMs: wholeAtLeast(0, 'a whole number of milliseconds (0 switches the sweep off)').default(DEFAULT_SWEEP_MS),
      reorderWindowMs: wholeAtLeast(0, 'a whole number of milliseconds ≥ 0').default(DEFAULT_REORDER_WINDOW_MS),
      retryForMs: wholeAtLeast(0, 'a whole number of milliseconds ≥ 0').default(DEFAULT_RETRY_FOR_MS),
      readyRequiresPlugins: z.union([z.boolean(), z.array(z.string())], fail('true, false or a list of plugin names')).default(false),
      // Validity ends max(500 ms, ttl/5) before expiry: a shorter lease could never be held.
      leaseTtlMs: wholeAtLeast(1_000, 'a whole number of milliseconds ≥ 1000').default(DEFAULT_LEASE_TTL_MS),
    })
    .prefault({}),
  webhook: z.strictObject({ allowUnsigned: z.boolean(fail('true or false')).default(false) }).prefault({}),
  sandbox: z
    .strictObject({
      plugins: pluginList.default([]),
      customers: z.boolean(fail('true or false')).default(true),
      scenes: z.array(z.custom<SandboxScene>(isScene, fail('a scene ({ name, description, start })')), fail('a list of scenes')).default([]),
    })
    .prefault({}),
  cable: z
    .strictObject({
      confirmTimeoutMs: wholeAtLeast(1, 'a whole number of milliseconds ≥ 1').default(CABLE_DEFAULTS.confirmTimeoutMs),
      staleAfterMs: wholeAtLeast(1, 'a whole number of milliseconds ≥ 1').default(CABLE_DEFAULTS.staleAfterMs),
      backoffCapMs: wholeAtLeast(1, 'a whole number of milliseconds ≥ 1').default(DEFAULT_BACKOFF_CAP_MS),
      profileRefreshMs: wholeAtLeast(0, 'a whole number of milliseconds (0 never re-reads the profile)').default(CABLE_DEFAULTS.profileRefreshMs),
    })
    .prefault({}),
}, fail('an object: `export default defineConfig({ … })`'));
