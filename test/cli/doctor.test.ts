import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { launchCli } from '../helpers/launch-cli.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { createChatwootSimulator, type ChatwootSimulator } from '../../src/sandbox/create-chatwoot-simulator.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function doctor(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['bin/switchboard.js', 'doctor', '--config', 'test/fixtures/fast.config.ts'], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}

async function simulator(options?: Parameters<typeof createChatwootSimulator>[0]): Promise<ChatwootSimulator> {
  const sim = await createChatwootSimulator(options);
  cleanups.push(() => sim.close());
  return sim;
}

const envFor = (sim: ChatwootSimulator, overrides: Record<string, string> = {}) => ({
  CHATWOOT_URL: sim.url,
  CHATWOOT_API_TOKEN: sim.agent.apiToken,
  CHATWOOT_ACCOUNT_ID: String(sim.accountId),
  ...overrides,
});

describe('switchboard doctor', () => {
  it('passes every check against a healthy Chatwoot', async () => {
    const sim = await simulator();
    const { code, out } = await doctor(envFor(sim));
    expect(out).toMatch(/✓ Chatwoot reachable\s+http:\/\/127\.0\.0\.1:\d+ \(version 4\.15\.1\)/);
    expect(out).toMatch(/✓ API token\s+profile of "Switchboard Bot" \(user id 1\)/);
    expect(out).toMatch(/✓ Cable subscription\s+RoomChannel confirmed/);
    expect(out).toContain('all checks passed');
    expect(out).not.toContain(sim.agent.apiToken);
    expect(code).toBe(0);
  });

  it('fails with a fix for a wrong token', async () => {
    const sim = await simulator();
    const { code, out } = await doctor(envFor(sim, { CHATWOOT_API_TOKEN: 'wrong-token' }));
    expect(out).toMatch(/✗ API token\s+401 from GET \/api\/v1\/profile: Invalid Access Token/);
    expect(out).toMatch(/→ set CHATWOOT_API_TOKEN/);
    expect(out).not.toContain('wrong-token');
    expect(code).toBe(1);
  });

  it('names the accounts when CHATWOOT_ACCOUNT_ID is wrong', async () => {
    const sim = await simulator();
    const { code, out } = await doctor(envFor(sim, { CHATWOOT_ACCOUNT_ID: '42' }));
    expect(out).toMatch(/✗ Account\s+user is not in account 42; its accounts: 1/);
    expect(code).toBe(1);
  });

  it('warns that an agent-role user only sees its inboxes', async () => {
    const sim = await simulator({ agent: { role: 'agent' } });
    const { code, out } = await doctor(envFor(sim));
    expect(out).toMatch(/! Account role .*agent/);
    expect(code).toBe(0);
  });

  it('names a stale pubsub token, and does not try a subscription that cannot work', async () => {
    const sim = await simulator();
    const { code, out } = await doctor(envFor(sim, { CHATWOOT_PUBSUB_TOKEN: 'old', CHATWOOT_USER_ID: '1' }));
    expect(out).toMatch(/✗ Pubsub token\s+CHATWOOT_PUBSUB_TOKEN differs from the profile/);
    expect(out).not.toMatch(/Cable subscription/);
    expect(sim.cable.connectionsTotal()).toBe(0);
    expect(code).toBe(1);
  });

  it('prints each row as soon as its check ends, while Chatwoot is still being waited for', async () => {
    // A "Chatwoot" that accepts connections and never answers.
    const sockets = new Set<Socket>();
    const hanging = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    });
    const { port } = hanging.address() as AddressInfo;
    const cleanups2: Array<() => Promise<void> | void> = [];
    cleanups.push(async () => {
      for (const cleanup of cleanups2) await cleanup();
    });
    const run = launchCli({ CHATWOOT_URL: `http://127.0.0.1:${port}`, CHATWOOT_API_TOKEN: 't', CHATWOOT_ACCOUNT_ID: '1' }, ['doctor', '--config', 'test/fixtures/fast.config.ts'], cleanups2);
    await waitFor(() => run.output().includes(`… reaching http://127.0.0.1:${port}`), { timeoutMs: 15_000, what: 'the rows before the Chatwoot checks' });
    await waitFor(() => sockets.size > 0, { what: 'doctor waiting on Chatwoot' });
    expect(run.output()).toMatch(/✓ Configuration\s+valid/);
    expect(run.output()).toMatch(/! Webhook intake/);
    expect(run.output()).not.toMatch(/Chatwoot reachable/);
    expect(run.child.exitCode).toBeNull();
  });

  it('fails when Chatwoot is unreachable and when nothing is configured', async () => {
    const sim = await simulator();
    const url = sim.url;
    await sim.close();
    const down = await doctor({ CHATWOOT_URL: url, CHATWOOT_API_TOKEN: 't', CHATWOOT_ACCOUNT_ID: '1' });
    expect(down.out).toMatch(/✗ Chatwoot reachable/);
    expect(down.code).toBe(1);
    const none = await doctor({});
    expect(none.out).toMatch(/✗ Chatwoot\s+CHATWOOT_URL is not set/);
    expect(none.code).toBe(1);
  });
});
