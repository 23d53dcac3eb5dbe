import { afterEach, describe, expect, it } from 'vitest';
import { createCustomerDirectory } from '../../../src/chatwoot/api-inbox/customer-directory.ts';
import { reachesCustomer } from '../../../src/chatwoot/api-inbox/reaches-customer.ts';
import type { Message } from '../../../src/chatwoot/models.ts';
import { normalizeWebhookEvent } from '../../../src/chatwoot/normalize-webhook-event.ts';
import { createChatwootRest } from '../../../src/chatwoot/rest/create-chatwoot-rest.ts';
import { definePlugin, isEvent, type AnyEvent } from '../../../src/index.ts';
import { createTestBot, startFakeHttp, waitFor, type FakeHttp, type TestBot } from '../../../src/testing/index.ts';

// The slice end to end: a member's first message through the directory reaches plugins like any
// conversation (the mirrors), and an agent's reply comes back by the inbox's callback.
let bot: TestBot | undefined;
let hook: FakeHttp | undefined;
afterEach(async () => {
  await bot?.stop();
  await hook?.close();
  bot = hook = undefined;
});

describe('community inbox flow (Chatwoot side)', () => {
  it("a member's message reaches plugins as conversation.created + message.created from a contact; an agent's reply reaches the callback, a note does not pass", async () => {
    hook = await startFakeHttp();
    hook.on('POST', '/hook', () => ({ status: 200 }));
    const seen: AnyEvent[] = [];
    const mirror = definePlugin({
      name: 'mirror',
      setup(ctx) {
        ctx.on('conversation.created', (event) => void seen.push(event));
        ctx.on('message.created', (event) => void seen.push(event));
      },
    });
    bot = await createTestBot({ plugins: [mirror] });
    const rest = createChatwootRest({ baseUrl: bot.chatwoot.url, apiToken: bot.chatwoot.agent.apiToken, accountId: bot.chatwoot.accountId });
    const inbox = await rest.createApiInbox({ name: 'Discord community', webhookUrl: `${hook.url}/hook` });
    const directory = createCustomerDirectory(rest, { inboxId: inbox.id });
    const member = { identifier: 'discord:42', name: 'Ada' };
    const conversationId = await directory.ensureConversation('discord:thread:1', member);
    await rest.createIncomingMessage(conversationId, { content: 'My order is late', echo_id: 'discord:m1' });
    await bot.idle();
    const created = seen.find((e) => isEvent(e, 'conversation.created'));
    expect(created && isEvent(created, 'conversation.created') ? created.conversation.inbox_id : undefined).toBe(inbox.id);
    const incoming = seen.find((e) => isEvent(e, 'message.created'));
    expect(incoming && isEvent(incoming, 'message.created') ? [incoming.message.message_type, incoming.message.sender?.type, incoming.message.content] : undefined).toEqual([
      'incoming',
      'contact',
      'My order is late',
    ]);

    // An agent's reply and a note, as the agents' Slack thread writes them.
    await rest.createMessage(conversationId, { content: 'Refunded, sorry!' });
    await rest.createMessage(conversationId, { content: 'customer is angry', private: true });
    await waitFor(() => hook!.requests.filter((r) => (r.json as { event?: string })['event'] === 'message_created').length === 3, { what: 'three message callbacks' });
    const toMember = hook.requests
      .map((r) => normalizeWebhookEvent(r.json, { receivedAt: Date.now() }))
      .flatMap((e) => ('message' in e ? [e.message as Message] : []))
      .filter(reachesCustomer)
      .map((m) => m.content);
    expect(toMember).toEqual(['Refunded, sorry!']);
  });
});
