import type { AnyEvent, MessageEvent } from '../../chatwoot/events.ts';
import { isRecord } from '../../chatwoot/normalize-objects.ts';
import type { Bus } from '../bus/create-bus.ts';
import { createIntakeGate } from './intake-gate.ts';
import type { Ledger, Origin } from '../ledger/create-ledger.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';

/**
 * The one door every event passes, whatever its transport (cable, webhook, catch-up): reserved
 * names are refused; live events wait at the gate while their conversation is being caught up;
 * duplicates are dropped (message ids the delivery log knows, or seen in this process); echoes of our
 * own writes are tagged with their origin; each `message.created` is recorded in the delivery log as
 * in flight until every plugin is done with it; and events reach the bus in arrival order, with
 * backpressure.
 *
 * @example
 * const intake = createIntake({ ledger, bus, log, metrics, pause: cable.pause, resume: cable.resume });
 * intake.accept(event);           // cable and webhook
 * intake.replay(replayedEvent);   // catch-up: never held at the gate
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
  /** Events held at the gate before the reader is paused. Default 10 000. */
  maxHeld?: number;
}) {
  const { ledger, bus, log, metrics } = deps;
  const deliveries = ledger.deliveries;
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

  // The reader is paused while anyone asks: the bus over its high-water mark, or the gate too full.
  const pausedBy = new Set<string>();
  const pauseFor = (reason: string, on: boolean) => {
    const was = pausedBy.size > 0;
    if (on) pausedBy.add(reason);
    else pausedBy.delete(reason);
    if (!was && pausedBy.size > 0) deps.pause?.();
    else if (was && pausedBy.size === 0) deps.resume?.();
  };

  const publish = (event: AnyEvent): void | Promise<void> => {
    deps.enrich?.(event);
    if (bus.publish(event, isTracked(event))) return;
    // Over the high-water mark: stop reading the cable until the plugins catch up. Nothing is dropped.
    pauseFor('bus', true);
    return bus.drained().then(() => pauseFor('bus', false));
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

  /** An event that failed inside the intake must not stay "in flight" for ever. */
  const failed = (event: AnyEvent, error: unknown) => {
    log.error({ err: error, event: event.name, eventId: event.id }, 'intake failed on an event');
    if (isTracked(event)) deliveries.finish(event.conversationId as number, event.message.id, true);
  };

  const run = (event: AnyEvent): void => {
    try {
      const pending = process(event);
      if (pending) chain = track(pending.catch((error: unknown) => failed(event, error)));
    } catch (error) {
      failed(event, error);
    }
  };

  const track = (pending: Promise<void>): Promise<void> => {
    const current = pending.then(() => {
      if (chain === current) settle();
    });
    return current;
  };

  /** Past the gate: dedupe, then in line. */
  const admit = (event: AnyEvent): void => {
    if (isTracked(event)) {
      const conversationId = event.conversationId as number;
      const id = event.message.id;
      if (deliveries.isKnown(conversationId, id) || !ledger.firstSeen(id)) {
        duplicate.inc();
        return;
      }
      deliveries.begin(conversationId, id, event.message.created_at, event.receivedAt);
    } else {
      const key = dedupeKey(event);
      if (key !== undefined && !ledger.firstSeen(key)) {
        duplicate.inc();
        return;
      }
    }
    if (chain) {
      chain = track(chain.then(() => process(event)).catch((error: unknown) => failed(event, error)));
      return;
    }
    run(event);
  };

  const gate = createIntakeGate({
    forward: admit,
    onPressure: (full) => pauseFor('gate', full),
    onOverflow: (held) => log.warn({ held }, `${held} live events waited for catch-up: letting them through before their conversations' missed messages`),
    ...(deps.maxHeld !== undefined ? { maxHeld: deps.maxHeld } : {}),
  });

  const refused = (event: AnyEvent): boolean => {
    count(event);
    if (!event.name.startsWith('switchboard.')) return false;
    reserved.inc();
    return true;
  };

  return {
    /** Takes one live event (cable, webhook). Never throws; order is kept even when a step is async. */
    accept(event: AnyEvent): void {
      if (refused(event) || gate.hold(event)) return;
      admit(event);
    },
    /** Takes one event read back by catch-up: never held at the gate (it is what the gate waits for). */
    replay(event: AnyEvent): void {
      if (refused(event)) return;
      admit(event);
    },
    /** Where live events wait while their conversation is caught up (driven by the catch-up runner). */
    gate,
    /** The bus's `onSettled`: every plugin is done with a tracked event. */
    settled(event: AnyEvent, completed: boolean): void {
      if (isTracked(event)) deliveries.finish(event.conversationId as number, event.message.id, completed);
    },
    /** Resolves once no event is waiting in the intake (the bus may still be busy). */
    idle(): Promise<void> {
      return chain ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve();
    },
  };
}


/** Messages are what the delivery log follows: created, in a conversation, with a usable id. */
function isTracked(event: AnyEvent): event is MessageEvent<'message.created'> & { conversationId: number } {
  return event.name === 'message.created' && event.conversationId !== null && 'message' in event && Number.isSafeInteger((event as MessageEvent).message.id);
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
function dedupeKey(event: AnyEvent): string | number | undefined {
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
