import { isQuiet, type Readiness } from './read-readiness.ts';

export interface SettleProbe {
  /** The current bot's /readyz (undefined while it does not answer). */
  readiness(): Promise<Readiness | undefined>;
  /** Reads what arrived; `complete` once every expected delivery (and ack) exists; `marker` grows with progress. */
  progress(): { complete: boolean; marker: number };
}

export interface Settled {
  /** settled: all there and quiet; stalled: quiet, yet sweeps stopped bringing anything; deadline: gave up. */
  how: 'settled' | 'stalled' | 'deadline';
  at: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the end of a scenario: everything delivered and the bot quiet (outbox empty, bus idle,
 * a clean catch-up pass begun after `since`). When the bot is quiet but `passes` such passes went by
 * without any new delivery or ack, nothing more will come: the missing ones are lost.
 *
 * @example
 * const { how, at } = await waitForSettle(probe, { since: trafficEndedAt, deadlineMs: 120_000 });
 */
export async function waitForSettle(
  probe: SettleProbe,
  { since, deadlineMs, passes = 3, intervalMs = 250 }: { since: number; deadlineMs: number; passes?: number; intervalMs?: number },
): Promise<Settled> {
  const deadline = Date.now() + deadlineMs;
  let marker = Number.NaN;
  let lastProgressAt = since;
  const idlePasses = new Set<number>();
  for (;;) {
    const progress = probe.progress();
    if (progress.marker !== marker) {
      marker = progress.marker;
      lastProgressAt = Math.max(since, Date.now());
      idlePasses.clear();
    }
    const readiness = await probe.readiness();
    if (readiness && isQuiet(readiness, since)) {
      if (progress.complete) return { how: 'settled', at: Date.now() };
      const pass = readiness.lastCatchUp!.at;
      if (pass > lastProgressAt) idlePasses.add(pass);
      if (idlePasses.size >= passes) return { how: 'stalled', at: Date.now() };
    }
    if (Date.now() > deadline) return { how: 'deadline', at: Date.now() };
    await pause(intervalMs);
  }
}
