import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/create-logger.ts';
import { slackDoctor } from '../../../plugins/slack/doctor.ts';
import { slackSettings } from '../../../plugins/slack/settings.ts';
import { startFakeSlack, type FakeSlack } from '../../../plugins/slack/testing/fake-slack.ts';

let fake: FakeSlack | undefined;
let bare: Server | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  bare?.closeAllConnections();
  bare?.close();
  bare = undefined;
});

/** A Web API that answers like Slack but without the `x-oauth-scopes` header (a proxy that strips it). */
async function slackWithoutScopeHeader(): Promise<string> {
  bare = createServer((req, res) => {
    const method = (req.url ?? '').split('?')[0]?.split('/').pop();
    const body = method === 'auth.test' ? { ok: true, user_id: 'UBOT', user: 'bridge', team: 'Acme' } : { ok: true, channel: { id: 'C0IN', name: 'support', is_member: true } };
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  bare.listen(0, '127.0.0.1');
  await once(bare, 'listening');
  return `http://127.0.0.1:${(bare.address() as AddressInfo).port}/api/`;
}

const log = createLogger({ level: 'silent' });

describe('switchboard doctor rows', () => {
  it('checks auth.test, the scopes and channel membership', async () => {
    fake = await startFakeSlack({
      channels: [{ id: 'C0IN', name: 'support' }, { id: 'C0OUT', name: 'sales', members: [] }],
      scopes: ['chat:write', 'channels:read'],
    });
    const config = slackSettings.parse({ apiUrl: fake.apiUrl, routes: { '2': 'C0OUT' } });
    const rows = await slackDoctor({ env: { SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: 'xapp-1', SLACK_CHANNEL_ID: 'C0IN' }, config, log });
    expect(rows.find((r) => r.check === 'slack auth.test')?.ok).toBe(true);
    const scopes = rows.find((r) => r.check === 'slack scopes')!;
    expect(scopes.ok).toBe(false);
    expect(scopes.detail).toContain('users:read.email');
    expect(rows.find((r) => r.check === 'slack channel #support')?.ok).toBe(true);
    const sales = rows.find((r) => r.check === 'slack channel #sales')!;
    expect(sales.ok).toBe(false);
    expect(sales.fix).toContain('/invite');
  });

  it('does not pass the scopes when Slack does not report them: a warning that says nothing was checked', async () => {
    const config = slackSettings.parse({ apiUrl: await slackWithoutScopeHeader() });
    const rows = await slackDoctor({ env: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_CHANNEL_ID: 'C0IN' }, config, log });
    expect(rows.find((r) => r.check === 'slack auth.test')?.ok).toBe(true);
    expect(rows.find((r) => r.check === 'slack scopes')).toMatchObject({ ok: true, warn: true, detail: expect.stringContaining('did not report') });
    expect(rows.find((r) => r.check === 'slack scopes')?.fix).toContain('chat:write.customize');
  });

  it('reports a bad token with the fix', async () => {
    fake = await startFakeSlack();
    const rows = await slackDoctor({ env: { SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_APP_TOKEN: 'xapp-1', SLACK_CHANNEL_ID: 'C0MIRROR' }, config: slackSettings.parse({ apiUrl: fake.apiUrl }), log });
    expect(rows.at(-1)).toMatchObject({ check: 'slack auth.test', ok: false, detail: 'invalid_auth' });
  });

  it('is a warning row when Slack is not configured', async () => {
    const rows = await slackDoctor({ env: {}, config: slackSettings.parse({}), log });
    expect(rows).toEqual([expect.objectContaining({ ok: true, warn: true })]);
  });
});
