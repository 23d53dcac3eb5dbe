// Child process of the memory bench: one Switchboard runtime on a SQLite store with a counting
// plugin, driven over IPC, reporting its own memory after a full garbage collection (--expose-gc).
// Plain JavaScript, so it can run Switchboard from the sources through tsx (as `npm start` does:
// `node --import tsx`) or from the build without any loader (SWITCHBOARD_FROM=dist).
const from = process.env['SWITCHBOARD_FROM'] === 'dist' ? '../dist/src' : '../src';
const ext = from.includes('dist') ? 'js' : 'ts';
const { createLogger } = await import(`${from}/observability/create-logger.${ext}`);
const { createRuntime } = await import(`${from}/app/create-runtime.${ext}`);

let handled = 0;
const times = new Map();
const counting = {
  name: 'counting',
  setup(ctx) {
    ctx.on('message.created', (event) => {
      handled += 1;
      times.set(event.message.id, (times.get(event.message.id) ?? 0) + 1);
    });
  },
};
let runtime;

process.on('message', (request) => {
  handle(request).then(
    (answer) => process.send?.({ ok: true, ...answer }),
    (error) => process.send?.({ ok: false, error: String(error?.stack ?? error) }),
  );
});
process.send?.({ ready: true });

async function handle(request) {
  if (request.start) {
    const { url, apiToken, accountId, storeUrl } = request.start;
    runtime = createRuntime({
      chatwoot: { url, apiToken, accountId },
      env: { presenceIntervalSeconds: 15, port: 0, storeUrl },
      plugins: [counting],
      log: createLogger({ level: 'silent' }),
      host: '127.0.0.1',
    });
    await runtime.start();
    await runtime.subscribed();
    return {};
  }
  if (request.measure) {
    await runtime?.ledger.flush();
    if (!globalThis.gc) throw new Error('memory-bot needs --expose-gc');
    for (let i = 0; i < 3; i += 1) {
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { rss, heapUsed } = process.memoryUsage();
    return { rss, heapUsed };
  }
  if (request.fill) return { filled: await fill(request.fill) };
  if (request.delivered) {
    await runtime?.settled();
    return { total: handled, doubled: [...times.values()].filter((n) => n > 1).length };
  }
  await runtime?.stop();
  setImmediate(() => process.exit(0));
  return {};
}

/** `n` ledger entries in thirds: message links, echo records, delivery-log conversations (cursors). */
async function fill(n) {
  const ledger = runtime.ledger;
  const third = Math.ceil(n / 3);
  const base = 50_000_000;
  const batch = async (count, write) => {
    for (let start = 0; start < count; start += 500) {
      const writes = [];
      for (let i = start; i < Math.min(count, start + 500); i += 1) writes.push(write(i));
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
