import type { Conversation } from '../../src/index.ts';
import { SURFACE, type DiscordDeps } from './deps.ts';
import { followConversations } from './follow-conversations.ts';
import { headerInfo } from './format-header.ts';
import { DELETED_TEXT, mirroredContent, mirroredMessage } from './format-message.ts';
import { createHeaderState } from './header-state.ts';

/**
 * Chatwoot → Discord: opens a thread (post, channel) per conversation, mirrors messages through
 * the webhook, carries edits and soft deletes, and (through {@link followConversations}) keeps
 * the header, the name and the archive state in step with the conversation. Events caused by Discord itself are only linked, never posted back.
 *
 * @example
 * mirrorChatwoot(deps);
 */
export function mirrorChatwoot(deps: DiscordDeps): void {
  const { ctx } = deps;
  // Conversations whose `open` is queued in this process; the link says it for earlier ones.
  const opening = new Set<number>();
  const headers = createHeaderState(ctx.store);

  const ensureOpen = async (conversationId: number, conversation?: Conversation): Promise<void> => {
    if (opening.has(conversationId) || (await ctx.links.getConversation(conversationId, SURFACE))) return;
    opening.add(conversationId);
    try {
      const info = headerInfo(conversation ?? (await ctx.chatwoot.getConversation(conversationId)), deps.chatwootUrl);
      await headers.remember(info);
      const { delivered } = await ctx.outbox.enqueue('open', await deps.lane(), { info });
      // Once delivered (or failed) the link is the truth again, e.g. after a deleted channel.
      void delivered.then(
        () => opening.delete(conversationId),
        () => opening.delete(conversationId),
      );
    } catch (error) {
      opening.delete(conversationId);
      throw error;
    }
  };

  ctx.on('conversation.created', async (event) => {
    if (event.conversationId === null || event.conversation.status === 'resolved') return;
    await ensureOpen(event.conversationId, event.conversation);
  });

  /** The conversation in Chatwoot, where a message too long for Discord continues. */
  const urlOf = (accountId: number, conversationId: number) =>
    deps.chatwootUrl ? `${deps.chatwootUrl.replace(/\/+$/, '')}/app/accounts/${accountId}/conversations/${conversationId}` : undefined;

  ctx.on('message.created', async (event) => {
    const { message } = event;
    if (event.conversationId === null) return;
    if (event.origin === SURFACE) {
      // Our own write coming back: link it to the Discord message it came from, post nothing.
      if (event.originRef) await ctx.links.setMessage(message.id, SURFACE, { key: event.originRef, data: { fromDiscord: true, private: message.private } });
      return;
    }
    if (await ctx.links.getMessage(message.id, SURFACE)) return;
    const mirrored = mirroredMessage(message, urlOf(event.accountId, event.conversationId));
    // Discord refuses an empty message (50006): a message with nothing to show is not posted.
    if (!mirrored.content.trim() && mirrored.files.length === 0) return;
    await ensureOpen(event.conversationId);
    await ctx.outbox.enqueue('post', await deps.lane(), { conversationId: event.conversationId, chatwootMessageId: message.id, message: mirrored }, { id: `discord-post:${message.id}` });
  });

  ctx.on('message.updated', async (event) => {
    if (event.conversationId === null || event.origin === SURFACE) return;
    const mirrored = await ctx.links.getMessage(event.message.id, SURFACE);
    if (!mirrored || mirrored.data?.['fromDiscord']) return;
    const content = event.deleted ? DELETED_TEXT : mirroredContent(event.message, urlOf(event.accountId, event.conversationId));
    if (!content.trim()) return; // edited down to nothing: Discord refuses an empty message
    await ctx.outbox.enqueue('edit', await deps.lane(), { conversationId: event.conversationId, chatwootMessageId: event.message.id, content, deleted: event.deleted });
  });

  followConversations(deps, { isOpening: (id) => opening.has(id), ensureOpen }, headers);
}
