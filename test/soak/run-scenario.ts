import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatwootSimulator, seededRandom } from '../../src/sandbox/create-chatwoot-simulator.ts';
import type { BotProcess } from './bot-process.ts';
import { countAcks } from './count-acks.ts';
import { countOutcome, type Lifetime, type Outcome } from './count-outcome.ts';
import { driveTraffic } from './drive-traffic.ts';
import { launchUntilUp } from './launch-bot.ts';
import { createRecordReader } from './record-reader.ts';
import { startRedis } from './redis-process.ts';
import type { Scenario } from './soak-scenarios.ts';
import { waitForSettle, type Settled } from './wait-for-settle.ts';
import { writeSoakConfig } from './write-soak-config.ts';
import { waitFor } from '../helpers/wait-for.ts';

export interface ScenarioResult {
  scenario: Scenario;
  outcome: Outcome;
  /** `ms`: from the end of the traffic to the moment it settled. */
  settle: Settled & { ms: number };
  dropsFired: number;
  kills: number;
  /** Several instances: ms from each kill of the active one until another one was active, subscribed and caught up. */
  failoversMs: number[];
  /** Records, bot log and store; kept unless the run was clean (or `keepFiles`). */
  dir: string;
  wallMs: number;
}

export interface RunOptions {
  keepFiles?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Seed of the simulator's fault draws. Default 1. */
  seed?: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Several instances: the longest a failover may take (issue 11). */
export const FAILOVER_LIMIT_MS = 10_000;

/** Whether a row breaks a guarantee the soak enforces (exit code 1); a failover must also take ≤ 10 s. */
export function breaksGuarantees(outcome: Outcome, failoversMs: readonly number[] = []): boolean {
  return (
    outcome.lost > 0 ||
    outcome.duplicated > 0 ||
    (outcome.acksMissing ?? 0) > 0 ||
    (outcome.acksDoubled ?? 0) > 0 ||
    failoversMs.some((ms) => ms > FAILOVER_LIMIT_MS)
  );
}

/**
 * One scenario end to end: an in-process Chatwoot simulator on 127.0.0.1, the bot as a child process
 * (`bin/switchboard.js start --config …`) on a sqlite file or a private redis-server, paced traffic
 * with the scenario's faults, then the wait for it to settle and the counts. Every child is killed
 * and every server closed whatever happens.
 *
 * @example
 * const result = await runScenario(FULL_SCENARIOS[0]!, { log: console.error });
 * console.log(result.outcome.lost);
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const dir = mkdtempSync(join(tmpdir(), `soak-${scenario.key}-`));
  const recordFile = join(dir, 'records.jsonl');
  const sim = await createChatwootSimulator({ random: seededRandom(options.seed ?? 1) });
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  let bot: BotProcess | undefined;
  /** Every process alive (several instances share the store; `bot` is the active one). */
  const bots = new Set<BotProcess>();
  const failoversMs: number[] = [];
  let clean = false;
  try {
    const storeUrl = scenario.store === 'redis' ? (redis = await startRedis()).url : `sqlite://${join(dir, 'store.sqlite')}`;
    const configPath = writeSoakConfig(dir, {
      recordFile,
      ack: scenario.ack ?? false,
      sweepMs: scenario.sweepMs ?? 2_000,
      ...(scenario.cable ? { cable: scenario.cable } : {}),
      ...(scenario.leaseTtlMs ? { leaseTtlMs: scenario.leaseTtlMs } : {}),
    });
    const lifetimes: Lifetime[] = [];
    const launch = async (as: 'active' | 'standby' = 'active'): Promise<BotProcess> => {
      const logFile = join(dir, 'bot.log');
      const chatwoot = { url: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId };
      let started: BotProcess | undefined;
      await launchUntilUp(
        sim,
        { configPath, chatwoot, storeUrl, logFile },
        (b) => {
          started = b;
          bots.add(b);
          if (as === 'active') bot = b;
          lifetimes.push({ pid: b.pid });
        },
        { as },
      );
      return started!;
    };
    await launch();
    for (let i = 1; i < (scenario.instances ?? 1); i += 1) await launch('standby');
    log(`  ${scenario.key}: ${bots.size > 1 ? `${bots.size} instances up (active pid ${bot!.pid})` : `bot up (pid ${bot!.pid})`}, traffic starts`);

    /** After the active one was killed: wait for another instance to take over, and time it. */
    const failover = async (killedAt: number) => {
      const next = await waitFor(
        async () => {
          for (const candidate of bots) if ((await candidate.readiness())?.role === 'active' && sim.cable.confirmedSubscriptions() >= 1) return candidate;
          return undefined;
        },
        { timeoutMs: 60_000, intervalMs: 50, what: 'a standby to take over' },
      );
      await waitFor(async () => (await next.readiness())?.lastCatchUp !== undefined, { timeoutMs: 60_000, intervalMs: 50, what: 'the new active to catch up' });
      failoversMs.push(Date.now() - killedAt);
      bot = next;
    };

    const conversationIds = Array.from({ length: scenario.conversations }, (_, k) => sim.createConversation({ contactName: `Soak customer ${k + 1}` }).id);
    let totalAtLastDrop = 0;
    const downtime = (scenario.kills ?? []).reduce((sum, k) => sum + (k.downMs ?? 0) + 30_000, 0);
    const traffic = await driveTraffic(
      scenario,
      conversationIds,
      {
        inject: (conversationId, content) => sim.customerMessage(conversationId, content).id,
        canDrop: () => sim.cable.confirmedSubscriptions() >= 1 && sim.cable.connections() === 1 && sim.cable.connectionsTotal() > totalAtLastDrop,
        drop: (n) => {
          totalAtLastDrop = sim.cable.connectionsTotal();
          if (n % 2 === 0) sim.faults.dropConnections();
          else sim.faults.restart({ reason: 'server_restart', reconnect: true });
        },
        killAndRestart: async (downMs) => {
          const victim = bot!;
          const killedAt = await victim.kill9();
          bots.delete(victim);
          lifetimes.find((l) => l.pid === victim.pid)!.killedAt = killedAt;
          log(`  ${scenario.key}: kill -9 pid ${victim.pid}${victim === bot && bots.size > 0 ? ' (the active one)' : ''}${downMs > 0 ? `, down for ${downMs / 1000} s` : ''}`);
          if (bots.size > 0) {
            await failover(killedAt);
            log(`  ${scenario.key}: pid ${bot!.pid} took over in ${((failoversMs.at(-1) ?? 0) / 1000).toFixed(1)} s`);
            const restarted = await launch('standby');
            log(`  ${scenario.key}: pid ${victim.pid} restarted as a standby (pid ${restarted.pid})`);
            return;
          }
          if (downMs > 0) await pause(downMs); // the scenario's downtime, not a synchronisation
          await launch();
          log(`  ${scenario.key}: restarted (pid ${bot!.pid})`);
        },
        failRest: (rule) => sim.faults.failRest(rule),
        reorder: (on) => sim.faults.reorderBroadcasts(on),
      },
      (scenario.messages / scenario.ratePerSec) * 1000 + downtime + 120_000,
    );
    const since = Math.max(traffic.trafficEndedAt, traffic.lastDisruptionAt);
    log(`  ${scenario.key}: traffic done (${traffic.injected.length} messages, ${traffic.dropsFired} drops, ${traffic.kills} kills); settling`);

    const reader = createRecordReader(recordFile);
    const injectedIds = traffic.injected.map((m) => m.id);
    const settle = await waitForSettle(
      {
        readiness: () => bot!.readiness(),
        progress: () => {
          reader.read();
          const ended = reader.endedIds();
          const acks = scenario.ack ? countAcks(sim, conversationIds) : undefined;
          const complete = injectedIds.every((id) => ended.has(id) && (acks === undefined || (acks.get(id) ?? 0) > 0));
          let ackTotal = 0;
          for (const n of acks?.values() ?? []) ackTotal += n;
          return { complete, marker: reader.all.length * 1_000_003 + ackTotal };
        },
      },
      { since, deadlineMs: scenario.settleDeadlineMs ?? 120_000 },
    );
    reader.read();
    const outcome = countOutcome({
      injected: traffic.injected,
      records: reader.all,
      lifetimes,
      ...(scenario.ack ? { acks: countAcks(sim, conversationIds) } : {}),
    });
    clean = !breaksGuarantees(outcome, failoversMs) && settle.how === 'settled';
    return {
      scenario,
      outcome,
      settle: { ...settle, ms: settle.at - traffic.trafficEndedAt },
      dropsFired: traffic.dropsFired,
      kills: traffic.kills,
      failoversMs,
      dir,
      wallMs: Date.now() - began,
    };
  } finally {
    await Promise.all([...bots].map((b) => b.stop(10_000)));
    await sim.close();
    await redis?.stop();
    if (clean && !options.keepFiles) rmSync(dir, { recursive: true, force: true });
  }
}
