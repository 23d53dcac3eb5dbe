import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createChatwootRest, type ChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { ACCOUNT_ID, TOKEN, rawAgent, rawContact, rawProfile } from './chatwoot-fixtures.ts';
import { startFakeChatwoot, type FakeChatwoot } from './fake-chatwoot-server.ts';

let fake: FakeChatwoot;
let agent: Agent;
let rest: ChatwootRest;

// Chatwoot mounted under a path prefix, configured with a trailing slash.
beforeEach(async () => {
  fake = await startFakeChatwoot({ token: TOKEN, prefix: '/chatwoot' });
  agent = new Agent();
  rest = createChatwootRest({ baseUrl: `${fake.url}/`, apiToken: TOKEN, accountId: ACCOUNT_ID, dispatcher: agent, sleep: async () => {} });
});

afterEach(async () => {
  await agent.close();
  await fake.close();
});

describe('profile and api info', () => {
  it('getProfile reads /api/v1/profile under the prefix, keeps pubsub_token, drops access_token', async () => {
    fake.on('GET', '/api/v1/profile', () => ({ json: rawProfile() }));
    const profile = await rest.getProfile();
    expect(fake.requests[0]?.url).toBe('/api/v1/profile');
    expect(fake.requests[0]?.headers['api_access_token']).toBe(TOKEN);
    expect(profile).toMatchObject({ id: 7, name: 'Switchboard', pubsub_token: 'pubsub-7-xyz', accounts: [{ id: 1, role: 'administrator' }] });
    expect(profile).not.toHaveProperty('access_token');
  });

  it('getProfile without pubsub_token is a bad_response', async () => {
    fake.on('GET', '/api/v1/profile', () => ({ json: { ...rawProfile(), pubsub_token: undefined } }));
    await expect(rest.getProfile()).rejects.toMatchObject({ kind: 'bad_response' });
  });

  it('getApiInfo reads GET /api without the token', async () => {
    fake.on('GET', '/api', () => ({ json: { version: '4.15.1', timestamp: '2026-06-01 10:00:00', queue_services: 'ok', data_services: 'ok' } }));
    const info = await rest.getApiInfo();
    expect(info).toEqual({ version: '4.15.1', timestamp: '2026-06-01 10:00:00', queue_services: 'ok', data_services: 'ok' });
    expect(fake.requests[0]?.url).toBe('/api');
    expect(fake.requests[0]?.headers['api_access_token']).toBeUndefined();
  });

  it('a wrong token surfaces as an actionable unauthorized error', async () => {
    const wrong = createChatwootRest({ baseUrl: fake.url, apiToken: 'not-the-token', accountId: 1, dispatcher: agent, sleep: async () => {} });
    const error = await wrong.getProfile().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, retryable: false, path: '/api/v1/profile' });
    expect((error as Error).message).toBe('401 from GET /api/v1/profile: Invalid Access Token — check CHATWOOT_API_TOKEN');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('agents and contacts', () => {
  it('listAgents returns the account members as users', async () => {
    fake.on('GET', '/api/v1/accounts/:account/agents', () => ({ json: [rawAgent(), rawAgent({ id: 8, name: 'Grace', email: 'grace@example.com', role: 'agent', availability_status: 'busy' })] }));
    const agents = await rest.listAgents();
    expect(fake.requests[0]?.url).toBe('/api/v1/accounts/1/agents');
    expect(agents).toEqual([
      expect.objectContaining({ id: 7, name: 'Switchboard', email: 'bridge@example.com', role: 'administrator', availability_status: 'online', type: 'user' }),
      expect.objectContaining({ id: 8, name: 'Grace', email: 'grace@example.com', role: 'agent', availability_status: 'busy', type: 'user' }),
    ]);
  });

  it('listAgents and listInboxes skip items without a valid id instead of handing on NaN or 0', async () => {
    fake.on('GET', '/api/v1/accounts/:account/agents', () => ({ json: [rawAgent(), rawAgent({ id: 'eight' }), rawAgent({ id: 0 }), rawAgent({ id: 1e308 })] }));
    fake.on('GET', '/api/v1/accounts/:account/inboxes', () => ({ json: { payload: [{ id: 3, name: 'Web' }, { id: null, name: 'Broken' }] } }));
    expect((await rest.listAgents()).map((a) => a.id)).toEqual([7]);
    expect((await rest.listInboxes()).map((i) => i.name)).toEqual(['Web']);
  });

  it('searchContacts encodes q and page and normalizes contacts', async () => {
    fake.on('GET', '/api/v1/accounts/:account/contacts/search', () => ({ json: { meta: { count: 16, current_page: '2' }, payload: [rawContact()] } }));
    const page = await rest.searchContacts('ada+1@example.com', { page: 2 });
    expect(fake.requests[0]?.url).toBe('/api/v1/accounts/1/contacts/search?q=ada%2B1%40example.com&page=2');
    expect(page.meta).toEqual({ count: 16, current_page: '2' });
    expect(page.contacts).toEqual([expect.objectContaining({ id: 11, name: 'Ada Lovelace', type: 'contact' })]);
  });

  it('an unknown account is not_found with a hint at CHATWOOT_ACCOUNT_ID', async () => {
    const other = createChatwootRest({ baseUrl: fake.url, apiToken: TOKEN, accountId: 99, dispatcher: agent, sleep: async () => {} });
    const error = await other.listAgents().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not_found', status: 404, chatwootMessage: 'Resource could not be found' });
    expect((error as Error).message).toMatch(/^404 from GET \/api\/v1\/accounts\/99\/agents: Resource could not be found — check CHATWOOT_ACCOUNT_ID/);
  });
});

describe('options', () => {
  it('rejects a base URL that is not http(s)', () => {
    expect(() => createChatwootRest({ baseUrl: 'ftp://chat.example.com', apiToken: TOKEN, accountId: 1 })).toThrow(/http\(s\)/);
    expect(() => createChatwootRest({ baseUrl: 'chat.example.com', apiToken: TOKEN, accountId: 1 })).toThrow(/not a valid URL/);
    expect(() => createChatwootRest({ baseUrl: fake.url, apiToken: TOKEN, accountId: 0 })).toThrow(/accountId/);
  });
});
