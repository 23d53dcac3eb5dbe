import type { ConversationStatus, Message } from '../../chatwoot/models.ts';
import type { ChatwootRest } from '../../chatwoot/rest/types.ts';
import type { Origin } from '../ledger/create-ledger.ts';

/** What a write returns once it is durably queued: its outbox id, and a promise of the outcome. */
export interface WriteReceipt {
  id: string;
  /** Resolves when Chatwoot accepted it; rejects after a permanent failure (also reported as `switchboard.delivery_failed`). */
  delivered: Promise<unknown>;
}

/** Who typed it on the surface. With a token for `chatwootAgentId` (CHATWOOT_AGENT_TOKENS) the message is authored by that agent; otherwise by the bot user, with `name` kept in `content_attributes.switchboard.author`. */
export interface Author {
  name: string;
  chatwootAgentId?: number;
}

export interface WriteOptions {
  /** The surface and its message that caused this write, so its echo is not mirrored back there. */
  origin?: Origin;
  author?: Author;
  /** An idempotency key: the same key twice is one write. */
  id?: string;
}

export interface AttachmentUpload {
  filename: string;
  /** Base64, so the write can wait durably in the store. */
  base64: string;
  contentType?: string;
}

/** Reads go straight to Chatwoot's REST API; writes go through the outbox. */
export type ChatwootReads = Pick<
  ChatwootRest,
  'getProfile' | 'getConversation' | 'listConversations' | 'listMessages' | 'listMessagesAfter' | 'getLabels' | 'listAgents' | 'listInboxes' | 'searchContacts'
>;

/**
 * `ctx.chatwoot`: Chatwoot for plugins. Every write is recorded in the ledger (echo id and origin)
 * and queued durably before any HTTP call, retried with backoff, and kept in order per
 * conversation.
 *
 * @example
 * await ctx.chatwoot.reply(42, 'On it!', { origin: { surface: 'slack', ref: 'C1:1700000000.000100' } });
 * await ctx.chatwoot.note(42, 'customer is on the enterprise plan');
 * await ctx.chatwoot.setStatus(42, 'snoozed', { snoozedUntil: Math.floor(Date.now() / 1000) + 3600 });
 */
export interface ChatwootFacade extends ChatwootReads {
  /** An outgoing message the customer receives. */
  reply(conversationId: number, content: string, options?: WriteOptions & { attachments?: AttachmentUpload[] }): Promise<WriteReceipt>;
  /** A private note: agents only, never the customer. */
  note(conversationId: number, content: string, options?: WriteOptions & { attachments?: AttachmentUpload[] }): Promise<WriteReceipt>;
  setStatus(conversationId: number, status: ConversationStatus, options?: WriteOptions & { snoozedUntil?: number }): Promise<WriteReceipt>;
  /** `agentId: null` unassigns. */
  assign(conversationId: number, agentId: number | null, options?: WriteOptions): Promise<WriteReceipt>;
  /** Read-merge-write of the label set (Chatwoot's POST replaces it). */
  label(conversationId: number, change: { add?: string[]; remove?: string[] }, options?: WriteOptions): Promise<WriteReceipt>;
  /** Soft-deletes a message. */
  deleteMessage(conversationId: number, messageId: number, options?: WriteOptions): Promise<WriteReceipt>;
}

/** The payloads of the `chatwoot.write` outbox entries (JSON, stored durably). */
export type ChatwootWrite =
  | { op: 'message'; conversationId: number; content: string; private: boolean; echoId: string; origin: Origin; author?: Author; attachments?: AttachmentUpload[] }
  | { op: 'status'; conversationId: number; status: ConversationStatus; snoozedUntil?: number }
  | { op: 'assign'; conversationId: number; agentId: number | null }
  | { op: 'label'; conversationId: number; add: string[]; remove: string[] }
  | { op: 'delete'; conversationId: number; messageId: number };

export type { Message };
