import type { Conversation, ConversationEvent } from '../../src/index.ts';
import { SURFACE, type DiscordDeps } from './deps.ts';
import { contactLabel, conversationTitle, headerInfo, headerSignature, type HeaderInfo } from './format-header.ts';
import { DELETED_TEXT, mirroredContent, mirroredMessage } from './format-message.ts';
import { createHeaderState, type HeaderState } from './header-state.ts';

const CONVERSATION_EVENTS = ['conversation.status_changed', 'conversation.updated', 'assignee.changed', 'conversation.contact_changed'] as const;

/**
 * Chatwoot → Discord: opens a thread (post, channel) per conversation, mirrors messages through
 * the webhook, carries edits and soft deletes, and (through {@link followConversations}) keeps
 * the header, the name and the archive state in step with the conversation. Events caused by Discord itself are only linked, never posted back.
 *
 * @example
 * fromChatwoot(deps);
 */
export function fromChatwoot(deps: DiscordDeps): void {
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

/** What {@link followConversations} needs from the part that opens threads. */
interface Opener {
  isOpening(conversationId: number): boolean;
  ensureOpen(conversationId: number, conversation?: Conversation): Promise<void>;
}

/**
 * Keeps each conversation's Discord side in step with Chatwoot: status (archive, tag, move), the
 * header (contact, inbox, assignee), and the thread / post / channel name when the contact is
 * renamed — from conversation events and from `contact.updated`.
 *
 * @example
 * followConversations(deps, opener, createHeaderState(ctx.store));
 */
function followConversations(deps: DiscordDeps, opener: Opener, headers: HeaderState): void {
  const { ctx } = deps;
  const titleOf = (info: HeaderInfo) => conversationTitle(info, 'thread');

  const apply = async (info: HeaderInfo, conversation?: Conversation) => {
    const id = info.conversationId;
    const link = await ctx.links.getConversation(id, SURFACE);
    if (!link && !opener.isOpening(id)) {
      // Never mirrored (older than the bot, or its channel was deleted on resolve): open it now.
      if (info.status !== 'resolved' && conversation) await opener.ensureOpen(id, conversation);
      return;
    }
    const last = await headers.last(id);
    const statusChanged = last?.status !== info.status;
    const headerChanged = last?.signature !== headerSignature(info);
    const renamed = last?.info !== undefined && titleOf(last.info) !== titleOf(info);
    if (!statusChanged && !headerChanged) return;
    await headers.remember(info);
    const lane = await deps.lane();
    // Archived threads cannot be edited: edit before archiving, unarchive before editing.
    const steps: Array<'header' | 'status'> = info.status === 'resolved' ? ['header', 'status'] : ['status', 'header'];
    for (const step of steps) {
      if (step === 'status' && statusChanged) await ctx.outbox.enqueue('status', lane, { info });
      if (step === 'header' && headerChanged) await ctx.outbox.enqueue('header', lane, { info });
    }
    if (renamed) await ctx.outbox.enqueue('rename', `rename:${id}`, { info });
  };

  const onConversationChange = async (event: ConversationEvent) => {
    if (event.conversationId === null) return;
    await apply(headerInfo(event.conversation, deps.chatwootUrl), event.conversation);
  };
  for (const name of CONVERSATION_EVENTS) ctx.on(name, onConversationChange);

  ctx.on('contact.updated', async (event) => {
    const contact = contactLabel(event.contact);
    for (const id of await headers.conversationsOf(event.contact.id)) {
      const last = await headers.last(id);
      if (last?.info && last.info.contact !== contact) await apply({ ...last.info, contact });
    }
  });
}
