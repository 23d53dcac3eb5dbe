import { createServer, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { launchCli, repoRoot } from '../helpers/launch-cli.ts';
import { waitFor } from '../helpers/wait-for.ts';

// Child-process tests of `switchboard start` at boot: production never runs the sandbox, the HTTP
// server listens before Chatwoot answers, and a permanent refusal exits 2 with doctor's line.
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(): Promise<ChatwootSimulator> {
  const sim = await createChatwootSimulator();
  cleanups.push(() => sim.close());
  return sim;
}

const chatwootEnv = (sim: ChatwootSimulator, overrides: Record<string, string> = {}) => ({
  CHATWOOT_URL: sim.url,
  CHATWOOT_API_TOKEN: sim.agent.apiToken,
  CHATWOOT_ACCOUNT_ID: String(sim.accountId),
  ...overrides,
});

/** A "Chatwoot" that accepts connections and never answers. */
async function hangingServer() {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => (requests += 1));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, requests: () => requests };
}

describe('deploying never runs the toy', () => {
  it('refuses the sandbox under NODE_ENV=production: exit 2 and a line naming the variables to set', async () => {
    const bot = launchCli({ NODE_ENV: 'production' }, [], cleanups);
    const [code] = await bot.exited;
    expect(code).toBe(2);
    expect(bot.stderr()).toMatch(/✗ CHATWOOT_URL: is missing, and NODE_ENV=production never runs the sandbox — set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID/);
    expect(bot.output()).not.toContain('sandbox: no CHATWOOT_URL');
  });

  it('says it is the sandbox on /readyz, and keeps Slack and Discord off although their tokens are set', async () => {
    const bot = launchCli(
      { SLACK_BOT_TOKEN: 'xoxb-real-looking', SLACK_APP_TOKEN: 'xapp-real-looking', SLACK_CHANNEL_ID: 'C1', DISCORD_BOT_TOKEN: 'discord-real-looking', DISCORD_GUILD_ID: '1', DISCORD_CHANNEL_ID: '2' },
      ['--config', 'config/switchboard.config.ts'],
      cleanups,
    );
    const port = await bot.port();
    const ready = await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
    }, { timeoutMs: 15_000, what: 'the sandbox ready' });
    expect(String(ready['mode'])).toMatch(/^sandbox: an embedded Chatwoot simulator, not a real Chatwoot/);
    expect(bot.output()).toContain('sandbox: slack and discord stay off although credentials are set');
    expect(bot.output()).toMatch(/slack: off/);
    expect(bot.output()).toMatch(/discord: off/);
    expect(bot.output()).not.toContain('xoxb-real-looking');
    bot.child.kill('SIGTERM');
    expect((await bot.exited)[0]).toBe(0);
  });
});

describe('start-up against a Chatwoot that hangs', () => {
  it('listens on $PORT and says "connecting to <url>…" before Chatwoot answers anything', async () => {
    const chatwoot = await hangingServer();
    const bot = launchCli({ CHATWOOT_URL: chatwoot.url, CHATWOOT_API_TOKEN: 'token', CHATWOOT_ACCOUNT_ID: '1' }, [], cleanups);
    const port = await bot.port();
    expect(bot.output()).toContain(`connecting to ${chatwoot.url}…`);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, cable: 'idle' });
    // The check is waiting on Chatwoot, which has answered nothing at all.
    await waitFor(() => chatwoot.requests() >= 1, { what: 'the boot check reaching Chatwoot' });
    expect(bot.output()).not.toContain('switchboard started');
    bot.child.kill('SIGTERM');
    expect((await bot.exited)[0]).toBe(0);
  });
});

describe('permanent answers at boot stop the process with exit 2 and doctor\'s words', () => {
  it('a 401 token', async () => {
    const sim = await simulator();
    const bot = launchCli(chatwootEnv(sim, { CHATWOOT_API_TOKEN: 'wrong-token' }), [], cleanups);
    const [code] = await bot.exited;
    expect(code).toBe(2);
    expect(bot.stderr()).toMatch(/✗ API token: 401 from GET \/api\/v1\/profile: Invalid Access Token — check CHATWOOT_API_TOKEN → set CHATWOOT_API_TOKEN to the bot user's access token/);
    expect(bot.output()).not.toContain('switchboard started');
    expect(bot.output()).not.toContain('wrong-token');
  });

  it('a wrong account', async () => {
    const sim = await simulator();
    const bot = launchCli(chatwootEnv(sim, { CHATWOOT_ACCOUNT_ID: '42' }), [], cleanups);
    const [code] = await bot.exited;
    expect(code).toBe(2);
    expect(bot.stderr()).toMatch(/✗ Account: user is not in account 42; its accounts: 1 \(.+\) → set CHATWOOT_ACCOUNT_ID to one of those/);
  });

  it('a URL that 404s', async () => {
    const sim = await simulator();
    const bot = launchCli(chatwootEnv(sim, { CHATWOOT_URL: `${sim.url}/not-chatwoot` }), [], cleanups);
    const [code] = await bot.exited;
    expect(code).toBe(2);
    expect(bot.stderr()).toMatch(/✗ Chatwoot reachable: 404 from GET \/api: .*check CHATWOOT_URL, including any path prefix → check CHATWOOT_URL/);
  });

  it('a stale CHATWOOT_PUBSUB_TOKEN is named as such', async () => {
    const sim = await simulator();
    const bot = launchCli(chatwootEnv(sim, { CHATWOOT_PUBSUB_TOKEN: 'stale-token', CHATWOOT_USER_ID: String(sim.agent.id) }), [], cleanups);
    const [code] = await bot.exited;
    expect(code).toBe(2);
    expect(bot.stderr()).toMatch(/✗ Pubsub token: CHATWOOT_PUBSUB_TOKEN differs from the profile .* → unset CHATWOOT_PUBSUB_TOKEN and CHATWOOT_USER_ID/);
    expect(bot.output()).not.toMatch(/check CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID/);
    expect(bot.output()).not.toContain('stale-token');
  });
});

describe('operations', () => {
  it('--version prints the package version', async () => {
    const bot = launchCli({}, ['--version'], cleanups);
    const [code] = await bot.exited;
    const { version } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { version: string };
    expect(bot.output().trim()).toBe(version);
    expect(code).toBe(0);
  });

  it('binds HOST, and /metrics carries the process metrics', async () => {
    const sim = await simulator();
    const bot = launchCli(chatwootEnv(sim, { HOST: '127.0.0.2' }), [], cleanups);
    const port = await bot.port();
    const metrics = await waitFor(async () => (await fetch(`http://127.0.0.2:${port}/metrics`)).text(), { what: '/metrics on 127.0.0.2' });
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(metrics).toContain('nodejs_eventloop_lag_seconds');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    bot.child.kill('SIGTERM');
    expect((await bot.exited)[0]).toBe(0);
  });
});
