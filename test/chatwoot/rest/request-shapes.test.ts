import { describe, expect, it } from 'vitest';
import { createCustomerDirectory } from '../../../src/chatwoot/api-inbox/customer-directory.ts';
import { memberEdit } from '../../../src/chatwoot/api-inbox/member-edit.ts';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { echoMarker } from '../../../src/index.ts';
import { findSentMessage } from '../../../src/core/writes/find-sent-message.ts';
import type { RecordedRequest } from '../../../src/sandbox/rest-server.ts';
import { specProblems } from '../../helpers/chatwoot-spec.ts';
import { startSimulator } from '../../sandbox/simulator-harness.ts';

const request = (method: string, path: string, body: unknown = undefined, query: Record<string, string> = {}, type = 'application/json'): RecordedRequest => ({
  method,
  path,
  query,
  body,
  headers: { 'content-type': type },
});

describe('request shapes against the published Chatwoot spec', () => {
  it('the checker catches an unknown operation, a misspelt field, a wrong type, a missing field and an undeclared query parameter', () => {
    const contacts = '/api/v1/accounts/1/contacts';
    expect(specProblems([request('POST', contacts, { inbox_id: 7, name: 'Ada', identifier: 'discord:1' })])).toEqual([]);
    expect(specProblems([request('POST', '/api/v1/accounts/1/contacts/7/merge')])).toEqual(['POST /api/v1/accounts/1/contacts/7/merge: no such operation in the published spec']);
    expect(specProblems([request('POST', contacts, { inboxId: 7, name: 'Ada' })])).toEqual([
      `POST ${contacts}: body must have required property 'inbox_id'`,
      `POST ${contacts}: body field "inboxId" is not in the spec`,
    ]);
    expect(specProblems([request('POST', contacts, { inbox_id: '7' })])).toEqual([`POST ${contacts}: body/inbox_id must be number`]);
    expect(specProblems([request('POST', '/api/v1/accounts/1/conversations/3/toggle_status', { status: 'closed' })])).toEqual([
      'POST /api/v1/accounts/1/conversations/3/toggle_status: body/status must be equal to one of the allowed values',
    ]);
    expect(specProblems([request('GET', '/api/v1/accounts/1/contacts/search', undefined, { q: 'x', per_page: '5' })])).toEqual([
      'GET /api/v1/accounts/1/contacts/search: query parameter "per_page" is not in the spec',
    ]);
    // Form fields: names are checked, values arrive as strings.
    expect(specProblems([request('POST', '/api/v1/accounts/1/conversations/3/messages', { content: 'x', 'attachment[]': '' }, {}, 'multipart/form-data; boundary=x')])).toEqual([
      'POST /api/v1/accounts/1/conversations/3/messages: body field "attachment[]" is not in the spec',
    ]);
  });

  it('every call of the community inbox follows the spec: inbox, contact, session, conversation, incoming text and files, an edit, a lost answer looked up, a delete, a status change', async () => {
    const sim = await startSimulator();
    const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId });
    const inbox = await rest.createApiInbox({ name: 'Discord community', webhookUrl: 'https://bot.example.com/webhooks/chatwoot' });
    await rest.getInbox(inbox.id);
    const directory = createCustomerDirectory(rest, { inboxId: inbox.id });
    const ada = { identifier: 'discord:42', name: 'Ada', avatarUrl: 'https://cdn.example.com/ada.png' };
    const conversationId = await directory.ensureConversation('thread:1', ada);
    // A contact known from elsewhere gets its session in this inbox.
    const grace = await rest.createContact({ inboxId: (await rest.listInboxes())[0]!.id, identifier: 'discord:43', name: 'Grace' });
    await directory.ensureCustomer({ identifier: 'discord:43', name: 'Grace' });
    expect(grace.contact.id).toBeGreaterThan(0);
    const echoId = 'discord-community:1001';
    const first = await rest.createIncomingMessage(conversationId, { content: 'Where is **my** order?', echo_id: echoId, content_attributes: echoMarker({ surface: 'discord-community', ref: '1001' }, echoId) });
    await rest.createIncomingMessage(conversationId, {
      content: 'the receipt',
      echo_id: 'discord-community:1002',
      attachments: [{ filename: 'receipt.png', data: new Uint8Array([137, 80, 78, 71]), contentType: 'image/png' }],
    });
    await rest.createIncomingMessage(conversationId, memberEdit('Where is my order #12?', first.id));
    const entry = { id: 'x', kind: 'k', destination: 'd', payload: {}, attempts: 1, createdAt: Date.now() - 60_000, nextAttemptAt: 0 };
    expect((await findSentMessage(rest, entry, conversationId, echoId))?.id).toBe(first.id);
    await rest.deleteMessage(conversationId, first.id);
    await rest.toggleStatus(conversationId, 'resolved');
    await rest.toggleStatus(conversationId, 'open');
    const calls = sim.rest.requests.map((r) => `${r.method} ${r.path.replace(/\d+/g, 'N')}`);
    expect(new Set(calls).size).toBeGreaterThanOrEqual(10);
    expect(calls).toContain('POST /api/vN/accounts/N/conversations/N/messages');
    expect(sim.rest.requests.some((r) => String(r.headers['content-type']).startsWith('multipart/form-data'))).toBe(true);
    expect(specProblems(sim.rest.requests)).toEqual([]);
  });
});
