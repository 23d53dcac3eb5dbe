import type { AnyEvent } from '../../chatwoot/events.ts';

/**
 * Follows one published event through every plugin it was handed to, so the publisher learns when
 * all of them are done with it (the delivery log marks a message handled only then). One small
 * object per tracked event; untracked events carry none.
 */
export interface DeliveryTracker {
  readonly event: AnyEvent;
  /** Deliveries not yet finished (ran, failed, timed out, or were dropped). */
  left: number;
  /** A delivery was dropped without running (the bus stopped): the event was not fully handled. */
  abandoned: boolean;
}

/**
 * Counts one delivery of the tracker down; the last one calls `settled(event, completed)`.
 *
 * @example
 * const tracker = createTracker(event, 2);
 * settleDelivery(tracker, false, onSettled);
 * settleDelivery(tracker, false, onSettled); // → onSettled(event, true)
 */
export function settleDelivery(tracker: DeliveryTracker, abandoned: boolean, settled: (event: AnyEvent, completed: boolean) => void): void {
  if (abandoned) tracker.abandoned = true;
  tracker.left -= 1;
  if (tracker.left === 0) settled(tracker.event, !tracker.abandoned);
}

export function createTracker(event: AnyEvent, deliveries: number): DeliveryTracker {
  return { event, left: deliveries, abandoned: false };
}
