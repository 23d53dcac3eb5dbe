/** The Chatwoot writes a surface makes for a message its user typed or deleted. */
export type MessageWriteOp = 'reply' | 'note' | 'delete';

/**
 * The outbox id of such a write: `<surface>:<op>:<ref>`. It is also the idempotency key (Slack and
 * Discord may deliver an event twice: it stays one write) and tells `switchboard.delivery_failed`
 * (which carries the entry id) what kind of write failed.
 *
 * @example
 * await ctx.chatwoot.deleteMessage(42, 7, { id: writeId('slack', 'delete', ref), origin: { surface: 'slack', ref } });
 */
export function writeId(surface: string, op: MessageWriteOp, ref: string): string {
  return `${surface}:${op}:${ref}`;
}

/**
 * The op encoded by {@link writeId}, if the id is one.
 *
 * @example
 * writeOpOf('discord:delete:1234'); // 'delete'
 */
export function writeOpOf(entryId: string): MessageWriteOp | undefined {
  const op = entryId.split(':')[1];
  return op === 'reply' || op === 'note' || op === 'delete' ? op : undefined;
}

const MAX_CAUSE = 300;

/**
 * What the author hears when such a write failed for good — one accurate sentence per kind: a
 * failed reply never reached the customer; a failed note was not saved; a failed delete left the
 * message in Chatwoot (and with the customer, unless it was a private note).
 *
 * @example
 * failureNotice('delete', '404 from DELETE …', { private: false });
 * // 'Deleting your message in Chatwoot failed (404 from DELETE …). It is still in Chatwoot, and the customer still has it: delete it in Chatwoot itself.'
 */
export function failureNotice(op: MessageWriteOp, cause: string, context: { private?: boolean } = {}): string {
  const why = cause.length > MAX_CAUSE ? `${cause.slice(0, MAX_CAUSE)}…` : cause;
  switch (op) {
    case 'reply':
      return `Your reply could not be delivered to Chatwoot (${why}). The customer did not get it.`;
    case 'note':
      return `Your private note could not be saved in Chatwoot (${why}). Nothing reached the customer.`;
    case 'delete':
      return context.private
        ? `Deleting your private note in Chatwoot failed (${why}). It is still there: delete it in Chatwoot itself.`
        : `Deleting your message in Chatwoot failed (${why}). It is still in Chatwoot, and the customer still has it: delete it in Chatwoot itself.`;
  }
}
