import {
  CONTACT_EVENTS,
  CONVERSATION_EVENTS,
  MESSAGE_EVENTS,
  NOTIFICATION_EVENTS,
  PLAIN_EVENTS,
  TYPING_EVENTS,
  type AnyEvent,
  type ChatwootEventMap,
  type ContactEvent,
  type ConversationEvent,
  type EventSource,
  type MessageEvent,
  type NotificationEvent,
  type PlainEvent,
  type TypingEvent,
  type UnknownEvent,
} from './events.ts';
import { isDeletedMessage, type Sender } from './models.ts';
import {
  isRecord,
  normalizeContact,
  normalizeConversation,
  normalizeMessage,
  normalizeSender,
  toUnixSeconds,
} from './normalize-objects.ts';

export interface BuildEventMeta {
  source: EventSource;
  /** Unix milliseconds when Switchboard received the event. */
  receivedAt: number;
  replayed?: boolean;
  origin?: string;
}

type Raw = Record<string, unknown>;
type Kind = 'message' | 'conversation' | 'typing' | 'contact' | 'notification' | 'presence' | 'plain';

type MessageName = (typeof MESSAGE_EVENTS)[number];
type ConversationName = (typeof CONVERSATION_EVENTS)[number];
type TypingName = (typeof TYPING_EVENTS)[number];
type ContactName = (typeof CONTACT_EVENTS)[number];
type NotificationName = (typeof NOTIFICATION_EVENTS)[number];
type PlainName = (typeof PLAIN_EVENTS)[number];

const KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ...MESSAGE_EVENTS.map((n) => [n, 'message'] as const),
  ...CONVERSATION_EVENTS.map((n) => [n, 'conversation'] as const),
  ...TYPING_EVENTS.map((n) => [n, 'typing'] as const),
  ...CONTACT_EVENTS.map((n) => [n, 'contact'] as const),
  ...NOTIFICATION_EVENTS.map((n) => [n, 'notification'] as const),
  ...PLAIN_EVENTS.map((n) => [n, 'plain'] as const),
  ['presence.update', 'presence'],
]);

// A typing event's `user` is required by the type; Chatwoot always sends one, odd input gets this.
const UNKNOWN_TYPER: Sender = { id: 0, name: '', type: 'user' };

/**
 * Turns a websocket-shaped `data` (the `message.data` of a cable frame) into the typed event of
 * `events.ts`. Unknown names become an {@link UnknownEvent}; it never throws on object-shaped data.
 * `id` is `<name>:<object id>:<updated_at ?? created_at>` in normalized unix seconds, so the same
 * object state gets the same key whether it came over the cable, a webhook or a REST catch-up.
 *
 * @example
 * const frame = parseCableFrame(raw);
 * if (frame.kind === 'message') {
 *   const event = buildEvent(frame.event, frame.data, { source: 'cable', receivedAt: Date.now() });
 * }
 */
export function buildEvent(name: string, data: Raw, meta: BuildEventMeta): AnyEvent {
  const common = {
    source: meta.source,
    receivedAt: meta.receivedAt,
    replayed: meta.replayed ?? false,
    origin: meta.origin ?? 'chatwoot',
  };
  switch (KINDS.get(name)) {
    case 'message': {
      // previous_changes describes the event, not the message: it moves to `previousChanges`.
      const { previous_changes: previousChanges, ...raw } = data;
      const message = normalizeMessage(raw);
      const event: MessageEvent<MessageName> = {
        ...common,
        name: name as MessageName,
        id: eventKey(name, message.id, message.updated_at ?? message.created_at),
        accountId: accountIdOf(data, message.account_id),
        conversationId: message.conversation_id || null,
        message,
        deleted: isDeletedMessage(message),
      };
      if (isRecord(previousChanges)) event.previousChanges = previousChanges;
      return event as ChatwootEventMap[MessageName];
    }
    case 'conversation': {
      const { changed_attributes: changed, ...raw } = data;
      const conversation = normalizeConversation(raw);
      const event: ConversationEvent<ConversationName> = {
        ...common,
        name: name as ConversationName,
        id: eventKey(name, conversation.id, conversation.updated_at ?? conversation.created_at),
        accountId: accountIdOf(data, conversation.account_id),
        conversationId: conversation.id,
        conversation,
      };
      if (changed === null) event.changedAttributes = null;
      else if (Array.isArray(changed)) event.changedAttributes = changed.filter(isRecord) as ConversationEvent['changedAttributes'];
      return event as ChatwootEventMap[ConversationName];
    }
    case 'typing': {
      const conversation = normalizeConversation(isRecord(data['conversation']) ? data['conversation'] : {});
      const accountId = accountIdOf(data, conversation.account_id);
      // The cable puts account_id beside the nested conversation, not in it.
      if (!conversation.account_id) conversation.account_id = accountId;
      const event: TypingEvent<TypingName> = {
        ...common,
        name: name as TypingName,
        id: eventKey(name, conversation.id, conversation.updated_at ?? conversation.created_at),
        accountId,
        conversationId: conversation.id,
        conversation,
        user: normalizeSender(data['user']) ?? UNKNOWN_TYPER,
        isPrivate: data['is_private'] === true,
      };
      return event as ChatwootEventMap[TypingName];
    }
    case 'contact': {
      const contact = normalizeContact(data);
      const event: ContactEvent<ContactName> = {
        ...common,
        name: name as ContactName,
        id: eventKey(name, contact.id, contact['updated_at'] ?? contact['created_at']),
        accountId: accountIdOf(data, contact['account_id']),
        conversationId: null,
        contact,
      };
      return event as ChatwootEventMap[ContactName];
    }
    case 'notification': {
      const raw = isRecord(data['notification']) ? data['notification'] : {};
      const notification = { ...raw, id: toInt(raw['id']) ?? 0 };
      const event: NotificationEvent<NotificationName> = {
        ...common,
        name: name as NotificationName,
        id: eventKey(name, notification.id, raw['updated_at'] ?? raw['created_at']),
        accountId: accountIdOf(data, raw['account_id']),
        conversationId: null,
        notification,
      };
      if (typeof data['unread_count'] === 'number') event.unreadCount = data['unread_count'];
      if (typeof data['count'] === 'number') event.count = data['count'];
      return event as ChatwootEventMap[NotificationName];
    }
    case 'presence': {
      const accountId = accountIdOf(data, undefined);
      return {
        ...common,
        name: 'presence.update',
        id: eventKey(name, accountId, undefined),
        accountId,
        conversationId: null,
        users: stringRecord(data['users']),
        contacts: stringRecord(data['contacts']),
      };
    }
    case 'plain': {
      const accountId = accountIdOf(data, undefined);
      const event: PlainEvent<PlainName> = {
        ...common,
        name: name as PlainName,
        id: eventKey(name, data['id'] ?? accountId, data['updated_at'] ?? data['created_at']),
        accountId,
        conversationId: null,
        data,
      };
      return event as ChatwootEventMap[PlainName];
    }
    default: {
      const accountId = accountIdOf(data, undefined);
      const event: UnknownEvent = {
        ...common,
        name,
        id: eventKey(name, data['id'] ?? '', data['updated_at'] ?? data['created_at']),
        accountId,
        conversationId: null,
        data,
        unknown: true,
      };
      return event;
    }
  }
}

/**
 * `<name>:<object id>:<unix seconds>`; the time is normalized so ISO and unix inputs agree.
 *
 * @example
 * eventKey('message.created', 106, '2021-07-23T17:13:14.000Z'); // → 'message.created:106:1627060394'
 */
export function eventKey(name: string, objectId: unknown, time: unknown): string {
  const seconds = toUnixSeconds(time);
  const id = objectId === null || objectId === undefined ? '' : String(objectId);
  return `${name}:${id}:${seconds ?? ''}`;
}

/** The cable merges `account_id` into every payload; webhooks nest `account: {id}` instead. */
function accountIdOf(data: Raw, nested: unknown): number {
  const account = isRecord(data['account']) ? data['account'] : undefined;
  return toInt(data['account_id']) || toInt(nested) || toInt(account?.['id']) || 0;
}

function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, status] of Object.entries(value)) if (typeof status === 'string') out[key] = status;
  return out;
}
