import { randomBytes, randomUUID } from 'node:crypto';
import type { ConversationStatus } from '../chatwoot/models.ts';

/**
 * The simulator's in-memory database: plain records with millisecond timestamps. Payload builders
 * turn them into Chatwoot's wire shapes; actions mutate them and decide what to broadcast.
 */

export interface SimAgent {
  id: number;
  name: string;
  email: string;
  role: 'administrator' | 'agent';
  availability: 'online' | 'busy' | 'offline';
  autoOffline: boolean;
}

export interface SimContact {
  id: number;
  name: string;
  email: string | null;
  phoneNumber: string | null;
  identifier: string | null;
  avatarUrl?: string | null;
  /** Set through the public client API's contact create / update. */
  customAttributes?: Record<string, unknown>;
  createdAtMs: number;
  lastActivityAtMs: number;
}

export interface SimContactInbox {
  id: number;
  contactId: number;
  inboxId: number;
  sourceId: string;
  pubsubToken: string;
  createdAtMs: number;
  /** Proven by the public client API's `identifier_hash`; the contact's conversations then span its inboxes. */
  hmacVerified?: boolean;
}

export interface SimInbox {
  id: number;
  name: string;
  /** Every simulated inbox is an API inbox (`Channel::Api`). */
  channelType: 'Channel::Api';
  /** `inbox_identifier`: the public client API's id of the inbox. */
  identifier: string;
  /** The callback URL; unset → the simulator-wide `webhook` option, if any. */
  webhookUrl: string | null;
  /** Signs the callback (`channel_api.secret`). */
  secret: string;
  /** Contact identity validation (`channel_api.hmac_token`), not webhook signing. */
  hmacToken: string;
  hmacMandatory: boolean;
}

/** A new API inbox record with fresh identifier, secret and HMAC token, as `Channel::Api` makes them. */
export function newApiInbox(id: number, name: string, init: { webhookUrl?: string | null; hmacMandatory?: boolean } = {}): SimInbox {
  return {
    id,
    name,
    channelType: 'Channel::Api',
    identifier: randomBytes(18).toString('base64url'),
    webhookUrl: init.webhookUrl ?? null,
    secret: randomBytes(18).toString('base64url'),
    hmacToken: randomBytes(18).toString('base64url'),
    hmacMandatory: init.hmacMandatory ?? false,
  };
}

export interface SimTeam {
  id: number;
  name: string;
}

export interface SimAttachment {
  id: number;
  messageId: number;
  fileType: string;
  extension: string | null;
  dataUrl: string;
  thumbUrl: string;
  fileSize: number;
}

export interface SimMessage {
  id: number;
  displayId: number;
  inboxId: number;
  content: string | null;
  messageType: 0 | 1 | 2 | 3;
  contentType: string;
  contentAttributes: Record<string, unknown>;
  private: boolean;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  sourceId: string | null;
  senderType: 'Contact' | 'User' | null;
  senderId: number | null;
  createdAtMs: number;
  updatedAtMs: number;
  attachments: SimAttachment[];
}

export interface SimConversation {
  displayId: number;
  uuid: string;
  inboxId: number;
  contactId: number;
  contactInboxId: number;
  status: ConversationStatus;
  /** Unix seconds, as Chatwoot takes and returns it. */
  snoozedUntil: number | null;
  assigneeId: number | null;
  teamId: number | null;
  labels: string[];
  createdAtMs: number;
  updatedAtMs: number;
  lastActivityAtMs: number;
  agentLastSeenAtMs: number;
  contactLastSeenAtMs: number;
  firstReplyCreatedAtMs: number | null;
  unreadCount: number;
  messages: SimMessage[];
  /** The last non-activity, non-private message: Chatwoot's `messages` in conversation payloads. */
  lastChatMessage: SimMessage | undefined;
}

export interface SimState {
  accountId: number;
  accountName: string;
  agents: Map<number, SimAgent>;
  contacts: Map<number, SimContact>;
  contactInboxes: Map<number, SimContactInbox>;
  /** Lookup indexes (lower-cased email; `contactId:inboxId`), so benchmarks stay linear. */
  contactsByEmail: Map<string, SimContact>;
  contactInboxByPair: Map<string, SimContactInbox>;
  /** `identifier` is unique per account (Chatwoot's index): the key is the identifier as given. */
  contactsByIdentifier: Map<string, SimContact>;
  inboxes: Map<number, SimInbox>;
  teams: Map<number, SimTeam>;
  conversations: Map<number, SimConversation>;
  messagesById: Map<number, SimMessage>;
  next: { contact: number; contactInbox: number; conversation: number; message: number; attachment: number; inbox: number };
}

export function createSimState(accountId: number, agents: SimAgent[]): SimState {
  return {
    accountId,
    accountName: 'Sandbox',
    agents: new Map(agents.map((agent) => [agent.id, agent])),
    contacts: new Map(),
    contactInboxes: new Map(),
    contactsByEmail: new Map(),
    contactInboxByPair: new Map(),
    contactsByIdentifier: new Map(),
    inboxes: new Map([[1, newApiInbox(1, 'Sandbox API')]]),
    teams: new Map([[1, { id: 1, name: 'support' }]]),
    conversations: new Map(),
    messagesById: new Map(),
    next: { contact: 1, contactInbox: 1, conversation: 1, message: 1, attachment: 1, inbox: 2 },
  };
}

/** Every simulated inbox is an API inbox; unknown ids are created on first use. */
export function ensureInbox(state: SimState, inboxId: number): SimInbox {
  let inbox = state.inboxes.get(inboxId);
  if (!inbox) {
    inbox = newApiInbox(inboxId, `API inbox ${inboxId}`);
    state.inboxes.set(inboxId, inbox);
    state.next.inbox = Math.max(state.next.inbox, inboxId + 1);
  }
  return inbox;
}

/** Reuses the contact with that email, as Chatwoot's contact builders do. */
export function findOrCreateContact(
  state: SimState,
  nowMs: number,
  opts: { name?: string; email?: string },
): { contact: SimContact; created: boolean } {
  const existing = opts.email ? state.contactsByEmail.get(opts.email.toLowerCase()) : undefined;
  if (existing) return { contact: existing, created: false };
  const id = state.next.contact++;
  const contact: SimContact = {
    id,
    name: opts.name ?? `customer-${id}`,
    email: opts.email ?? null,
    phoneNumber: null,
    identifier: null,
    avatarUrl: null,
    createdAtMs: nowMs,
    lastActivityAtMs: nowMs,
  };
  state.contacts.set(id, contact);
  if (contact.email) state.contactsByEmail.set(contact.email.toLowerCase(), contact);
  return { contact, created: true };
}

export function findOrCreateContactInbox(state: SimState, nowMs: number, contactId: number, inboxId: number): SimContactInbox {
  const key = `${contactId}:${inboxId}`;
  const existing = state.contactInboxByPair.get(key);
  if (existing) return existing;
  const ci: SimContactInbox = {
    id: state.next.contactInbox++,
    contactId,
    inboxId,
    sourceId: randomUUID(),
    pubsubToken: randomBytes(12).toString('base64url'),
    createdAtMs: nowMs,
  };
  state.contactInboxes.set(ci.id, ci);
  state.contactInboxByPair.set(key, ci);
  return ci;
}

export function insertConversation(
  state: SimState,
  nowMs: number,
  init: { inboxId: number; contactId: number; contactInboxId: number; status: ConversationStatus },
): SimConversation {
  const conversation: SimConversation = {
    displayId: state.next.conversation++,
    uuid: randomUUID(),
    ...init,
    snoozedUntil: null,
    assigneeId: null,
    teamId: null,
    labels: [],
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    lastActivityAtMs: nowMs,
    agentLastSeenAtMs: 0,
    contactLastSeenAtMs: 0,
    firstReplyCreatedAtMs: null,
    unreadCount: 0,
    messages: [],
    lastChatMessage: undefined,
  };
  state.conversations.set(conversation.displayId, conversation);
  return conversation;
}

export type NewMessage = Omit<SimMessage, 'id' | 'displayId' | 'inboxId' | 'createdAtMs' | 'updatedAtMs' | 'attachments'> & {
  attachments?: Array<Omit<SimAttachment, 'id' | 'messageId'>>;
};

export function insertMessage(state: SimState, nowMs: number, conversation: SimConversation, init: NewMessage): SimMessage {
  const id = state.next.message++;
  const { attachments = [], ...rest } = init;
  const message: SimMessage = {
    ...rest,
    id,
    displayId: conversation.displayId,
    inboxId: conversation.inboxId,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    attachments: attachments.map((a) => ({ ...a, id: state.next.attachment++, messageId: id })),
  };
  conversation.messages.push(message);
  state.messagesById.set(id, message);
  // `Message#set_conversation_activity`: update_columns(last_activity_at:, updated_at:) — no event,
  // but the conversation shows up in `updated_within` lists (what a REST catch-up relies on).
  conversation.lastActivityAtMs = nowMs;
  conversation.updatedAtMs = nowMs;
  if (message.messageType !== 2 && !message.private) conversation.lastChatMessage = message;
  if (message.messageType === 0) {
    conversation.unreadCount++;
    const contact = state.contacts.get(conversation.contactId);
    if (contact) contact.lastActivityAtMs = nowMs;
  }
  if (message.messageType === 1 && !message.private && message.senderType === 'User' && conversation.firstReplyCreatedAtMs === null) {
    conversation.firstReplyCreatedAtMs = nowMs;
  }
  return message;
}
