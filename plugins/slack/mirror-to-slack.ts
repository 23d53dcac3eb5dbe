import type { Conversation, ConversationEvent, Message, MessageEvent } from '../../src/index.ts';
import { neutralizeText } from '../../src/surface/index.ts';
import { enqueue, type PostPayload, type UpdatePayload } from './executors.ts';
import { renderParent } from './parent-message.ts';
import { nextParentVersion } from './parent-version.ts';
import { hashText, renderMessage, type RenderedMessage } from './render-message.ts';
import { channelFor, parseRef, SURFACE, type SlackDeps } from './slack-deps.ts';
import type { UploadPayload } from './upload-file.ts';

/**
 * Chatwoot → Slack: a thread per conversation (opened on `conversation.created`, or lazily on the
 * first event of an older one), its parent kept current, every message a thread reply, edits and
 * deletions mirrored. Events caused from Slack are only linked, never posted back.
 *
 * @example
 * registerExecutors(deps);
 * mirrorToSlack(deps); // subscribes to conversation and message events
 */
export function mirrorToSlack(deps: SlackDeps): void {
  const { ctx } = deps;

  const conversationUrl = (accountId: number, id: number | null) => {
    const base = deps.settings.chatwootUrl ?? ctx.env['CHATWOOT_URL'];
    return base && id !== null ? `${base.replace(/\/$/, '')}/app/accounts/${accountId}/conversations/${id}` : undefined;
  };
  /** `conversationId`: the event's (display) id, for the link to the rest of an over-long message. */
  const render = (message: Message, conversationId: number | null, deleted = false) => {
    const url = conversationUrl(message.account_id, conversationId);
    return renderMessage(message, { deleted, ...(url ? { conversationUrl: url } : {}) });
  };
  const parentOf = (conversation: Conversation) => {
    const url = conversationUrl(conversation.account_id, conversation.id);
    return renderParent(conversation, { ...(url ? { conversationUrl: url } : {}), ...(conversation.inbox_name ? { inboxName: conversation.inbox_name } : {}) });
  };

  /** The conversation's channel, opening its thread first when there is none yet. */
  const ensureThread = async (conversationId: number, known?: Conversation): Promise<string | undefined> => {
    const link = await ctx.links.getConversation(conversationId, SURFACE);
    if (link) return parseRef(link.key).channel;
    const opening = await ctx.store.get<string>(`opening:${conversationId}`);
    if (opening) return opening;
    const conversation = known ?? (await ctx.chatwoot.getConversation(conversationId));
    const channel = channelFor(deps, conversation.inbox_id);
    if (!channel) {
      ctx.log.debug({ conversation: conversationId, inbox: conversation.inbox_id }, 'slack: no channel routed for this inbox');
      return undefined;
    }
    await ctx.store.set(`opening:${conversationId}`, channel);
    const payload: PostPayload = { type: 'parent', conversationId, channel, ...parentOf(conversation) };
    await enqueue(deps, 'post', channel, payload);
    return channel;
  };

  const refreshParent = async (event: ConversationEvent) => {
    const id = event.conversationId;
    if (id === null) return;
    const link = await ctx.links.getConversation(id, SURFACE);
    const opening = link ? undefined : await ctx.store.get<string>(`opening:${id}`);
    if (!link && !opening) return void (await ensureThread(id, event.conversation.id === null ? undefined : event.conversation));
    // A snapshot without the id (Chatwoot's assignee.changed sample) is re-read.
    const conversation = event.conversation.id === null ? await ctx.chatwoot.getConversation(id) : event.conversation;
    const channel = link ? parseRef(link.key).channel : (opening as string);
    const version = await nextParentVersion(ctx.store, id);
    const payload: UpdatePayload = { target: 'parent', conversationId: id, version, ...parentOf(conversation) };
    await enqueue(deps, 'update', channel, payload);
  };

  ctx.on('conversation.created', async (event) => {
    if (event.conversationId !== null) await ensureThread(event.conversationId, event.conversation.id === null ? undefined : event.conversation);
  });
  for (const name of ['conversation.status_changed', 'assignee.changed', 'team.changed', 'conversation.updated'] as const) {
    ctx.on(name, refreshParent);
  }

  ctx.on('message.created', async (event) => {
    const id = event.conversationId;
    if (id === null) return;
    const message = event.message;
    if (event.origin === SURFACE) {
      // Our own write coming back: link it (for edits/deletes from Slack), never post it again. It
      // sits between the customer's lines: what they write next is not consecutive with the earlier.
      if (id !== null) deps.folds?.close(id);
      if (event.originRef) await ctx.links.setMessage(message.id, SURFACE, { key: event.originRef, data: { own: false } });
      return;
    }
    if (await ctx.links.getMessage(message.id, SURFACE)) return; // already mirrored (a replay)
    const channel = await ensureThread(id);
    if (!channel) return;
    await postMessage(deps, channel, id, message, render(message, id));
  });

  ctx.on('message.updated', async (event: MessageEvent) => {
    const link = await ctx.links.getMessage(event.message.id, SURFACE);
    if (!link || link.data?.['own'] !== true) return;
    const channel = parseRef(link.key).channel;
    const payload: UpdatePayload = { target: 'message', messageId: event.message.id, rendered: render(event.message, event.conversationId, event.deleted) };
    if (sameText(link.data, payload.rendered.text)) return; // a status change (sent → read), not an edit
    if (payload.rendered.text.trim() === '') return; // edited down to nothing: Slack refuses an empty message
    await enqueue(deps, 'update', channel, payload);
    await ctx.links.setMessage(event.message.id, SURFACE, { key: link.key, data: { ...link.data, text: hashText(payload.rendered.text) } });
  });
}

/** Queues the reply (if it has text: Slack refuses an empty message) and one upload per attachment, in the channel's lane. */
async function postMessage(deps: SlackDeps, channel: string, conversationId: number, message: Message, rendered: RenderedMessage): Promise<void> {
  const attachments = message.attachments ?? [];
  if (rendered.text.trim() === '' && attachments.length === 0) {
    deps.ctx.log.debug({ conversation: conversationId, message: message.id }, 'slack: a message without text or files is not mirrored');
    return;
  }
  if (rendered.text.trim() !== '') {
    const payload: PostPayload = { type: 'reply', conversationId, channel, messageId: message.id, rendered };
    const decision = deps.folds?.offer({ channel, conversationId, message, rendered, hasFiles: attachments.length > 0 }) ?? { post: true };
    // A folded reply is still queued (durably, in order): it finds its link, or posts alone if it must.
    await enqueue(deps, 'joined' in decision ? 'fold' : 'post', channel, payload, { planned: true });
  }
  for (const [index, attachment] of attachments.entries()) {
    // The name is the sender's: no bidi tricks (`invoice\u202Efdp.exe`) in what the agent sees.
    const filename = neutralizeText(decodeURIComponent(attachment.data_url.split('?')[0]?.split('/').pop() || `attachment-${index + 1}${attachment.extension ? `.${attachment.extension}` : ''}`));
    const payload: UploadPayload = {
      conversationId,
      channel,
      url: attachment.data_url,
      filename,
      ...(attachment.file_size ? { size: attachment.file_size } : {}),
    };
    await enqueue(deps, 'upload', channel, payload);
  }
}

function sameText(data: Record<string, unknown> | undefined, text: string): boolean {
  return data?.['text'] === hashText(text);
}
