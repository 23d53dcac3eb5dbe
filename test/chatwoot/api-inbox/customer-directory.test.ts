import { describe, expect, it } from 'vitest';
import { createCustomerDirectory } from '../../../src/chatwoot/api-inbox/customer-directory.ts';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import type { ChatwootSimulator } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { startSimulator } from '../../sandbox/simulator-harness.ts';

const ADA = { identifier: 'discord:42', name: 'Ada', avatarUrl: 'https://cdn.example.com/ada.png' };

async function setup() {
  const sim = await startSimulator();
  const rest = () => createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId, retry: { retries: 0 } });
  const inbox = await rest().createApiInbox({ name: 'Discord community' });
  return { sim, rest, inboxId: inbox.id };
}

/** What Chatwoot holds for one member, read from the simulator's own REST answers. */
async function recordsOf(sim: ChatwootSimulator, inboxId: number) {
  const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId });
  const contacts = (await rest.searchContacts(ADA.identifier)).contacts.filter((c) => c.identifier === ADA.identifier);
  const sessions = contacts.length === 1 ? (await rest.getContact(contacts[0]!.id)).contactInboxes.filter((ci) => ci.inboxId === inboxId) : [];
  const conversations = sim.conversations().filter((c) => c.inbox_id === inboxId);
  return { contacts: contacts.length, sessions: sessions.length, conversations: conversations.length };
}

describe('customer directory: look up before create', () => {
  it('two first messages at once → one contact, one contact inbox, one conversation', async () => {
    const { sim, rest, inboxId } = await setup();
    const directory = createCustomerDirectory(rest(), { inboxId });
    const [a, b] = await Promise.all([directory.ensureConversation('thread:1', ADA), directory.ensureConversation('thread:1', ADA)]);
    expect(a).toBe(b);
    expect(await recordsOf(sim, inboxId)).toEqual({ contacts: 1, sessions: 1, conversations: 1 });
    // A second thread of the same member is a second conversation of the same contact.
    const other = await directory.ensureConversation('thread:2', ADA);
    expect(other).not.toBe(a);
    expect(await recordsOf(sim, inboxId)).toEqual({ contacts: 1, sessions: 1, conversations: 2 });
  });

  it('two instances racing: the loser of the contact create (422) looks it up again instead of failing or duplicating', async () => {
    const { sim, rest, inboxId } = await setup();
    // Both searches are answered only once both have been made: both see "no such contact".
    const release = sim.faults.holdResponses({ method: 'GET', path: /\/contacts\/search$/ });
    const first = createCustomerDirectory(rest(), { inboxId });
    const second = createCustomerDirectory(rest(), { inboxId });
    const both = Promise.all([first.ensureCustomer(ADA), second.ensureCustomer(ADA)]);
    await waitFor(() => sim.rest.requests.filter((r) => r.path.endsWith('/contacts/search')).length === 2, { what: 'both searches' });
    release();
    const [a, b] = await both;
    expect(a).toEqual(b);
    const creates = sim.rest.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/contacts'));
    expect(creates).toHaveLength(2);
    expect(await recordsOf(sim, inboxId)).toEqual({ contacts: 1, sessions: 1, conversations: 0 });
  });

  it('after a restart the member is found, not created again', async () => {
    const { sim, rest, inboxId } = await setup();
    const before = await createCustomerDirectory(rest(), { inboxId }).ensureCustomer(ADA);
    const after = await createCustomerDirectory(rest(), { inboxId }).ensureCustomer(ADA);
    expect(after).toEqual(before);
    expect(sim.rest.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/contacts'))).toHaveLength(1);
  });

  it('a contact known from another inbox gets a session in this one, with a stable source id', async () => {
    const { sim, rest, inboxId } = await setup();
    await rest().createContact({ inboxId: 1, identifier: ADA.identifier, name: 'Ada' });
    const customer = await createCustomerDirectory(rest(), { inboxId }).ensureCustomer(ADA);
    expect(customer.sourceId).toBe(ADA.identifier);
    expect(await recordsOf(sim, inboxId)).toMatchObject({ contacts: 1, sessions: 1 });
  });

  it('a failed attempt is not remembered: the next message tries again', async () => {
    const { sim, rest, inboxId } = await setup();
    const directory = createCustomerDirectory(rest(), { inboxId });
    sim.faults.failRest({ method: 'POST', path: /\/contacts$/, status: 503 });
    await expect(directory.ensureCustomer(ADA)).rejects.toMatchObject({ kind: 'server' });
    const customer = await directory.ensureCustomer(ADA);
    expect(customer.contactId).toBeGreaterThan(0);
    expect(await recordsOf(sim, inboxId)).toMatchObject({ contacts: 1, sessions: 1 });
  });

  it('startOver: after a resolve the thread’s next message opens a new conversation; a late or repeated call never retires the new one', async () => {
    const { sim, rest, inboxId } = await setup();
    const directory = createCustomerDirectory(rest(), { inboxId });
    const first = await directory.ensureConversation('thread:1', ADA);
    await directory.startOver('thread:1', first);
    const second = await directory.ensureConversation('thread:1', ADA);
    expect(second).not.toBe(first);
    await directory.startOver('thread:1', first); // the old conversation's resolve, seen again
    expect(await directory.ensureConversation('thread:1', ADA)).toBe(second);
    expect(await recordsOf(sim, inboxId)).toEqual({ contacts: 1, sessions: 1, conversations: 2 });
  });
});
