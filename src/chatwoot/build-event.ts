import {
  CONTACT_EVENTS,
  CONVERSATION_EVENTS,
  MESSAGE_EVENTS,
  NOTIFICATION_EVENTS,
  PLAIN_EVENTS,
  TYPING_EVENTS,
  type AnyEvent,
  type ChatwootEventMap,
  type ConversationEvent,
  type EventBase,
  type EventSource,
  type MessageEvent,
  type NotificationEvent,
  type PresenceEvent,
  type UnknownEvent,
} from './events.ts';
import { isDeletedMessage, type Sender } from './models.ts';
import {
  isRecord,
  normalizeContact,
  normalizeConversation,
  normalizeMessage,
  normalizeSender,
  toInteger,
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
  // Hot path (every cable frame): no rest/spread copies of the payload — they cost more than
  // JSON.parse itself. Normalizers copy once; events are assembled with Object.assign.
  switch (KINDS.get(name)) {
    case 'message': {
      // previous_changes describes the event, not the message: it moves to `previousChanges`.
      // The payload is ours (fresh from JSON.parse): normalize it in place, no copy on the hot path.
      const message = normalizeMessage(without(data, 'previous_changes'), { inPlace: true });
      const previousChanges = data['previous_changes'];
      const event: MessageEvent<MessageName> = Object.assign(
        base(name, eventKey(name, message.id, message.updated_at ?? message.created_at), accountIdOf(data, message.account_id), message.conversation_id || null, meta),
        { message, deleted: isDeletedMessage(message) },
      ) as MessageEvent<MessageName>;
      // On message.updated: Rails `previous_changes`, e.g. { status: ['sent', 'read'] }.
      if (isRecord(previousChanges)) event.previousChanges = previousChanges;
      return event as ChatwootEventMap[MessageName];
    }
    case 'conversation': {
      const conversation = normalizeConversation(without(data, 'changed_attributes'));
      const changed = data['changed_attributes'];
      const event: ConversationEvent<ConversationName> = Object.assign(
        base(name, eventKey(name, conversation.id, conversation.updated_at ?? conversation.created_at), accountIdOf(data, conversation.account_id), conversation.id, meta),
        { conversation },
      ) as ConversationEvent<ConversationName>;
      if (changed === null) event.changedAttributes = null;
      else if (Array.isArray(changed)) event.changedAttributes = changed.filter(isRecord) as ConversationEvent['changedAttributes'];
      return event as ChatwootEventMap[ConversationName];
    }
    case 'typing': {
      const conversation = normalizeConversation(isRecord(data['conversation']) ? data['conversation'] : {});
      const accountId = accountIdOf(data, conversation.account_id);
      // The cable puts account_id beside the nested conversation, not in it.
      if (!conversation.account_id) conversation.account_id = accountId;
      return Object.assign(base(name, eventKey(name, conversation.id, conversation.updated_at ?? conversation.created_at), accountId, conversation.id, meta), {
        conversation,
        user: normalizeSender(data['user']) ?? UNKNOWN_TYPER,
        isPrivate: data['is_private'] === true,
      }) as ChatwootEventMap[TypingName];
    }
    case 'contact': {
      const contact = normalizeContact(data);
      return Object.assign(base(name, eventKey(name, contact.id, contact['updated_at'] ?? contact['created_at']), accountIdOf(data, contact['account_id']), null, meta), {
        contact,
      }) as ChatwootEventMap[ContactName];
    }
    case 'notification': {
      const raw = isRecord(data['notification']) ? data['notification'] : {};
      const notification = { ...raw, id: toInteger(raw['id']) ?? 0 };
      const event: NotificationEvent<NotificationName> = Object.assign(
        base(name, eventKey(name, notification.id, raw['updated_at'] ?? raw['created_at']), accountIdOf(data, raw['account_id']), null, meta),
        { notification },
      ) as NotificationEvent<NotificationName>;
      if (typeof data['unread_count'] === 'number') event.unreadCount = data['unread_count'];
      if (typeof data['count'] === 'number') event.count = data['count'];
      return event as ChatwootEventMap[NotificationName];
    }
    case 'presence': {
      const accountId = accountIdOf(data, undefined);
      return Object.assign(base('presence.update', eventKey(name, accountId, undefined), accountId, null, meta), {
        users: stringRecord(data['users']),
        contacts: stringRecord(data['contacts']),
      }) as PresenceEvent;
    }
    case 'plain': {
      const accountId = accountIdOf(data, undefined);
      return Object.assign(base(name, eventKey(name, data['id'] ?? accountId, data['updated_at'] ?? data['created_at']), accountId, null, meta), {
        data,
      }) as ChatwootEventMap[PlainName];
    }
    default: {
      const accountId = accountIdOf(data, undefined);
      return Object.assign(base(name, eventKey(name, data['id'] ?? '', data['updated_at'] ?? data['created_at']), accountId, null, meta), {
        data,
        unknown: true as const,
      }) satisfies UnknownEvent;
    }
  }
}

/** `data` minus one key; copies only when the key is there (rare events), keeping the hot path copy-free. */
function without(data: Raw, key: string): Raw {
  if (!(key in data)) return data;
  const { [key]: _dropped, ...rest } = data;
  return rest;
}

/** The fields every event carries, as one object literal (one hidden class for all events). */
function base(name: string, id: string, accountId: number, conversationId: number | null, meta: BuildEventMeta): EventBase {
  return {
    name,
    id,
    accountId,
    conversationId,
    source: meta.source,
    replayed: meta.replayed ?? false,
    origin: meta.origin ?? 'chatwoot',
    receivedAt: meta.receivedAt,
  };
}

/**
 * `<name>:<object id>:<unix seconds>`; the time is normalized so ISO and unix inputs agree.
 *
 * @example
 * eventKey('message.created', 106, '2021-07-23T17:13:14.000Z'); // → 'message.created:106:1627060394'
 */
function eventKey(name: string, objectId: unknown, time: unknown): string {
  const seconds = toUnixSeconds(time);
  const id = objectId === null || objectId === undefined ? '' : String(objectId);
  return `${name}:${id}:${seconds ?? ''}`;
}

/** The cable merges `account_id` into every payload; webhooks nest `account: {id}` instead. */
function accountIdOf(data: Raw, nested: unknown): number {
  const account = isRecord(data['account']) ? data['account'] : undefined;
  return toInteger(data['account_id']) || toInteger(nested) || toInteger(account?.['id']) || 0;
}


function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, status] of Object.entries(value)) if (typeof status === 'string') out[key] = status;
  return out;
}
