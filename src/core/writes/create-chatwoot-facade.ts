import type { ChatwootRest } from '../../chatwoot/rest/types.ts';
import type { ChatwootFacade, ChatwootWrite, WriteOptions, WriteReceipt } from './chatwoot-facade.ts';
import { CHATWOOT_WRITE } from './chatwoot-write-executor.ts';
import { currentEventFields } from '../../observability/event-scope.ts';
import { eventWriteKey } from './event-write-key.ts';
import { echoIdFor, newEchoId, type Ledger, type Origin } from '../ledger/create-ledger.ts';
import type { Outbox } from '../outbox/create-outbox.ts';

/**
 * Builds `ctx.chatwoot` for one plugin. A message write records its echo id and origin in the
 * ledger *before* it is queued, so the `message.created` that comes back — even ahead of the HTTP
 * response — is recognised and tagged with that origin. Inside an event handler every write's
 * idempotency key (and a message's echo id) is derived from the event and the write itself, so a
 * handler that runs again for the same event — after a crash — writes nothing twice.
 */
export function createChatwootFacade(deps: { rest: ChatwootRest; outbox: Outbox; ledger: Ledger; plugin: string }): ChatwootFacade {
  const { rest, outbox, ledger, plugin } = deps;

  const destinationOf = (conversationId: number) => `chatwoot:${conversationId}`;
  const keyOf = (write: unknown, conversationId: number, options: WriteOptions) =>
    options.id ?? eventWriteKey(plugin, CHATWOOT_WRITE, destinationOf(conversationId), write);

  const queue = async (write: ChatwootWrite, options: WriteOptions, id = keyOf(write, write.conversationId, options)): Promise<WriteReceipt> => {
    const meta: Record<string, unknown> = { plugin, ...currentEventFields() };
    if (options.origin) meta['origin'] = options.origin;
    const { entry, delivered } = await outbox.enqueue({
      kind: CHATWOOT_WRITE,
      destination: destinationOf(write.conversationId),
      conversationId: write.conversationId,
      payload: write,
      meta,
      ...(id ? { id } : {}),
    });
    return { id: entry.id, delivered };
  };

  const message = async (conversationId: number, content: string, isPrivate: boolean, options: Parameters<ChatwootFacade['reply']>[2] = {}) => {
    const origin: Origin = options.origin ?? { surface: plugin };
    const body: Omit<Extract<ChatwootWrite, { op: 'message' }>, 'echoId'> = { op: 'message', conversationId, content, private: isPrivate, origin };
    if (options.attachments?.length) body.attachments = options.attachments;
    if (options.author) body.author = options.author;
    // The key is taken before the echo id exists: the echo id then follows from it.
    const id = keyOf(body, conversationId, options);
    const echoId = id ? echoIdFor(id) : newEchoId();
    await ledger.echo.record(echoId, { conversationId, origin });
    return queue({ ...body, echoId }, options, id);
  };

  return {
    getProfile: (o) => rest.getProfile(o),
    getConversation: (id, o) => rest.getConversation(id, o),
    listConversations: (input, o) => rest.listConversations(input, o),
    listMessages: (id, query, o) => rest.listMessages(id, query, o),
    listMessagesAfter: (id, after, o) => rest.listMessagesAfter(id, after, o),
    getLabels: (id, o) => rest.getLabels(id, o),
    listAgents: (o) => rest.listAgents(o),
    listInboxes: (o) => rest.listInboxes(o),
    searchContacts: (q, query, o) => rest.searchContacts(q, query, o),
    reply: (conversationId, content, options) => message(conversationId, content, false, options),
    note: (conversationId, content, options) => message(conversationId, content, true, options),
    setStatus: (conversationId, status, options = {}) =>
      queue({ op: 'status', conversationId, status, ...(options.snoozedUntil ? { snoozedUntil: options.snoozedUntil } : {}) }, options),
    assign: (conversationId, agentId, options = {}) => queue({ op: 'assign', conversationId, agentId }, options),
    label: (conversationId, change, options = {}) => queue({ op: 'label', conversationId, add: change.add ?? [], remove: change.remove ?? [] }, options),
    deleteMessage: (conversationId, messageId, options = {}) => queue({ op: 'delete', conversationId, messageId }, options),
  };
}
