import type { Message } from '../../src/index.ts';
import { escapeMentions, truncate } from './escape-mentions.ts';

/** An attachment to mirror: re-uploaded when small enough, linked otherwise. */
export interface MirroredFile {
  url: string;
  name: string;
  size?: number;
}

/** A webhook post, as stored in the outbox. */
export interface MirroredMessage {
  username: string;
  avatarUrl?: string;
  content: string;
  files: MirroredFile[];
}

const NOTE_MARK = '🔒 **Private note** ·';
export const DELETED_TEXT = '*(message deleted in Chatwoot)*';

/**
 * A Discord webhook username: at most 80 characters, never empty, and without "discord" or
 * "clyde" (Discord refuses those).
 *
 * @example
 * webhookUsername('Clyde from Discord'); // 'Cl-yde from Dis-cord'
 */
export function webhookUsername(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim().replace(/(c)(lyde)/gi, '$1-$2').replace(/(dis)(cord)/gi, '$1-$2');
  return (clean || 'Chatwoot').slice(0, 80);
}

/** Who wrote a message: a surface author's name (Slack, console…), else the Chatwoot sender. */
export function authorName(message: Message): string {
  const marker = message.content_attributes?.['switchboard'] as { author?: unknown } | undefined;
  if (typeof marker?.author === 'string' && marker.author.trim()) return marker.author;
  const sender = message.sender;
  if (sender?.name) return sender.type === 'user' ? String(sender['available_name'] ?? sender.name) : sender.name;
  return message.message_type === 'incoming' ? 'Customer' : 'Agent';
}

/** The text of a message as shown in Discord: escaped, notes marked, activity in italics. */
export function mirroredContent(message: Message): string {
  const text = escapeMentions(message.content ?? '');
  if (message.message_type === 'activity') return truncate(`*${text.replace(/\*/g, '\\*')}*`);
  if (message.private) return truncate(`${NOTE_MARK} ${text}`);
  return truncate(text);
}

/**
 * The webhook post mirroring a Chatwoot message.
 *
 * @example
 * mirroredMessage(event.message); // { username: 'Ada Lovelace', content: 'Hi', files: [] }
 */
export function mirroredMessage(message: Message): MirroredMessage {
  const avatar = message.sender && 'thumbnail' in message.sender ? message.sender.thumbnail : undefined;
  const name = message.message_type === 'activity' ? 'Chatwoot' : authorName(message);
  return {
    username: webhookUsername(message.private ? `${name} (note)` : name),
    ...(typeof avatar === 'string' && /^https?:\/\//.test(avatar) ? { avatarUrl: avatar } : {}),
    content: mirroredContent(message),
    files: (message.attachments ?? []).map((a) => ({
      url: a.data_url,
      name: fileName(a.data_url, a.extension ?? undefined, a.id),
      ...(typeof a.file_size === 'number' ? { size: a.file_size } : {}),
    })),
  };
}

function fileName(url: string, extension: string | undefined, id: number): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    if (last) return last;
  } catch {
    // fall through
  }
  return `attachment-${id}${extension ? `.${extension}` : ''}`;
}
