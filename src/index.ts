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
export { definePlugin, type Plugin, type PluginContext, type PluginOutbox, type EventHandler, type DoctorCheck } from './core/plugins/plugin.ts';
export type { RouteHandler } from './core/plugins/route-handler.ts';
export { CommandError } from './core/commands/command-types.ts';
export { z } from 'zod';
export type { ChatwootFacade, WriteOptions, WriteReceipt, AttachmentUpload, Author } from './core/writes/chatwoot-facade.ts';
export type { CommandSpec, CommandArg, CommandContext, CommandHandler, CommandInvocation, CommandUser } from './core/commands/create-command-registry.ts';
export { PermanentError, RetryableError, mayHaveRun, type Executor, type OutboxEntry } from './core/outbox/create-outbox.ts';
export { findSentMessage } from './core/writes/find-sent-message.ts';
export type { Origin, Ledger } from './core/ledger/create-ledger.ts';
export { defineConfig, type SwitchboardConfig } from './config/define-config.ts';
export type { SandboxScene, SandboxSceneRun } from './config/sandbox-scene.ts';
export { CHATWOOT_MAX_CONTENT, CHATWOOT_MAX_ATTACHMENTS } from './core/writes/chatwoot-limits.ts';
export type { Logger, LogFn } from './observability/logger.ts';
export type { KeyValueStore } from './core/store/key-value-store.ts';
export type {
  AnyEvent,
  ChatwootEventMap,
  ChatwootEventName,
  ContactEvent,
  DeliveryFailedEvent,
  DeliveryFailedMeta,
  EventMap,
  EventName,
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
export { createChatwootRest } from './chatwoot/rest/create-chatwoot-rest.ts';
export type { ChatwootRest } from './chatwoot/rest/types.ts';
export { createCustomerDirectory, type ConversationMap, type CustomerDirectory, type Member } from './chatwoot/api-inbox/customer-directory.ts';
export { reachesCustomer } from './chatwoot/api-inbox/reaches-customer.ts';
export { EDIT_MARK, memberEdit } from './chatwoot/api-inbox/member-edit.ts';
export { communityInboxId, findInboxByIdentifier, type CommunityInboxSettings } from './chatwoot/api-inbox/community-inbox-id.ts';
export { communityInboxDoctor } from './cli/doctor-community-inbox.ts';
export { multipartBody, type MultipartPart } from './chatwoot/rest/multipart-body.ts';
export { echoMarker } from './core/ledger/create-ledger.ts';
