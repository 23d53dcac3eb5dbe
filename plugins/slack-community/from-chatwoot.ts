import { isDeletedMessage, reachesCustomer, type Message } from '../../src/index.ts';
import type { CommunityDeps } from './deps.ts';
import type { ChangePayload, ClosePayload, ReplyPayload, UnpostPayload } from './post-executors.ts';
import { agentReply } from './format-reply.ts';
import { SURFACE, threadOf } from './thread-map.ts';

/**
 * Chatwoot → Slack for the community inbox only: an agent's public reply (cable or the inbox's
 * callback — the intake delivers it once) is queued for the member's thread with its files;
 * private notes, activity, the member's own messages and anything deleted never pass
 * `reachesCustomer`. A reply deleted in Chatwoot is deleted in Slack, one whose text changed is
 * updated. A resolve posts the closing line; with `afterResolve: 'new'` the thread starts over.
 *
 * @example
 * followCommunityConversations(deps);
 */
export function followCommunityConversations(deps: CommunityDeps): void {
  const { ctx, env, directory } = deps;
  const threadFor = async (message: Pick<Message, 'inbox_id'>, conversationId: number | null) =>
    message.inbox_id === env.inboxId && conversationId !== null ? threadOf(ctx, conversationId) : undefined;

  ctx.on('message.created', async (event) => {
    const { message } = event;
    if (message.inbox_id !== env.inboxId || event.conversationId === null || !reachesCustomer(message)) return;
    const threadKey = await threadFor(message, event.conversationId);
    if (!threadKey) {
      ctx.log.warn({ conversationId: event.conversationId }, 'slack-community: a reply in a community conversation with no Slack thread (started elsewhere?) — not posted');
      return;
    }
    const files = (message.attachments ?? [])
      .filter((a) => /^https?:\/\//.test(a.data_url))
      .map((a) => ({ url: a.data_url, filename: fileName(a.data_url), ...(typeof a.file_size === 'number' && a.file_size > 0 ? { size: a.file_size } : {}) }));
    const payload: ReplyPayload = { threadKey, chatwootMessageId: message.id, text: agentReply(message), files };
    await ctx.outbox.enqueue('reply', threadKey, payload, { id: `${SURFACE}:out:${message.id}`, conversationId: event.conversationId });
  });

  ctx.on('message.updated', async (event) => {
    const { message } = event;
    const threadKey = await threadFor(message, event.conversationId);
    if (!threadKey) return;
    if (isDeletedMessage(message)) {
      const payload: UnpostPayload = { chatwootMessageId: message.id };
      await ctx.outbox.enqueue('unpost', threadKey, payload, { id: `${SURFACE}:unpost:${message.id}`, conversationId: event.conversationId! });
      return;
    }
    if (!reachesCustomer(message)) return;
    const payload: ChangePayload = { chatwootMessageId: message.id, text: agentReply(message) };
    // One entry per version of the text: a status update (same text) is one no-op, an edit is new.
    await ctx.outbox.enqueue('change', threadKey, payload, { id: `${SURFACE}:change:${message.id}:${hash(payload.text)}`, conversationId: event.conversationId! });
  });

  ctx.on('conversation.status_changed', async (event) => {
    const { conversation } = event;
    if (conversation.status !== 'resolved') return;
    const threadKey = await threadFor(conversation, event.conversationId);
    if (!threadKey) return;
    const payload: ClosePayload = { threadKey, conversationId: event.conversationId!, line: ctx.config.closingLine };
    await ctx.outbox.enqueue('close', threadKey, payload, { id: `${SURFACE}:close:${event.id}`, conversationId: event.conversationId! });
    if (ctx.config.afterResolve === 'new') await directory.startOver(threadKey, event.conversationId!);
  });
}

/** The file name at the end of an attachment URL (Chatwoot's `data_url`), decoded. */
function fileName(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'file';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** A short, stable fingerprint of a text (FNV-1a), for outbox ids. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}
