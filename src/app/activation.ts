import type { AnyEvent } from '../chatwoot/events.ts';
import type { Bus } from '../core/bus/create-bus.ts';
import type { EventReceiver } from '../core/intake/event-receiver.ts';
import type { InboxNames } from '../core/intake/inbox-names.ts';
import type { InstanceRole } from '../core/instances/instance-role.ts';
import type { ShutdownTask } from '../core/plugins/run-shutdown-tasks.ts';
import type { Logger } from '../observability/logger.ts';
import type { Storage } from './open-storage.ts';

/**
 * What happens when this instance may act, and when it may no longer. Activation loads what was
 * delivered, resumes pending writes, takes over writes standbys handed in, starts catch-up (its
 * sweeps) and the cable, and the plugins' surfaces (`ctx.onActive`). Deposition (another instance
 * took the lease) stops all of that at once; the process is then expected to exit.
 *
 * @example
 * const { activate, deposed } = createActivation({ ...deps });
 * role = createInstanceRole({ ..., onActive: () => activate(port), onDeposed: deposed });
 */
export function createActivation(deps: {
  storage: Storage;
  /** The live receiver that starts on activation (the cable); its events go to `accept`. */
  cable: EventReceiver;
  accept: (event: AnyEvent) => void;
  inboxes: InboxNames;
  role: () => InstanceRole | undefined;
  bus: Bus;
  activeTasks: readonly ShutdownTask[];
  log: Logger;
  /** Logged with "switchboard started". */
  describe: (port: number) => Record<string, unknown>;
  onDeposed?: (reason: string) => void;
}) {
  const { log, storage } = deps;
  return {
    async activate(port: number): Promise<void> {
      const { ledger, outbox, intake, catchUp } = storage;
      await ledger.load();
      await outbox.start();
      // Writes standbys received (Slack HTTP mode behind a load balancer) are done here, once.
      deps.role()?.handoff()?.consume((input) => outbox.enqueue(input));
      void deps.inboxes.load();
      log.info({ ...deps.describe(port), role: deps.role()?.role() }, 'switchboard started');
      // Catch-up first: the cable's first confirmed subscription starts a pass, whose replays go here.
      catchUp.start((event) => intake.replay(event));
      deps.cable.start(deps.accept);
      for (const { plugin, task } of deps.activeTasks) {
        Promise.resolve()
          .then(task)
          .catch((error: unknown) => log.error({ plugin, err: error }, `plugin "${plugin}" could not start its surface`));
      }
    },
    /** Another instance holds the lease now: stop acting at once (its writes are fenced anyway). */
    deposed(reason: string): void {
      log.error({ reason }, `no longer the active instance (${reason}): stopping work; restart this process to stand by`);
      void deps.cable.stop();
      void deps.role()?.handoff()?.stop();
      void storage.catchUp.stop();
      void storage.outbox.stop();
      void deps.bus.stop();
      deps.onDeposed?.(reason);
    },
  };
}
