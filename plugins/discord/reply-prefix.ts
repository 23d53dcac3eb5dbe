import type { DiscordSettings } from './settings.ts';

export type ReplyMode = 'replies' | 'notes';

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
