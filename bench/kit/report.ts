/** One line of the bench table: what was measured, the value, the goal and whether it was met. */
export interface BenchRow {
  figure: string;
  measured: string;
  goal: string;
  /** Met (✓) or missed (✗); undefined for a figure without a goal or a variant that was skipped (—). */
  ok?: boolean;
}

/**
 * Hands a bench module's rows to the runner (over IPC when forked by `npm run bench`), or prints
 * them as a table when the module runs on its own (`npx tsx bench/catch-up.bench.ts`).
 *
 * @example
 * await report([{ figure: 'catch-up', measured: '2.1 s', goal: '≤ 10 s', ok: true }]);
 */
export async function report(rows: BenchRow[]): Promise<void> {
  if (process.send) {
    await new Promise<void>((resolve, reject) => process.send!({ rows }, (error: Error | null) => (error ? reject(error) : resolve())));
    return;
  }
  process.stdout.write(`\n${formatTable(rows)}\n`);
}

/** The rows as an aligned text table: figure, measured, goal, ✓/✗ (— when there is no verdict). */
export function formatTable(rows: BenchRow[]): string {
  const cells = [['figure', 'measured', 'goal', ''], ...rows.map((r) => [r.figure, r.measured, r.goal, r.ok === undefined ? '—' : r.ok ? '✓' : '✗'])];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...cells.map((line) => [...(line[column] ?? '')].length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v + ' '.repeat((widths[i] ?? 0) - [...v].length)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const [head, ...body] = cells;
  return [line(head!), rule, ...body.map(line)].join('\n');
}

/** Progress for the person watching (stderr, so a piped table stays clean). */
export function progress(text: string): void {
  process.stderr.write(`bench · ${text}\n`);
}
