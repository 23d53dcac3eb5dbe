import type { ConversationMap, PluginContext } from '../../src/index.ts';

/** The links' surface name of the community plugin (conversation ↔ thread, message ↔ message). */
export const SURFACE = 'slack-community';

/**
 * Thread key (`<channel>:<ts>` of the top-level message) → conversation id, durable in the
 * plugin's store (a restart never makes a second conversation), and the other way both in
 * `ctx.links` and in the store. The store's reverse entry outlives a `startOver`: links are one
 * per key, so the thread's new conversation takes the link, yet a late reply in the old one must
 * still find the thread. A thread once a conversation stays known as a member's thread
 * ({@link isMemberThread}), also after a `startOver`.
 *
 * @example
 * const directory = createCustomerDirectory(rest, { inboxId, conversations: threadMap(ctx) });
 * await threadOf(ctx, 42); // 'C0SUPPORT:1700000000.000100'
 */
export function threadMap(ctx: Pick<PluginContext, 'store' | 'links'>): ConversationMap {
  return {
    get: async (threadKey) => (await ctx.store.get<number>(`thread:${threadKey}`)) ?? undefined,
    async set(threadKey, conversationId) {
      await ctx.store.set(`member-thread:${threadKey}`, true);
      await ctx.store.set(`conversation:${conversationId}`, threadKey);
      await ctx.links.setConversation(conversationId, SURFACE, { key: threadKey });
      await ctx.store.set(`thread:${threadKey}`, conversationId);
    },
    async delete(threadKey) {
      await ctx.store.delete(`thread:${threadKey}`);
    },
  };
}

/**
 * The Slack thread (`<channel>:<ts>`) of a community conversation, if it has one.
 *
 * @example
 * const key = await threadOf(ctx, event.conversationId);
 */
export async function threadOf(ctx: Pick<PluginContext, 'store' | 'links'>, conversationId: number): Promise<string | undefined> {
  return (await ctx.store.get<string>(`conversation:${conversationId}`)) ?? (await ctx.links.getConversation(conversationId, SURFACE))?.key;
}

/**
 * Whether a thread is a member's: its top-level message started a conversation (now or before a
 * `startOver`). A reply in any other thread — an agent's announcement, a bot's post — is no
 * conversation, or every member replying there would land in the first one's.
 *
 * @example
 * if (!(await isMemberThread(ctx, 'C0SUPPORT:1700000000.000100'))) return 'skipped';
 */
export async function isMemberThread(ctx: Pick<PluginContext, 'store'>, threadKey: string): Promise<boolean> {
  return (await ctx.store.get<boolean>(`member-thread:${threadKey}`)) === true;
}
