// Mirror latency: Chatwoot cable event → the post received by the fake Slack / fake Discord, through
// the real runtime (default SQLite store; BENCH_STORE=memory to compare), the plugin, its outbox and the real Bolt / discord.js
// clients. 200 customer messages per second spread over 50 conversations (threads opened first),
// limits off — the plugins' outbox rate limits, and discord.js's own global cap; p50/p99 over every
// post, and nothing lost or doubled. Discord once more at the same rate under the global 50 requests/s
// that real Discord (and discord.js by default) holds every bot to (reported: it queues by design).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import discord from '../plugins/discord/index.ts';
import { startFakeDiscord } from '../plugins/discord/testing/fake-discord.ts';
import slack from '../plugins/slack/index.ts';
import { startFakeSlack } from '../plugins/slack/testing/fake-slack.ts';
import { createStore } from '../src/core/store/create-store.ts';
import { createTestBot, type TestBot } from '../src/testing/index.ts';
import { progress, report, type BenchRow } from './kit/report.ts';
import { count, percentile } from './kit/stats.ts';
import { until } from './kit/until.ts';

const QUICK = process.env['BENCH_QUICK'] === '1';
const RATE = 200;
/** Discord's published global limit per bot, discord.js's default cap. */
const DISCORD_GLOBAL = 50;
const SECONDS = QUICK ? 3 : 5;
const CONVERSATIONS = 50;
const GOAL_P99_MS = 25;
const UNLIMITED = { perSecond: 1e6, burst: 1e6 };
/** The store under the bot (default: SQLite, what a deployment runs); BENCH_STORE=memory to compare. */
const STORE = process.env['BENCH_STORE'] === 'memory' ? 'memory' : 'sqlite';
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-mirror-'));

/** A post the fake received: which bench message, when (performance.now()), in which thread. */
interface Post {
  n: number;
  hr: number;
  thread: string;
}

interface Surface {
  name: string;
  start(): Promise<{ bot: TestBot; posts(): Post[]; close(): Promise<void> }>;
}

let stores = 0;
/** A new store per run: one left from an earlier run would link conversations of another simulator. */
const store = async (name: string) => createStore(STORE === 'memory' ? 'memory://' : `sqlite://${join(scratch, `${name}-${(stores += 1)}.sqlite`)}`);

const slackSurface: Surface = {
  name: 'Slack',
  async start() {
    const fake = await startFakeSlack({ channels: [{ id: 'C0BENCH' }] });
    const sqlite = await store('slack');
    const bot = await createTestBot({
      plugins: [slack],
      store: sqlite,
      config: { settings: { slack: { apiUrl: fake.apiUrl, socketRetries: 0, rateLimit: UNLIMITED } } },
      env: { SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: 'xapp-bench', SLACK_CHANNEL_ID: 'C0BENCH' },
    });
    await until(() => fake.sockets() > 0, { what: 'Socket Mode' });
    return {
      bot,
      posts: () =>
        fake.calls
          .filter((c) => c.method === 'chat.postMessage' && c.status === 200 && /^bench \d+$/.test(String(c.params['text'])))
          .map((c) => ({ n: Number(String(c.params['text']).slice(6)), hr: c.hr, thread: String(c.params['thread_ts']) })),
      async close() {
        await bot.stop();
        await fake.close();
        await sqlite.close();
      },
    };
  },
};

const discordSurface = (requestsPerSecond: number): Surface => ({
  name: requestsPerSecond === DISCORD_GLOBAL ? `Discord (held to its ${DISCORD_GLOBAL} requests/s)` : 'Discord',
  async start() {
    const fake = await startFakeDiscord();
    const sqlite = await store('discord');
    const bot = await createTestBot({
      plugins: [discord],
      store: sqlite,
      config: { settings: { discord: { restApi: fake.restApi, noticeTtlMs: 0, rateLimit: UNLIMITED, restRequestsPerSecond: requestsPerSecond } } },
      env: { DISCORD_BOT_TOKEN: fake.token, DISCORD_GUILD_ID: fake.guildId, DISCORD_CHANNEL_ID: fake.channelId, DISCORD_CATEGORY_ID: fake.categoryId },
    });
    await until(() => fake.calls.some((c) => c.method === 'PUT' && c.path.endsWith('/commands')), { what: 'discord ready' });
    const isPost = (c: (typeof fake.calls)[number]) => c.method === 'POST' && c.path.startsWith('/webhooks/');
    return {
      bot,
      posts: () =>
        fake.calls
          .filter((c) => isPost(c) && /^bench \d+$/.test(String(c.body?.content ?? '')))
          .map((c) => ({ n: Number(String(c.body.content).slice(6)), hr: c.hr, thread: String(c.query['thread_id']) })),
      async close() {
        await bot.stop();
        await fake.close();
        await sqlite.close();
      },
    };
  },
});

async function measure(surface: Surface, rate: number, goal: boolean): Promise<BenchRow> {
  const total = rate * SECONDS;
  const run = await surface.start();
  try {
    const ids: number[] = [];
    for (let i = 0; i < CONVERSATIONS; i += 1) ids.push(run.bot.chatwoot.createConversation({ contactName: `Customer ${i}`, content: 'opening' }).id!);
    // Every thread opened (idle: every event handled, every queued write made).
    await run.bot.idle();
    progress(`mirror: ${surface.name}, ${count(total)} messages at ${rate}/s`);
    const sentAt: number[] = [];
    const began = performance.now();
    for (let i = 0; i < total; i += 1) {
      const wait = began + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      sentAt[i] = performance.now();
      run.bot.chatwoot.customerMessage(ids[i % CONVERSATIONS]!, `bench ${i}`);
    }
    const achieved = total / ((performance.now() - began) / 1000);
    await until(() => new Set(run.posts().map((p) => p.n)).size >= total, { what: `every ${surface.name} post`, timeoutMs: 120_000 });
    await run.bot.idle();
    const posts = run.posts();
    const latencies = posts.map((p) => p.hr - sentAt[p.n]!).sort((a, b) => a - b);
    const byThread = new Map<string, number[]>();
    for (const p of posts) byThread.set(p.thread, [...(byThread.get(p.thread) ?? []), p.n]);
    const ordered = [...byThread.values()].every((list) => list.every((n, i) => i === 0 || n > list[i - 1]!));
    const doubled = posts.length - new Set(posts.map((p) => p.n)).size;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    return {
      figure: `mirror latency → fake ${surface.name}, ${rate}/s over ${CONVERSATIONS} conversations${STORE === 'memory' ? ' (memory://)' : ''}`,
      measured: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (max ${latencies.at(-1)!.toFixed(1)}; ${count(total)} sent at ${achieved.toFixed(0)}/s; doubled ${doubled}${ordered ? '' : ', OUT OF ORDER'})`,
      goal: goal ? 'p99 ≤ 25 ms' : '— (reported)',
      ok: goal ? p99 <= GOAL_P99_MS && doubled === 0 && ordered : doubled === 0 && ordered ? undefined : false,
    };
  } finally {
    await run.close();
  }
}

try {
  const rows: BenchRow[] = [];
  const only = process.env['BENCH_SURFACE']?.toLowerCase();
  const limitsOff = discordSurface(100_000);
  for (const surface of [slackSurface, limitsOff].filter((s) => !only || s.name.toLowerCase() === only)) rows.push(await measure(surface, RATE, true));
  // As against the real Discord: 200 posts/s cannot go out at 50 requests/s; how far behind it falls.
  if (!only || only === 'discord') rows.push(await measure(discordSurface(DISCORD_GLOBAL), RATE, false));
  await report(rows);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
