import type { Dispatcher } from 'undici';
import type { Logger } from '../../observability/logger.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { Contact, Conversation, ConversationStatus, Message, Profile, User } from '../models.ts';

export interface ChatwootRestOptions {
  /** CHATWOOT_URL, e.g. `https://chat.example.com`; a trailing slash or a path prefix works. */
  baseUrl: string;
  /** Sent as the `api_access_token` header; never logged. */
  apiToken: string;
  accountId: number;
  /** undici dispatcher (tests, proxies); the global one when absent. */
  dispatcher?: Dispatcher;
  /** Per attempt, covering headers and body. Default 15000. */
  timeoutMs?: number;
  /** Backoff for GETs only. Defaults: 3 retries, 250 ms base, 5000 ms cap, Retry-After honoured up to 60 s. */
  retry?: { retries?: number; baseMs?: number; capMs?: number; maxRetryAfterMs?: number };
  log?: Logger;
  /** Only `restRequests` is used: one count per HTTP attempt, labelled by method and outcome. */
  metrics?: Pick<Metrics, 'restRequests'>;
  /** For jitter. Default `Math.random`. */
  random?: () => number;
  /** Backoff sleep; tests inject one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Clock in ms, for `Retry-After` HTTP dates. Default `Date.now`. */
  now?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface AttachmentInput {
  filename: string;
  data: Uint8Array | Blob;
  contentType?: string;
}

export interface CreateMessageInput {
  content?: string;
  message_type?: 'outgoing' | 'incoming';
  private?: boolean;
  content_type?: string;
  content_attributes?: Record<string, unknown>;
  /** Echoed back in the REST answer and the websocket `message.created`; not persisted. */
  echo_id?: string;
  /** Sent as multipart `attachments[]` (Chatwoot allows 15). */
  attachments?: AttachmentInput[];
}

export interface MessagesMeta {
  labels?: string[];
  contact?: Contact;
  assignee?: Record<string, unknown> | null;
  additional_attributes?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface MessagesPage {
  meta: MessagesMeta;
  /** Ascending by id, as Chatwoot returns them. */
  messages: Message[];
}

export type ListStatus = ConversationStatus | 'all';
export type AssigneeType = 'me' | 'unassigned' | 'assigned' | 'all';

export interface ListConversationsInput {
  status?: ListStatus;
  assigneeType?: AssigneeType;
  /** 25 per page. */
  page?: number;
  /** Seconds; Chatwoot then returns every match, unpaged. */
  updatedWithin?: number;
  /** e.g. `last_activity_at_desc` (Chatwoot's default). */
  sortBy?: string;
  inboxId?: number;
  teamId?: number;
  labels?: string[];
}

export interface ConversationsMeta {
  mine_count: number;
  assigned_count: number;
  unassigned_count: number;
  all_count: number;
  [key: string]: unknown;
}

export interface ConversationsPage {
  meta: ConversationsMeta;
  conversations: Conversation[];
}

export interface ToggleStatusResult {
  conversationId: number;
  currentStatus: ConversationStatus;
  /** Unix seconds, or null when not snoozed (or snoozed until the next reply). */
  snoozedUntil: number | null;
}

export interface AssignInput {
  /** A User id; `null` unassigns. */
  assigneeId?: number | null;
  /** Set `'AgentBot'` when `assigneeId` is an agent bot. */
  assigneeType?: 'User' | 'AgentBot';
  /** `null` removes the team. */
  teamId?: number | null;
}

export interface Team {
  id: number;
  name: string;
  [key: string]: unknown;
}

export interface AssignResult {
  /** Present when `assigneeId` was given: the new assignee, or null. */
  assignee?: Record<string, unknown> | null;
  /** Present when `teamId` was given: the new team, or null. */
  team?: Team | null;
}

/** An account member as `GET …/agents` lists it; usable as a {@link User}. */
export interface Agent extends User {
  email: string;
  role: string;
  availability_status: string;
  auto_offline?: boolean;
  confirmed?: boolean;
}

export interface ContactsPage {
  meta: { count?: number; current_page?: number | string; has_more?: boolean; [key: string]: unknown };
  /** 15 per page. */
  contacts: Contact[];
}

/** `GET /api`: the installation's version and health. */
export interface ApiInfo {
  version: string;
  timestamp?: string;
  queue_services?: string;
  data_services?: string;
  [key: string]: unknown;
}

/** The Chatwoot REST client: every method returns normalized shapes (see `models.ts`). */
export interface Inbox {
  id: number;
  name: string;
  /** e.g. `Channel::WebWidget`, `Channel::Api`, `Channel::Email`. */
  channel_type: string;
  [key: string]: unknown;
}

/** An inbox as `GET/POST …/inboxes(/:id)` returns it, with the API channel's fields read out. */
export interface InboxDetails extends Inbox {
  /** The API channel's callback URL (`webhook_url`). */
  webhookUrl?: string;
  /** `inbox_identifier`: the public client API's id of the inbox. Administrators only. */
  identifier?: string;
  /** Signs the callback (`X-Chatwoot-Signature`). Administrators only; a secret: never log it. */
  secret?: string;
  /** Contact identity validation (public API `identifier_hash`). Administrators only; a secret. */
  hmacToken?: string;
  hmacMandatory: boolean;
}

export interface CreateApiInboxInput {
  name: string;
  /** Where Chatwoot POSTs the inbox's events (agents' replies among them). */
  webhookUrl?: string;
  hmacMandatory?: boolean;
}

/** A contact's session in one inbox. */
export interface ContactInbox {
  sourceId: string;
  inboxId: number;
}

export interface ContactWithInboxes extends Contact {
  contactInboxes: ContactInbox[];
}

export interface CreateContactInput {
  /** The spec requires it: Chatwoot then also creates the contact inbox. */
  inboxId: number;
  identifier?: string;
  name?: string;
  avatarUrl?: string;
  additionalAttributes?: Record<string, unknown>;
}

export interface CreatedContact {
  contact: ContactWithInboxes;
  /** The contact inbox Chatwoot made for `inboxId`, when the answer names it. */
  contactInbox?: ContactInbox;
}

export interface CreateConversationInput {
  sourceId: string;
  inboxId: number;
  contactId?: number;
  status?: 'open' | 'pending' | 'resolved';
  customAttributes?: Record<string, unknown>;
  additionalAttributes?: Record<string, unknown>;
}

export type IncomingMessageInput = Pick<CreateMessageInput, 'content' | 'content_type' | 'content_attributes' | 'echo_id' | 'attachments'>;

export interface ChatwootRest {
  readonly accountId: number;
  getApiInfo(options?: CallOptions): Promise<ApiInfo>;
  getProfile(options?: CallOptions): Promise<Profile>;
  createMessage(conversationId: number, input: CreateMessageInput, options?: CallOptions): Promise<Message>;
  listMessages(conversationId: number, query?: { before?: number; after?: number }, options?: CallOptions): Promise<MessagesPage>;
  iterateMessagesAfter(conversationId: number, afterId: number, options?: CallOptions & { maxPages?: number }): AsyncGenerator<Message[], void, undefined>;
  listMessagesAfter(conversationId: number, afterId: number, options?: CallOptions & { limit?: number; maxPages?: number }): Promise<Message[]>;
  /** Resolves with the deleted message, or `null` when Chatwoot answered without a body. */
  deleteMessage(conversationId: number, messageId: number, options?: CallOptions): Promise<Message | null>;
  getConversation(conversationId: number, options?: CallOptions): Promise<Conversation>;
  listConversations(input?: ListConversationsInput, options?: CallOptions): Promise<ConversationsPage>;
  toggleStatus(
    conversationId: number,
    status?: ConversationStatus,
    extra?: { snoozedUntil?: number },
    options?: CallOptions,
  ): Promise<ToggleStatusResult>;
  assign(conversationId: number, input: AssignInput, options?: CallOptions): Promise<AssignResult>;
  getLabels(conversationId: number, options?: CallOptions): Promise<string[]>;
  setLabels(conversationId: number, labels: string[], options?: CallOptions): Promise<string[]>;
  updateLabels(conversationId: number, change: { add?: string[]; remove?: string[] }, options?: CallOptions): Promise<string[]>;
  listAgents(options?: CallOptions): Promise<Agent[]>;
  listInboxes(options?: CallOptions): Promise<Inbox[]>;
  searchContacts(q: string, query?: { page?: number }, options?: CallOptions): Promise<ContactsPage>;
  createApiInbox(input: CreateApiInboxInput, options?: CallOptions): Promise<InboxDetails>;
  getInbox(inboxId: number, options?: CallOptions): Promise<InboxDetails>;
  findContactByIdentifier(identifier: string, options?: CallOptions): Promise<ContactWithInboxes | undefined>;
  getContact(contactId: number, options?: CallOptions): Promise<ContactWithInboxes>;
  createContact(input: CreateContactInput, options?: CallOptions): Promise<CreatedContact>;
  createContactInbox(contactId: number, input: { inboxId: number; sourceId?: string }, options?: CallOptions): Promise<ContactInbox>;
  createConversation(input: CreateConversationInput, options?: CallOptions): Promise<Conversation>;
  createIncomingMessage(conversationId: number, input: IncomingMessageInput, options?: CallOptions): Promise<Message>;
}
