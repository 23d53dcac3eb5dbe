// Ingest throughput: Chatwoot simulator (child process) → cable client → typed event delivered to a
// counting plugin, against a bare `ws` client doing JSON.parse on the same stream, on each store (the
// delivery log writes what was handled behind, in batches). Each store runs next to a bare round, in
// alternating order; its row is the median of those paired ratios.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { roomIdentifier } from '../src/chatwoot/cable-commands.ts';
import { createLogger } from '../src/observability/create-logger.ts';
import { createRuntime } from '../src/app/create-runtime.ts';
import { definePlugin } from '../src/index.ts';
import { hasRedis, startRedis } from './kit/redis-server.ts';
import { progress, report, type BenchRow } from './kit/report.ts';
import { count, median } from './kit/stats.ts';

const QUICK = process.env['BENCH_QUICK'] === '1';
const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 20_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? (QUICK ? 3 : 5));
const STORES = (process.env['BENCH_STORES'] ?? `memory,sqlite${hasRedis() ? ',redis' : ''}`).split(',').map((s) => s.trim()) as Array<'memory' | 'sqlite' | 'redis'>;
const GOALS: Record<string, number> = { memory: 0.8, sqlite: 0.7, redis: 0.7 };

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
const redis = STORES.includes('redis') ? await startRedis() : undefined;
let sqliteRuns = 0;
/** A fresh store per round: a new SQLite file, or the Redis database emptied first. */
const storeUrl = (store: 'memory' | 'sqlite' | 'redis'): string => {
  if (store === 'memory') return 'memory://';
  if (store === 'sqlite') return `sqlite://${join(scratch, `run-${(sqliteRuns += 1)}.sqlite`)}`;
  redis!.flush();
  return redis!.url;
};

interface SourceInfo {
  url: string;
  cableUrl: string;
  accountId: number;
  agent: { id: number; apiToken: string; pubsubToken: string };
}

const source = fork(new URL('./cable-source.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const [info] = (await once(source, 'message')) as [SourceInfo];
const identifier = roomIdentifier({ pubsubToken: info.agent.pubsubToken, accountId: info.accountId, userId: info.agent.id });

/** Asks the source for `count` frames and resolves with messages/second once `received()` reaches it. */
async function measure(received: () => number, count: number): Promise<number> {
  const start = received();
  const began = process.hrtime.bigint();
  source.send({ blast: count, identifier });
  await new Promise<void>((resolve) => {
    const check = () => (received() - start >= count ? resolve() : setImmediate(check));
    check();
  });
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  return count / seconds;
}

async function bareClient() {
  let count = 0;
  const ws = new WebSocket(info.cableUrl, ['actioncable-v1-json', 'actioncable-unsupported'], { origin: info.url });
  ws.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as { message?: { event?: string } };
    if (frame.message?.event === 'message.created') count += 1;
  });
  await once(ws, 'open');
  ws.send(JSON.stringify({ command: 'subscribe', identifier }));
  await new Promise<void>((resolve) => ws.on('message', (raw) => String(raw).includes('confirm_subscription') && resolve()));
  return {
    received: () => count,
    close: async () => {
      ws.close(1000);
      await once(ws, 'close');
    },
  };
}

async function switchboard(store: 'memory' | 'sqlite' | 'redis') {
  let count = 0;
  const counting = definePlugin({
    name: 'counting',
    setup(ctx) {
      ctx.on('message.created', () => {
        count += 1;
      });
    },
  });
  const runtime = createRuntime({
    chatwoot: { url: info.url, apiToken: info.agent.apiToken, accountId: info.accountId, pubsubToken: info.agent.pubsubToken, userId: info.agent.id },
    env: { presenceIntervalSeconds: 15, port: 0, storeUrl: storeUrl(store) },
    plugins: [counting],
    log: createLogger({ level: 'silent' }),
    host: '127.0.0.1',
  });
  await runtime.start();
  await new Promise<void>((resolve) => {
    const check = () => (runtime.cableStatus() === 'subscribed' ? resolve() : setTimeout(check, 5));
    check();
  });
  return { received: () => count, close: () => runtime.stop() };
}

type Kind = 'bare' | 'memory' | 'sqlite' | 'redis';

// The source sends to every open socket, so only one client is connected at a time.
async function round(kind: Kind, count: number): Promise<number> {
  const client = kind === 'bare' ? await bareClient() : await switchboard(kind);
  const rate = await measure(client.received, count);
  await client.close();
  return rate;
}

const kinds: Kind[] = ['bare', ...STORES];
// Warm-up: JIT every path before measuring (with 2,000 frames, BENCH_QUICK's ratios came out near
// 0.5 against 0.85 in the full run).
for (const kind of kinds) await round(kind, 10_000);

// Each store is measured next to its own bare round, in alternating order, and the ratio taken per
// pair: load from elsewhere on a shared machine drifts over seconds and would otherwise fall on one
// client more than on the other.
const ratios = new Map<Kind, number[]>(STORES.map((store) => [store, []]));
const rates = new Map<Kind, number[]>(kinds.map((kind) => [kind, []]));
for (let i = 0; i < ROUNDS; i += 1) {
  progress(`ingest round ${i + 1}/${ROUNDS}`);
  for (const store of STORES) {
    const pair: Kind[] = i % 2 === 0 ? ['bare', store] : [store, 'bare'];
    const measured = new Map<Kind, number>();
    for (const kind of pair) measured.set(kind, await round(kind, MESSAGES));
    rates.get('bare')!.push(measured.get('bare')!);
    rates.get(store)!.push(measured.get(store)!);
    ratios.get(store)!.push(measured.get(store)! / measured.get('bare')!);
  }
}
source.send({ close: true });
redis?.stop();
rmSync(scratch, { recursive: true, force: true });

const rows: BenchRow[] = STORES.map((store) => {
  const list = ratios.get(store)!;
  const ratio = median(list);
  const goal = GOALS[store] ?? 0;
  return {
    figure: `ingest ratio, ${store}://`,
    measured: `${ratio.toFixed(2)} (${Math.min(...list).toFixed(2)} … ${Math.max(...list).toFixed(2)} over ${ROUNDS} pairs of ${count(MESSAGES)}; ${count(median(rates.get(store)!))} vs bare ${count(median(rates.get('bare')!))} msgs/s)`,
    goal: `≥ ${goal.toFixed(2)}`,
    ok: ratio >= goal,
  };
});
if (!hasRedis() && !process.env['BENCH_STORES']) rows.push({ figure: 'ingest ratio, redis://', measured: 'skipped: no redis-server on the PATH', goal: '≥ 0.70' });
await report(rows);
