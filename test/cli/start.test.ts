import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_CONFIRMED_MESSAGE } from '../../src/chatwoot/cable/cable-client.ts';
import { SANDBOX_LINE } from '../../src/cli/start-command.ts';
import { createChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { waitFor } from '../helpers/wait-for.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `switchboard` as a user would, capturing its output. */
function launch(env: Record<string, string>, args: string[] = []) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['bin/switchboard.js', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: '0', LOG_LEVEL: 'info', STORE_URL: 'memory://', ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, output: () => out, exited };
}

describe('switchboard start', () => {
  it('subscribes to a Chatwoot cable, keeps presence and delivers events to a SWITCHBOARD_PLUGINS plugin', async () => {
    const simulator = await createChatwootSimulator();
    cleanups.push(() => simulator.close());
    const bot = launch({
      CHATWOOT_URL: simulator.url,
      CHATWOOT_API_TOKEN: simulator.agent.apiToken,
      CHATWOOT_ACCOUNT_ID: String(simulator.accountId),
      CHATWOOT_PRESENCE_INTERVAL: '1',
      SWITCHBOARD_PLUGINS: './test/fixtures/plugins/counting-plugin.js',
    });
    await waitFor(() => simulator.cable.confirmedSubscriptions() === 1, { timeoutMs: 15_000, what: 'subscription' });
    const conversation = simulator.createConversation({ content: 'hi from a customer' });
    await waitFor(() => bot.output().includes(`EVENT message.created ${conversation.id}`), { timeoutMs: 10_000, what: 'plugin saw the event' });
    await waitFor(() => simulator.presence.updates() >= 2, { timeoutMs: 5_000, what: 'presence heartbeats' });
    expect(bot.output()).not.toContain(simulator.agent.apiToken);
    expect(bot.output()).not.toContain(simulator.agent.pubsubToken);
    bot.child.kill('SIGTERM');
    const [code] = await bot.exited;
    expect(code).toBe(0);
    // Recorded when the simulator's side of the socket sees the close, which may trail the exit.
    await waitFor(() => simulator.cable.closes.length >= 1, { what: 'the close recorded by the simulator' });
    expect(simulator.cable.closes.at(-1)?.code).toBe(1000);
  });

  it('once running, names an unconfirmed subscription (the pubsub token rotated) and keeps retrying', async () => {
    // The token is right at boot; Chatwoot rotates it later (a password change) and drops the socket.
    // No wall-clock budget: the line comes after the configured confirm timeout (1 s in fast.config),
    // however long tsx takes to boot on a loaded machine.
    const simulator = await createChatwootSimulator();
    cleanups.push(() => simulator.close());
    const bot = launch(
      {
        CHATWOOT_URL: simulator.url,
        CHATWOOT_API_TOKEN: simulator.agent.apiToken,
        CHATWOOT_ACCOUNT_ID: String(simulator.accountId),
        CHATWOOT_PUBSUB_TOKEN: simulator.agent.pubsubToken,
        CHATWOOT_USER_ID: String(simulator.agent.id),
      },
      ['--config', 'test/fixtures/fast.config.ts'],
    );
    await waitFor(() => simulator.cable.confirmedSubscriptions() === 1, { timeoutMs: 30_000, what: 'the first subscription' });
    simulator.rotatePubsubToken();
    simulator.faults.dropConnections();
    await waitFor(() => bot.output().includes(NOT_CONFIRMED_MESSAGE), { timeoutMs: 30_000, what: 'the not-confirmed line' });
    const connections = simulator.cable.connectionsTotal();
    await waitFor(() => simulator.cable.connectionsTotal() > connections, { timeoutMs: 30_000, what: 'a retry on a fresh connection' });
    expect(bot.child.exitCode).toBeNull();
    expect(simulator.cable.confirmedSubscriptions()).toBe(0);
  }, 60_000);

  it('runs the sandbox without credentials and shows simulated customers', async () => {
    const bot = launch({}, ['--config', 'test/fixtures/fast.config.ts']);
    await waitFor(() => bot.output().includes(SANDBOX_LINE), { timeoutMs: 15_000, what: 'sandbox line' });
    await waitFor(() => /#\d+ Ada Lovelace: /.test(bot.output()), { timeoutMs: 10_000, what: 'a customer message on the console' });
    bot.child.kill('SIGINT');
    const [code] = await bot.exited;
    expect(code).toBe(0);
  });

  it('replays a scripted console session non-interactively and exits 0', async () => {
    const bot = launch({ LOG_LEVEL: 'warn' }, ['--config', 'test/fixtures/fast.config.ts', '--script', 'test/fixtures/sandbox-session.txt']);
    const [code] = await bot.exited;
    expect(bot.output()).toContain('script done: 8 expectation(s) met');
    expect(bot.output()).toMatch(/#1 ✓ sent to the customer: Sorry about that, Ada/);
    expect(code).toBe(0);
  }, 30_000);

  it('fails a script whose expectation is not met', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'sb-script-')), 'bad.txt');
    writeFileSync(file, '/resolve 999\nexpect this never appears\n');
    const bot = launch({ LOG_LEVEL: 'warn' }, ['--config', 'test/fixtures/fast.config.ts', '--script', file]);
    const [code] = await bot.exited;
    expect(bot.output()).toMatch(/✗ script line 2: expected "this never appears"/);
    expect(code).toBe(1);
  }, 30_000);
});
