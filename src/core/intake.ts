import { isEvent, type AnyEvent } from '../chatwoot/events.ts';
import { isRecord } from '../chatwoot/normalize-objects.ts';
import type { Bus } from './bus/create-bus.ts';
import type { Ledger, Origin } from './ledger/create-ledger.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

/**
 * The one door every event passes, whatever its transport (cable, webhook, catch-up):
 * reserved names are refused, duplicates dropped, echoes of our own writes tagged with their origin,
 * cursors advanced, and the event published on the bus — in arrival order, with backpressure.
 *
 * @example
 * const intake = createIntake({ ledger, bus, log, metrics, pause: cable.pause, resume: cable.resume });
 * intake.accept(event);
 */
export function createIntake(deps: {
  ledger: Ledger;
  bus: Bus;
  log: Logger;
  metrics: Metrics;
  pause?: () => void;
  resume?: () => void;
  /** Adds what Chatwoot leaves out (e.g. `conversation.inbox_name`), synchronously. */
  enrich?: (event: AnyEvent) => void;
}) {
  const { ledger, bus, log, metrics } = deps;
  // Set while an async step (an echo look-up, a drain wait) holds the line; later events queue behind it.
  let chain: Promise<void> | undefined;
  let idleWaiters: Array<() => void> = [];
  const duplicate = metrics.droppedEvents.labels({ reason: 'duplicate' });
  const reserved = metrics.droppedEvents.labels({ reason: 'reserved_name' });
  // Per source, per name: label look-ups hash on every call, bound children don't.
  const counters = new Map<string, Map<string, { inc(): void }>>();
  let labelled = 0;
  const count = (event: AnyEvent) => {
    let bySource = counters.get(event.source);
    if (!bySource) counters.set(event.source, (bySource = new Map()));
    let counter = bySource.get(event.name);
    if (!counter) {
      // Unknown names are untrusted input: cap the label set so a hostile stream cannot grow it forever.
      const known = labelled < 200;
      counter = metrics.eventsIn.labels({ source: event.source, name: known ? event.name : 'other' });
      if (known) {
        bySource.set(event.name, counter);
        labelled += 1;
      }
    }
    counter.inc();
  };

  const publish = (event: AnyEvent): void | Promise<void> => {
    deps.enrich?.(event);
    if (isEvent(event, 'message.created') && event.conversationId !== null) ledger.cursors.advance(event.conversationId, event.message.id);
    if (event.source !== 'catchup') ledger.cursors.setWatermark(event.receivedAt);
    if (bus.publish(event)) return;
    // Over the high-water mark: stop reading the cable until the plugins catch up. Nothing is dropped.
    deps.pause?.();
    return bus.drained().then(() => deps.resume?.());
  };

  const process = (event: AnyEvent): void | Promise<void> => {
    if (!('message' in event)) return publish(event);
    const marker = event.message.content_attributes['switchboard'];
    if (isRecord(marker) && typeof marker['origin'] === 'string') {
      tag(event, { surface: marker['origin'], ...(typeof marker['ref'] === 'string' ? { ref: marker['ref'] } : {}) });
      return publish(event);
    }
    if (!event.message.echo_id) return publish(event);
    return ledger.echo.match(event.message).then((origin) => {
      if (origin) tag(event, origin);
      return publish(event);
    });
  };

  const settle = () => {
    chain = undefined;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const run = (event: AnyEvent): void => {
    try {
      const pending = process(event);
      if (pending) chain = track(pending);
    } catch (error) {
      log.error({ err: error, event: event.name, eventId: event.id }, 'intake failed on an event');
    }
  };

  const track = (pending: Promise<void>): Promise<void> => {
    const current = pending
      .catch((error: unknown) => log.error({ err: error }, 'intake failed on an event'))
      .then(() => {
        if (chain === current) settle();
      });
    return current;
  };

  return {
    /** Takes one event. Never throws; order is kept even when a step is async. */
    accept(event: AnyEvent): void {
      count(event);
      if (event.name.startsWith('switchboard.')) {
        reserved.inc();
        return;
      }
      const key = dedupeKey(event);
      if (key !== undefined && !ledger.firstSeen(key)) {
        duplicate.inc();
        return;
      }
      if (chain) {
        chain = track(chain.then(() => process(event)));
        return;
      }
      run(event);
    },
    /** Resolves once no event is waiting in the intake (the bus may still be busy). */
    idle(): Promise<void> {
      return chain ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve();
    },
  };
}

function tag(event: AnyEvent, origin: Origin): void {
  event.origin = origin.surface;
  if (origin.ref !== undefined) event.originRef = origin.ref;
}

/**
 * What makes two deliveries the same: a message is created once (its key needs no time, so cable,
 * webhook and REST copies agree); updates are keyed by their time. Events without a reliable
 * timestamp (typing, presence, contacts) are never deduplicated rather than wrongly dropped.
 */
export function dedupeKey(event: AnyEvent): string | number | undefined {
  if ('unknown' in event) return undefined;
  switch (event.name) {
    case 'message.created':
      // The bare id: the hottest key, and numbers are cheaper to hash than strings.
      return event.message.id;
    case 'message.updated':
    case 'first.reply.created':
      return event.message.updated_at === undefined ? undefined : event.id;
    default:
      if ('conversation' in event && !('user' in event)) return event.conversation.updated_at === undefined ? undefined : event.id;
      return undefined;
  }
}
