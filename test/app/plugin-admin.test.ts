import { afterEach, describe, expect, it } from 'vitest';
import type { SwitchboardConfig } from '../../src/config/define-config.ts';
import { createRuntime } from '../../src/app/create-runtime.ts';
import { definePlugin } from '../../src/index.ts';
import { createChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { waitFor } from '../helpers/wait-for.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Throws on every message until `healthy` is set. */
function flaky() {
  const state = { healthy: false, handled: 0 };
  const plugin = definePlugin({
    name: 'flaky',
    setup(ctx) {
      ctx.on('message.created', () => {
        if (!state.healthy) throw new Error('broken on purpose');
        state.handled += 1;
      });
    },
  });
  return { state, plugin };
}

async function start(config: SwitchboardConfig, adminToken?: string) {
  const simulator = await createChatwootSimulator({ pingIntervalMs: 100 });
  cleanups.push(() => simulator.close());
  const { log } = captureLog();
  const { state, plugin } = flaky();
  const runtime = createRuntime({
    chatwoot: { url: simulator.url, apiToken: simulator.agent.apiToken, accountId: simulator.accountId },
    env: { presenceIntervalSeconds: 15, port: 0, storeUrl: 'memory://', ...(adminToken ? { adminToken } : {}) },
    config: { ...config, runtime: { pauseAfterFailures: 1, sweepMs: 0, ...config.runtime } },
    plugins: [plugin],
    log,
    host: '127.0.0.1',
  });
  cleanups.push(() => runtime.stop());
  const { port } = await runtime.start();
  await runtime.subscribed();
  const base = `http://127.0.0.1:${port}`;
  // One failure pauses it (pauseAfterFailures: 1).
  simulator.createConversation({ content: 'first' });
  await waitFor(() => runtime.bus.paused().includes('flaky'), { what: 'the plugin paused' });
  return { simulator, runtime, state, base };
}

const readyz = async (base: string) => {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('paused plugins, /readyz and resume', () => {
  it('a paused optional plugin is reported by /readyz but does not take the bot out of rotation', async () => {
    const { base } = await start({});
    const ready = await readyz(base);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, pausedPlugins: ['flaky'] });
  });

  it('runtime.readyRequiresPlugins makes a required plugin\'s pause answer 503', async () => {
    const { base } = await start({ runtime: { readyRequiresPlugins: ['flaky'] } });
    expect((await readyz(base)).status).toBe(503);
  });

  it('POST /admin/plugins/<name>/resume resumes it, only with the admin token', async () => {
    const { base, simulator, state, runtime } = await start({ runtime: { readyRequiresPlugins: true } }, 'admin-secret');
    const post = (token?: string, name = 'flaky') =>
      fetch(`${base}/admin/plugins/${name}/resume`, { method: 'POST', ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
    expect((await post()).status).toBe(401);
    expect((await post('wrong-secret')).status).toBe(401);
    expect((await fetch(`${base}/admin/plugins/flaky/resume`)).status).toBe(405);
    expect((await post('admin-secret', 'nope')).status).toBe(404);
    expect(runtime.bus.paused()).toEqual(['flaky']);
    state.healthy = true;
    const resumed = await post('admin-secret');
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toEqual({ plugin: 'flaky', resumed: true, paused: false });
    expect((await readyz(base)).status).toBe(200);
    simulator.createConversation({ content: 'second' });
    await waitFor(() => state.handled === 1, { what: 'the resumed plugin handling a new event' });
  });

  it('the admin API is off without SWITCHBOARD_ADMIN_TOKEN', async () => {
    const { base } = await start({});
    const res = await fetch(`${base}/admin/plugins/flaky/resume`, { method: 'POST', headers: { authorization: 'Bearer anything' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'the admin API is off: set SWITCHBOARD_ADMIN_TOKEN to use it' });
  });

  it('the resume command needs the admin role and resumes the plugin', async () => {
    const { runtime } = await start({});
    const replies: string[] = [];
    const run = (roles: string[]) =>
      runtime.commands.dispatch({
        surface: 'test',
        text: 'resume flaky',
        user: { id: 'u', name: 'Ops', roles },
        reply: async (text) => void replies.push(text),
        replyPrivately: async (text) => void replies.push(text),
      });
    expect((await run(['agent'])).ok).toBe(false);
    expect(runtime.bus.paused()).toEqual(['flaky']);
    expect((await run(['admin'])).ok).toBe(true);
    expect(replies.at(-1)).toBe('plugin "flaky" resumed: it gets new events again');
    expect(runtime.bus.paused()).toEqual([]);
  });
});
