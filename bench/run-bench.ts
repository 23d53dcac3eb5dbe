// npm run bench — every performance figure of the project, one bench module per row group, each in
// its own process (so one's memory, JIT and timers cannot colour another's), run one after the
// other; one table at the end. BENCH_QUICK=1: about a minute. BENCH_ONLY=catch-up,sweep: a subset.
import { fork } from 'node:child_process';
import { formatTable, progress, type BenchRow } from './kit/report.ts';

const MODULES = ['ingest', 'catch-up', 'start', 'memory', 'mirror', 'slack-burst', 'sweep'] as const;
const only = process.env['BENCH_ONLY']?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((name) => !(MODULES as readonly string[]).includes(name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`BENCH_ONLY: unknown module(s) ${unknown.join(', ')} — choose from ${MODULES.join(', ')}\n`);
  process.exit(2);
}

const began = performance.now();
const rows: BenchRow[] = [];
for (const name of MODULES.filter((m) => !only || only.includes(m))) {
  const started = performance.now();
  progress(`${name} …`);
  const got = await runModule(name);
  progress(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  rows.push(...got);
}

const quick = process.env['BENCH_QUICK'] === '1';
process.stdout.write(`\nSwitchboard bench${quick ? ' (BENCH_QUICK=1)' : ''} — ${new Date().toISOString()}, node ${process.version}, ${((performance.now() - began) / 1000).toFixed(0)} s\n\n`);
process.stdout.write(`${formatTable(rows)}\n\n`);
process.exitCode = rows.some((r) => r.ok === false) ? 1 : 0;

/** Forks `bench/<name>.bench.ts` and collects the rows it reports; a crash becomes a ✗ row. */
async function runModule(name: string): Promise<BenchRow[]> {
  const child = fork(new URL(`./${name}.bench.ts`, import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const got: BenchRow[] = [];
  child.on('message', (message: { rows?: BenchRow[] }) => {
    if (Array.isArray(message.rows)) got.push(...message.rows);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : null))));
  if (code !== 0 && got.length === 0) return [{ figure: name, measured: `the bench module failed (exit ${code}); see its output above`, goal: '—', ok: false }];
  return got;
}
