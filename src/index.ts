/**
 * Switchboard's public API: everything a plugin or a config file imports comes from here.
 *
 * @example
 * import { definePlugin } from 'switchboard';
 *
 * export default definePlugin({
 *   name: 'hello',
 *   setup(ctx) {
 *     ctx.on('conversation.created', (event) => ctx.log.info({ id: event.conversationId }, 'new conversation'));
 *   },
 * });
 */
export { definePlugin, type Plugin, type PluginContext, type EventHandler } from './core/plugin.ts';
export { defineConfig, type SwitchboardConfig } from './config/define-config.ts';
export type { Logger } from './core/logger.ts';
export type {
  AnyEvent,
  ChatwootEventMap,
  ChatwootEventName,
  ContactEvent,
  ConversationEvent,
  EventBase,
  EventSource,
  KnownEvent,
  MessageEvent,
  NotificationEvent,
  PlainEvent,
  PresenceEvent,
  TypingEvent,
  UnknownEvent,
} from './chatwoot/events.ts';
export { isEvent, isKnownEventName } from './chatwoot/events.ts';
export type {
  AgentBot,
  Attachment,
  Contact,
  Conversation,
  ConversationStatus,
  Message,
  MessageType,
  Profile,
  Sender,
  User,
} from './chatwoot/models.ts';
export { isDeletedMessage } from './chatwoot/models.ts';
