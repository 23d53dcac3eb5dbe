import type { Bus } from '../core/bus/types.ts';
import type { EventReceiver } from '../core/intake/event-receiver.ts';
import type { InstanceRole } from '../core/instances/instance-role.ts';
import { runShutdownTasks, type ShutdownTask } from '../core/plugins/run-shutdown-tasks.ts';
import type { Logger } from '../observability/logger.ts';
import type { Storage } from './open-storage.ts';

/**
 * The runtime's stop, in the order that loses nothing: the cable closes and catch-up stops first;
 * queued events reach the plugins (up to `drainMs` — cursors already count them as delivered); only
 * then are plugins' signals aborted and their shutdown tasks run; pending writes stay in the outbox
 * for the next start; the delivery log is written; the lease is released (a standby need not wait
 * for it to expire); the store and the HTTP server close last.
 *
 * @example
 * await stopRuntime({ cable, webhook, storage, bus, shutdown, shutdownTasks, role, ownsStore: true, http, drainMs: 10_000, log });
 */
export async function stopRuntime(parts: {
  cable: EventReceiver;
  webhook: EventReceiver;
  storage: Storage | undefined;
  bus: Bus;
  shutdown: AbortController;
  shutdownTasks: ShutdownTask[];
  role: InstanceRole | undefined;
  /** The runtime opened the store itself (a store passed in is the caller's to close). */
  ownsStore: boolean;
  /** Set while the HTTP server listens. */
  http: { close(): Promise<void> } | undefined;
  drainMs: number;
  log: Logger;
}): Promise<void> {
  const { storage, bus, log, drainMs } = parts;
  await parts.cable.stop();
  // Catch-up stops first; plugins' signals only after their queues drained.
  await storage?.catchUp.stop();
  await storage?.intake.idle();
  let drainTimer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    bus.idle().then(() => true),
    new Promise<boolean>((resolve) => (drainTimer = setTimeout(() => resolve(false), drainMs))),
  ]);
  clearTimeout(drainTimer);
  if (!drained) log.warn({ queued: bus.stats().queued, drainMs }, 'stopping with events still queued for plugins');
  parts.shutdown.abort();
  await bus.stop();
  await runShutdownTasks(parts.shutdownTasks, log);
  if (storage) {
    await storage.outbox.stop();
    // A store that is gone (or a lease lost) must not turn a stop into a crash: the next start re-reads.
    await storage.ledger.close().catch((error: unknown) => log.warn({ err: error }, 'could not write the delivery log at stop; the next start replays what it missed'));
  }
  // Hand over as soon as what this instance handled is on disk: a standby need not wait for the lease to expire.
  await parts.role?.stop();
  if (storage && parts.ownsStore) await storage.store.close();
  await parts.webhook.stop();
  await parts.http?.close();
  log.info('switchboard stopped');
}
