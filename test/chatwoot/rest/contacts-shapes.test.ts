import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { startFakeHttp, type FakeHttp } from '../../../src/testing/index.ts';

// Answers of other shapes than the simulator's: the spec's, and unreadable ones.
let api: FakeHttp | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function restAnswering(status: number, json: unknown) {
  api = await startFakeHttp();
  api.on('POST', '/api/v1/accounts/1/contacts', () => ({ status, json }));
  api.on('POST', '/api/v1/accounts/1/inboxes', () => ({ status, json }));
  return createChatwootRest({ baseUrl: api.url, apiToken: 't0ken-value', accountId: 1, retry: { retries: 0 } });
}

describe('contact and inbox answers of other shapes', () => {
  it("reads the spec's {payload: [contact]} with its contact_inboxes", async () => {
    const rest = await restAnswering(200, { payload: [{ id: 5, name: 'Ada', identifier: 'discord:1', contact_inboxes: [{ source_id: 's-1', inbox: { id: 3 } }] }] });
    const { contact, contactInbox } = await rest.createContact({ inboxId: 3, identifier: 'discord:1', name: 'Ada' });
    expect(contact).toMatchObject({ id: 5, identifier: 'discord:1' });
    expect(contactInbox).toEqual({ sourceId: 's-1', inboxId: 3 });
  });

  it('a contact answer without an id is a bad_response, not a contact 0', async () => {
    const rest = await restAnswering(200, { payload: { contact: { name: 'Ada' } } });
    await expect(rest.createContact({ inboxId: 3, identifier: 'x' })).rejects.toMatchObject({ kind: 'bad_response' });
  });

  it("an inbox answered with Rails' model errors says which field", async () => {
    const rest = await restAnswering(422, { message: 'Webhook url is invalid', attributes: ['webhook_url'] });
    await expect(rest.createApiInbox({ name: 'x', webhookUrl: 'ftp://nope' })).rejects.toMatchObject({ kind: 'unprocessable', chatwootMessage: 'Webhook url is invalid' });
  });

  it('reads the callback URL from the spec field when webhook_url is absent', async () => {
    const rest = await restAnswering(200, { id: 9, name: 'C', channel_type: 'Channel::Api', callback_webhook_url: 'https://bot.example.com/webhooks/chatwoot' });
    expect(await rest.createApiInbox({ name: 'C' })).toMatchObject({ id: 9, webhookUrl: 'https://bot.example.com/webhooks/chatwoot', hmacMandatory: false });
  });
});
