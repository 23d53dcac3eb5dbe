import type { ScenarioResult } from './run-scenario.ts';

const HEADERS = [
  'scenario',
  'store',
  'injected',
  'delivered',
  'lost',
  'duplicated',
  're-delivered after kill (finished; max end→kill)',
  'out of order',
  'acks missing',
  'acks doubled',
  'settle',
  'faults done',
];

const n = (value: number) => value.toLocaleString('en-US');

function redelivered(r: ScenarioResult): string {
  const o = r.outcome;
  if (o.redeliveredAfterKill === 0) return '0';
  const gap = o.maxEndToKillMs === undefined ? '' : `; ${n(o.maxEndToKillMs)} ms`;
  return `${n(o.redeliveredAfterKill)} (${n(o.redeliveredFinished)}${gap})`;
}

function settle(r: ScenarioResult): string {
  if (r.settle.how === 'settled') return `${(r.settle.ms / 1000).toFixed(1)} s`;
  return r.settle.how === 'stalled' ? 'never (stalled)' : 'never (deadline)';
}

function faults(r: ScenarioResult): string {
  const parts: string[] = [];
  if (r.scenario.drops) parts.push(`drops ${r.dropsFired}/${r.scenario.drops}`);
  if (r.scenario.kills?.length) parts.push(`kills ${r.kills}/${r.scenario.kills.length}`);
  if (r.scenario.restFaults?.length) parts.push(`REST windows ${r.scenario.restFaults.length}`);
  if (r.scenario.reorder) parts.push('reordered');
  if (r.failoversMs.length > 0) parts.push(`failover ${r.failoversMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  return parts.join(', ') || '—';
}

/** The soak's cells for one result, in `HEADERS` order. */
export function soakRow(r: ScenarioResult): string[] {
  const o = r.outcome;
  return [
    `${r.scenario.key} ${r.scenario.title}`,
    r.scenario.store,
    n(o.injected),
    n(o.delivered),
    n(o.lost),
    n(o.duplicated),
    redelivered(r),
    n(o.outOfOrder),
    o.acksMissing === undefined ? '—' : n(o.acksMissing),
    o.acksDoubled === undefined ? '—' : n(o.acksDoubled),
    settle(r),
    faults(r),
  ];
}

/**
 * The soak's one table, aligned for a terminal (and pasteable as Markdown); skipped scenarios get a
 * row saying why.
 *
 * @example
 * process.stdout.write(formatSoakTable(results, [{ label: 'd 3,000 msgs, kill -9 twice', why: 'no redis-server' }]));
 */
export function formatSoakTable(results: readonly ScenarioResult[], skipped: ReadonlyArray<{ label: string; store: string; why: string }> = []): string {
  const rows = [...results.map(soakRow), ...skipped.map((s) => [s.label, s.store, `skipped: ${s.why}`, ...HEADERS.slice(3).map(() => '')])];
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i < 2 || i >= 10 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < 2 || i >= 10 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(HEADERS), rule, ...rows.map(line)].join('\n') + '\n';
}
