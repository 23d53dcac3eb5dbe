import { readFileSync } from 'node:fs';
import type { ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { freePort } from '../helpers/free-port.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { startBot, type BotLaunch, type BotProcess } from './bot-process.ts';

/**
 * Starts the bot on a free port and waits until it is up: subscribed, and its first catch-up pass
 * done (that pass sets the watermark on a new store) — or, `as: 'standby'` (another instance holds
 * the lease), until its /readyz says it stands by. A port grabbed by someone else between the
 * look-up and the bind is retried on another one; any other early exit is an error.
 *
 * @example
 * const bot = await launchUntilUp(sim, { configPath, chatwoot, storeUrl, logFile }, (b) => lifetimes.push({ pid: b.pid }));
 */
export async function launchUntilUp(
  sim: ChatwootSimulator,
  launch: Omit<BotLaunch, 'port'>,
  onStarted: (bot: BotProcess) => void,
  { timeoutMs = 30_000, portAttempts = 3, as = 'active' as 'active' | 'standby' } = {},
): Promise<BotProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const bot = startBot({ ...launch, port });
    onStarted(bot);
    const up = waitFor(
      async () => {
        const readiness = await bot.readiness();
        if (as === 'standby') return readiness?.role === 'standby';
        return sim.cable.confirmedSubscriptions() >= 1 && readiness?.lastCatchUp !== undefined;
      },
      { timeoutMs, intervalMs: 50, what: `the bot (pid ${bot.pid}) to ${as === 'standby' ? 'stand by' : 'subscribe and finish a catch-up pass'} — see ${launch.logFile}` },
    );
    const died = bot.exited.then(() => 'died' as const);
    try {
      if ((await Promise.race([up, died])) !== 'died') return bot;
    } finally {
      // The loser settles later (a kill, the stop): nobody waits for it.
      up.catch(() => undefined);
    }
    const portTaken = readFileSync(launch.logFile, 'utf8').includes(`port ${port} is taken`);
    if (!portTaken || attempt >= portAttempts) throw new Error(`the bot (pid ${bot.pid}) exited while starting — see ${launch.logFile}`);
  }
}
