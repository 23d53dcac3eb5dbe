import {
  MESSAGE_TYPES,
  type AgentBot,
  type User,
  type Attachment,
  type Contact,
  type Conversation,
  type ConversationStatus,
  type Message,
  type MessageType,
  type Sender,
} from './models.ts';

/**
 * Chatwoot objects arrive in three shapes (websocket `push_event_data`, webhook `webhook_data`, REST
 * jbuilder views). These functions turn any of them into the one shape of `models.ts`. They never
 * throw on odd input: missing fields get neutral defaults, unknown fields are kept.
 */

type Raw = Record<string, unknown>;

export function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unix seconds from a unix number (seconds or milliseconds), a numeric string or an ISO date. */
export function toUnixSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // Chatwoot never sends milliseconds, but a plugin or fixture might: 1e11 s is the year 5138.
    return value > 1e11 ? value / 1000 : value;
  }
  if (typeof value !== 'string' || value.length === 0) return undefined;
  // Hot path: Chatwoot's ISO dates ("2021-07-23T17:13:14.000Z") go straight to Date.parse.
  const first = value.charCodeAt(0);
  if (value.length >= 10 && value.charCodeAt(4) === 45 /* - */ && first >= 48 && first <= 57) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return toUnixSeconds(Number(value));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

function toMessageType(value: unknown): MessageType {
  if (typeof value === 'number') return MESSAGE_TYPES[value] ?? 'incoming';
  if (typeof value === 'string') {
    if ((MESSAGE_TYPES as readonly string[]).includes(value)) return value as MessageType;
    if (/^\d+$/.test(value)) return MESSAGE_TYPES[Number(value)] ?? 'incoming';
  }
  return 'incoming';
}

/** A number from a number or a string of digits (Chatwoot ids come as both), else undefined. */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function toNumber(value: unknown, fallback = 0): number {
  return toInteger(value) ?? fallback;
}

function toNullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

const SENDER_TYPES: Record<string, Sender['type']> = {
  contact: 'contact',
  user: 'user',
  agent_bot: 'agent_bot',
  agentbot: 'agent_bot',
};

/** Adds `type` where Chatwoot leaves it out (webhook contacts), from the hint or the shape. */
export function normalizeSender(raw: unknown, senderTypeHint?: unknown, options: NormalizeOptions = {}): Sender | undefined {
  if (!isRecord(raw)) return undefined;
  const declared = typeof raw['type'] === 'string' ? SENDER_TYPES[raw['type'].toLowerCase()] : undefined;
  const hinted = typeof senderTypeHint === 'string' ? SENDER_TYPES[senderTypeHint.toLowerCase()] : undefined;
  // Webhook contacts have no `type` but do have contact-only keys.
  const guessed = 'phone_number' in raw || 'identifier' in raw || 'blocked' in raw ? 'contact' : 'user';
  const sender = options.inPlace ? raw : { ...raw };
  sender['id'] = toNumber(raw['id']);
  sender['type'] = declared ?? hinted ?? guessed;
  return withoutPubsubToken(sender) as Sender;
}

export interface NormalizeOptions {
  /**
   * Rewrite the given object instead of copying it. Only for objects the caller owns outright
   * (fresh from JSON.parse): it saves the copies on the per-event hot path.
   */
  inPlace?: boolean;
}

/**
 * Chatwoot leaks the contact's `pubsub_token` (it grants live access to the contact's conversation)
 * in push payloads. Blank it (`undefined` is dropped by JSON.stringify) so no plugin forwards or logs
 * it; assigning is far cheaper than copying without the key.
 */
function withoutPubsubToken<T extends Raw>(value: T): T {
  if ('pubsub_token' in value) (value as Raw)['pubsub_token'] = undefined;
  return value;
}

export function normalizeContact(raw: Raw): Contact {
  return withoutPubsubToken({ ...raw, id: toNumber(raw['id']), name: (raw['name'] as string | null) ?? null, type: 'contact' as const });
}

function normalizeAttachment(raw: unknown): Attachment | undefined {
  if (!isRecord(raw)) return undefined;
  return { ...raw, id: toNumber(raw['id']), file_type: String(raw['file_type'] ?? 'file'), data_url: String(raw['data_url'] ?? '') };
}

/** Any message shape → {@link Message}. */
export function normalizeMessage(raw: Raw, options: NormalizeOptions = {}): Message {
  const conversation = isRecord(raw['conversation']) ? raw['conversation'] : undefined;
  const account = isRecord(raw['account']) ? raw['account'] : undefined;
  const inbox = isRecord(raw['inbox']) ? raw['inbox'] : undefined;
  const sender = normalizeSender(raw['sender'], raw['sender_type'], options);
  const senderType = typeof raw['sender_type'] === 'string' ? raw['sender_type'] : undefined;
  const updatedAt = toUnixSeconds(raw['updated_at']);
  // Field by field onto the copy (or the original): same result either way.
  const message = (options.inPlace ? raw : { ...raw }) as Message;
  message.id = toNumber(raw['id']);
  // A number (`"content": 42`) is still what the sender wrote; other types carry no text.
  const content = raw['content'];
  message.content = typeof content === 'string' ? content : typeof content === 'number' && Number.isFinite(content) ? String(content) : null;
  message.account_id = toNumber(raw['account_id'] ?? account?.['id']);
  message.inbox_id = toNumber(raw['inbox_id'] ?? inbox?.['id']);
  // Webhooks nest the conversation instead of sending `conversation_id`; its `id` is the display id.
  message.conversation_id = toNumber(raw['conversation_id'] ?? conversation?.['display_id'] ?? conversation?.['id']);
  message.message_type = toMessageType(raw['message_type']);
  message.content_type = typeof raw['content_type'] === 'string' ? raw['content_type'] : null;
  message.content_attributes = isRecord(raw['content_attributes']) ? raw['content_attributes'] : parseJsonObject(raw['content_attributes']);
  message.private = raw['private'] === true;
  message.source_id = typeof raw['source_id'] === 'string' ? raw['source_id'] : null;
  message.sender_type = senderType ?? (sender ? SENDER_TYPE_NAMES[sender.type] : null);
  message.sender_id = toNullableNumber(raw['sender_id'] ?? sender?.id);
  message.created_at = toUnixSeconds(raw['created_at']) ?? 0;
  if (updatedAt !== undefined) message.updated_at = updatedAt;
  else if ('updated_at' in message) message.updated_at = undefined;
  if (sender) message.sender = sender;
  if (Array.isArray(raw['attachments'])) {
    message.attachments = raw['attachments'].map(normalizeAttachment).filter((a): a is Attachment => a !== undefined);
  }
  return message;
}

const SENDER_TYPE_NAMES: Record<Sender['type'], string> = { contact: 'Contact', user: 'User', agent_bot: 'AgentBot' };

function parseJsonObject(value: unknown): Raw {
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

const STATUSES: readonly ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed'];
const CONVERSATION_TIMES = [
  'agent_last_seen_at',
  'contact_last_seen_at',
  'last_activity_at',
  'timestamp',
  'created_at',
  'updated_at',
  'snoozed_until',
  'waiting_since',
  'first_reply_created_at',
  'assignee_last_seen_at',
] as const;

/** Any conversation shape (push data, webhook data, REST partial) → {@link Conversation}. */
export function normalizeConversation(raw: Raw): Conversation {
  const account = isRecord(raw['account']) ? raw['account'] : undefined;
  const status = STATUSES.find((s) => s === raw['status']) ?? 'open';
  const id = raw['display_id'] ?? raw['id'];
  const conversation: Conversation = {
    ...raw,
    id: id === null || id === undefined ? null : toNumber(id),
    account_id: toNumber(raw['account_id'] ?? account?.['id']),
    inbox_id: toNumber(raw['inbox_id']),
    status,
  };
  for (const key of CONVERSATION_TIMES) {
    if (!(key in raw)) continue;
    const value = raw[key];
    (conversation as Record<string, unknown>)[key] = value === null ? null : toUnixSeconds(value);
  }
  if (isRecord(raw['contact_inbox'])) conversation.contact_inbox = withoutPubsubToken({ ...raw['contact_inbox'] });
  if (Array.isArray(raw['messages'])) {
    conversation.messages = raw['messages'].filter(isRecord).map((m) => normalizeMessage(m));
  }
  if (isRecord(raw['meta'])) {
    const meta = raw['meta'];
    conversation.meta = { ...meta };
    if (isRecord(meta['sender'])) conversation.meta.sender = normalizeContact(meta['sender']);
    if (isRecord(meta['assignee'])) {
      conversation.meta.assignee = normalizeSender(meta['assignee'], meta['assignee_type'] ?? 'user') as User | AgentBot;
    }
  }
  return conversation;
}
