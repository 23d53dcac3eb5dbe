import type { Conversation, Message } from '../../src/index.ts';
import { neutralizeText, type ChangeInput, type FailureInput, type Surface } from '../../src/surface/index.ts';
import { enqueue, tell, type PostPayload, type UpdatePayload } from './executors.ts';
import { renderParent } from './parent-message.ts';
import { nextParentVersion } from './parent-version.ts';
import { hashText, renderMessage, type RenderedMessage } from './render-message.ts';
import { channelFor, parseRef, SURFACE, type SlackDeps } from './deps.ts';
import type { UploadPayload } from './upload-file.ts';

/**
 * Chatwoot → Slack, as a {@link Surface} for `createMirror`: a thread per conversation in the
 * channel its inbox is routed to, with a Block Kit parent card kept current (versioned, so a late
 * refresh never overwrites a newer card), every message a thread reply (bursts folded while the
 * channel's lane is backlogged), files uploaded, edits and deletions mirrored. Failed writes are
 * flagged by `toChatwoot` (to-chatwoot.ts).
 *
 * @example
 * registerExecutors(deps);
 * createMirror(ctx, createSlackSurface(deps, toChatwoot)); // subscribes to conversation and message events
 */
export function createSlackSurface(deps: SlackDeps, toChatwoot: { flagFailure(input: FailureInput): Promise<void> }): Surface {
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

  /** An edit or a soft delete in Chatwoot: the mirrored reply rewritten, unless its text is unchanged. */
  const change = async ({ conversationId, link, message, event }: ChangeInput) => {
    const channel = parseRef(link.key).channel;
    const payload: UpdatePayload = { target: 'message', messageId: message.id, rendered: render(message, conversationId, event.deleted) };
    if (sameText(link.data, payload.rendered.text)) return; // a status change (sent → read), not an edit
    if (payload.rendered.text.trim() === '') return; // edited down to nothing: Slack refuses an empty message
    await enqueue(deps, 'update', channel, payload);
    await ctx.links.setMessage(message.id, SURFACE, { key: link.key, data: { ...link.data, text: hashText(payload.rendered.text) } });
  };

  return {
    name: SURFACE,
    placeFor: (conversation) => channelFor(deps, conversation.inbox_id),
    placeOf: (link) => parseRef(link.key).channel,
    async openThread({ conversationId, conversation, place }) {
      const payload: PostPayload = { type: 'parent', conversationId, channel: place, ...parentOf(conversation) };
      await enqueue(deps, 'post', place, payload);
    },
    post: ({ conversationId, place, message }) => postMessage(deps, place, conversationId, message, render(message, conversationId)),
    edit: change,
    remove: change,
    // Our own write sits between the customer's lines: what they write next is not consecutive with the earlier.
    echoed: ({ conversationId }) => deps.folds?.close(conversationId),
    flagFailure: (input) => toChatwoot.flagFailure(input),
    tell: async ({ place, user, anchor, text }) => void (await tell(deps, place, user, anchor, text)),
    lifecycle: {
      events: ['conversation.status_changed', 'assignee.changed', 'team.changed', 'conversation.updated'],
      async changed({ conversationId, place, conversation }) {
        const current = await conversation();
        const version = await nextParentVersion(ctx.store, conversationId);
        const payload: UpdatePayload = { target: 'parent', conversationId, version, ...parentOf(current) };
        await enqueue(deps, 'update', place, payload);
      },
    },
  };
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
