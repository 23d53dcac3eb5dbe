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

export interface ScenarioResult {
  scenario: Scenario;
  outcome: Outcome;
  /** `ms`: from the end of the traffic to the moment it settled. */
  settle: Settled & { ms: number };
  dropsFired: number;
  kills: number;
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

/** Whether a row breaks a guarantee the soak enforces (exit code 1). */
export function breaksGuarantees(outcome: Outcome): boolean {
  return outcome.lost > 0 || outcome.duplicated > 0 || (outcome.acksMissing ?? 0) > 0 || (outcome.acksDoubled ?? 0) > 0;
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
  let clean = false;
  try {
    const storeUrl = scenario.store === 'redis' ? (redis = await startRedis()).url : `sqlite://${join(dir, 'store.sqlite')}`;
    const configPath = writeSoakConfig(dir, {
      recordFile,
      ack: scenario.ack ?? false,
      sweepMs: scenario.sweepMs ?? 2_000,
      ...(scenario.cable ? { cable: scenario.cable } : {}),
    });
    const lifetimes: Lifetime[] = [];
    const launch = async (): Promise<void> => {
      const logFile = join(dir, 'bot.log');
      const chatwoot = { url: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId };
      await launchUntilUp(sim, { configPath, chatwoot, storeUrl, logFile }, (started) => {
        bot = started;
        lifetimes.push({ pid: started.pid });
      });
    };
    await launch();
    log(`  ${scenario.key}: bot up (pid ${bot!.pid}), traffic starts`);

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
          lifetimes.find((l) => l.pid === victim.pid)!.killedAt = killedAt;
          log(`  ${scenario.key}: kill -9 pid ${victim.pid}${downMs > 0 ? `, down for ${downMs / 1000} s` : ''}`);
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
    clean = !breaksGuarantees(outcome) && settle.how === 'settled';
    return {
      scenario,
      outcome,
      settle: { ...settle, ms: settle.at - traffic.trafficEndedAt },
      dropsFired: traffic.dropsFired,
      kills: traffic.kills,
      dir,
      wallMs: Date.now() - began,
    };
  } finally {
    await (bot as BotProcess | undefined)?.stop(10_000);
    await sim.close();
    await redis?.stop();
    if (clean && !options.keepFiles) rmSync(dir, { recursive: true, force: true });
  }
}
