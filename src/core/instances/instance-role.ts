import { createLease, type Lease } from '../lease/create-lease.ts';
import { createHandoff, type Handoff } from '../outbox/handoff.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { Store } from '../store/create-store.ts';

/** `single`: the only instance (SQLite, memory). `standby`: waiting for the lease. `active`: holding it. `deposed`: lost it. */
export type Role = 'single' | 'standby' | 'active' | 'deposed';

/** Namespaces only the active instance may write: what it delivered and what it is about to do. */
const FENCED_NAMESPACES = ['outbox', 'deliveries'] as const;

export interface InstanceRole {
  /**
   * Starts: at once active on a store only one instance uses, otherwise standby until the lease is
   * held. Resolves once the role is known: active (and activated), or standby.
   */
  start(): Promise<void>;
  /** May this instance act (handle events, run side effects) right now? Checked before every side effect. */
  mayAct(): boolean;
  role(): Role;
  /** The lease's fencing token while active (several instances). */
  token(): number | undefined;
  /** Resolves when this instance becomes active. */
  active(): Promise<void>;
  describe(): Promise<{ role: Role; instance?: string; token?: number; activeInstance?: string }>;
  /** The same without asking Redis: the active instance as last seen. */
  summary(): { role: Role; instance?: string; activeInstance?: string };
  /** Where a standby's writes go to reach the active instance (several instances only). */
  handoff(): Handoff | undefined;
  /** Releases the lease (a standby takes over at once). */
  stop(): Promise<void>;
}

/**
 * One active instance per Chatwoot account, the others hot standby: on a store several instances
 * share (Redis), the instance holding the account's lease acts, fences what only it may write, and
 * the others wait. Losing the lease is final for this process (`onDeposed`): it stops acting at once
 * and should exit, so the process manager restarts it as a standby — simpler and safer than
 * turning an active instance back into a standby in place.
 *
 * @example
 * const role = createInstanceRole({ store, accountId: 1, log, metrics, onActive: startWork, onDeposed: exitSoon });
 * await role.start();
 */
export function createInstanceRole(options: {
  store: Store;
  accountId: number;
  /** Default 6 000: failover after a crash takes about this long, plus a third of it. */
  leaseTtlMs?: number;
  log: Logger;
  metrics: Metrics;
  onActive: () => Promise<void>;
  onDeposed: (reason: string) => void;
}): InstanceRole {
  const { store, log, metrics } = options;
  let role: Role = store.coordination ? 'standby' : 'single';
  let lease: Lease | undefined;
  let handoff: Handoff | undefined;
  let stopping = false;
  let resolveActive!: () => void;
  const becameActive = new Promise<void>((resolve) => (resolveActive = resolve));
  const setRole = (next: Role) => {
    role = next;
    metrics.instanceRole.reset();
    metrics.instanceRole.set({ role: next }, 1);
  };
  setRole(role);

  return {
    async start() {
      const coordination = store.coordination;
      if (!coordination) {
        await options.onActive();
        resolveActive();
        return;
      }
      const key = `switchboard:lease:account:${options.accountId}`;
      const redis = await coordination.redis();
      handoff = createHandoff({ redis, key: `switchboard:handoff:account:${options.accountId}`, log: log.child({ component: 'handoff' }) });
      lease = createLease({ redis, key, ...(options.leaseTtlMs !== undefined ? { ttlMs: options.leaseTtlMs } : {}), log: log.child({ component: 'lease' }) });
      const held = lease;
      coordination.fence({ namespaces: FENCED_NAMESPACES, leaseKey: key, value: () => held.value() });
      log.info({ instance: held.instanceId, key }, 'standby: waiting for the lease of this account (another instance may be active)');
      held.onChange((isHeld) => {
        if (stopping) return;
        metrics.leaseChanges.inc({ change: isHeld ? 'acquired' : 'lost' });
        if (isHeld && role === 'standby') {
          setRole('active');
          options.onActive().then(resolveActive, (error: unknown) => {
            log.error({ err: error }, 'could not become active');
            options.onDeposed('activation failed');
          });
        } else if (!isHeld && role === 'active') {
          setRole('deposed');
          options.onDeposed('the lease was lost');
        }
      });
      await held.start();
      if (role === 'active') await becameActive;
    },
    mayAct: () => role === 'single' || (role === 'active' && lease !== undefined && lease.held()),
    role: () => role,
    token: () => lease?.token(),
    active: () => becameActive,
    async describe() {
      if (!lease) return { role };
      const holder = await lease.holder().catch(() => undefined);
      const token = lease.token();
      return { role, instance: lease.instanceId, ...(token !== undefined ? { token } : {}), ...(holder ? { activeInstance: holder } : {}) };
    },
    handoff: () => handoff,
    summary() {
      if (!lease) return { role };
      const active = lease.lastHolder();
      return { role, instance: lease.instanceId, ...(active ? { activeInstance: active } : {}) };
    },
    async stop() {
      stopping = true;
      await handoff?.stop();
      await lease?.stop();
    },
  };
}
