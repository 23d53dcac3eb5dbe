import { afterEach, describe, expect, it } from 'vitest';
import community from '../../../plugins/slack-community/index.ts';
import { communityDoctor } from '../../../plugins/slack-community/doctor.ts';
import { agentReply } from '../../../plugins/slack-community/format-reply.ts';
import { memberText } from '../../../plugins/slack-community/member-text.ts';
import { communitySettings, OFF_LINE, readCommunityEnv } from '../../../plugins/slack-community/settings.ts';
import { startFakeSlack, type FakeSlack } from '../../../plugins/slack/testing/fake-slack.ts';
import { createLogger } from '../../../src/observability/create-logger.ts';
import { createChatwootSimulator, createTestBot, type TestBot } from '../../../src/testing/index.ts';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';

let bot: TestBot | undefined;
let fake: FakeSlack | undefined;
afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  bot = undefined;
  fake = undefined;
});

const full = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', COMMUNITY_INBOX_ID: '7', CHATWOOT_URL: 'https://chat.example.com/', CHATWOOT_API_TOKEN: 'k', CHATWOOT_ACCOUNT_ID: '3' };
const chatwoot = { url: 'https://chat.example.com', apiToken: 'k', accountId: 3 };
const log = createLogger({ level: 'silent' });

describe('slack-community settings', () => {
  it('is off with one info line when not configured', async () => {
    bot = await createTestBot({ plugins: [community] });
    expect(bot.logs.filter((line) => line['msg'] === OFF_LINE)).toHaveLength(1);
  });

  it("uses the agents' app by default, a community app of its own when SLACK_COMMUNITY_BOT_TOKEN is set; needs every variable and a channel", () => {
    expect(readCommunityEnv(full, { channelIds: ['C9', 'C9'] })).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', ownApp: false, channelIds: ['C9'], inboxId: 7, chatwoot });
    expect(readCommunityEnv({ ...full, SLACK_COMMUNITY_BOT_TOKEN: 'xoxb-c', SLACK_COMMUNITY_SIGNING_SECRET: 's' }, { channelIds: ['C9'] })).toEqual({
      botToken: 'xoxb-c', signingSecret: 's', ownApp: true, channelIds: ['C9'], inboxId: 7, chatwoot,
    });
    // A community app without its own app token or signing secret does not borrow the agents'.
    expect(readCommunityEnv({ ...full, SLACK_COMMUNITY_BOT_TOKEN: 'xoxb-c' }, { channelIds: ['C9'] })).toBeUndefined();
    expect(readCommunityEnv(full, { channelIds: [] })).toBeUndefined();
    expect(readCommunityEnv({ ...full, COMMUNITY_INBOX_ID: 'seven' }, { channelIds: ['C9'] })).toBeUndefined();
    expect(readCommunityEnv({ ...full, SLACK_APP_TOKEN: ' ' }, { channelIds: ['C9'] })).toBeUndefined();
    expect(() => communitySettings.parse({ channelIds: ['general'] })).toThrow(/channel id/);
  });
});

describe('slack-community text', () => {
  it("keeps a member's text as written, references made readable, no hidden link targets", () => {
    expect(memberText('Hi <@U1> in <#C2|general> <!here> see <https://x.test|the doc> <mailto:a@b.test|a@b.test> &amp; *this*', (id) => (id === 'U1' ? 'Ann' : undefined))).toBe(
      'Hi @Ann in #general @here see the doc (https://x.test) a@b.test & *this*',
    );
  });

  it("shows the agent's name and escapes whatever the name or text holds", () => {
    const text = agentReply({ content: 'ok <!channel>', message_type: 'outgoing', private: false, content_attributes: {}, sender: { id: 2, name: 'Ann *<!here>*', type: 'user' } } as never);
    expect(text).toMatch(/^\*Ann [^*<>]*!here[^*<>]* \(agent\):\*\nok &lt;!channel&gt;$/);
  });
});

describe('slack-community doctor', () => {
  it('checks the token, the scopes and each channel: exists, not archived, the bot a member, shared with slackConnectOnly', async () => {
    fake = await startFakeSlack({
      channels: [
        { id: 'C0OK', name: 'acme-support', shared: true },
        { id: 'C0OUT', name: 'outside', members: [] },
        { id: 'C0LOCAL', name: 'local' },
      ],
      scopes: ['chat:write', 'channels:history', 'channels:read', 'users:read', 'files:read', 'files:write'],
    });
    const config = communitySettings.parse({ apiUrl: fake.apiUrl, channelIds: ['C0OK', 'C0OUT', 'C0LOCAL', 'C0GONE'], slackConnectOnly: true });
    const rows = await communityDoctor({ env: { ...full, SLACK_BOT_TOKEN: fake.token }, config, log });
    expect(rows.find((r) => r.check === 'slack-community auth.test')?.ok).toBe(true);
    expect(rows.find((r) => r.check === 'slack-community scopes')).toMatchObject({ ok: false, detail: 'missing groups:history, groups:read' });
    expect(rows.find((r) => r.check === 'slack-community channel #acme-support')).toMatchObject({ ok: true, detail: 'C0OK: the bot is a member (Slack Connect)' });
    expect(rows.find((r) => r.check === 'slack-community channel #outside')).toMatchObject({ ok: false, fix: 'in Slack, type /invite @<your app> in #outside' });
    expect(rows.find((r) => r.check === 'slack-community channel #local')).toMatchObject({ ok: true, warn: true });
    expect(rows.find((r) => r.check === 'slack-community channel C0GONE')).toMatchObject({ ok: false, detail: 'channel_not_found' });
  });

  it('says it is off, and a bad token', async () => {
    expect(await communityDoctor({ env: {}, config: communitySettings.parse({}), log })).toMatchObject([{ ok: true, warn: true, detail: 'off (not configured)' }]);
    fake = await startFakeSlack();
    const rows = await communityDoctor({ env: { ...full, SLACK_BOT_TOKEN: 'xoxb-wrong' }, config: communitySettings.parse({ apiUrl: fake.apiUrl, channelIds: ['C0MIRROR'] }), log });
    expect(rows).toMatchObject([{ check: 'slack-community auth.test', ok: false, detail: 'invalid_auth' }]);
  });

  it('an inbox named only in the settings: the plugin is on for the doctor too, and the inbox gets rows of its own (the core doctor checks COMMUNITY_INBOX_ID only)', async () => {
    const sim = await createChatwootSimulator();
    fake = await startFakeSlack();
    try {
      const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId });
      const inbox = await rest.createApiInbox({ name: 'Slack community', webhookUrl: 'https://bot.example.com/webhooks/chatwoot' });
      const env = { SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: 'xapp-1', CHATWOOT_URL: sim.url, CHATWOOT_API_TOKEN: sim.agent.apiToken, CHATWOOT_ACCOUNT_ID: String(sim.accountId), SWITCHBOARD_PUBLIC_URL: 'https://bot.example.com' };
      const config = communitySettings.parse({ apiUrl: fake.apiUrl, channelIds: ['C0MIRROR'], inboxIdentifier: inbox.identifier });
      const rows = await communityDoctor({ env, config, log });
      expect(rows.find((r) => r.check === 'slack-community auth.test')?.ok).toBe(true);
      expect(rows.find((r) => r.check === 'slack-community: community inbox')).toMatchObject({ ok: true, detail: `"Slack community" (id ${inbox.id}) is an API inbox` });
      expect(rows.find((r) => r.check === 'slack-community: inbox callback')).toMatchObject({ ok: true });
      const unknown = await communityDoctor({ env, config: communitySettings.parse({ channelIds: ['C0MIRROR'], inboxIdentifier: 'nope' }), log });
      expect(unknown[0]).toMatchObject({ check: 'slack-community inbox', ok: false });
    } finally {
      await sim.close();
    }
  });
});
