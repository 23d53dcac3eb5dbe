import { describe, expect, it } from 'vitest';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { isChatwootApiError } from '../../../src/chatwoot/rest/chatwoot-error.ts';
import { API_CHANNEL_TYPE } from '../../../src/chatwoot/rest/inboxes.ts';
import type { ChatwootSimulator, SimulatorOptions } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { connectCable, identifierFor } from '../../sandbox/cable-test-client.ts';
import { cleanups, startSimulator } from '../../sandbox/simulator-harness.ts';

// The API-channel calls the community inbox stands on, against the simulator.
async function setup(options: SimulatorOptions = {}) {
  const sim = await startSimulator(options);
  const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId, retry: { retries: 0 } });
  return { sim, rest };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isChatwootApiError(error)) throw new Error(`expected a ChatwootApiError, got ${String(error)}`);
  return error;
}

async function subscribed(sim: ChatwootSimulator) {
  const client = await connectCable(sim.cableUrl);
  cleanups.push(() => client.close());
  const id = identifierFor(sim);
  client.subscribe(id);
  await client.next((f) => f.type === 'confirm_subscription', 'the subscription');
  return client;
}

describe('API-channel REST calls', () => {
  it('creates an API inbox and reads back its type, identifier, callback URL and secret', async () => {
    const { rest } = await setup();
    const inbox = await rest.createApiInbox({ name: 'Discord community', webhookUrl: 'https://bot.example.com/webhooks/chatwoot' });
    expect(inbox).toMatchObject({ name: 'Discord community', channel_type: API_CHANNEL_TYPE, webhookUrl: 'https://bot.example.com/webhooks/chatwoot' });
    expect(inbox.identifier).toMatch(/^\S{16,}$/);
    expect(inbox.secret).toMatch(/^\S{16,}$/);
    const read = await rest.getInbox(inbox.id);
    expect(read).toMatchObject({ id: inbox.id, identifier: inbox.identifier, webhookUrl: inbox.webhookUrl, secret: inbox.secret });
    expect((await rest.listInboxes()).map((i) => i.id)).toContain(inbox.id);
  });

  it('sends the request body the spec describes: name and channel {type: api, webhook_url}', async () => {
    const { sim, rest } = await setup();
    await rest.createApiInbox({ name: '  Community ', webhookUrl: 'https://bot.example.com/hook' });
    const request = sim.rest.requests.find((r) => r.method === 'POST' && r.path.endsWith('/inboxes'));
    expect(request?.body).toEqual({ name: 'Community', channel: { type: 'api', webhook_url: 'https://bot.example.com/hook' } });
  });

  it('an agent-role token cannot create an inbox, and does not see the secret', async () => {
    const { sim, rest } = await setup({ agent: { role: 'agent' } });
    const error = await failure(rest.createApiInbox({ name: 'x' }));
    expect(error.kind).toBe('forbidden');
    const read = await rest.getInbox(1);
    expect(read.channel_type).toBe(API_CHANNEL_TYPE);
    expect(read.secret).toBeUndefined();
    expect(read.identifier).toBeUndefined();
    expect(sim.rest.requests.at(-1)?.path).toBe('/api/v1/accounts/1/inboxes/1');
  });

  it('an unknown inbox is not_found', async () => {
    const { rest } = await setup();
    expect((await failure(rest.getInbox(999))).kind).toBe('not_found');
  });

  it('creates a contact with an identifier (and its contact inbox), then finds it by that identifier only', async () => {
    const { rest } = await setup();
    const inbox = await rest.createApiInbox({ name: 'Community' });
    const { contact, contactInbox } = await rest.createContact({ inboxId: inbox.id, identifier: 'discord:42', name: 'Ada', avatarUrl: 'https://cdn.example.com/a.png' });
    expect(contact).toMatchObject({ identifier: 'discord:42', name: 'Ada' });
    expect(contactInbox?.inboxId).toBe(inbox.id);
    // A substring of another identifier is not a match: the search is ILIKE %q%.
    await rest.createContact({ inboxId: inbox.id, identifier: 'discord:421', name: 'Bob' });
    expect((await rest.findContactByIdentifier('discord:42'))?.id).toBe(contact.id);
    expect(await rest.findContactByIdentifier('discord:4')).toBeUndefined();
    const found = await rest.findContactByIdentifier('discord:421');
    expect(found?.name).toBe('Bob');
    expect(found?.contactInboxes.map((ci) => ci.inboxId)).toEqual([inbox.id]);
  });

  it('answers a second create of the same identifier with 422 "Identifier has already been taken"', async () => {
    const { rest } = await setup();
    await rest.createContact({ inboxId: 1, identifier: 'slack:T1:U1', name: 'Ada' });
    const error = await failure(rest.createContact({ inboxId: 1, identifier: 'slack:T1:U1', name: 'Ada' }));
    expect(error).toMatchObject({ kind: 'unprocessable', status: 422, chatwootMessage: 'Identifier has already been taken' });
  });

  it('pages the search to the end (pages that overlap, as a moving order makes them) to find the exact identifier', async () => {
    const { sim, rest } = await setup({ contactSearchOverlap: true });
    // Every one of them matches the search for 'member' (a substring search); the exact one comes last.
    for (let i = 0; i < 31; i += 1) await rest.createContact({ inboxId: 1, identifier: `member-${String(i).padStart(2, '0')}`, name: `M${i}` });
    await rest.createContact({ inboxId: 1, identifier: 'member', name: 'The one' });
    const found = await rest.findContactByIdentifier('member');
    expect(found?.name).toBe('The one');
    const pages = sim.rest.requests.filter((r) => r.path.endsWith('/contacts/search')).map((r) => r.query['page']);
    expect(pages).toEqual(['1', '2', '3']);
    expect(await rest.findContactByIdentifier('member-9')).toBeUndefined();
  });

  it('adds a contact inbox with a chosen source id; the same one again is the same session, another contact is refused', async () => {
    const { rest } = await setup();
    const inbox = await rest.createApiInbox({ name: 'Community' });
    const { contact } = await rest.createContact({ inboxId: 1, identifier: 'discord:7', name: 'Ada' });
    const ci = await rest.createContactInbox(contact.id, { inboxId: inbox.id, sourceId: 'discord:7' });
    expect(ci).toEqual({ inboxId: inbox.id, sourceId: 'discord:7' });
    expect(await rest.createContactInbox(contact.id, { inboxId: inbox.id, sourceId: 'discord:7' })).toEqual(ci);
    const other = await rest.createContact({ inboxId: 1, identifier: 'discord:8', name: 'Bob' });
    expect((await failure(rest.createContactInbox(other.contact.id, { inboxId: inbox.id, sourceId: 'discord:7' }))).status).toBe(422);
    expect((await rest.getContact(contact.id)).contactInboxes).toContainEqual(ci);
  });

  it('starts a conversation for a source id and posts incoming messages with attachments, seen on the cable like any other', async () => {
    const { sim, rest } = await setup();
    const client = await subscribed(sim);
    const inbox = await rest.createApiInbox({ name: 'Community' });
    const { contact, contactInbox } = await rest.createContact({ inboxId: inbox.id, identifier: 'discord:42', name: 'Ada' });
    const conversation = await rest.createConversation({ sourceId: contactInbox!.sourceId, inboxId: inbox.id, contactId: contact.id });
    expect(conversation).toMatchObject({ inbox_id: inbox.id, status: 'open' });
    const id = conversation.id!;
    const message = await rest.createIncomingMessage(id, {
      content: '**not bold** <@everyone>',
      echo_id: 'e-1',
      content_attributes: { switchboard: { origin: 'discord' } },
      attachments: [{ filename: 'log.txt', data: new TextEncoder().encode('trace'), contentType: 'text/plain' }],
    });
    expect(message).toMatchObject({ message_type: 'incoming', private: false, content: '**not bold** <@everyone>', sender: { id: contact.id, type: 'contact' } });
    expect(message.attachments).toHaveLength(1);
    const post = sim.rest.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).at(-1);
    expect(post?.body).toMatchObject({ message_type: 'incoming', private: 'false' });
    await client.next((f) => f.message?.event === 'message.created' && f.message.data['id'] === message.id, 'message.created');
    const events = client.events().map((e) => e.event);
    expect(events.indexOf('conversation.created')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('conversation.created')).toBeLessThan(events.indexOf('message.created'));
    const created = client.events().find((e) => e.event === 'message.created')!.data;
    expect(created).toMatchObject({ conversation_id: id, message_type: 0, echo_id: 'e-1', sender: { id: contact.id } });
  });

  it('refuses a conversation for a source id nobody holds', async () => {
    const { rest } = await setup();
    const error = await failure(rest.createConversation({ sourceId: 'nobody', inboxId: 1 }));
    expect(error.status).toBe(422);
  });
});
