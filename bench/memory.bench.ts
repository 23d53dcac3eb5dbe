// Memory: one Switchboard process (a child with --expose-gc, SQLite store, a counting plugin) against
// the simulator in this process. RSS after a full GC: idle; after 100,000 ledger entries (message
// links, echo records, delivery-log conversations); after a run of 5,000 customer messages over 50
// conversations (this bench's own traffic generator, 1,000/s); and after a second such run, which
// must not have grown it.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatwootSimulator } from '../src/sandbox/create-chatwoot-simulator.ts';
import { progress, report } from './kit/report.ts';
import { count, megabytes } from './kit/stats.ts';

const ENTRIES = 100_000;
const RUN = 5_000;
const CONVERSATIONS = 50;
const RATE = 1_000;
const GOAL_BYTES = 150 * 1024 * 1024;
/** "No growth": what a second identical run may add to RSS (allocator noise, the dedupe ring's fill). */
const GROWTH_TOLERANCE = 5 * 1024 * 1024;

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-memory-'));
const simulator = await createChatwootSimulator();
const child = fork(new URL('./memory-bot.ts', import.meta.url), [], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await once(child, 'message');

async function ask<T extends Record<string, unknown>>(request: Record<string, unknown>): Promise<T> {
  child.send(request);
  const [answer] = (await once(child, 'message')) as [T & { ok: boolean; error?: string }];
  if (!answer.ok) throw new Error(`memory-bot: ${answer.error}`);
  return answer;
}
const measure = () => ask<{ rss: number; heapUsed: number }>({ measure: true });
const mem = (m: { rss: number; heapUsed: number }) => `${megabytes(m.rss)} (heap ${megabytes(m.heapUsed)})`;

let sent = 0;
const ids: number[] = [];
/** `RUN` customer messages at `RATE`/s, round-robin over the conversations; waits until all are handled. */
async function run(): Promise<void> {
  const began = performance.now();
  for (let i = 0; i < RUN; i += 1) {
    const due = began + (i * 1000) / RATE;
    if (due - performance.now() > 2) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    simulator.customerMessage(ids[i % CONVERSATIONS]!, `message ${sent}`);
    sent += 1;
  }
  for (;;) {
    const { total } = await ask<{ total: number }>({ delivered: true });
    if (total >= sent + CONVERSATIONS) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

try {
  await ask({ start: { url: simulator.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId, storeUrl: `sqlite://${join(scratch, 'memory.sqlite')}` } });
  for (let i = 0; i < CONVERSATIONS; i += 1) ids.push(simulator.createConversation({ contactName: `Customer ${i}`, content: 'hello' }).id!);
  const idle = await measure();
  progress(`memory: idle ${mem(idle)}; writing ${count(ENTRIES)} ledger entries`);
  await ask({ fill: ENTRIES });
  const filled = await measure();
  progress(`memory: with the ledger ${mem(filled)}; first run of ${count(RUN)} messages`);
  await run();
  const first = await measure();
  progress(`memory: after run 1 ${mem(first)}; second run`);
  await run();
  const second = await measure();
  const { doubled } = await ask<{ doubled: number }>({ delivered: true });
  const growth = second.rss - first.rss;
  await report([
    { figure: 'memory: RSS idle (subscribed, SQLite)', measured: mem(idle), goal: '— (reported)' },
    { figure: `memory: RSS with ${count(ENTRIES)} ledger entries (SQLite)`, measured: mem(filled), goal: '≤ 150 MB', ok: filled.rss <= GOAL_BYTES },
    { figure: `memory: RSS after a ${count(RUN)}-message run`, measured: `${mem(first)}; ${doubled} doubled`, goal: '— (reported)', ok: doubled === 0 ? undefined : false },
    {
      figure: `memory: growth across a second ${count(RUN)}-message run`,
      measured: `${growth >= 0 ? '+' : '−'}${megabytes(Math.abs(growth))} RSS, ${second.heapUsed >= first.heapUsed ? '+' : '−'}${megabytes(Math.abs(second.heapUsed - first.heapUsed))} heap (now ${mem(second)})`,
      goal: 'no growth (≤ +5 MB RSS)',
      ok: growth <= GROWTH_TOLERANCE,
    },
  ]);
} finally {
  if (child.connected) await ask({ stop: true }).catch(() => undefined);
  await simulator.close();
  rmSync(scratch, { recursive: true, force: true });
}
