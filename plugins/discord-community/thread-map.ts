import { PermanentError, type ConversationMap, type PluginContext } from '../../src/index.ts';

/** The links' surface name of the community plugin (conversation ↔ thread, message ↔ message). */
export const SURFACE = 'discord-community';

/**
 * Thread id → conversation id, durable in the plugin's store (so a restart never makes a second
 * conversation), and linked the other way in `ctx.links` (so an agent's reply finds its thread).
 *
 * @example
 * const directory = createCustomerDirectory(rest, { inboxId, conversations: threadMap(ctx) });
 * await threadOf(ctx, 42); // '1234' — the Discord thread of conversation 42
 */
export function threadMap(ctx: Pick<PluginContext, 'store' | 'links'>): ConversationMap {
  return {
    get: async (threadId) => (await ctx.store.get<number>(`thread:${threadId}`)) ?? undefined,
    async set(threadId, conversationId) {
      await ctx.links.setConversation(conversationId, SURFACE, { key: threadId });
      await ctx.store.set(`thread:${threadId}`, conversationId);
    },
    async delete(threadId) {
      await ctx.store.delete(`thread:${threadId}`);
    },
  };
}

/**
 * The conversation key (thread id, or `dm:<channel id>`) of a community conversation, if it has one.
 *
 * @example
 * await threadOf(ctx, 42); // 'dm:55'
 */
export async function threadOf(ctx: Pick<PluginContext, 'links'>, conversationId: number): Promise<string | undefined> {
  return (await ctx.links.getConversation(conversationId, SURFACE))?.key;
}

/** Where a conversation lives on Discord: a thread (or forum post), or a DM channel with the member. */
export interface Place {
  channelId: string;
  dm: boolean;
}

/**
 * The conversation key of a Discord place: the thread id, or `dm:<channel id>` for a DM.
 *
 * @example
 * placeKey({ channelId: '55', dm: true }); // 'dm:55'
 */
export function placeKey(place: Place): string {
  return place.dm ? `dm:${place.channelId}` : place.channelId;
}

/**
 * The place behind a conversation key (see {@link placeKey}).
 *
 * @example
 * placeOf('dm:55'); // { channelId: '55', dm: true }
 */
export function placeOf(key: string): Place {
  return key.startsWith('dm:') ? { channelId: key.slice(3), dm: true } : { channelId: key, dm: false };
}

/**
 * The conversation key of a queued payload. Entries queued before DMs existed (still in a durable
 * outbox after an upgrade) named it `threadId`.
 *
 * @example
 * payloadKey({ threadId: '123' }); // '123'
 */
export function payloadKey(payload: { key?: string; threadId?: string }): string {
  const key = payload.key ?? payload.threadId;
  if (!key) throw new PermanentError('discord-community: an outbox entry without a thread or DM');
  return key;
}
