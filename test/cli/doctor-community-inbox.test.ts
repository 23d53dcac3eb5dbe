import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createChatwootRest } from '../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { readCommunityEnv } from '../../src/cli/community-env.ts';
import { checkCommunityInbox } from '../../src/cli/doctor-community-inbox.ts';
import type { SimulatorOptions } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { repoRoot } from '../helpers/launch-cli.ts';
import { startSimulator } from '../sandbox/simulator-harness.ts';

async function setup(options: SimulatorOptions = {}) {
  const sim = await startSimulator(options);
  const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId, retry: { retries: 0 } });
  return { sim, rest };
}

const rowsFor = async (rest: ReturnType<typeof createChatwootRest>, env: Record<string, string>) => checkCommunityInbox(rest, readCommunityEnv(env));

describe('doctor: the community inbox', () => {
  it('an API inbox whose callback points here passes', async () => {
    const { rest } = await setup();
    const inbox = await rest.createApiInbox({ name: 'Community', webhookUrl: 'https://bot.example.com/webhooks/chatwoot' });
    const rows = await rowsFor(rest, { COMMUNITY_INBOX_ID: String(inbox.id), SWITCHBOARD_PUBLIC_URL: 'https://BOT.example.com/' });
    expect(rows).toEqual([
      { check: 'Community inbox', ok: true, detail: `"Community" (id ${inbox.id}) is an API inbox` },
      { check: 'Inbox callback', ok: true, detail: 'https://bot.example.com/webhooks/chatwoot points here' },
    ]);
  });

  it('finds the inbox by COMMUNITY_INBOX_IDENTIFIER too', async () => {
    const { rest } = await setup();
    const inbox = await rest.createApiInbox({ name: 'Community', webhookUrl: 'https://bot.example.com/webhooks/chatwoot' });
    const rows = await rowsFor(rest, { COMMUNITY_INBOX_IDENTIFIER: inbox.identifier!, SWITCHBOARD_PUBLIC_URL: 'https://bot.example.com' });
    expect(rows.map((r) => r.ok)).toEqual([true, true]);
    const missing = await rowsFor(rest, { COMMUNITY_INBOX_IDENTIFIER: 'nope' });
    expect(missing).toMatchObject([{ ok: false, detail: expect.stringContaining('no inbox with identifier "nope"') }]);
  });

  it('a callback pointing elsewhere, or none, fails with the URL to set', async () => {
    const { rest } = await setup();
    const elsewhere = await rest.createApiInbox({ name: 'A', webhookUrl: 'https://old-bot.example.com/webhooks/chatwoot' });
    const none = await rest.createApiInbox({ name: 'B' });
    const env = { SWITCHBOARD_PUBLIC_URL: 'https://bot.example.com' };
    expect((await rowsFor(rest, { ...env, COMMUNITY_INBOX_ID: String(elsewhere.id) }))[1]).toMatchObject({
      check: 'Inbox callback',
      ok: false,
      fix: expect.stringContaining('https://bot.example.com/webhooks/chatwoot'),
    });
    expect((await rowsFor(rest, { ...env, COMMUNITY_INBOX_ID: String(none.id) }))[1]).toMatchObject({ ok: false, detail: expect.stringContaining('no callback URL') });
    // Without SWITCHBOARD_PUBLIC_URL there is nothing to compare with: a warning, not a failure.
    expect((await rowsFor(rest, { COMMUNITY_INBOX_ID: String(elsewhere.id) }))[1]).toMatchObject({ ok: true, warn: true });
  });

  it('an inbox that is not an API inbox, an unknown id, and a malformed id fail', async () => {
    const { rest } = await setup();
    const notApi = { ...rest, getInbox: async (id: number) => ({ ...(await rest.getInbox(id)), channel_type: 'Channel::WebWidget' }) };
    expect(await checkCommunityInbox(notApi, readCommunityEnv({ COMMUNITY_INBOX_ID: '1' }))).toMatchObject([
      { ok: false, detail: '"Sandbox API" (id 1) is a Channel::WebWidget inbox, not an API inbox' },
    ]);
    expect(await rowsFor(rest, { COMMUNITY_INBOX_ID: '99' })).toMatchObject([{ ok: false, detail: expect.stringMatching(/^404 from GET/) }]);
    expect(await rowsFor(rest, { COMMUNITY_INBOX_ID: 'seven' })).toMatchObject([{ ok: false, detail: expect.stringContaining('COMMUNITY_INBOX_ID must be a positive whole number') }]);
  });

  it('`switchboard doctor` shows the rows only when COMMUNITY_INBOX_ID is set', async () => {
    const { sim, rest } = await setup();
    const inbox = await rest.createApiInbox({ name: 'Community', webhookUrl: 'https://old.example.com/webhooks/chatwoot' });
    const doctor = async (extra: Record<string, string>) => {
      const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', CHATWOOT_URL: sim.url, CHATWOOT_API_TOKEN: sim.agent.apiToken, CHATWOOT_ACCOUNT_ID: '1', ...extra };
      const child = spawn(process.execPath, ['bin/switchboard.js', 'doctor', '--config', 'test/fixtures/fast.config.ts'], { cwd: repoRoot, env });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      return { code, out };
    };
    const configured = await doctor({ COMMUNITY_INBOX_ID: String(inbox.id), SWITCHBOARD_PUBLIC_URL: 'https://bot.example.com' });
    expect(configured.out).toMatch(/✓ Community inbox\s+"Community" \(id \d+\) is an API inbox/);
    expect(configured.out).toMatch(/✗ Inbox callback\s+https:\/\/old\.example\.com\/webhooks\/chatwoot is not this bot/);
    expect(configured.code).toBe(1);
    const plain = await doctor({});
    expect(plain.out).not.toContain('Community inbox');
    expect(plain.code).toBe(0);
  });
});
