import type { ContactEvent, Message, MessageEvent } from '../../src/index.ts';
import { threadState, type ChangeInput, type FailureInput, type LifecycleEventName, type Surface, type TellInput } from '../../src/surface/index.ts';
import type { HeaderPayload, OpenPayload, RenamePayload, StatusPayload } from './conversation-executors.ts';
import { SURFACE, type DiscordDeps } from './deps.ts';
import { contactLabel, conversationTitle, headerInfo, headerSignature, type HeaderInfo } from './format-header.ts';
import { DELETED_TEXT, mirroredContent, mirroredMessage } from './format-message.ts';
import { createHeaderState } from './header-state.ts';
import type { EditPayload, NoticePayload, PostPayload } from './message-executors.ts';

/** The conversation events that change a thread's header, status or name. */
const LIFECYCLE_EVENTS: readonly LifecycleEventName[] = ['conversation.status_changed', 'conversation.updated', 'assignee.changed', 'conversation.contact_changed'];

/**
 * Chatwoot → Discord, as the surface kit's {@link Surface}: `createMirror(ctx, surface)` decides
 * when; this says how. A conversation's place is the outbox lane of everything about it (the
 * parent channel, or the category in `channel` mode); its thread (post, channel) is opened by the
 * `open` executor, which links it and clears the kit's durable opening mark. Messages go through
 * the channel webhook; edits and soft deletes edit the mirrored post; the header, the status (archive,
 * tag, move) and the name follow the conversation. A write Chatwoot refused for a Discord user is
 * flagged by to-chatwoot.ts, which made it.
 *
 * @example
 * createMirror(ctx, createDiscordSurface(deps, toChatwoot(deps)));
 */
export function createDiscordSurface(deps: DiscordDeps, toChatwoot: { flagFailure(input: FailureInput): Promise<void> }): Surface {
  const { ctx } = deps;
  const headers = createHeaderState(ctx.store);

  /** The conversation in Chatwoot, where a message too long for Discord continues. */
  const urlOf = (accountId: number, conversationId: number) =>
    deps.chatwootUrl ? `${deps.chatwootUrl.replace(/\/+$/, '')}/app/accounts/${accountId}/conversations/${conversationId}` : undefined;
  const mirrored = (message: Message, event: MessageEvent) => mirroredMessage(message, event.conversationId === null ? undefined : urlOf(event.accountId, event.conversationId));
  const notice = (payload: NoticePayload) => ctx.outbox.enqueue('notice', payload.channelId, payload).then(() => undefined);

  const change = async (input: ChangeInput, deleted: boolean) => {
    const { conversationId, message, event } = input;
    if (conversationId === null) return;
    const content = deleted ? DELETED_TEXT : mirroredContent(message, urlOf(event.accountId, conversationId));
    if (!content.trim()) return; // edited down to nothing: Discord refuses an empty message
    await ctx.outbox.enqueue('edit', await deps.lane(), { conversationId, chatwootMessageId: message.id, content, deleted } satisfies EditPayload);
  };

  /** Brings the header, the status and the name up to date with `info`, in the order Discord allows. */
  const follow = async (info: HeaderInfo) => {
    const id = info.conversationId;
    const last = await headers.last(id);
    const statusChanged = last?.status !== info.status;
    const headerChanged = last?.signature !== headerSignature(info);
    const titleOf = (shown: HeaderInfo) => conversationTitle(shown, 'thread');
    const renamed = last?.info !== undefined && titleOf(last.info) !== titleOf(info);
    if (!statusChanged && !headerChanged) return;
    await headers.remember(info);
    const lane = await deps.lane();
    // Archived threads cannot be edited: edit before archiving, unarchive before editing.
    const steps: Array<'header' | 'status'> = info.status === 'resolved' ? ['header', 'status'] : ['status', 'header'];
    for (const step of steps) {
      if (step === 'status' && statusChanged) await ctx.outbox.enqueue('status', lane, { info } satisfies StatusPayload);
      if (step === 'header' && headerChanged) await ctx.outbox.enqueue('header', lane, { info } satisfies HeaderPayload);
    }
    if (renamed) await ctx.outbox.enqueue('rename', `rename:${id}`, { info } satisfies RenamePayload);
  };

  /** A renamed contact: the header and the name of each of its conversations that has a thread. */
  const contactChanged = async (event: ContactEvent) => {
    const contact = contactLabel(event.contact);
    for (const id of await headers.conversationsOf(event.contact.id)) {
      const last = await headers.last(id);
      if (!last?.info || last.info.contact === contact) continue;
      if (await threadState(ctx, SURFACE, id)) await follow({ ...last.info, contact });
    }
  };

  return {
    name: SURFACE,
    // Everything about conversations runs on one lane; a resolved conversation is opened only for a message.
    placeFor: async (conversation, cause) => (cause !== 'message' && conversation.status === 'resolved' ? undefined : deps.lane()),
    placeOf: () => deps.lane(),
    async openThread({ conversation, place }) {
      const info = headerInfo(conversation, deps.chatwootUrl);
      await headers.remember(info);
      await ctx.outbox.enqueue('open', place, { info } satisfies OpenPayload);
    },
    // Discord refuses an empty message (50006): a message with nothing to show is not posted.
    shows: (message, event) => {
      const post = mirrored(message, event);
      return post.content.trim() !== '' || post.files.length > 0;
    },
    async post({ conversationId, place, message, event }) {
      const payload: PostPayload = { conversationId, chatwootMessageId: message.id, message: mirrored(message, event) };
      await ctx.outbox.enqueue('post', place, payload, { id: `discord-post:${message.id}` });
    },
    edit: (input) => change(input, false),
    remove: (input) => change(input, true),
    flagFailure: (input) => toChatwoot.flagFailure(input),
    // A reply to their message (or in their thread) that names them, gone after `noticeTtlMs`.
    tell: ({ user, place, anchor, text }: TellInput) => notice({ channelId: place, ...(anchor ? { messageId: anchor } : {}), text: `<@${user}> ${text}`, ttlMs: ctx.config.noticeTtlMs }),
    lifecycle: {
      events: LIFECYCLE_EVENTS,
      changed: async (input) => follow(headerInfo(await input.conversation(), deps.chatwootUrl)),
      contactChanged,
    },
  };
}
