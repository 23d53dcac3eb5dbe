import type { Conversation, ConversationEvent } from '../../src/index.ts';
import { SURFACE, type Bridge } from './bridge.ts';
import { headerInfo, headerSignature, type HeaderInfo } from './format-header.ts';
import { DELETED_TEXT, mirroredContent, mirroredMessage } from './format-message.ts';

const HEADER_EVENTS = ['conversation.status_changed', 'conversation.updated', 'assignee.changed', 'conversation.contact_changed'] as const;

/**
 * Chatwoot → Discord: opens a thread (post, channel) per conversation, mirrors messages through
 * the webhook, carries edits and soft deletes, and keeps the header and the archive state in
 * step with the conversation. Events caused by Discord itself are only linked, never posted back.
 *
 * @example
 * mirrorChatwoot(bridge);
 */
export function mirrorChatwoot(bridge: Bridge): void {
  const { ctx } = bridge;
  // Conversations whose `open` is queued in this process; the link says it for earlier ones.
  const opening = new Set<number>();
  const infoOf = (conversation: Conversation) => headerInfo(conversation, bridge.chatwootUrl);

  const remember = async (info: HeaderInfo) => {
    await ctx.store.set(`header:${info.conversationId}`, { signature: headerSignature(info), status: info.status });
  };

  const ensureOpen = async (conversationId: number, conversation?: Conversation): Promise<void> => {
    if (opening.has(conversationId) || (await ctx.links.getConversation(conversationId, SURFACE))) return;
    opening.add(conversationId);
    try {
      const info = infoOf(conversation ?? (await ctx.chatwoot.getConversation(conversationId)));
      await remember(info);
      const { delivered } = await ctx.outbox.enqueue('open', await bridge.lane(), { info });
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

  ctx.on('message.created', async (event) => {
    const { message } = event;
    if (event.conversationId === null) return;
    if (event.origin === SURFACE) {
      // Our own write coming back: link it to the Discord message it came from, post nothing.
      if (event.originRef) await ctx.links.setMessage(message.id, SURFACE, { key: event.originRef, data: { fromDiscord: true } });
      return;
    }
    if (await ctx.links.getMessage(message.id, SURFACE)) return;
    if (!message.content && !(message.attachments ?? []).length) return;
    await ensureOpen(event.conversationId);
    await ctx.outbox.enqueue('post', await bridge.lane(), { conversationId: event.conversationId, chatwootMessageId: message.id, message: mirroredMessage(message) }, { id: `discord-post:${message.id}` });
  });

  ctx.on('message.updated', async (event) => {
    if (event.conversationId === null || event.origin === SURFACE) return;
    const mirrored = await ctx.links.getMessage(event.message.id, SURFACE);
    if (!mirrored || mirrored.data?.['fromDiscord']) return;
    const content = event.deleted ? DELETED_TEXT : mirroredContent(event.message);
    await ctx.outbox.enqueue('edit', await bridge.lane(), { conversationId: event.conversationId, chatwootMessageId: event.message.id, content, deleted: event.deleted });
  });

  const onConversationChange = async (event: ConversationEvent) => {
    const id = event.conversationId;
    if (id === null) return;
    const info = infoOf(event.conversation);
    const link = await ctx.links.getConversation(id, SURFACE);
    if (!link && !opening.has(id)) {
      // Never mirrored (older than the bot, or its channel was deleted on resolve): open it now.
      if (info.status !== 'resolved') await ensureOpen(id, event.conversation);
      return;
    }
    const last = await ctx.store.get<{ signature: string; status: string }>(`header:${id}`);
    const statusChanged = last?.status !== info.status;
    const headerChanged = last?.signature !== headerSignature(info);
    if (!statusChanged && !headerChanged) return;
    await remember(info);
    const lane = await bridge.lane();
    // Archived threads cannot be edited: edit before archiving, unarchive before editing.
    const steps: Array<'header' | 'status'> = info.status === 'resolved' ? ['header', 'status'] : ['status', 'header'];
    for (const step of steps) {
      if (step === 'status' && statusChanged) await ctx.outbox.enqueue('status', lane, { info });
      if (step === 'header' && headerChanged) await ctx.outbox.enqueue('header', lane, { info });
    }
  };
  for (const name of HEADER_EVENTS) ctx.on(name, onConversationChange);
}
