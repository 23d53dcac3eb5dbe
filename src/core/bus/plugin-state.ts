import type { Lane, PluginState } from './bus-state.ts';
import { createLane, laneSize } from './lane-queue.ts';

export type { PluginState } from './bus-state.ts';

const MIN_SWEEP_AT = 1024;

export function createPluginState(name: string): PluginState {
  return {
    name,
    subscriptions: [],
    lanes: new Map(),
    sweepAt: MIN_SWEEP_AT,
    failures: 0,
    paused: false,
    running: 0,
    parkedHead: null,
    parkedTail: null,
  };
}

/**
 * The plugin's lane for a conversation (null: the `account` lane), created on first use. Idle lanes
 * are kept, so a steady stream reuses them, and swept in bulk once they outnumber `sweepAt`.
 *
 * @example
 * const lane = laneFor(plugin, event.conversationId);
 */
export function laneFor(plugin: PluginState, key: number | null): Lane {
  const lane = plugin.lanes.get(key);
  if (lane !== undefined) return lane;
  if (plugin.lanes.size >= plugin.sweepAt) sweepIdleLanes(plugin);
  const created = createLane(plugin, key);
  plugin.lanes.set(key, created);
  return created;
}

function sweepIdleLanes(plugin: PluginState): void {
  for (const [key, lane] of plugin.lanes) {
    if (!lane.active && !lane.inReady && laneSize(lane) === 0) plugin.lanes.delete(key);
  }
  // Doubling keeps sweeps amortized O(1) per new lane when most lanes are busy.
  plugin.sweepAt = Math.max(MIN_SWEEP_AT, plugin.lanes.size * 2);
}

/**
 * Parks a lane taken from the ready queue while its plugin is at its concurrency cap, so one slow
 * plugin cannot take every slot. The lane stays marked `inReady`: new deliveries do not re-queue it.
 *
 * @example
 * if (lane.plugin.running >= cap) parkLane(lane);
 */
export function parkLane(lane: Lane): void {
  const plugin = lane.plugin;
  lane.nextReady = null;
  if (plugin.parkedTail === null) plugin.parkedHead = lane;
  else plugin.parkedTail.nextReady = lane;
  plugin.parkedTail = lane;
}

/**
 * After one of the plugin's calls ended: the oldest parked lane that still has work (or null).
 * Lanes emptied meanwhile (pause, stop) are dropped from the list on the way.
 */
export function unparkLane(plugin: PluginState): Lane | null {
  for (let lane = plugin.parkedHead; lane !== null; lane = plugin.parkedHead) {
    plugin.parkedHead = lane.nextReady;
    if (plugin.parkedHead === null) plugin.parkedTail = null;
    lane.nextReady = null;
    lane.inReady = false;
    if (laneSize(lane) > 0) return lane;
  }
  return null;
}

/** Forgets every parked lane (their deliveries were just dropped). */
export function clearParked(plugin: PluginState): void {
  for (let lane = plugin.parkedHead; lane !== null; ) {
    const next: Lane | null = lane.nextReady;
    lane.nextReady = null;
    lane.inReady = false;
    lane = next;
  }
  plugin.parkedHead = null;
  plugin.parkedTail = null;
}
