import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootRest } from '../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { createChatwootSimulator, type ChatwootSimulator, type SimulatorOptions } from '../../src/sandbox/create-chatwoot-simulator.ts';
import { launchCli } from '../helpers/launch-cli.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(options: SimulatorOptions = {}): Promise<ChatwootSimulator> {
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

async function setupInbox(env: Record<string, string>, extra: string[] = []) {
  const cli = launchCli(env, ['setup', 'api-inbox', '--name', 'Discord community', ...extra], cleanups);
  const [code] = await cli.exited;
  return { code, out: cli.output(), stderr: cli.stderr(), stdout: cli.output().replace(cli.stderr(), '') };
}

describe('switchboard setup api-inbox', () => {
  it('creates the inbox with the callback at SWITCHBOARD_PUBLIC_URL and prints id, identifier, secret and the variables', async () => {
    const sim = await simulator();
    const { code, out, stderr } = await setupInbox(envFor(sim, { SWITCHBOARD_PUBLIC_URL: 'https://bot.example.com/' }));
    expect(code).toBe(0);
    const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId });
    const created = (await rest.listInboxes()).find((i) => i.name === 'Discord community');
    expect(created).toBeDefined();
    const inbox = await rest.getInbox(created!.id);
    expect(inbox.webhookUrl).toBe('https://bot.example.com/webhooks/chatwoot');
    expect(out).toContain(`COMMUNITY_INBOX_ID=${inbox.id}`);
    expect(out).toContain(`COMMUNITY_INBOX_IDENTIFIER=${inbox.identifier}`);
    expect(out).toContain(`CHATWOOT_WEBHOOK_SECRET=${inbox.secret}`);
    expect(out).toMatch(/callback\s+https:\/\/bot\.example\.com\/webhooks\/chatwoot/);
    // The secret is on stdout only; the API token nowhere.
    expect(stderr).not.toContain(inbox.secret!);
    expect(out).not.toContain(sim.agent.apiToken);
    const post = sim.rest.requests.find((r) => r.method === 'POST' && r.path.endsWith('/inboxes'));
    expect(post?.body).toEqual({ name: 'Discord community', channel: { type: 'api', webhook_url: 'https://bot.example.com/webhooks/chatwoot' } });
  });

  it('takes --webhook-url over SWITCHBOARD_PUBLIC_URL', async () => {
    const sim = await simulator();
    const { code } = await setupInbox(envFor(sim, { SWITCHBOARD_PUBLIC_URL: 'https://bot.example.com' }), ['--webhook-url', 'https://elsewhere.example.com/hook']);
    expect(code).toBe(0);
    const post = sim.rest.requests.find((r) => r.method === 'POST' && r.path.endsWith('/inboxes'));
    expect(post?.body).toMatchObject({ channel: { webhook_url: 'https://elsewhere.example.com/hook' } });
  });

  it('a bad token: one line in the doctor\'s words, exit 1, nothing created', async () => {
    const sim = await simulator();
    const { code, stderr } = await setupInbox(envFor(sim, { CHATWOOT_API_TOKEN: 'wrong-token' }));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^✗ API token: 401 from GET \/api\/v1\/profile: Invalid Access Token.* → set CHATWOOT_API_TOKEN/);
    expect(stderr).not.toContain('wrong-token');
    const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId });
    expect((await rest.listInboxes()).map((i) => i.id)).toEqual([1]);
  });

  it('a wrong account: names the accounts the user is in', async () => {
    const sim = await simulator();
    const { code, stderr } = await setupInbox(envFor(sim, { CHATWOOT_ACCOUNT_ID: '42' }));
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^✗ Account: user is not in account 42; its accounts: 1 .*→ set CHATWOOT_ACCOUNT_ID/);
  });

  it('an agent-role token: says an administrator is needed', async () => {
    const sim = await simulator({ agent: { role: 'agent' } });
    const { code, stderr } = await setupInbox(envFor(sim));
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^✗ Inbox: You are not authorized to do this action → creating an inbox needs an administrator's token$/);
  });

  it('without Chatwoot settings: exit 2 and what to set', async () => {
    const cli = launchCli({}, ['setup', 'api-inbox', '--name', 'x'], cleanups);
    const [code] = await cli.exited;
    expect(code).toBe(2);
    expect(cli.stderr()).toContain('set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID');
  });
});
