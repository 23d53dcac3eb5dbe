// `npm run soak [-- --only a,c] [-- --quick] [-- --keep]`: issues 8 and 11's soak, one table, exit 1 on any
// lost, duplicated, missing or doubled cell. SOAK_QUICK=1 is the same as --quick (the short sizes).
import { parseArgs } from 'node:util';
import { killAllChildren } from './child-registry.ts';
import { formatSoakTable } from './print-soak-table.ts';
import { hasRedisServer } from './redis-process.ts';
import { breaksGuarantees, runScenario, type ScenarioResult } from './run-scenario.ts';
import { FULL_SCENARIOS, SHORT_SCENARIOS } from './soak-scenarios.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    seed: { type: 'string' },
  },
});

process.once('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

const quick = values.quick || process.env['SOAK_QUICK'] === '1';
const only = values.only?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
const catalogue = quick ? SHORT_SCENARIOS : FULL_SCENARIOS;
const unknown = only?.filter((key) => !catalogue.some((s) => s.key === key)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')} — pick from ${catalogue.map((s) => s.key).join(', ')}\n`);
  process.exit(2);
}
const chosen = catalogue.filter((s) => !only || only.includes(s.key));
const redis = hasRedisServer();

const results: ScenarioResult[] = [];
const skipped: Array<{ label: string; store: string; why: string }> = [];
const began = Date.now();
for (const scenario of chosen) {
  if (scenario.store === 'redis' && !redis) {
    skipped.push({ label: `${scenario.key} ${scenario.title}`, store: scenario.store, why: 'no redis-server' });
    continue;
  }
  process.stderr.write(`▶ ${scenario.key}: ${scenario.title} (${scenario.store})\n`);
  try {
    const result = await runScenario(scenario, {
      keepFiles: values.keep,
      log: (line) => process.stderr.write(`${line}\n`),
      ...(values.seed ? { seed: Number(values.seed) } : {}),
    });
    results.push(result);
    const o = result.outcome;
    process.stderr.write(
      `  ${scenario.key}: ${o.delivered}/${o.injected} delivered, ${o.lost} lost, ${o.duplicated} duplicated, settle ${result.settle.how}, ${(result.wallMs / 1000).toFixed(0)} s wall${breaksGuarantees(o, result.failoversMs) || result.settle.how !== 'settled' ? ` — files kept in ${result.dir}` : ''}\n`,
    );
  } catch (error) {
    process.stderr.write(`  ${scenario.key}: did not run to the end: ${(error as Error).message}\n`);
    skipped.push({ label: `${scenario.key} ${scenario.title}`, store: scenario.store, why: `error: ${(error as Error).message.slice(0, 60)}` });
  }
}

process.stdout.write(`\nSoak (${quick ? 'quick' : 'full'}), ${((Date.now() - began) / 1000).toFixed(0)} s:\n\n`);
process.stdout.write(formatSoakTable(results, skipped));
const failed = results.some((r) => breaksGuarantees(r.outcome, r.failoversMs)) || skipped.some((s) => s.why.startsWith('error'));
process.exitCode = failed ? 1 : 0;
