// Sweep cost: the periodic check the runtime makes while in sync, with 10,000 conversations in the
// ledger (each delivered live once, two hours ago in Chatwoot's clock) and 10 active (a customer
// message 15 s ago: listed by the sweep and old enough to be checked, not left to the cable). Runs
// the real runtime with `runtime.sweepMs` at 1 s, counts every REST request the simulator receives
// over several sweeps, and reports requests per sweep. Nothing was missed, so the goal is ≤ 3.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/observability/create-logger.ts';
import { createRuntime } from '../src/app/create-runtime.ts';
import { createChatwootSimulator } from '../src/sandbox/create-chatwoot-simulator.ts';
import { createSeen } from './kit/counting-plugin.ts';
import { progress, report } from './kit/report.ts';
import { count } from './kit/stats.ts';
import { until } from './kit/until.ts';

const QUICK = process.env['BENCH_QUICK'] === '1';
const LEDGER = 10_000;
const ACTIVE = 10;
const SWEEPS = QUICK ? 4 : 8;
const SWEEP_MS = 1_000;

let offsetMs = -2 * 3600_000;
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-sweep-'));
const simulator = await createChatwootSimulator({ now: () => Date.now() + offsetMs });
const seen = createSeen();
const runtime = createRuntime({
  chatwoot: { url: simulator.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId },
  env: { presenceIntervalSeconds: 15, port: 0, storeUrl: `sqlite://${join(scratch, 'sweep.sqlite')}` },
  config: { runtime: { sweepMs: SWEEP_MS } },
  plugins: [seen.plugin],
  log: createLogger({ level: 'silent' }),
  host: '127.0.0.1',
});

try {
  await runtime.start();
  await runtime.subscribed();
  await until(() => runtime.status().sync === 'in_sync', { what: 'the first pass' });
  progress(`sweep: ${count(LEDGER)} conversations into the ledger`);
  const ids: number[] = [];
  for (let i = 0; i < LEDGER; i += 1) {
    ids.push(simulator.createConversation({ contactName: `Customer ${i}`, content: 'hello' }).id!);
    // Let the socket drain now and then rather than queue 20,000 frames at once.
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  await until(() => seen.total() === LEDGER, { what: 'the ledger to fill', timeoutMs: 300_000 });
  offsetMs = -15_000;
  for (const id of ids.slice(0, ACTIVE)) simulator.customerMessage(id, 'still there?');
  offsetMs = 0;
  await until(() => seen.total() === LEDGER + ACTIVE, { what: 'the active conversations' });
  await until(() => runtime.status().sync === 'in_sync', { what: 'in sync' });

  const listing = /\/conversations$/;
  const from = simulator.rest.requests.length;
  const listings = () => simulator.rest.requests.slice(from).filter((r) => r.method === 'GET' && listing.test(r.path) && r.query['updated_within'] !== undefined).length;
  // From one listing to the one after SWEEPS more: every request in between belongs to a sweep.
  await until(() => listings() >= 1, { what: 'a sweep', timeoutMs: 10_000 });
  const start = simulator.rest.requests.findIndex((r, i) => i >= from && listing.test(r.path) && r.query['updated_within'] !== undefined);
  await until(() => listings() >= SWEEPS + 1, { what: `${SWEEPS} sweeps`, timeoutMs: (SWEEPS + 5) * SWEEP_MS * 3 });
  const window = simulator.rest.requests.slice(start);
  const perSweep: number[] = [];
  for (const request of window) {
    if (listing.test(request.path) && request.query['updated_within'] !== undefined) perSweep.push(0);
    perSweep[perSweep.length - 1]! += 1;
  }
  perSweep.pop(); // the last listing opened a sweep that may still be running
  const listed = Number(window[0]?.query['updated_within']);
  const worst = Math.max(...perSweep);
  const mean = perSweep.reduce((a, b) => a + b, 0) / perSweep.length;
  await report([
    {
      figure: `sweep cost: ${count(LEDGER)} conversations in the ledger, ${ACTIVE} active`,
      measured: `${worst} REST request(s) per sweep at most, ${mean.toFixed(1)} on average over ${perSweep.length} sweeps (listing updated_within=${listed} s)`,
      goal: '≤ 3 when nothing was missed',
      ok: worst <= 3,
    },
  ]);
} finally {
  await runtime.stop();
  await simulator.close();
  rmSync(scratch, { recursive: true, force: true });
}
