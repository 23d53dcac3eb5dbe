import { reachesCustomer } from '../../src/index.ts';
import type { CommunityDeps } from './deps.ts';
import type { ClosePayload, ReplyPayload } from './executors.ts';
import { agentReply } from './format-reply.ts';
import { SURFACE, threadOf } from './thread-map.ts';

/**
 * Chatwoot → Discord for the community inbox only: an agent's public reply (cable or the inbox's
 * callback — the intake delivers it once) is queued for the member's thread; private notes,
 * activity, the member's own messages and anything deleted never pass `reachesCustomer`. A
 * resolved conversation gets the closing line and its thread archived and locked.
 *
 * @example
 * followCommunityConversations(deps);
 */
export function followCommunityConversations(deps: CommunityDeps): void {
  const { ctx, env } = deps;

  ctx.on('message.created', async (event) => {
    const { message } = event;
    if (message.inbox_id !== env.inboxId || event.conversationId === null) return;
    if (!reachesCustomer(message)) return;
    const threadId = await threadOf(ctx, event.conversationId);
    if (!threadId) {
      ctx.log.warn({ conversationId: event.conversationId }, 'discord-community: a reply in a community conversation with no Discord thread (started elsewhere?) — not posted');
      return;
    }
    const payload: ReplyPayload = { threadId, chatwootMessageId: message.id, content: agentReply(message) };
    await ctx.outbox.enqueue('reply', threadId, payload, { id: `${SURFACE}:out:${message.id}`, conversationId: event.conversationId });
  });

  ctx.on('conversation.status_changed', async (event) => {
    const { conversation } = event;
    if (conversation.inbox_id !== env.inboxId || conversation.status !== 'resolved' || event.conversationId === null) return;
    const threadId = await threadOf(ctx, event.conversationId);
    if (!threadId) return;
    const payload: ClosePayload = { threadId, conversationId: event.conversationId, line: ctx.config.closingLine };
    await ctx.outbox.enqueue('close', threadId, payload, { id: `${SURFACE}:close:${event.id}`, conversationId: event.conversationId });
  });
}
