import { isDeletedMessage, reachesCustomer, type Message } from '../../src/index.ts';
import type { CommunityDeps } from './deps.ts';
import { agentReply } from './format-reply.ts';
import { textHash } from './post-reply.ts';
import type { ClosePayload, ReplyDeletePayload, ReplyPayload } from './reply-executors.ts';
import { SURFACE, threadOf } from './thread-map.ts';

/** An agent's message (a reply, whether or not it may reach the member). */
const byAgent = (message: Message) => message.message_type === 'outgoing' || message.message_type === 'template';

/**
 * Chatwoot → Discord for the community inbox only: an agent's public reply (cable or the inbox's
 * callback — the intake delivers it once) is queued for the member's thread or DM; its later edit
 * (`message.updated`, new text) edits the post, its soft delete removes it. Private notes, activity,
 * the member's own messages and anything deleted never pass `reachesCustomer`. A resolved
 * conversation gets the closing line (and, for a thread, archiving).
 *
 * @example
 * followCommunityConversations(deps);
 */
export function followCommunityConversations(deps: CommunityDeps): void {
  const { ctx, env } = deps;
  const keyOf = async (conversationId: number | null, inboxId: number | undefined) =>
    inboxId === env.inboxId && conversationId !== null ? threadOf(ctx, conversationId) : undefined;

  ctx.on('message.created', async (event) => {
    const { message } = event;
    if (message.inbox_id !== env.inboxId || event.conversationId === null || !reachesCustomer(message)) return;
    const key = await keyOf(event.conversationId, message.inbox_id);
    if (!key) {
      ctx.log.warn({ conversationId: event.conversationId }, 'discord-community: a reply in a community conversation with no Discord thread or DM (started elsewhere?) — not posted');
      return;
    }
    const payload: ReplyPayload = { key, chatwootMessageId: message.id, reply: agentReply(message) };
    await ctx.outbox.enqueue('reply', key, payload, { id: `${SURFACE}:out:${message.id}`, conversationId: event.conversationId });
  });

  ctx.on('message.updated', async (event) => {
    const { message } = event;
    if (!byAgent(message)) return;
    const key = await keyOf(event.conversationId, message.inbox_id);
    const link = key ? await ctx.links.getMessage(message.id, SURFACE) : undefined;
    if (!key || !link) return;
    const conversationId = event.conversationId as number;
    if (isDeletedMessage(message)) {
      const payload: ReplyDeletePayload = { key, chatwootMessageId: message.id };
      await ctx.outbox.enqueue('reply-delete', key, payload, { id: `${SURFACE}:delete:${message.id}`, conversationId });
      return;
    }
    if (!reachesCustomer(message)) return;
    const payload: ReplyPayload = { key, chatwootMessageId: message.id, reply: agentReply(message) };
    // Most updates change no text (delivery status, read receipts): nothing to queue.
    const shown = link.data?.['via'] === 'webhook' ? payload.reply.webhookText : payload.reply.botText;
    if (textHash(shown) === link.data?.['textHash']) return;
    // One entry per text: the same edit arriving twice is one write, and the executor skips a text already shown.
    await ctx.outbox.enqueue('reply-edit', key, payload, { id: `${SURFACE}:edit:${message.id}:${message.updated_at ?? event.id}:${textHash(payload.reply.botText)}`, conversationId });
  });

  ctx.on('conversation.status_changed', async (event) => {
    const { conversation } = event;
    if (conversation.status !== 'resolved') return;
    const key = await keyOf(event.conversationId, conversation.inbox_id);
    if (!key) return;
    const payload: ClosePayload = { key, conversationId: event.conversationId as number, line: ctx.config.closingLine };
    await ctx.outbox.enqueue('close', key, payload, { id: `${SURFACE}:close:${event.id}`, conversationId: event.conversationId as number });
  });
}
