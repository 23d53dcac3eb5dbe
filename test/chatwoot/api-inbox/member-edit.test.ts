import { describe, expect, it } from 'vitest';
import { EDIT_MARK, memberEdit } from '../../../src/chatwoot/api-inbox/member-edit.ts';
import { createCustomerDirectory } from '../../../src/chatwoot/api-inbox/customer-directory.ts';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { startSimulator } from '../../sandbox/simulator-harness.ts';

describe('memberEdit', () => {
  it('an edit is a new incoming message replying to the original, text kept as written', async () => {
    const sim = await startSimulator();
    const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId });
    const inbox = await rest.createApiInbox({ name: 'Discord community' });
    const conversationId = await createCustomerDirectory(rest, { inboxId: inbox.id }).ensureConversation('t:1', { identifier: 'discord:1', name: 'Ada' });
    const original = await rest.createIncomingMessage(conversationId, { content: 'hello <b>' });
    const edit = await rest.createIncomingMessage(conversationId, memberEdit('hello **there** <b>', original.id));
    expect(edit.message_type).toBe('incoming');
    expect(edit.content).toBe(`${EDIT_MARK} hello **there** <b>`);
    expect(edit.content_attributes?.['in_reply_to']).toBe(original.id);
  });
});
