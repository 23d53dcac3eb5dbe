import type { Contact, Conversation, Message, User, AgentBot } from './models.ts';

/**
 * Where an event entered Switchboard — `switchboard` for the events it makes itself
 * (`switchboard.delivery_failed`). Plugins rarely need it (invariant 1); logs and metrics do.
 */
export type EventSource = 'cable' | 'webhook' | 'catchup' | 'switchboard';

/** Fields every event carries, whatever its name and source. */
export interface EventBase<N extends string = string> {
  /** Chatwoot's dotted event name, e.g. `message.created`. */
  name: N;
  /** Stable key for de-duplication: `<name>:<object id>:<updated_at>`. */
  id: string;
  accountId: number;
  /** The conversation's display id, when the event belongs to one. */
  conversationId: number | null;
  source: EventSource;
  /** True when it was re-read over REST after a gap rather than pushed live. */
  replayed: boolean;
  /** The surface whose action caused it (`chatwoot` unless the ledger knows better). */
  origin: string;
  /** The originating surface's own id for what caused it (e.g. a Slack `channel:ts`), when known. */
  originRef?: string;
  /** Unix milliseconds when Switchboard received it. */
  receivedAt: number;
}

export interface MessageEvent<N extends string = string> extends EventBase<N> {
  message: Message;
  /** `content_attributes.deleted`: Chatwoot soft-deletes by sending `message.updated`. */
  deleted: boolean;
  /** Rails `previous_changes` on `message.updated`, e.g. `{ status: ['sent', 'read'] }`. */
  previousChanges?: Record<string, unknown>;
}

export interface ConversationEvent<N extends string = string> extends EventBase<N> {
  conversation: Conversation;
  /** Webhook `changed_attributes`, when Chatwoot sent them. */
  changedAttributes?: Record<string, { previous_value: unknown; current_value: unknown }>[] | null;
}

export interface TypingEvent<N extends string = string> extends EventBase<N> {
  conversation: Conversation;
  user: Contact | User | AgentBot;
  isPrivate: boolean;
}

export interface ContactEvent<N extends string = string> extends EventBase<N> {
  contact: Contact;
}

export interface NotificationEvent<N extends string = string> extends EventBase<N> {
  notification: { id: number; [key: string]: unknown };
  unreadCount?: number;
  count?: number;
}

export interface PresenceEvent extends EventBase<'presence.update'> {
  users: Record<string, string>;
  contacts: Record<string, string>;
}

/** An event with only the common fields; `data` is Chatwoot's payload as it came. */
export interface PlainEvent<N extends string = string> extends EventBase<N> {
  data: Record<string, unknown>;
}

/**
 * Every event Switchboard knows by name: the ones in Chatwoot's websocket docs and the ones its
 * code sends beyond them. Anything else arrives as {@link UnknownEvent} on `'*'` handlers.
 */
export interface ChatwootEventMap {
  'message.created': MessageEvent<'message.created'>;
  'message.updated': MessageEvent<'message.updated'>;
  'first.reply.created': MessageEvent<'first.reply.created'>;
  'conversation.created': ConversationEvent<'conversation.created'>;
  'conversation.updated': ConversationEvent<'conversation.updated'>;
  'conversation.status_changed': ConversationEvent<'conversation.status_changed'>;
  'conversation.read': ConversationEvent<'conversation.read'>;
  'conversation.contact_changed': ConversationEvent<'conversation.contact_changed'>;
  'conversation.mentioned': ConversationEvent<'conversation.mentioned'>;
  'assignee.changed': ConversationEvent<'assignee.changed'>;
  'team.changed': ConversationEvent<'team.changed'>;
  'conversation.typing_on': TypingEvent<'conversation.typing_on'>;
  'conversation.typing_off': TypingEvent<'conversation.typing_off'>;
  'conversation.unread_count_changed': PlainEvent<'conversation.unread_count_changed'>;
  'contact.created': ContactEvent<'contact.created'>;
  'contact.updated': ContactEvent<'contact.updated'>;
  'contact.merged': ContactEvent<'contact.merged'>;
  'contact.deleted': ContactEvent<'contact.deleted'>;
  'notification.created': NotificationEvent<'notification.created'>;
  'notification.updated': NotificationEvent<'notification.updated'>;
  'notification.deleted': NotificationEvent<'notification.deleted'>;
  'presence.update': PresenceEvent;
  'account.cache_invalidated': PlainEvent<'account.cache_invalidated'>;
}

export type ChatwootEventName = keyof ChatwootEventMap;

/**
 * A write a plugin asked for (through `ctx.chatwoot` or its own outbox executor) failed for good:
 * delivered only to that plugin, so it can flag the user's message (a reaction, a note).
 */
export interface DeliveryFailedEvent extends EventBase<'switchboard.delivery_failed'> {
  plugin: string;
  kind: string;
  destination: string;
  entryId: string;
  error: string;
  /** What the plugin attached when writing, e.g. `{ origin: { surface: 'slack', ref: 'C1:1700.1' } }`. */
  meta?: DeliveryFailedMeta;
}

/** The meta of a failed write: its `origin` (the surface action it came from), and whatever else the writer attached. */
export interface DeliveryFailedMeta {
  /** Stored JSON: read it through `failedWriteOrigin` (switchboard/surface), which checks its shape. */
  origin?: { surface: string; ref?: string };
  [key: string]: unknown;
}

/** Events Switchboard itself emits to plugins. */
export interface SwitchboardEventMap {
  'switchboard.delivery_failed': DeliveryFailedEvent;
}

/** Everything `ctx.on` knows by name. */
export type EventMap = ChatwootEventMap & SwitchboardEventMap;
export type EventName = keyof EventMap;

/** An event whose name Switchboard does not know yet: delivered as it came, never dropped. */
export interface UnknownEvent extends PlainEvent<string> {
  unknown: true;
}

export type KnownEvent = EventMap[EventName];
export type AnyEvent = KnownEvent | UnknownEvent;

export const MESSAGE_EVENTS = ['message.created', 'message.updated', 'first.reply.created'] as const;
export const CONVERSATION_EVENTS = [
  'conversation.created',
  'conversation.updated',
  'conversation.status_changed',
  'conversation.read',
  'conversation.contact_changed',
  'conversation.mentioned',
  'assignee.changed',
  'team.changed',
] as const;
export const TYPING_EVENTS = ['conversation.typing_on', 'conversation.typing_off'] as const;
export const CONTACT_EVENTS = ['contact.created', 'contact.updated', 'contact.merged', 'contact.deleted'] as const;
export const NOTIFICATION_EVENTS = ['notification.created', 'notification.updated', 'notification.deleted'] as const;
export const PLAIN_EVENTS = ['conversation.unread_count_changed', 'account.cache_invalidated'] as const;

/** Every name in {@link ChatwootEventMap}, for run-time checks. */
const KNOWN_EVENT_NAMES: ReadonlySet<string> = new Set<string>([
  ...MESSAGE_EVENTS,
  ...CONVERSATION_EVENTS,
  ...TYPING_EVENTS,
  ...CONTACT_EVENTS,
  ...NOTIFICATION_EVENTS,
  ...PLAIN_EVENTS,
  'presence.update',
  'switchboard.delivery_failed',
]);

export function isKnownEventName(name: string): name is EventName {
  return KNOWN_EVENT_NAMES.has(name);
}

/**
 * Narrows an event from a `'*'` handler to one named event.
 *
 * @example
 * ctx.on('*', (event) => {
 *   if (isEvent(event, 'message.created')) console.log(event.message.content);
 * });
 */
export function isEvent<K extends EventName>(event: AnyEvent, name: K): event is EventMap[K] {
  return event.name === name && !('unknown' in event);
}
