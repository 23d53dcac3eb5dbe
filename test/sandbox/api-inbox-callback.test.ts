import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { reachesCustomer } from '../../src/chatwoot/api-inbox/reaches-customer.ts';
import type { Message } from '../../src/chatwoot/models.ts';
import { normalizeWebhookEvent } from '../../src/chatwoot/normalize-webhook-event.ts';
import { createChatwootRest } from '../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { verifyWebhookSignature } from '../../src/chatwoot/webhook-signature.ts';
import { startFakeHttp, type FakeHttp } from '../../src/testing/index.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { cleanups, startSimulator } from './simulator-harness.ts';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  json: Record<string, any>;
}

async function receiver(): Promise<FakeHttp<Received>> {
  const target = await startFakeHttp<Received>({ prefix: '/hook', record: (r) => ({ headers: r.headers, raw: r.raw.toString('utf8'), json: JSON.parse(r.raw.toString('utf8')) }) });
  target.on('POST', '', () => ({ status: 200 }));
  cleanups.push(() => target.close());
  return target;
}

/** A community conversation in an API inbox whose callback goes to `own`, with `global` the simulator-wide target. */
async function setup() {
  const own = await receiver();
  const global = await receiver();
  const sim = await startSimulator({ webhook: { url: global.url, secret: 'global-secret' } });
  const rest = createChatwootRest({ baseUrl: sim.url, apiToken: sim.agent.apiToken, accountId: sim.accountId });
  const inbox = await rest.createApiInbox({ name: 'Community', webhookUrl: own.url });
  const { contactInbox } = await rest.createContact({ inboxId: inbox.id, identifier: 'discord:42', name: 'Ada' });
  const conversation = await rest.createConversation({ sourceId: contactInbox!.sourceId, inboxId: inbox.id });
  return { sim, rest, own, global, inbox, conversationId: conversation.id! };
}

const messagesIn = (target: FakeHttp<Received>) =>
  target.requests
    .filter((r) => r.json['event'] === 'message_created')
    .map((r) => {
      const event = normalizeWebhookEvent(r.json, { receivedAt: Date.now() });
      if ('error' in event || !('message' in event)) throw new Error(`unreadable callback: ${JSON.stringify(r.json).slice(0, 200)}`);
      return event.message as Message;
    });

describe('the API inbox callback (simulator)', () => {
  it("goes to the inbox's own webhook_url, signed with the inbox's secret in the scheme the webhook route checks", async () => {
    const { sim, rest, own, global, inbox, conversationId } = await setup();
    await rest.createIncomingMessage(conversationId, { content: 'hello from Discord' });
    sim.agentMessage(conversationId, 'Hi Ada!');
    await waitFor(() => own.requests.length === 3, { what: 'conversation_created and two message_created callbacks' });
    for (const r of own.requests) {
      const check = (secret: string) =>
        verifyWebhookSignature({ secret, signature: r.headers['x-chatwoot-signature'] as string, timestamp: r.headers['x-chatwoot-timestamp'] as string, rawBody: r.raw });
      expect(check(inbox.secret!)).toEqual({ ok: true });
      expect(check('global-secret')).toEqual({ ok: false, reason: 'bad_signature' });
      expect(r.headers['x-chatwoot-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(own.requests.map((r) => r.json['event'])).toEqual(['conversation_created', 'message_created', 'message_created']);
    expect(own.requests[0]!.json).toMatchObject({ id: conversationId, inbox_id: inbox.id, channel: 'Channel::Api' });
    // Nothing of this inbox reaches the simulator-wide target; other inboxes still use it.
    expect(global.requests).toHaveLength(0);
    sim.createConversation({ contactName: 'Bob', content: 'website visitor' });
    await waitFor(() => global.requests.length === 2, { what: 'inbox 1 callbacks at the global target' });
    expect(own.requests).toHaveLength(3);
    expect(sim.webhooks.deliveries.filter((d) => d.url === own.url)).toHaveLength(3);
  });

  it('carries private notes too (private: true), and only public agent replies may reach the customer', async () => {
    const { sim, rest, own, conversationId } = await setup();
    await rest.createIncomingMessage(conversationId, { content: 'my order is late' });
    sim.agentMessage(conversationId, 'internal: refund them', { private: true });
    await rest.createMessage(conversationId, { content: 'another note, via REST', private: true });
    sim.agentMessage(conversationId, 'Sorry Ada, refunded.');
    sim.setStatus(conversationId, 'resolved'); // an activity message: the cable only, never the callback
    await waitFor(() => messagesIn(own).length === 4, { what: 'four message callbacks' });
    const messages = messagesIn(own);
    expect(messages.map((m) => [m.message_type, m.private])).toEqual([
      ['incoming', false],
      ['outgoing', true],
      ['outgoing', true],
      ['outgoing', false],
    ]);
    expect(messages.filter(reachesCustomer).map((m) => m.content)).toEqual(['Sorry Ada, refunded.']);
    const sent = sim.messages(conversationId);
    expect(sent.some((m) => m.message_type === 2)).toBe(true);
    expect(messages.some((m) => m.message_type === 'activity')).toBe(false);
  });

  it('a callback answered with an error marks the agent reply failed, as Chatwoot does', async () => {
    const { sim, own, conversationId } = await setup();
    own.fail({ method: 'POST', status: 500, times: Infinity });
    const reply = sim.agentMessage(conversationId, 'Hi Ada!');
    await waitFor(() => sim.messages(conversationId).find((m) => m.id === reply.id)?.status === 'failed', { what: 'the reply marked failed' });
  });
});
