// Memory: one Switchboard process (a child with --expose-gc, SQLite store, a counting plugin) against
// the simulator in this process. RSS after a full GC: idle; after 100,000 ledger entries (message
// links, echo records, delivery-log conversations); after a run of 5,000 customer messages over 50
// conversations (this bench's own traffic generator, 1,000/s); and after a second such run, which
// must not have grown it. Run as `npm start` runs Switchboard (the sources through tsx) and, when a
// build exists and not under BENCH_QUICK, from dist/ without a loader.
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatwootSimulator } from '../src/sandbox/create-chatwoot-simulator.ts';
import { progress, report, type BenchRow } from './kit/report.ts';
import { count, megabytes } from './kit/stats.ts';

const QUICK = process.env['BENCH_QUICK'] === '1';
const ENTRIES = 100_000;
const RUN = 5_000;
const CONVERSATIONS = 50;
const RATE = 1_000;
const GOAL_BYTES = 150 * 1024 * 1024;
/** "No growth": what a second identical run may add to RSS (allocator noise, the dedupe ring's fill). */
const GROWTH_TOLERANCE = 5 * 1024 * 1024;
const HAS_DIST = existsSync(new URL('../dist/src/app/create-runtime.js', import.meta.url));

interface Memory {
  rss: number;
  heapUsed: number;
}

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-memory-'));
const simulator = await createChatwootSimulator();
const mem = (m: Memory) => `${megabytes(m.rss)} (heap ${megabytes(m.heapUsed)})`;

async function measureVariant(variant: 'tsx' | 'dist'): Promise<BenchRow[]> {
  const label = variant === 'tsx' ? 'sources via tsx, as npm start' : 'from dist/';
  const child = fork(new URL('./memory-bot.mjs', import.meta.url), [], {
    execArgv: variant === 'tsx' ? ['--import', 'tsx', '--expose-gc'] : ['--expose-gc'],
    env: { ...process.env, SWITCHBOARD_FROM: variant === 'dist' ? 'dist' : 'src' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'message');
  const ask = async <T extends Record<string, unknown>>(request: Record<string, unknown>): Promise<T> => {
    child.send(request);
    const [answer] = (await once(child, 'message')) as [T & { ok: boolean; error?: string }];
    if (!answer.ok) throw new Error(`memory-bot: ${answer.error}`);
    return answer;
  };
  const measure = () => ask<Memory & Record<string, unknown>>({ measure: true });
  const ids: number[] = [];
  let sent = 0;
  /** `RUN` customer messages at `RATE`/s, round-robin over the conversations; waits until all are handled. */
  const run = async () => {
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
  };
  try {
    await ask({ start: { url: simulator.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId, storeUrl: `sqlite://${join(scratch, `memory-${variant}.sqlite`)}` } });
    for (let i = 0; i < CONVERSATIONS; i += 1) ids.push(simulator.createConversation({ contactName: `Customer ${i}`, content: 'hello' }).id!);
    const idle = await measure();
    progress(`memory (${label}): idle ${mem(idle)}; writing ${count(ENTRIES)} ledger entries`);
    await ask({ fill: ENTRIES });
    const filled = await measure();
    progress(`memory (${label}): with the ledger ${mem(filled)}; first run of ${count(RUN)} messages`);
    await run();
    const first = await measure();
    progress(`memory (${label}): after run 1 ${mem(first)}; second run`);
    await run();
    const second = await measure();
    const { doubled } = await ask<{ doubled: number }>({ delivered: true });
    const growth = second.rss - first.rss;
    const sign = (n: number) => `${n >= 0 ? '+' : '−'}${megabytes(Math.abs(n))}`;
    return [
      { figure: `memory (${label}): RSS idle, SQLite`, measured: mem(idle), goal: '— (reported)' },
      { figure: `memory (${label}): RSS with ${count(ENTRIES)} ledger entries`, measured: mem(filled), goal: '≤ 150 MB', ok: filled.rss <= GOAL_BYTES },
      { figure: `memory (${label}): RSS after ${count(RUN)} messages`, measured: `${mem(first)}; ${doubled} doubled`, goal: '— (reported)', ...(doubled === 0 ? {} : { ok: false }) },
      {
        figure: `memory (${label}): growth over ${count(RUN)} more`,
        measured: `${sign(growth)} RSS, ${sign(second.heapUsed - first.heapUsed)} heap (now ${mem(second)})`,
        goal: 'no growth (≤ +5 MB RSS)',
        ok: growth <= GROWTH_TOLERANCE,
      },
    ];
  } finally {
    if (child.connected) await ask({ stop: true }).catch(() => undefined);
  }
}

/** RSS after a full GC of a node process that loads nothing of Switchboard, with or without the tsx loader. */
async function baseline(withTsx: boolean): Promise<number> {
  const code = withTsx
    ? "import { register } from 'tsx/esm/api'; register(); globalThis.gc(); process.stdout.write(String(process.memoryUsage().rss));"
    : 'globalThis.gc(); process.stdout.write(String(process.memoryUsage().rss));';
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await once(child, 'exit');
  return Number(out);
}

try {
  // What the loader costs before any of Switchboard is loaded: it runs its hooks on a thread of its
  // own (a second V8 isolate), the part of the tsx row's RSS the code cannot shrink.
  const [bare, loader] = [await baseline(false), await baseline(true)];
  const rows: BenchRow[] = [{ figure: 'memory: node alone vs node with the tsx loader registered (nothing loaded)', measured: `${megabytes(bare)} vs ${megabytes(loader)} (+${megabytes(loader - bare)})`, goal: '— (reported)' }];
  rows.push(...(await measureVariant('tsx')));
  if (HAS_DIST && !QUICK) rows.push(...(await measureVariant('dist')));
  else rows.push({ figure: 'memory (from dist/)', measured: HAS_DIST ? 'skipped under BENCH_QUICK' : 'skipped: no dist/ (npm run build makes it)', goal: '≤ 150 MB with 100,000 entries' });
  await report(rows);
} finally {
  await simulator.close();
  rmSync(scratch, { recursive: true, force: true });
}
