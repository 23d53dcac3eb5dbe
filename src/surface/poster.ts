import type { Message } from '../index.ts';
import { neutralizeText } from './neutralize-text.ts';

/** Who a mirrored message is from, as both surfaces show it. */
export type PosterRole = 'customer' | 'agent' | 'bot' | 'note' | 'system';

export interface Poster {
  /** The person's name, cleaned; never carries a role decoration of its own. */
  name: string;
  role: PosterRole;
}

/** The decoration each role gets: a customer's name can never end in an agent's or a note's. */
const SUFFIX: Record<PosterRole, string> = {
  customer: ' (customer)',
  agent: ' (agent)',
  bot: ' (bot)',
  note: ' (internal note)',
  system: '',
};

/** Brackets of every script: without them no name can imitate "(agent)" or "(internal note)". */
const BRACKETS = /[()[\]{}<>（）［］｛｝〈〉《》⟨⟩⦅⦆「」『』【】〔〕❨❩❪❫❬❭❮❯❰❱❲❳❴❵﴾﴿﹙﹚﹛﹜﹝﹞]/g;

/**
 * A display name from untrusted input: invisible and bidi characters removed, brackets dropped (so
 * "John (agent)" cannot pose as the agent John), whitespace collapsed, at most `max` characters.
 *
 * @example
 * cleanName('John (agent)\u202E'); // 'John agent'
 */
export function cleanName(name: string, max = 60): string {
  const clean = neutralizeText(name).replace(BRACKETS, ' ').replace(/\s+/g, ' ').trim();
  return [...clean].slice(0, max).join('').trim();
}

/**
 * Who wrote a Chatwoot message: the customer (incoming), an agent or a bot (outgoing), a private
 * note, or Chatwoot itself (activity). An agent who typed on another surface is named by the marker
 * that surface left (`content_attributes.switchboard.author`).
 *
 * @example
 * posterOf(message); // { name: 'Ada Lovelace', role: 'customer' }
 */
export function posterOf(message: Message): Poster {
  if (message.message_type === 'activity') return { name: 'Chatwoot', role: 'system' };
  const sender = message.sender;
  if (message.message_type === 'incoming') return { name: cleanName(sender?.name ?? '') || 'Customer', role: 'customer' };
  const marker = message.content_attributes?.['switchboard'] as { author?: unknown } | undefined;
  const surfaceAuthor = typeof marker?.author === 'string' ? marker.author : '';
  const senderName = sender?.type === 'user' ? String(sender['available_name'] ?? sender.name ?? '') : (sender?.name ?? '');
  const name = cleanName(surfaceAuthor || senderName) || 'Agent';
  if (message.private) return { name, role: 'note' };
  return { name, role: sender?.type === 'agent_bot' ? 'bot' : 'agent' };
}

/**
 * The name a surface posts under: the poster's name and its role, within `max` characters (the
 * role is never cut off).
 *
 * @example
 * posterLabel({ name: 'Ada', role: 'customer' }); // 'Ada (customer)'
 * posterLabel({ name: 'Ann', role: 'note' });     // 'Ann (internal note)'
 */
export function posterLabel(poster: Poster, max = 80): string {
  const suffix = SUFFIX[poster.role];
  return `${[...poster.name].slice(0, Math.max(1, max - suffix.length)).join('').trim()}${suffix}`;
}
