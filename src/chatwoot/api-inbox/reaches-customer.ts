import type { Message } from '../models.ts';

/**
 * Whether a message of an API inbox's callback (or the cable) may be shown to the customer: an
 * agent's public reply. Chatwoot's callback also carries private notes (`private: true`), the
 * customer's own messages and, on the cable, activity messages — none of which may leave.
 *
 * @example
 * if (reachesCustomer(event.message)) await postToDiscord(event.message.content);
 */
export function reachesCustomer(message: Pick<Message, 'message_type' | 'private' | 'content_attributes'>): boolean {
  if (message.private !== false) return false;
  if (message.message_type !== 'outgoing' && message.message_type !== 'template') return false;
  return message.content_attributes?.['deleted'] !== true;
}
