// Start → subscribed: a real process started the way users start it — `npm start` (tsx over the
// sources), and the built `dist/` when there is one — with CHATWOOT_URL pointing at a simulator in
// this process, timed from spawn until the simulator confirms the cable subscription. Cold: a fresh
// tsx compile cache (its own TMPDIR) and a new SQLite store; warm: the same again (cache and store
// from the run before), median of several. The goal rows run the default configuration with only
// Chatwoot set (Slack and Discord off); one more, reported, has both on against the fakes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '../plugins/discord/testing/fake-discord.ts';
import { startFakeSlack } from '../plugins/slack/testing/fake-slack.ts';
import { createChatwootSimulator } from '../src/sandbox/create-chatwoot-simulator.ts';
import { progress, report, type BenchRow } from './kit/report.ts';
import { duration, median } from './kit/stats.ts';
import { until } from './kit/until.ts';

const QUICK = process.env['BENCH_QUICK'] === '1';
const WARM_RUNS = QUICK ? 3 : 7;
const GOAL_MS = 1_500;
const root = new URL('..', import.meta.url).pathname;
const DIST_MAIN = join(root, 'dist/src/main.js');

const simulator = await createChatwootSimulator();
const slack = await startFakeSlack({ channels: [{ id: 'C0START' }] });
const discord = await startFakeDiscord();
const SURFACES_ON: NodeJS.ProcessEnv = {
  BENCH_SLACK_API: slack.apiUrl,
  SLACK_BOT_TOKEN: slack.token,
  SLACK_APP_TOKEN: 'xapp-bench',
  SLACK_CHANNEL_ID: 'C0START',
  BENCH_DISCORD_API: discord.restApi,
  DISCORD_BOT_TOKEN: discord.token,
  DISCORD_GUILD_ID: discord.guildId,
  DISCORD_CHANNEL_ID: discord.channelId,
};
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-start-'));

/** The environment of a deployment: this one without anything Switchboard reads, plus Chatwoot and a store. */
function environment(tmp: string, store: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(CHATWOOT_|SLACK_|DISCORD_|STORE_URL$|PORT$|LOG_LEVEL$|SWITCHBOARD_|NODE_OPTIONS$|npm_)/.test(key)) env[key] = value;
  }
  return { ...env, TMPDIR: tmp, CHATWOOT_URL: simulator.url, CHATWOOT_API_TOKEN: simulator.agent.apiToken, CHATWOOT_ACCOUNT_ID: String(simulator.accountId), STORE_URL: `sqlite://${store}`, PORT: '0', ...extra };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Spawns `command`, resolves with the ms until the simulator confirmed its subscription, then stops it. */
async function startOnce(command: string[], tmp: string, store: string, extra: NodeJS.ProcessEnv): Promise<number> {
  // The simulator counts live subscriptions: the previous process's must be gone first.
  await until(() => simulator.cable.confirmedSubscriptions() === 0, { what: 'the previous process to unsubscribe' });
  const began = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd: root, env: environment(tmp, store, extra), stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  try {
    await until(() => simulator.cable.confirmedSubscriptions() > 0 || exited, { what: `${command.join(' ')} to subscribe`, timeoutMs: 60_000, everyMs: 1 });
    if (exited) throw new Error(`${command.join(' ')} exited before subscribing: ${stderr.slice(-500)}`);
    return performance.now() - began;
  } finally {
    // npm → sh → tsx → node: stop the whole group it leads (ours), as a process manager would.
    if (!exited && child.pid) process.kill(-child.pid, 'SIGTERM');
    await exit;
    // npm may exit before its node grandchild has closed the store (and released its lock): the
    // next start must find the group gone, or it would be refused the store.
    if (child.pid) await until(() => !groupAlive(child.pid!), { what: 'the process group to exit', timeoutMs: 30_000 });
  }
}

async function variant(name: string, command: string[], options: { goal: boolean; extra?: NodeJS.ProcessEnv } = { goal: true }): Promise<BenchRow[]> {
  const extra = options.extra ?? {};
  const tmp = mkdtempSync(join(scratch, 'tmp-'));
  const store = join(scratch, `${name.replace(/\W+/g, '-')}.sqlite`);
  progress(`start: ${name} cold`);
  const cold = await startOnce(command, tmp, store, extra);
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i += 1) {
    progress(`start: ${name} warm ${i + 1}/${WARM_RUNS}`);
    warm.push(await startOnce(command, tmp, store, extra));
  }
  const w = median(warm);
  return [
    { figure: `start → subscribed, ${name}, cold`, measured: duration(cold), goal: '— (reported)' },
    {
      figure: `start → subscribed, ${name}, warm`,
      measured: `${duration(w)} (median of ${WARM_RUNS}; ${duration(Math.min(...warm))} … ${duration(Math.max(...warm))})`,
      goal: options.goal ? '≤ 1.5 s' : '— (reported)',
      ...(options.goal ? { ok: w <= GOAL_MS } : {}),
    },
  ];
}

try {
  const rows: BenchRow[] = [];
  rows.push(...(await variant('npm start', ['npm', 'start', '--silent'])));
  if (existsSync(DIST_MAIN)) rows.push(...(await variant('dist/', [process.execPath, join(root, 'bench/kit/start-from-dist.mjs')])));
  else rows.push({ figure: 'start → subscribed, dist/', measured: 'skipped: no dist/src/main.js (npm run build makes it)', goal: '≤ 1.5 s warm' });
  if (QUICK) rows.push({ figure: 'start → subscribed, npm start with Slack and Discord on', measured: 'skipped under BENCH_QUICK', goal: '— (reported)' });
  else rows.push(...(await variant('npm start with Slack and Discord on', ['npm', 'start', '--silent', '--', '--config', 'bench/kit/surfaces-on.config.ts'], { goal: false, extra: SURFACES_ON })));
  await report(rows);
} finally {
  await simulator.close();
  await slack.close();
  await discord.close();
  rmSync(scratch, { recursive: true, force: true });
}
