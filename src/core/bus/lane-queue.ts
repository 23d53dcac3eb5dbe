import type { AnyEvent } from '../../chatwoot/events.ts';
import type { Lane, PluginState } from './bus-state.ts';
import type { DeliveryTracker } from './delivery-tracker.ts';
import type { BusHandler } from './types.ts';

export type { Lane } from './bus-state.ts';

const FIRST_CAPACITY = 8;
// A lane that grew past this for a burst gives the memory back once it is empty again.
const KEEP_CAPACITY = 256;

export function createLane(plugin: PluginState, key: number | null): Lane {
  return { plugin, key, events: [], handlers: [], trackers: [], head: 0, size: 0, active: false, inReady: false, nextReady: null, controller: undefined };
}

export function laneSize(lane: Lane): number {
  return lane.size;
}

export function pushDelivery(lane: Lane, event: AnyEvent, handler: BusHandler, tracker?: DeliveryTracker): void {
  if (lane.size === lane.events.length) grow(lane);
  const index = (lane.head + lane.size) & (lane.events.length - 1);
  lane.events[index] = event;
  lane.handlers[index] = handler;
  lane.trackers[index] = tracker;
  lane.size += 1;
}

/**
 * Removes the oldest delivery and hands it to `run`. The caller checks `laneSize` first; `run` is a
 * long-lived function so nothing is allocated per delivery.
 *
 * @example
 * if (laneSize(lane) > 0) runNext(lane, runCall);
 */
export function runNext(lane: Lane, run: (lane: Lane, event: AnyEvent, handler: BusHandler, tracker: DeliveryTracker | undefined) => void): void {
  const index = lane.head;
  const event = lane.events[index] as AnyEvent;
  const handler = lane.handlers[index] as BusHandler;
  const tracker = lane.trackers[index];
  lane.events[index] = undefined;
  lane.handlers[index] = undefined;
  lane.trackers[index] = undefined;
  lane.head = (index + 1) & (lane.events.length - 1);
  lane.size -= 1;
  if (lane.size === 0 && lane.events.length > KEEP_CAPACITY) reset(lane);
  run(lane, event, handler, tracker);
}

/**
 * Empties the lane (pause, stop) and returns how many deliveries were dropped; `dropped` hears of
 * each tracked one, so whoever waits for its event is told.
 */
export function clearLane(lane: Lane, dropped?: (tracker: DeliveryTracker) => void): number {
  const count = lane.size;
  if (dropped) {
    for (let i = 0; i < count; i += 1) {
      const tracker = lane.trackers[(lane.head + i) & (lane.events.length - 1)];
      if (tracker !== undefined) dropped(tracker);
    }
  }
  reset(lane);
  return count;
}

function reset(lane: Lane): void {
  lane.events = [];
  lane.handlers = [];
  lane.trackers = [];
  lane.head = 0;
  lane.size = 0;
}

/** Doubles the capacity, unrolling the ring so the oldest delivery is at index 0. */
function grow(lane: Lane): void {
  const capacity = lane.events.length;
  const events = new Array<AnyEvent | undefined>(Math.max(FIRST_CAPACITY, capacity * 2)).fill(undefined);
  const handlers = new Array<BusHandler | undefined>(events.length).fill(undefined);
  const trackers = new Array<DeliveryTracker | undefined>(events.length).fill(undefined);
  for (let i = 0; i < lane.size; i += 1) {
    const from = (lane.head + i) & (capacity - 1);
    events[i] = lane.events[from];
    handlers[i] = lane.handlers[from];
    trackers[i] = lane.trackers[from];
  }
  lane.events = events;
  lane.handlers = handlers;
  lane.trackers = trackers;
  lane.head = 0;
}
