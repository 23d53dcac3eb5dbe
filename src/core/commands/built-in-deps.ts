import type { ConversationStatus } from '../../chatwoot/models.ts';
import type { ChatwootRest } from '../../chatwoot/rest/types.ts';

/** Which surface caused a write, so the mirror can show its echo as "sent" rather than as news. */
export interface WriteOrigin {
  surface: string;
  ref?: string;
}

/**
 * The Chatwoot writes the built-ins make. `ctx.chatwoot` (the outbox-backed facade) fits as is.
 * When a write resolves with an outbox receipt (`{ delivered: Promise }`), the confirmation waits
 * for the delivery, up to {@link BuiltInDeps.deliveryTimeoutMs}.
 */
export interface BuiltInWrites {
  reply(conversationId: number, content: string, options?: { origin?: WriteOrigin }): Promise<unknown>;
  note(conversationId: number, content: string, options?: { origin?: WriteOrigin }): Promise<unknown>;
  /** `snoozedUntil` in unix seconds. */
  setStatus(conversationId: number, status: ConversationStatus, options?: { snoozedUntil?: number }): Promise<unknown>;
  /** `null` unassigns. */
  assign(conversationId: number, agentId: number | null): Promise<unknown>;
  label(conversationId: number, change: { add?: string[]; remove?: string[] }): Promise<unknown>;
}

export interface BuiltInDeps {
  /** Reads go straight to Chatwoot. */
  rest: Pick<ChatwootRest, 'listConversations' | 'getConversation' | 'listMessages' | 'listAgents'>;
  writes: BuiltInWrites;
  /** Bridge health, rendered by `status` as `key: value` lines. */
  status(): Record<string, unknown>;
  /** For links: `${chatwootUrl}/app/accounts/${accountId}/conversations/${id}`. */
  chatwootUrl: string;
  accountId: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
  /** How long a confirmation waits for an outbox delivery before saying "queued". Default 10000; 0 waits not at all. */
  deliveryTimeoutMs?: number;
}

/** The plugin name built-ins register under (shown in help and logs). */
export const BUILT_IN_PLUGIN = 'core';
