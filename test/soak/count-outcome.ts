import type { DeliveryRecord } from './recorder-plugin.ts';

/** One bot process of a scenario, in start order. */
export interface Lifetime {
  pid: number;
  /** When the harness sent SIGKILL (absent: stopped cleanly or still running). */
  killedAt?: number;
}

export interface OutcomeInput {
  /** Every customer message the harness created. */
  injected: ReadonlyArray<{ id: number; conversationId: number }>;
  /** The record file, in file order (= delivery order: processes run one after another). */
  records: readonly DeliveryRecord[];
  lifetimes: readonly Lifetime[];
  /** Ack mode: how many `ack <id>` messages Chatwoot holds, by customer message id. */
  acks?: ReadonlyMap<number, number>;
}

export interface Outcome {
  injected: number;
  /** Distinct injected ids whose handler finished (an `end` record). */
  delivered: number;
  lost: number;
  /** Extra deliveries: twice in one process, or again in a later process without `replayed`. */
  duplicated: number;
  /** Deliveries again by a later process, marked `replayed` (allowed for unfinished handlers). */
  redeliveredAfterKill: number;
  /** …of which the killed process had already finished (an `end` record). */
  redeliveredFinished: number;
  /** Largest time from such an `end` to the kill, in ms. */
  maxEndToKillMs: number | undefined;
  /** Within one process and conversation, delivered after a message with a higher id (first deliveries only). */
  outOfOrder: number;
  /** Ack mode: delivered messages without any ack (undefined otherwise). */
  acksMissing: number | undefined;
  /** Ack mode: acks beyond the first, over all injected messages. */
  acksDoubled: number | undefined;
}

/**
 * Turns the record file and Chatwoot's state into the soak's counters. Message ids grow with
 * creation order in the simulator, which is what "out of order" compares.
 *
 * @example
 * const outcome = countOutcome({ injected, records: reader.all, lifetimes, acks });
 * if (outcome.lost > 0) process.exitCode = 1;
 */
export function countOutcome(input: OutcomeInput): Outcome {
  const injectedIds = new Set(input.injected.map((m) => m.id));
  const order = new Map(input.lifetimes.map((l, index) => [l.pid, index]));
  const killedAt = new Map(input.lifetimes.map((l) => [l.pid, l.killedAt]));
  const startsByPid = new Map<number, Set<number>>(); // pid → ids started there
  const endsByPid = new Map<number, Map<number, number>>(); // pid → id → first end time
  const ended = new Set<number>();
  let duplicated = 0;
  let redeliveredAfterKill = 0;
  let redeliveredFinished = 0;
  let maxEndToKillMs: number | undefined;
  let outOfOrder = 0;
  const highest = new Map<string, number>(); // `${pid}:${conversation}` → highest id delivered

  for (const record of input.records) {
    if (!injectedIds.has(record.id)) continue;
    if (!order.has(record.pid)) order.set(record.pid, order.size);
    if (record.phase === 'end') {
      ended.add(record.id);
      let ends = endsByPid.get(record.pid);
      if (!ends) endsByPid.set(record.pid, (ends = new Map()));
      if (!ends.has(record.id)) ends.set(record.id, record.at);
      continue;
    }
    let here = startsByPid.get(record.pid);
    if (!here) startsByPid.set(record.pid, (here = new Set()));
    if (here.has(record.id)) {
      duplicated++;
      continue;
    }
    here.add(record.id);
    const earlier = [...startsByPid.entries()].filter(([pid, ids]) => pid !== record.pid && ids.has(record.id) && order.get(pid)! < order.get(record.pid)!);
    if (earlier.length > 0) {
      if (!record.replayed) {
        duplicated++;
        continue;
      }
      redeliveredAfterKill++;
      for (const [pid] of earlier) {
        const endAt = endsByPid.get(pid)?.get(record.id);
        const kill = killedAt.get(pid);
        if (endAt === undefined) continue;
        redeliveredFinished++;
        if (kill !== undefined) maxEndToKillMs = Math.max(maxEndToKillMs ?? 0, kill - endAt);
        break;
      }
      continue;
    }
    const key = `${record.pid}:${record.conversationId}`;
    const max = highest.get(key);
    if (max !== undefined && record.id < max) outOfOrder++;
    if (max === undefined || record.id > max) highest.set(key, record.id);
  }

  const delivered = [...injectedIds].filter((id) => ended.has(id)).length;
  let acksMissing: number | undefined;
  let acksDoubled: number | undefined;
  if (input.acks) {
    acksMissing = 0;
    acksDoubled = 0;
    for (const id of injectedIds) {
      const count = input.acks.get(id) ?? 0;
      if (count === 0 && ended.has(id)) acksMissing++;
      if (count > 1) acksDoubled += count - 1;
    }
  }
  return {
    injected: injectedIds.size,
    delivered,
    lost: injectedIds.size - delivered,
    duplicated,
    redeliveredAfterKill,
    redeliveredFinished,
    maxEndToKillMs,
    outOfOrder,
    acksMissing,
    acksDoubled,
  };
}
