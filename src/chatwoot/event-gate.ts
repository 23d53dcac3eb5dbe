import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { eventProblem, type EventProblem } from './check-event.ts';
import { createDropReporter, type ReporterTimers } from './drop-reporter.ts';
import type { AnyEvent } from './events.ts';

export interface EventGateOptions {
  /** CHATWOOT_ACCOUNT_ID: events of any other account are dropped. */
  accountId: number;
  metrics: Pick<Metrics, 'droppedEvents'>;
  log: Logger;
  /** Where the events come from, for the log line (`cable`, `webhook`, `catch-up`). */
  source: string;
  now?: () => number;
  timers?: ReporterTimers;
}

/**
 * The check between building an event and handing it on: an event of another account (the
 * personal stream and webhooks can carry them) or with invalid ids is dropped, counted in
 * `switchboard_dropped_events_total{reason}` and logged at most once a minute with counts per
 * reason — never handed to plugins half-formed.
 *
 * @example
 * const gate = createEventGate({ accountId: 1, metrics, log, source: 'cable' });
 * const event = buildEvent(name, data, meta);
 * if (gate.admit(event)) intake.accept(event);
 */
export function createEventGate(options: EventGateOptions) {
  const { accountId, metrics } = options;
  const reporter = createDropReporter({
    log: options.log,
    message: `${options.source} events dropped`,
    ...(options.now ? { now: options.now } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  });

  const check = (event: AnyEvent): EventProblem | undefined => {
    const other = Number.isSafeInteger(event.accountId) && event.accountId > 0 && event.accountId !== accountId;
    const found = other
      ? { reason: 'other_account', detail: `${event.name} of account ${event.accountId} (this bot serves account ${accountId})` }
      : eventProblem(event);
    if (!found) return undefined;
    metrics.droppedEvents.inc({ reason: found.reason });
    reporter.report(found.reason, found.detail);
    return found;
  };

  return {
    /** `undefined` when the event may go on; otherwise the (already counted and reported) problem. */
    check,
    /** True when the event may go on. */
    admit: (event: AnyEvent): boolean => check(event) === undefined,
    /** Writes a pending summary line (on shutdown). */
    stop: () => reporter.stop(),
  };
}
