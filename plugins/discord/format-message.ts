import type { Message } from '../../src/index.ts';
import { clipText, neutralizeText, posterLabel, posterOf, unmaskLinks, type Poster } from '../../src/surface/index.ts';
import { escapeMentions, MAX_CONTENT } from './escape-mentions.ts';

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
  /** A private note: posted with the note embed, which only the deps sets. */
  note?: boolean;
  /** Customer text: link previews are suppressed, so no embed in a customer's post can look like ours. */
  customer?: boolean;
  /** The conversation in Chatwoot, where a message too long for Discord continues. */
  continuedAt?: string;
}

/** Discord's flag for "no link previews" on a message. */
export const SUPPRESS_EMBEDS = 1 << 2;
export const DELETED_TEXT = '*(message deleted in Chatwoot)*';
/** The note marker: an embed only the deps posts (customer posts never carry embeds). */
export const NOTE_EMBED = { description: '🔒 **Internal note** · not sent to the customer', color: 0xf1c40f };

/**
 * A Discord webhook username: at most 80 characters, never empty, and without "discord" or
 * "clyde" (Discord refuses those).
 *
 * @example
 * webhookUsername('Clyde from Discord'); // 'Cl-yde from Dis-cord'
 */
export function webhookUsername(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim().replace(/(c)(lyde)/gi, '$1-$2').replace(/(dis)(cord)/gi, '$1-$2');
  return [...(clean || 'Chatwoot')].slice(0, 80).join('');
}

/** The name a message is posted under: who, and in what role (`Ada (customer)`, `Ann (agent)`). */
export function posterName(poster: Poster): string {
  if (poster.role === 'system') return 'Chatwoot';
  return webhookUsername(posterLabel({ ...poster, name: webhookUsername(poster.name) }, 80));
}

/**
 * The text and file links of a post within Discord's 2 000 characters: the text is cut, never the
 * links, and a cut ends with where the rest is ("… (continued in Chatwoot: <url>)").
 *
 * @example
 * postContent('x'.repeat(5000), [], 'https://chat.example.com/app/accounts/1/conversations/42').length; // 2000
 */
export function postContent(text: string, links: string[], continuedAt?: string): string {
  const extra = links.join('\n');
  const room = MAX_CONTENT - (extra ? extra.length + 1 : 0);
  const tail = `… (continued in Chatwoot${continuedAt ? `: <${continuedAt}>` : ''})`;
  const body = room > tail.length + 10 ? clipText(text, room, tail) : '';
  return clipText([body, extra].filter(Boolean).join('\n'), MAX_CONTENT, '…');
}

/**
 * The text of a message as shown in Discord: invisible and bidi characters removed, mentions
 * defused, a customer's masked links shown with their real target, activity in italics, cut with a
 * pointer to the rest when it is over 2 000 characters.
 */
export function mirroredContent(message: Message, continuedAt?: string): string {
  const raw = neutralizeText(message.content ?? '');
  const text = escapeMentions(message.message_type === 'incoming' ? unmaskLinks(raw) : raw);
  if (message.message_type === 'activity') return postContent(`*${text.replace(/\*/g, '\\*')}*`, [], continuedAt);
  return postContent(text, [], continuedAt);
}

/**
 * The webhook post mirroring a Chatwoot message.
 *
 * @example
 * mirroredMessage(event.message); // { username: 'Ada Lovelace (customer)', content: 'Hi', files: [], customer: true }
 */
export function mirroredMessage(message: Message, continuedAt?: string): MirroredMessage {
  const avatar = message.sender && 'thumbnail' in message.sender ? message.sender.thumbnail : undefined;
  const poster = posterOf(message);
  return {
    username: posterName(poster),
    ...(typeof avatar === 'string' && /^https?:\/\//.test(avatar) ? { avatarUrl: avatar } : {}),
    content: mirroredContent(message, continuedAt),
    files: (message.attachments ?? []).map((a) => ({
      url: a.data_url,
      name: neutralizeText(fileName(a.data_url, a.extension ?? undefined, a.id)),
      ...(typeof a.file_size === 'number' ? { size: a.file_size } : {}),
    })),
    ...(poster.role === 'note' ? { note: true } : {}),
    ...(poster.role === 'customer' ? { customer: true } : {}),
    ...(continuedAt ? { continuedAt } : {}),
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
