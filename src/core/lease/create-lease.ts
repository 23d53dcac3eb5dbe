import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../observability/logger.ts';

/** The few commands the lease needs from a node-redis client (the store's own connection). */
export interface LeaseRedis {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

export interface Lease {
  /** Starts trying to hold the lease (and renewing it once held); resolves after the first try. */
  start(): Promise<void>;
  /** Stops renewing and, if held, releases it at once so a standby takes over without waiting. */
  stop(): Promise<void>;
  /** Held and still valid by this process's own monotonic clock — check it right before acting. */
  held(): boolean;
  /** The fencing token of the current holding (grows with every new holder), if held. */
  token(): number | undefined;
  /** `<instance>:<token>`: the value stored under the key while this instance holds it. */
  value(): string | undefined;
  /** Who holds the lease now, as stored in Redis (`<instance>:<token>`), or undefined. */
  holder(): Promise<string | undefined>;
  /** The holder as last seen (renewal or attempt), without asking Redis. */
  lastHolder(): string | undefined;
  /** Called with true when the lease is taken, false when it is lost or released. */
  onChange(listener: (held: boolean) => void): () => void;
  readonly instanceId: string;
  readonly key: string;
}

export interface LeaseOptions {
  redis: LeaseRedis;
  /** E.g. `switchboard:lease:account:1`. The fencing counter is `<key>:fence`. */
  key: string;
  /** How long a holding lasts without renewal; failover takes at most about this long. Default 6 000. */
  ttlMs?: number;
  instanceId?: string;
  log: Logger;
  /** Monotonic milliseconds (a paused process sees the pause). Default `performance.now`. */
  monotonic?: () => number;
}

// Take the key only if nobody holds it, with a fresh fencing token: one atomic step. Answers
// {1, token} when taken, {0, holder} when someone else holds it.
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder then return {0, holder} end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
return {1, tostring(token)}`;
// Extend it only while it is still ours.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** How long a lease lasts without renewal (`runtime.leaseTtlMs`). */
export const DEFAULT_LEASE_TTL_MS = 6_000;

/**
 * One holder at a time per key, through Redis `SET NX PX` semantics (an atomic script) with a fencing
 * token that grows with every new holder. The holder renews every third of the ttl; a standby tries
 * to take it at the same pace. Validity is judged by this process's monotonic clock and ends a safety
 * margin before Redis would let another instance take it — so a process that was paused (GC, SIGSTOP,
 * a stalled VM) knows on waking that it may no longer act, before anyone else has started to.
 *
 * @example
 * const lease = createLease({ redis: client, key: 'switchboard:lease:account:1', log });
 * lease.onChange((held) => (held ? becomeActive() : becomeStandby()));
 * lease.start();
 */
export function createLease(options: LeaseOptions): Lease {
  const { redis, key, log } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const monotonic = options.monotonic ?? (() => performance.now());
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const fenceKey = `${key}:fence`;
  // Validity ends this much before Redis's expiry: clock-rate drift and the check-then-act gap.
  const marginMs = Math.max(500, Math.floor(ttlMs / 5));
  const everyMs = Math.max(100, Math.floor(ttlMs / 3));
  const listeners = new Set<(held: boolean) => void>();
  let current: { token: number; value: string; renewedAt: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let ticking: Promise<void> | undefined;
  let seenHolder: string | undefined;

  const notify = (held: boolean) => {
    for (const listener of listeners) {
      try {
        listener(held);
      } catch (error) {
        log.error({ err: error }, 'lease listener failed');
      }
    }
  };

  const valid = () => current !== undefined && monotonic() - current.renewedAt < ttlMs - marginMs;

  const lose = (why: string) => {
    if (!current) return;
    log.warn({ key, token: current.token, why }, `lost the lease (${why}): standing by`);
    current = undefined;
    notify(false);
  };

  const tick = async () => {
    const startedAt = monotonic();
    try {
      if (current) {
        if (!valid()) return lose('not renewed in time');
        const renewed = Number(await redis.eval(RENEW, { keys: [key], arguments: [current.value, String(ttlMs)] }));
        if (!current) return;
        if (renewed === 1) current.renewedAt = startedAt;
        else lose('another instance holds it');
        return;
      }
      const answer = (await redis.eval(ACQUIRE, { keys: [key, fenceKey], arguments: [instanceId, String(ttlMs)] })) as [number, string];
      if (Number(answer[0]) !== 1) {
        seenHolder = String(answer[1]);
        return;
      }
      const token = Number(answer[1]);
      if (!running) return;
      current = { token, value: `${instanceId}:${token}`, renewedAt: startedAt };
      seenHolder = current.value;
      log.info({ key, token: current.token, instanceId }, `holding the lease (fencing token ${current.token}): active`);
      notify(true);
    } catch (error) {
      // Redis unreachable: keep trying; a holder stays valid only until its margin runs out.
      log.warn({ err: (error as Error).message, key }, 'lease: Redis did not answer; retrying');
      if (current && !valid()) lose('Redis unreachable');
    }
  };

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => {
      ticking = tick().finally(() => {
        ticking = undefined;
        schedule();
      });
    }, everyMs);
    timer.unref();
  };

  return {
    instanceId,
    key,
    start() {
      if (running) return ticking ?? Promise.resolve();
      running = true;
      const first = tick().finally(() => {
        ticking = undefined;
        schedule();
      });
      ticking = first;
      return first;
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await ticking;
      const holding = current;
      if (!holding) return;
      current = undefined;
      notify(false);
      try {
        await redis.eval(RELEASE, { keys: [key], arguments: [holding.value] });
        log.info({ key, token: holding.token }, 'released the lease');
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'could not release the lease; it expires by itself');
      }
    },
    held: valid,
    token: () => (valid() ? current?.token : undefined),
    value: () => (valid() ? current?.value : undefined),
    async holder() {
      return (await redis.get(key)) ?? undefined;
    },
    lastHolder: () => (valid() ? current?.value : seenHolder),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
