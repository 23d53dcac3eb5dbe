import type { Conversation, ConversationEvent } from '../../src/index.ts';
import { SURFACE, type DiscordDeps } from './deps.ts';
import { contactLabel, conversationTitle, headerInfo, headerSignature, type HeaderInfo } from './format-header.ts';
import type { HeaderState } from './header-state.ts';

const CONVERSATION_EVENTS = ['conversation.status_changed', 'conversation.updated', 'assignee.changed', 'conversation.contact_changed'] as const;

/** What {@link followConversations} needs from the part that opens threads. */
export interface Opener {
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
export function followConversations(deps: DiscordDeps, opener: Opener, headers: HeaderState): void {
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
