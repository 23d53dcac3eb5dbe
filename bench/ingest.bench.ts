// npm run bench — ingest throughput: Chatwoot simulator (child process) → cable client → typed event
// delivered to a counting plugin, against a bare `ws` client doing JSON.parse on the same stream.
// Rounds alternate between the two so machine noise hits both alike; medians are reported.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import WebSocket from 'ws';
import { roomIdentifier } from '../src/chatwoot/cable-commands.ts';
import { createLogger } from '../src/core/logger.ts';
import { createRuntime } from '../src/core/runtime.ts';
import { definePlugin } from '../src/index.ts';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 20_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);

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

async function switchboard() {
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
    env: { presenceIntervalSeconds: 15, port: 0, storeUrl: 'memory://' },
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

// The source sends to every open socket, so only one client is connected at a time.
async function round(kind: 'bare' | 'switchboard', count: number): Promise<number> {
  const client = kind === 'bare' ? await bareClient() : await switchboard();
  const rate = await measure(client.received, count);
  await client.close();
  return rate;
}

// Warm-up: JIT both paths before measuring.
await round('bare', 2_000);
await round('switchboard', 2_000);

const rates = { bare: [] as number[], switchboard: [] as number[] };
for (let i = 0; i < ROUNDS; i += 1) {
  rates.bare.push(await round('bare', MESSAGES));
  rates.switchboard.push(await round('switchboard', MESSAGES));
}
source.send({ close: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const bareRate = median(rates.bare);
const oursRate = median(rates.switchboard);
console.log(`\ningest throughput: ${ROUNDS} alternating rounds × ${MESSAGES.toLocaleString('en-US')} message.created frames (seed payload), median\n`);
console.table({
  'bare ws + JSON.parse': { 'msgs/s (median)': fmt(bareRate), 'min': fmt(Math.min(...rates.bare)), 'max': fmt(Math.max(...rates.bare)) },
  'switchboard → plugin': { 'msgs/s (median)': fmt(oursRate), 'min': fmt(Math.min(...rates.switchboard)), 'max': fmt(Math.max(...rates.switchboard)) },
});
const ratio = oursRate / bareRate;
console.log(`ratio switchboard / bare = ${ratio.toFixed(2)} (target ≥ 0.70) ${ratio >= 0.7 ? '✓' : '✗'}\n`);
