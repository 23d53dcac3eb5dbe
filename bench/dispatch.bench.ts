// npx tsx bench/dispatch.bench.ts — in-process dispatch overhead of the event bus: typed events
// (built once from the seed payload, spread over 100 conversations) published to 1, 5 and 20
// counting plugins, sync and async, against a direct loop calling the same handlers. Every
// scenario runs once per round, rounds alternate the order, and medians are reported.
import { readFileSync } from 'node:fs';
import type { AnyEvent } from '../src/chatwoot/events.ts';
import { buildEvent } from '../src/chatwoot/build-event.ts';
import { createBus, type BusHandler } from '../src/core/bus/create-bus.ts';
import { createLogger } from '../src/observability/create-logger.ts';
import { createMetrics } from '../src/observability/metrics.ts';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONVERSATIONS = 100;
const PLUGIN_COUNTS = [1, 5, 20];

// Ten distinct messages per conversation: enough variety, without holding 200k events in memory.
const seed = (JSON.parse(readFileSync(new URL('./message-created.json', import.meta.url), 'utf8')) as { message: { data: Record<string, unknown> } }).message.data;
const distinct: AnyEvent[] = [];
for (let i = 0; i < CONVERSATIONS * 10; i += 1) {
  const data = { ...seed, id: 1_000 + i, conversation_id: (i % CONVERSATIONS) + 1 };
  distinct.push(buildEvent('message.created', data, { source: 'cable', receivedAt: Date.now() }));
}
const events: AnyEvent[] = Array.from({ length: EVENTS }, (_, i) => distinct[i % distinct.length]!);

type Mode = 'sync' | 'async';
type Kind = 'bus' | 'direct';
let count = 0;
const syncHandler: BusHandler = () => {
  count += 1;
};
const asyncHandler: BusHandler = async () => {
  count += 1;
};

/** Seconds to get every event to every plugin's handler. */
async function run(kind: Kind, mode: Mode, plugins: number, list: AnyEvent[]): Promise<number> {
  const handler = mode === 'sync' ? syncHandler : asyncHandler;
  count = 0;
  if (kind === 'direct') {
    const handlers = Array.from({ length: plugins }, () => handler);
    const signal = new AbortController().signal;
    const began = process.hrtime.bigint();
    for (const event of list) for (const h of handlers) h(event, signal);
    await Promise.resolve();
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    check(list.length * plugins);
    return seconds;
  }
  const bus = createBus({ log: createLogger({ level: 'silent' }), metrics: createMetrics() });
  for (let p = 0; p < plugins; p += 1) bus.subscribe(`plugin-${p}`, 'message.created', handler);
  const began = process.hrtime.bigint();
  // Like the cable reader: stop at the high-water mark until the bus has drained.
  for (const event of list) if (!bus.publish(event)) await bus.drained();
  await bus.idle();
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  check(list.length * plugins);
  await bus.stop();
  return seconds;
}

function check(expected: number) {
  if (count !== expected) throw new Error(`handlers ran ${count} times, expected ${expected}`);
}

const scenarios: Array<{ kind: Kind; mode: Mode; plugins: number }> = [];
for (const mode of ['sync', 'async'] as const) {
  for (const plugins of PLUGIN_COUNTS) for (const kind of ['bus', 'direct'] as const) scenarios.push({ kind, mode, plugins });
}
const label = ({ kind, mode, plugins }: (typeof scenarios)[number]) =>
  `${kind === 'bus' ? 'bus' : 'direct loop calling the handlers'} · ${mode} · ${plugins} plugin${plugins === 1 ? '' : 's'}`;

// Warm-up: JIT every path before measuring.
for (const scenario of scenarios) await run(scenario.kind, scenario.mode, scenario.plugins, events.slice(0, 20_000));

const seconds = new Map<string, number[]>(scenarios.map((scenario) => [label(scenario), []]));
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 === 0 ? scenarios : [...scenarios].reverse();
  for (const scenario of order) seconds.get(label(scenario))!.push(await run(scenario.kind, scenario.mode, scenario.plugins, events));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const table: Record<string, Record<string, string>> = {};
const nsPer = new Map<string, number>();
for (const scenario of scenarios) {
  const key = label(scenario);
  const values = seconds.get(key)!;
  const s = median(values);
  const ns = (s * 1e9) / (EVENTS * scenario.plugins);
  nsPer.set(key, ns);
  table[key] = {
    'events/s (median)': fmt(EVENTS / s),
    'ns per event×plugin': ns.toFixed(1),
    'events/s min…max': `${fmt(EVENTS / Math.max(...values))} … ${fmt(EVENTS / Math.min(...values))}`,
  };
}
console.log(`\ndispatch overhead: ${ROUNDS} alternating rounds × ${EVENTS.toLocaleString('en-US')} message.created events over ${CONVERSATIONS} conversations, median\n`);
console.table(table);

const overhead = (mode: Mode, plugins: number) =>
  (nsPer.get(label({ kind: 'bus', mode, plugins }))! - nsPer.get(label({ kind: 'direct', mode, plugins }))!).toFixed(0);
const busRate = (mode: Mode, plugins: number) => fmt(EVENTS / median(seconds.get(label({ kind: 'bus', mode, plugins }))!));
console.log(
  `bus overhead per event×plugin over a direct call: sync ${PLUGIN_COUNTS.map((p) => `${overhead('sync', p)} ns (${p})`).join(', ')}; ` +
    `async ${PLUGIN_COUNTS.map((p) => `${overhead('async', p)} ns (${p})`).join(', ')} — ` +
    `1 plugin: ${busRate('sync', 1)} events/s sync, ${busRate('async', 1)} events/s async\n`,
);
