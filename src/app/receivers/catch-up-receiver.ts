import { createEventGate } from '../../chatwoot/event-gate.ts';
import type { AnyEvent } from '../../chatwoot/events.ts';
import { createCatchUpRunner, type CatchUpRunner, type CatchUpRunnerOptions } from '../../core/catch-up/catch-up-runner.ts';
import type { EventReceiver } from '../../core/intake/event-receiver.ts';
import type { Metrics } from '../../observability/metrics.ts';

/**
 * Catch-up over REST as an {@link EventReceiver}: what the runner reads back (after every confirmed
 * subscription, in sweeps while in sync, on retries) is checked like cable events and emitted as
 * replays. Starting it starts the periodic sweep; the runner itself (`runner.subscribed()`,
 * `runner.state()`…) is driven by the cable and read by the status.
 *
 * @example
 * const catchUp = createCatchUpReceiver({ ...runnerOptions, accountId: 1, sweepMs: 300_000, metrics });
 * catchUp.start((event) => intake.replay(event));
 */
export function createCatchUpReceiver(
  options: Omit<CatchUpRunnerOptions, 'replay'> & { accountId: number; sweepMs: number; metrics: Pick<Metrics, 'droppedEvents'> },
): EventReceiver & { runner: CatchUpRunner } {
  const gate = createEventGate({ accountId: options.accountId, metrics: options.metrics, log: options.log.child({ component: 'catch-up' }), source: 'catch-up' });
  let emit: ((event: AnyEvent) => void) | undefined;
  const runner = createCatchUpRunner({
    ...options,
    replay: (event) => {
      if (gate.admit(event)) emit?.(event);
    },
  });
  return {
    runner,
    start(next) {
      emit = next;
      runner.sweep(options.sweepMs);
    },
    async stop() {
      gate.stop();
      await runner.stop();
    },
  };
}
