import type { AnyEvent } from './events.ts';

/** Why an event cannot be handed to plugins: a counted reason and a line for the log (ids only). */
export interface EventProblem {
  /** A metric label: `invalid_message_id`, `invalid_conversation_id`, `invalid_account_id`, `invalid_contact_id`. */
  reason: string;
  detail: string;
}

const isId = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
/** What the normalizers left of an id that was sent: 0 for a wrong type, the number otherwise. */
const shown = (value: unknown) => (typeof value === 'number' ? String(value) : JSON.stringify(value) ?? 'nothing');

function problem(event: AnyEvent, field: string, value: unknown): EventProblem {
  return { reason: `invalid_${field}`, detail: `${event.name}: ${field} must be a positive integer, got ${shown(value)}` };
}

/**
 * The first thing wrong with a built event, or `undefined` when plugins may have it. Ids must be
 * positive safe integers (`1e308`, `0`, `"abc"` are not); a message needs its own id and its
 * conversation's; a conversation event may lack the id (Chatwoot's `assignee.changed` sample
 * does) but not carry a wrong one. The account is checked where there is one.
 *
 * @example
 * eventProblem(buildEvent('message.created', { id: 5, conversation_id: 1e308, account_id: 1 }, meta));
 * // → { reason: 'invalid_conversation_id', detail: 'message.created: conversation_id must be a positive integer, got 1e+308' }
 */
export function eventProblem(event: AnyEvent): EventProblem | undefined {
  if (event.accountId !== 0 && !isId(event.accountId)) return problem(event, 'account_id', event.accountId);
  if ('unknown' in event) return undefined;
  if ('message' in event) {
    if (!isId(event.accountId)) return problem(event, 'account_id', event.accountId);
    if (!isId(event.message.id)) return problem(event, 'message_id', event.message.id);
    if (!isId(event.message.conversation_id)) return problem(event, 'conversation_id', event.message.conversation_id);
    return undefined;
  }
  if ('conversation' in event) {
    if (!isId(event.accountId)) return problem(event, 'account_id', event.accountId);
    const id = event.conversation.id;
    if (id !== null && !isId(id)) return problem(event, 'conversation_id', id);
    return undefined;
  }
  if ('contact' in event && !isId(event.contact.id)) return problem(event, 'contact_id', event.contact.id);
  return undefined;
}
