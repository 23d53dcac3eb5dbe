// npx tsx bench/slack.bench.ts — Chatwoot cable event → the fake Slack receiving chat.postMessage,
// through the real runtime, the Slack plugin, its outbox and Bolt's WebClient.
// 1. limits off: 200 customer messages/s spread over 50 conversations (threads opened first); p50/p99.
// 2. throttled: the default-like per-channel limit; shows queueing, and that nothing is lost or reordered.
import { createTestBot } from '../src/testing/index.ts';
import slack from '../plugins/slack/index.ts';
import { startFakeSlack } from '../plugins/slack/testing/fake-slack.ts';

const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONVERSATIONS = 50;
const CHANNEL = 'C0BENCH';

async function until(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function scenario(name: string, rateLimit: { perSecond: number; burst: number }, rate: number, count: number, conversations: number) {
  const fake = await startFakeSlack({ channels: [{ id: CHANNEL }] });
  const bot = await createTestBot({
    plugins: [slack],
    config: { settings: { slack: { apiUrl: fake.apiUrl, socketRetries: 0, rateLimit } } },
    env: { SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: 'xapp-bench', SLACK_CHANNEL_ID: CHANNEL },
  });
  try {
    await until(() => fake.sockets() > 0, 5_000, 'Socket Mode');
    const ids: number[] = [];
    for (let i = 0; i < conversations; i += 1) ids.push(bot.chatwoot.createConversation({ contactName: `Customer ${i}` }).id!);
    await until(() => fake.state.parents(CHANNEL).length === conversations, 120_000, 'the threads');
    await bot.idle();
    const sentAt = new Map<string, number>();
    const began = performance.now();
    for (let i = 0; i < count; i += 1) {
      const due = began + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const text = `bench ${i}`;
      sentAt.set(text, performance.now());
      bot.chatwoot.customerMessage(ids[i % ids.length]!, text);
    }
    const sendSeconds = (performance.now() - began) / 1000;
    const posts = () => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200 && String(c.params['text']).startsWith('bench '));
    await until(() => posts().length >= count, 600_000, 'every post');
    const latencies = posts().map((c) => c.hr - sentAt.get(String(c.params['text']))!).sort((a, b) => a - b);
    // Order per thread: each conversation's bench messages arrive in the order sent.
    const byThread = new Map<string, number[]>();
    for (const c of posts()) {
      const list = byThread.get(String(c.params['thread_ts'])) ?? [];
      list.push(Number(String(c.params['text']).slice(6)));
      byThread.set(String(c.params['thread_ts']), list);
    }
    const ordered = [...byThread.values()].every((list) => list.every((n, i) => i === 0 || n > list[i - 1]!));
    const delivered = new Set(posts().map((c) => c.params['text'])).size;
    const row = {
      scenario: name,
      events: count,
      'rate /s (achieved)': `${rate} (${(count / sendSeconds).toFixed(0)})`,
      conversations,
      delivered: `${delivered}/${count}`,
      duplicates: posts().length - delivered,
      'in order': ordered,
      '429s': fake.calls.filter((c) => c.status === 429).length,
      'p50 ms': Number(pct(latencies, 50).toFixed(1)),
      'p90 ms': Number(pct(latencies, 90).toFixed(1)),
      'p99 ms': Number(pct(latencies, 99).toFixed(1)),
      'max ms': Number(latencies.at(-1)!.toFixed(1)),
    };
    return { p99: pct(latencies, 99), delivered, ordered, row };
  } finally {
    await bot.stop();
    await until(() => fake.sockets() === 0, 3_000, 'Bolt to close').catch(() => undefined);
    await fake.close();
  }
}

const fast = await scenario('limits off', { perSecond: 1e6, burst: 1e6 }, RATE, RATE * SECONDS, CONVERSATIONS);
const slow = await scenario('throttled 10/s, burst 3, per channel', { perSecond: 10, burst: 3 }, 40, 80, 5);
console.log('\ncable event → post received by the fake Slack\n');
console.table([fast.row, slow.row]);
console.log(`target p99 ≤ 25 ms with limits off: ${fast.p99 <= 25 ? 'met ✓' : 'MISSED ✗'}; throttled run queued without loss: ${slow.delivered === 80 && slow.ordered ? 'yes ✓' : 'NO ✗'}\n`);
process.exit(fast.p99 <= 25 && slow.delivered === 80 ? 0 : 1);
