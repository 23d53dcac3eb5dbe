import type { DiscordSettings } from './settings.ts';

export type ReplyMode = 'replies' | 'notes';

const NOTE_PREFIX = /^\s*(note|private):\s*/i;
const REPLY_PREFIX = /^\s*reply:\s*/i;

/**
 * Reply or private note, from the prefix and the channel's reply mode: `note:` / `private:` make a
 * note, `reply:` a reply (both stripped); without a prefix the mode decides.
 *
 * @example
 * parseReplyPrefix('note: check the invoice'); // { note: true, text: 'check the invoice' }
 * parseReplyPrefix('reply: on it', 'notes');   // { note: false, text: 'on it' }
 * parseReplyPrefix('internal only', 'notes');  // { note: true, text: 'internal only' }
 */
export function parseReplyPrefix(text: string, mode: ReplyMode = 'replies'): { note: boolean; text: string } {
  const note = text.match(NOTE_PREFIX);
  if (note) return { note: true, text: text.slice(note[0].length) };
  const reply = text.match(REPLY_PREFIX);
  if (reply) return { note: false, text: text.slice(reply[0].length) };
  return { note: mode === 'notes', text };
}

/**
 * The reply mode of a Discord channel: its own setting, else its parent's (the forum or text
 * channel of a thread, the category of a conversation channel), else `replies`.
 *
 * @example
 * replyModeOf(config, threadId, forumId); // 'notes' with channels: { [forumId]: { replyMode: 'notes' } }
 */
export function replyModeOf(config: Pick<DiscordSettings, 'channels'>, channelId: string, parentId: string | null): ReplyMode {
  return config.channels[channelId]?.replyMode ?? (parentId ? config.channels[parentId]?.replyMode : undefined) ?? 'replies';
}
