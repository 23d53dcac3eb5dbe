// Catch-up: the cable is dropped (and reconnects refused) while 1,000 customer messages arrive over
// 100 conversations; then the bot may reconnect. Measured from the confirmed resubscription until a
// plugin has every one of them, with 20 ms added to every REST answer (a delaying proxy between the
// bot and the simulator): the time, the REST requests made, and none lost, doubled or out of order.
// The real runtime on the default SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/observability/create-logger.ts';
import { createRuntime } from '../src/app/create-runtime.ts';
import { createChatwootSimulator } from '../src/sandbox/create-chatwoot-simulator.ts';
import { createSeen } from './kit/counting-plugin.ts';
import { startLatencyProxy } from './kit/latency-proxy.ts';
import { report } from './kit/report.ts';
import { count, duration } from './kit/stats.ts';
import { until } from './kit/until.ts';

const CONVERSATIONS = 100;
const MESSAGES = 1_000;
const LATENCY_MS = 20;
const GOAL_MS = 10_000;

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-catch-up-'));
const simulator = await createChatwootSimulator();
const proxy = await startLatencyProxy(simulator.url, LATENCY_MS);
const seen = createSeen();
const runtime = createRuntime({
  chatwoot: { url: proxy.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId },
  env: { presenceIntervalSeconds: 15, port: 0, storeUrl: `sqlite://${join(scratch, 'catch-up.sqlite')}` },
  config: { runtime: { sweepMs: 0 } },
  plugins: [seen.plugin],
  log: createLogger({ level: 'silent' }),
  host: '127.0.0.1',
  // Reconnect at once: the figure starts at the resubscription, the backoff before it is not measured.
  timings: { reconnectBaseMs: 20, reconnectCapMs: 100 },
});

try {
  await runtime.start();
  await runtime.subscribed();
  await until(() => runtime.status().sync === 'in_sync', { what: 'the first pass' });
  const ids: number[] = [];
  for (let i = 0; i < CONVERSATIONS; i += 1) ids.push(simulator.createConversation({ contactName: `Customer ${i}`, content: 'hello' }).id!);
  await until(() => seen.total() === CONVERSATIONS, { what: 'the first messages' });

  simulator.faults.refuseConnections(true);
  simulator.faults.dropConnections();
  await until(() => runtime.cableStatus() !== 'subscribed', { what: 'the bot to notice the drop' });
  const missed: number[] = [];
  for (let i = 0; i < MESSAGES; i += 1) missed.push(simulator.customerMessage(ids[i % CONVERSATIONS]!, `missed ${i}`).id!);

  let resubscribedAt = 0;
  const off = runtime.onCableStatus((status) => {
    if (status === 'subscribed' && resubscribedAt === 0) resubscribedAt = performance.now();
  });
  simulator.faults.refuseConnections(false);
  await until(() => missed.every((id) => seen.has(id)), { what: 'every missed message', timeoutMs: 120_000 });
  const tookMs = performance.now() - resubscribedAt;
  await runtime.settled();
  off();
  const requests = proxy.requests.filter((r) => r.at >= resubscribedAt).length;
  const lost = missed.filter((id) => !seen.has(id)).length;
  const doubled = seen.doubled();
  const ordered = seen.inOrder();
  await report([
    {
      figure: 'catch-up: 1,000 missed over 100 conversations, REST +20 ms',
      measured: `${duration(tookMs)} after resubscribing, ${count(requests)} REST requests; lost ${lost}, doubled ${doubled}, ${ordered ? 'in order' : 'OUT OF ORDER'}`,
      goal: '≤ 10 s, none lost or doubled',
      ok: tookMs <= GOAL_MS && lost === 0 && doubled === 0 && ordered,
    },
  ]);
} finally {
  await runtime.stop();
  await proxy.close();
  await simulator.close();
  rmSync(scratch, { recursive: true, force: true });
}
