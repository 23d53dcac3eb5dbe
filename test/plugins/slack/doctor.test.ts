import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.ts';
import { slackDoctor } from '../../../plugins/slack/doctor.ts';
import { slackSettings } from '../../../plugins/slack/settings.ts';
import { startFakeSlack, type FakeSlack } from '../../../plugins/slack/testing/fake-slack.ts';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

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
