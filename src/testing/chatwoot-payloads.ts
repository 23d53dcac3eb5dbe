import type { ConversationStatus, Message, MessageType } from '../chatwoot/models.ts';
import { MESSAGE_TYPES } from '../chatwoot/models.ts';
import { normalizeMessage } from '../chatwoot/normalize-objects.ts';
import { contactPush, conversationPush, messagePush, type BuildContext } from '../sandbox/payload-builders.ts';
import type { RawContact, RawConversation, RawMessage } from '../sandbox/raw-chatwoot-types.ts';
import { createSimState, ensureInbox, insertConversation, insertMessage, type SimConversation, type SimMessage, type SimState } from '../sandbox/simulator-state.ts';
import { conversationEventWebhook, messageWebhook, type ChangedAttributes } from '../sandbox/webhook-payloads.ts';

export type { RawContact, RawConversation, RawMessage } from '../sandbox/raw-chatwoot-types.ts';

export interface ContactInit {
  id?: number;
  name?: string;
  email?: string | null;
}

export interface AgentInit {
  id?: number;
  name?: string;
  email?: string;
}

export interface ConversationInit {
  /** The display id. Default 1. */
  id?: number;
  inboxId?: number;
  status?: ConversationStatus;
  contact?: ContactInit;
  /** Default: unassigned. */
  assignee?: AgentInit | null;
  labels?: string[];
  /** Milliseconds. Default the builder's `now`. */
  createdAt?: number;
}

export interface MessageInit {
  /** Default 1. */
  id?: number;
  /** The conversation's display id. Default 1. */
  conversationId?: number;
  inboxId?: number;
  /** Default 'Hello'. */
  content?: string | null;
  /** Default 'incoming'. */
  messageType?: MessageType;
  private?: boolean;
  /** Default: the contact for incoming messages, an agent for outgoing ones, nobody otherwise. `null`: nobody. */
  sender?: ({ type: 'contact' } & ContactInit) | ({ type: 'agent' } & AgentInit) | null;
  contentType?: string;
  contentAttributes?: Record<string, unknown>;
  status?: SimMessage['status'];
  sourceId?: string | null;
  /** Milliseconds. Default the builder's `now`. */
  createdAt?: number;
  /** Sent back on the websocket to the client that created the message. */
  echoId?: string;
}

export interface ChatwootPayloads {
  /** `message.created` / `message.updated` data as the websocket carries it (`push_event_data`, integer `message_type`, unix `created_at`). */
  message(init?: MessageInit): RawMessage;
  /** The same message as the API-inbox webhook posts it (`webhook_data`: string `message_type`, ISO `created_at`) plus `event`. */
  messageWebhook(init?: MessageInit, event?: 'message_created' | 'message_updated'): Record<string, unknown>;
  /** The message as plugins see it in events (normalized). */
  eventMessage(init?: MessageInit): Message;
  /** Conversation events' data on the websocket (`push_data` + `account_id`). */
  conversation(init?: ConversationInit): RawConversation;
  /** The same conversation as the webhook posts it, plus `event` (and `changed_attributes` but for `conversation_created`). */
  conversationWebhook(
    init?: ConversationInit,
    event?: 'conversation_created' | 'conversation_status_changed' | 'conversation_updated',
    changed?: ChangedAttributes,
  ): Record<string, unknown>;
  /** A contact as conversation and message payloads embed it. */
  contact(init?: ContactInit): RawContact;
}

/**
 * Raw Chatwoot payloads for tests — the shapes the embedded simulator sends, from the same builders,
 * with fixed ids and times so a test reads the same every run. Spread over a result to make it
 * hostile: `{ ...payloads.message(), content: 42 }`.
 *
 * @example
 * import { chatwootPayloads } from 'switchboard/testing';
 *
 * const payloads = chatwootPayloads({ now: Date.UTC(2025, 0, 1) });
 * bot.chatwoot.emit('message.created', { ...payloads.message({ conversationId: id }), id: 900_001, content: null });
 * const body = JSON.stringify(payloads.messageWebhook({ id: 501, content: 'hi', conversationId: 33 }));
 */
export function chatwootPayloads(options: { accountId?: number; accountName?: string; now?: number } = {}): ChatwootPayloads {
  const now = options.now ?? Date.UTC(2024, 0, 1);
  const context = (state: SimState): BuildContext => ({ state, availability: (agent) => agent.availability });

  const world = (init: ConversationInit = {}) => {
    const state = createSimState(options.accountId ?? 1, []);
    if (options.accountName !== undefined) state.accountName = options.accountName;
    const at = init.createdAt ?? now;
    const inbox = ensureInbox(state, init.inboxId ?? 1);
    const contact = addContact(state, init.contact ?? {}, at);
    const contactInboxId = contact.id;
    state.contactInboxes.set(contactInboxId, { id: contactInboxId, contactId: contact.id, inboxId: inbox.id, sourceId: `source-${contact.id}`, pubsubToken: `pubsub-${contact.id}`, createdAtMs: at });
    state.next.conversation = init.id ?? 1;
    const conversation = insertConversation(state, at, { inboxId: inbox.id, contactId: contact.id, contactInboxId, status: init.status ?? 'open' });
    conversation.uuid = `00000000-0000-4000-8000-${String(conversation.displayId).padStart(12, '0')}`;
    if (init.assignee) conversation.assigneeId = addAgent(state, init.assignee).id;
    if (init.labels) conversation.labels = [...init.labels];
    return { state, conversation };
  };

  const withMessage = (init: MessageInit = {}): { state: SimState; conversation: SimConversation; message: SimMessage } => {
    const { state, conversation } = world({
      ...(init.conversationId !== undefined ? { id: init.conversationId } : {}),
      ...(init.inboxId !== undefined ? { inboxId: init.inboxId } : {}),
      ...(init.sender?.type === 'contact' ? { contact: init.sender } : {}),
    });
    const messageType = MESSAGE_TYPES.indexOf(init.messageType ?? 'incoming') as 0 | 1 | 2 | 3;
    const sender = init.sender === undefined ? defaultSender(messageType) : init.sender;

    const senderId = sender === null ? null : sender.type === 'contact' ? conversation.contactId : addAgent(state, sender).id;
    state.next.message = init.id ?? 1;
    const message = insertMessage(state, init.createdAt ?? now, conversation, {
      content: init.content === undefined ? 'Hello' : init.content,
      messageType,
      contentType: init.contentType ?? 'text',
      contentAttributes: { ...init.contentAttributes },
      private: init.private ?? false,
      status: init.status ?? 'sent',
      sourceId: init.sourceId ?? null,
      senderType: sender === null ? null : sender.type === 'contact' ? 'Contact' : 'User',
      senderId,
    });
    return { state, conversation, message };
  };

  const message = (init: MessageInit = {}) => {
    const { state, message: m } = withMessage(init);
    return messagePush(context(state), m, init.echoId);
  };

  return {
    message,
    messageWebhook(init = {}, event = 'message_created') {
      const { state, message: m } = withMessage(init);
      return messageWebhook(context(state), m, event);
    },
    eventMessage: (init = {}) => normalizeMessage(message(init) as unknown as Record<string, unknown>),
    conversation(init = {}) {
      const { state, conversation } = world(init);
      return conversationPush(context(state), conversation);
    },
    conversationWebhook(init = {}, event = 'conversation_created', changed) {
      const { state, conversation } = world(init);
      return conversationEventWebhook(context(state), conversation, event, changed);
    },
    contact: (init = {}) => contactPush(addContact(createSimState(options.accountId ?? 1, []), init, now)),
  };
}

function defaultSender(messageType: 0 | 1 | 2 | 3): NonNullable<MessageInit['sender']> | null {
  if (messageType === 0) return { type: 'contact' };
  return messageType === 1 ? { type: 'agent' } : null;
}

function addContact(state: SimState, init: ContactInit, at: number) {
  const id = init.id ?? 1;
  const contact = { id, name: init.name ?? `customer-${id}`, email: init.email ?? null, phoneNumber: null, identifier: null, createdAtMs: at, lastActivityAtMs: at };
  state.contacts.set(id, contact);
  return contact;
}

function addAgent(state: SimState, init: AgentInit) {
  const id = init.id ?? 1;
  const agent = { id, name: init.name ?? `Agent ${id}`, email: init.email ?? `agent${id}@example.test`, role: 'agent' as const, availability: 'online' as const, autoOffline: true };
  state.agents.set(id, agent);
  return agent;
}
