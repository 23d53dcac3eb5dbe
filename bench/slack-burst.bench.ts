// Slack burst at the real limit: 60 customer messages in 10 s into one conversation, the fake Slack
// enforcing about one chat.postMessage per second per channel (a token bucket, burst 3; 429 with
// Retry-After beyond it) and the plugin on its default settings. Measured from the first message
// until the last one is visible in the thread; posts made, 429s, order, nothing lost or doubled —
// with bursts folded (the default) and without (skipped under BENCH_QUICK: it takes a minute).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import slack from '../plugins/slack/index.ts';
import { startFakeSlack } from '../plugins/slack/testing/fake-slack.ts';
import { createStore } from '../src/core/store/create-store.ts';
import { createTestBot } from '../src/testing/index.ts';
import { progress, report, type BenchRow } from './kit/report.ts';
import { duration } from './kit/stats.ts';
import { until } from './kit/until.ts';

const QUICK = process.env['BENCH_QUICK'] === '1';
const MESSAGES = 60;
const OVER_MS = 10_000;
const CHANNEL = 'C0BURST';
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-burst-'));

interface Outcome {
  ms: number;
  posts: number;
  throttled: number;
  lost: number;
  doubled: number;
  ordered: boolean;
}

async function burst(fold: boolean): Promise<Outcome> {
  const fake = await startFakeSlack({ channels: [{ id: CHANNEL }], rateLimit: { perSecond: 1, burst: 3, retryAfterSeconds: 1 } });
  const store = await createStore(`sqlite://${join(scratch, `burst-${fold}.sqlite`)}`);
  const bot = await createTestBot({
    plugins: [slack],
    store,
    config: { settings: { slack: { apiUrl: fake.apiUrl, socketRetries: 0, foldBursts: fold } } },
    env: { SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: 'xapp-bench', SLACK_CHANNEL_ID: CHANNEL },
  });
  try {
    await until(() => fake.sockets() > 0, { what: 'Socket Mode' });
    const conversation = bot.chatwoot.createConversation({ contactName: 'Burst Customer' }).id!;
    await bot.idle();
    const parent = fake.state.parents(CHANNEL)[0]!.ts;
    // What the thread shows: every "burst N" line of every reply, in thread order.
    const visible = () => fake.state.thread(CHANNEL, parent).flatMap((m) => [...m.text.matchAll(/^burst (\d+)$/gm)].map((match) => Number(match[1])));
    const callsBefore = fake.calls.length;
    progress(`slack burst: ${MESSAGES} messages in ${OVER_MS / 1000} s, folding ${fold ? 'on' : 'off'}`);
    const began = performance.now();
    for (let i = 0; i < MESSAGES; i += 1) {
      const wait = began + (i * OVER_MS) / MESSAGES - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      bot.chatwoot.customerMessage(conversation, `burst ${i}`);
    }
    await until(() => new Set(visible()).size === MESSAGES, { what: 'the whole burst to be visible', timeoutMs: 300_000 });
    const ms = performance.now() - began;
    await bot.idle();
    const shown = visible();
    const calls = fake.calls.slice(callsBefore).filter((c) => c.method === 'chat.postMessage' && c.params['thread_ts'] === parent);
    return {
      ms,
      posts: calls.filter((c) => c.status === 200).length,
      throttled: calls.filter((c) => c.status === 429).length,
      lost: MESSAGES - new Set(shown).size,
      doubled: shown.length - new Set(shown).size,
      ordered: shown.every((n, i) => n === i),
    };
  } finally {
    await bot.stop();
    await fake.close();
    await store.close();
  }
}

const describe = (o: Outcome) =>
  `last visible after ${duration(o.ms)}; ${o.posts} posts, ${o.throttled} × 429; lost ${o.lost}, doubled ${o.doubled}, ${o.ordered ? 'in order' : 'OUT OF ORDER'}`;
const sound = (o: Outcome) => o.lost === 0 && o.doubled === 0 && o.ordered;

try {
  const rows: BenchRow[] = [];
  const off = QUICK ? undefined : await burst(false);
  const on = await burst(true);
  const figure = `Slack burst: ${MESSAGES} in ${OVER_MS / 1000} s into one thread, fake at ~1 post/s`;
  rows.push(
    off
      ? { figure: `${figure}, unfolded`, measured: describe(off), goal: 'nothing lost, in order (time reported)', ok: sound(off) }
      : { figure: `${figure}, unfolded`, measured: 'skipped under BENCH_QUICK (takes about a minute)', goal: 'nothing lost, in order (time reported)' },
  );
  const speedup = off ? off.ms / on.ms : undefined;
  rows.push({
    figure: `${figure}, folded (default)`,
    measured: `${describe(on)}${speedup ? `; ${speedup.toFixed(1)}× sooner than unfolded` : ''}`,
    goal: 'nothing lost, in order; ≥ 3× sooner than unfolded',
    ok: sound(on) && (speedup === undefined || speedup >= 3),
  });
  await report(rows);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
