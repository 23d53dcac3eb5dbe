import { z } from '../index.ts';

/**
 * What a message typed in a mirrored thread becomes when it has no prefix: a reply to the customer
 * (`replies`) or a private note (`notes`). One vocabulary for every surface.
 */
export type ReplyMode = 'replies' | 'notes';

/**
 * The settings schema of a reply mode, defaulting to `replies`. Slack's earlier value `'reply'` is
 * still accepted and read as `'replies'`, so existing config files keep working.
 *
 * @example
 * const channels = z.record(z.string(), z.object({ replyMode: replyModeSetting }));
 * channels.parse({ C1: { replyMode: 'reply' } }); // { C1: { replyMode: 'replies' } }
 */
export const replyModeSetting = z
  .enum(['replies', 'notes', 'reply'])
  .default('replies')
  .transform((mode): ReplyMode => normalizeReplyMode(mode));

/**
 * A reply mode as read from a setting or an older stored value: `'reply'` (Slack's old spelling)
 * and anything unknown become `'replies'`; only `'notes'` makes notes.
 *
 * @example
 * normalizeReplyMode('reply'); // 'replies'
 * normalizeReplyMode('notes'); // 'notes'
 */
export function normalizeReplyMode(mode: string | undefined): ReplyMode {
  return mode === 'notes' ? 'notes' : 'replies';
}
