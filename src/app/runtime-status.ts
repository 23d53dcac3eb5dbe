import type { CableStatus } from '../chatwoot/cable/cable-client.ts';
import type { Bus, BusStats } from '../core/bus/types.ts';
import type { SyncState } from '../core/catch-up/catch-up-runner.ts';
import type { InstanceRole, Role } from '../core/instances/instance-role.ts';
import type { Storage } from './open-storage.ts';

/** What `status` (the command), `/readyz` and `runtime.status()` report. */
export type RuntimeStatus = {
  mode?: string;
  cable: CableStatus;
  pausedPlugins: string[];
  outboxPending: number;
  outboxFailures: number;
  bus: BusStats;
  sync: SyncState;
  role: Role;
  instance?: ReturnType<InstanceRole['summary']>;
  lastCatchUp?: { at: number; messages: number; error?: string };
};

/**
 * The runtime's health at a glance, read from its parts as they are now (before `start()` only the
 * cable and the bus have anything to say).
 *
 * @example
 * const status = createRuntimeStatus({ cable: () => cable.get(), bus, storage: () => storage, role: () => role });
 * status(); // { cable: 'subscribed', sync: 'in_sync', outboxPending: 0, … }
 */
export function createRuntimeStatus(deps: {
  /** Set when Chatwoot is the embedded simulator: the status says so. */
  sandbox?: boolean;
  cable: () => CableStatus;
  bus: Bus;
  storage: () => Storage | undefined;
  role: () => InstanceRole | undefined;
}): () => RuntimeStatus {
  return () => {
    const storage = deps.storage();
    const role = deps.role();
    return {
      ...(deps.sandbox ? { mode: 'sandbox: an embedded Chatwoot simulator, not a real Chatwoot' } : {}),
      cable: deps.cable(),
      pausedPlugins: deps.bus.paused(),
      outboxPending: storage?.outbox.pending() ?? 0,
      outboxFailures: storage?.outbox.failures().length ?? 0,
      bus: deps.bus.stats(),
      sync: storage?.catchUp.runner.state() ?? 'behind',
      role: role?.role() ?? 'single',
      ...(role?.summary().instance ? { instance: role.summary() } : {}),
      lastCatchUp: storage?.catchUp.runner.last(),
    };
  };
}
