// Child process of the memory bench: one Switchboard runtime on a SQLite store with a counting
// plugin, driven over IPC, reporting its own memory after a full garbage collection (--expose-gc).
import { createLogger } from '../src/core/logger.ts';
import { createRuntime, type Runtime } from '../src/core/runtime.ts';
import { createSeen } from './kit/counting-plugin.ts';

type Request =
  | { start: { url: string; apiToken: string; accountId: number; storeUrl: string } }
  | { measure: true }
  | { fill: number }
  | { delivered: true }
  | { stop: true };

const seen = createSeen();
let runtime: Runtime | undefined;
const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (request: Request) => {
  void handle(request).then(
    (answer) => process.send?.({ ok: true, ...answer }),
    (error: unknown) => process.send?.({ ok: false, error: String((error as Error)?.stack ?? error) }),
  );
});
process.send?.({ ready: true });

async function handle(request: Request): Promise<Record<string, unknown>> {
  if ('start' in request) {
    const { url, apiToken, accountId, storeUrl } = request.start;
    runtime = createRuntime({
      chatwoot: { url, apiToken, accountId },
      env: { presenceIntervalSeconds: 15, port: 0, storeUrl },
      plugins: [seen.plugin],
      log: createLogger({ level: 'silent' }),
      host: '127.0.0.1',
    });
    await runtime.start();
    await runtime.subscribed();
    return {};
  }
  if ('measure' in request) {
    await runtime?.ledger.flush();
    if (!gc) throw new Error('memory-bot needs --expose-gc');
    for (let i = 0; i < 3; i += 1) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const usage = process.memoryUsage();
    return { rss: usage.rss, heapUsed: usage.heapUsed };
  }
  if ('fill' in request) return { filled: await fill(request.fill) };
  if ('delivered' in request) {
    await runtime?.settled();
    return { total: seen.total(), doubled: seen.doubled() };
  }
  await runtime?.stop();
  setImmediate(() => process.exit(0));
  return {};
}

/** `n` ledger entries in thirds: message links, echo records, delivery-log conversations (cursors). */
async function fill(n: number): Promise<number> {
  const ledger = runtime!.ledger;
  const third = Math.ceil(n / 3);
  const base = 50_000_000;
  const batch = async (count: number, write: (i: number) => Promise<void> | void) => {
    for (let from = 0; from < count; from += 500) {
      const writes: Array<Promise<void> | void> = [];
      for (let i = from; i < Math.min(count, from + 500); i += 1) writes.push(write(i));
      await Promise.all(writes);
    }
  };
  // Links: each surface's writes are serialised by the ledger; spread them like several surfaces would.
  await batch(third, (i) => ledger.links.setMessage(base + i, `bench-${i % 4}`, { key: `C0BENCH:${1_700_000_000 + i}.000100`, data: { own: true } }));
  await batch(third, (i) => ledger.echo.record(`sb-bench-${i}`, { conversationId: base + i, origin: { surface: 'bench', ref: `C0BENCH:${i}` } }));
  const nowSeconds = Math.floor(Date.now() / 1000);
  await batch(n - 2 * third, (i) => {
    ledger.deliveries.begin(base + i, base + i, nowSeconds, Date.now());
    ledger.deliveries.finish(base + i, base + i, true);
  });
  await ledger.flush();
  return n;
}
