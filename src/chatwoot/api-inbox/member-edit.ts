import type { IncomingMessageInput } from '../rest/types.ts';

/**
 * A member's edit, as a new incoming message. Chatwoot's API cannot change a message's content
 * (`PATCH …/messages/:id` exists only in the public API, for form answers), so an edit on Discord or
 * Slack arrives as a reply to the original — the dashboard shows it quoted — marked as an edit. The
 * text is kept as the member wrote it.
 *
 * @example
 * await rest.createIncomingMessage(conversationId, { ...memberEdit('the new text', 1234), echo_id });
 */
export function memberEdit(text: string, originalMessageId: number): Pick<IncomingMessageInput, 'content' | 'content_attributes'> {
  return { content: `${EDIT_MARK} ${text}`, content_attributes: { in_reply_to: originalMessageId } };
}

/** What starts an edit's content in Chatwoot. */
export const EDIT_MARK = '✏️ (edited)';

