import type { AnyEvent, Conversation } from '../../src/index.ts';
import { isEvent } from '../../src/index.ts';
import { cleanName } from '../../src/surface/index.ts';
import { oneLine } from './terminal-safe.ts';

/**
 * One terminal line per event worth showing, or undefined. Plain text (no colour codes), so it reads
 * the same in tmux, a log file and a test; everything from Chatwoot (names, text) is terminal-safe.
 */
export function formatEvent(event: AnyEvent): string | undefined {
  const id = event.conversationId;
  if (isEvent(event, 'conversation.created')) return openedLine(id, event.conversation);
  if (isEvent(event, 'conversation.status_changed')) return `── #${id} is now ${event.conversation.status}`;
  if (isEvent(event, 'assignee.changed')) return `── #${id} assigned to ${oneLine(event.conversation.meta?.assignee?.name ?? '') || 'nobody'}`;
  if (isEvent(event, 'message.created')) {
    const m = event.message;
    const text = oneLine(m.content ?? '') || (m.attachments?.length ? `(${m.attachments.length} attachment${m.attachments.length > 1 ? 's' : ''})` : '');
    const replay = event.replayed ? ' (missed while offline)' : '';
    if (event.origin === 'console') return `#${id} ✓ ${m.private ? 'note saved' : 'sent to the customer'}: ${text}`;
    if (m.message_type === 'activity') return `#${id} · ${text}${replay}`;
    // Escape sequences out first; then a customer's name loses its brackets: "Ann (agent)" cannot pose as an agent.
    const name = oneLine(m.sender?.name ?? '');
    const who = (m.message_type === 'incoming' ? cleanName(name) : name) || (m.message_type === 'incoming' ? 'customer' : 'agent');
    if (m.private) return `#${id} [note] ${who}: ${text}${replay}`;
    if (m.message_type === 'incoming') return `#${id} ${who}: ${text}${replay}`;
    return `#${id} → ${who}: ${text}${replay}`;
  }
  if (isEvent(event, 'message.updated') && event.deleted) return `#${id} (message ${event.message.id} deleted)`;
  return undefined;
}

/**
 * The line that introduces a conversation: who opened it, and its status.
 *
 * @example
 * openedLine(5, conversation); // '── #5 opened by Eve <e@x> (open)'
 */
export function openedLine(conversationId: number | null, conversation: Conversation): string {
  const contact = conversation.meta?.sender;
  const email = contact?.email ? ` <${oneLine(contact.email)}>` : '';
  return `── #${conversationId} opened by ${oneLine(contact?.name ?? '') || 'someone'}${email} (${conversation.status})`;
}
