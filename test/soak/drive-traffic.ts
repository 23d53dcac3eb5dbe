import type { RestFailRule } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { conversationIndex, type Scenario } from './soak-scenarios.ts';

export interface TrafficHooks {
  /** Creates one customer message; returns its Chatwoot id. */
  inject(conversationId: number, content: string): number;
  /** True when the bot holds a confirmed subscription on a connection opened since the last drop. */
  canDrop(): boolean;
  /** The n-th forced drop (even: TCP drop, odd: `server_restart`). */
  drop(n: number): void;
  /** `kill -9` the bot, wait `downMs`, start it again on the same store; resolves once it is up. */
  killAndRestart(downMs: number): Promise<void>;
  /** Starts a REST failure rule; returns its stop(). */
  failRest(rule: RestFailRule): () => void;
  reorder(on: boolean): void;
}

export interface TrafficResult {
  injected: Array<{ id: number; conversationId: number }>;
  trafficEndedAt: number;
  /** The last drop, restart or fault window end: the bot counts as settled only after it. */
  lastDisruptionAt: number;
  dropsFired: number;
  kills: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Paces the scenario's customer messages at its rate with a 10 ms ticker (pacing load, not
 * synchronisation) and, on the same clock, fires its drops, kills and REST fault windows. A drop
 * waits for the bot to hold a fresh subscription, so every planned drop hits a live connection.
 *
 * @example
 * const traffic = await driveTraffic(scenario, conversationIds, hooks, 180_000);
 */
export async function driveTraffic(scenario: Scenario, conversationIds: readonly number[], hooks: TrafficHooks, deadlineMs: number): Promise<TrafficResult> {
  const total = scenario.messages;
  const durationMs = (total / scenario.ratePerSec) * 1000;
  const drops = scenario.drops ?? 0;
  const kills = [...(scenario.kills ?? [])].sort((x, y) => x.atMessage - y.atMessage);
  const injected: TrafficResult['injected'] = [];
  const pendingKills: Array<Promise<void>> = [];
  let lastDisruptionAt = 0;
  let dropsFired = 0;
  let nextKill = 0;
  const started = Date.now();
  const deadline = started + deadlineMs;

  const windows = (scenario.restFaults ?? []).map(
    ({ fromMs, toMs, rule }) =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          const stop = hooks.failRest(rule);
          setTimeout(() => {
            stop();
            lastDisruptionAt = Math.max(lastDisruptionAt, Date.now());
            resolve();
          }, Math.max(0, toMs - fromMs));
        }, fromMs);
      }),
  );
  if (scenario.reorder) hooks.reorder(true);

  let trafficEndedAt = started;
  while (injected.length < total || dropsFired < drops) {
    const now = Date.now();
    if (now > deadline) break;
    const due = Math.min(total, Math.floor(((now - started) * scenario.ratePerSec) / 1000) + 1);
    while (injected.length < due) {
      const i = injected.length;
      const conversationId = conversationIds[conversationIndex(scenario.spread ?? 'round-robin', i, total, conversationIds.length)]!;
      injected.push({ id: hooks.inject(conversationId, `soak ${i}`), conversationId });
      const kill = kills[nextKill];
      if (kill && injected.length >= kill.atMessage) {
        nextKill++;
        const restarted = hooks.killAndRestart(kill.downMs ?? 0).then(() => void (lastDisruptionAt = Math.max(lastDisruptionAt, Date.now())));
        restarted.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
        pendingKills.push(restarted);
      }
      if (injected.length === total) {
        trafficEndedAt = Date.now();
        // A lone held broadcast is released, as the next job would have been.
        if (scenario.reorder) hooks.reorder(false);
      }
    }
    const slot = ((dropsFired + 0.5) * durationMs) / Math.max(1, drops);
    if (dropsFired < drops && now - started >= slot && hooks.canDrop()) {
      hooks.drop(dropsFired);
      dropsFired++;
      lastDisruptionAt = Math.max(lastDisruptionAt, Date.now());
    }
    await pause(10);
  }
  if (injected.length < total) trafficEndedAt = Date.now();
  if (scenario.reorder) hooks.reorder(false);
  await Promise.all([...pendingKills, ...windows]);
  return { injected, trafficEndedAt, lastDisruptionAt, dropsFired, kills: nextKill };
}
