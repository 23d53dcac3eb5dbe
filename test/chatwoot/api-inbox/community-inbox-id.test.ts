import { describe, expect, it } from 'vitest';
import { communityInboxId } from '../../../src/chatwoot/api-inbox/community-inbox-id.ts';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { startSimulator } from '../../sandbox/simulator-harness.ts';

describe('communityInboxId: settings first, then the environment; an identifier looked up once', () => {
  it('the settings id wins over COMMUNITY_INBOX_ID; the variable is used without settings', async () => {
    expect(await communityInboxId({ inboxId: 9 }, { COMMUNITY_INBOX_ID: '4' })).toEqual({ inboxId: 9 });
    expect(await communityInboxId({}, { COMMUNITY_INBOX_ID: ' 4 ' })).toEqual({ inboxId: 4 });
    expect(await communityInboxId({}, {})).toEqual({});
    expect((await communityInboxId({}, { COMMUNITY_INBOX_ID: 'four' })).problem).toMatch(/COMMUNITY_INBOX_ID must be a positive whole number/);
  });

  it('an identifier (settings or COMMUNITY_INBOX_IDENTIFIER) is resolved through the inbox list with the bot’s Chatwoot variables; an unknown one is one clear line', async () => {
    const sim = await startSimulator();
    const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId });
    const inbox = await rest.createApiInbox({ name: 'Slack community' });
    const env = { CHATWOOT_URL: sim.url, CHATWOOT_API_TOKEN: sim.agent.apiToken, CHATWOOT_ACCOUNT_ID: String(sim.accountId) };
    expect(await communityInboxId({ inboxIdentifier: inbox.identifier! }, env)).toEqual({ inboxId: inbox.id });
    expect(await communityInboxId({}, { ...env, COMMUNITY_INBOX_IDENTIFIER: inbox.identifier! })).toEqual({ inboxId: inbox.id });
    expect((await communityInboxId({ inboxIdentifier: 'nope' }, env)).problem).toMatch(/no inbox with identifier "nope" \(only administrators see identifiers\)/);
    expect((await communityInboxId({ inboxIdentifier: 'x' }, {})).problem).toMatch(/needs CHATWOOT_URL/);
    const down = await communityInboxId({ inboxIdentifier: 'x' }, { ...env, CHATWOOT_API_TOKEN: 'wrong' });
    expect(down.problem).toMatch(/could not look up the inbox with identifier "x": /);
    expect(down.problem).not.toContain('wrong');
  });
});
