import type { Message } from '../../src/index.ts';
import { chunkText, clipText, neutralizeText, posterLabel, posterOf } from '../../src/surface/index.ts';
import { escapeMrkdwn, toMrkdwn } from './to-mrkdwn.ts';

/** Slack refuses `text` over 40 000 characters (`msg_too_long`); this leaves room for a header. */
export const SLACK_MAX_TEXT = 39_000;
/** Slack's limit on a section block's text. */
const SECTION_MAX = 3_000;
const NOTE_FALLBACK = ':lock: Internal note: ';

/** What a mirrored Chatwoot message becomes in Slack (plain JSON: it waits in the outbox). */
export interface RenderedMessage {
  text: string;
  blocks?: unknown[];
  /** Shown as the poster's name (chat:write.customize), or as a bold prefix without the scope. */
  name?: string;
  iconUrl?: string;
}

export const DELETED_TEXT = ':wastebasket: _This message was deleted_';
/** The note marker: a context block only the bridge writes, never text a customer could type. */
export const NOTE_MARKER = ':lock: *Internal note* · not sent to the customer';

export interface RenderOptions {
  /** Mirror a deletion (Chatwoot's soft delete). */
  deleted?: boolean;
  /** The conversation in Chatwoot: where a message too long for Slack continues. */
  conversationUrl?: string;
}

const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/**
 * A Chatwoot message as a thread reply. Everyone posts under a name that says who they are —
 * `Ada (customer)`, `Ann (agent)`, `Ann (internal note)` — and a customer's name cannot carry
 * another role. Customer text is escaped, its links shown in full, bidi and invisible characters
 * removed. A private note is marked by a context block only the bridge sets, above the note in
 * section blocks. Chatwoot allows 150 000 characters, Slack 40 000: a longer message is cut, with a
 * link to the rest ("… (continued in Chatwoot: <link>)").
 *
 * @example
 * renderMessage({ ...message, message_type: 'incoming', content: '<!channel> hi' }); // → { text: '&lt;!channel&gt; hi', name: 'Ada (customer)' }
 */
export function renderMessage(message: Message, options: RenderOptions = {}): RenderedMessage {
  const sender = message.sender;
  const content = message.content ?? '';
  const clip = (text: string, max = SLACK_MAX_TEXT) => clipText(text, max, `… (continued in Chatwoot${options.conversationUrl ? `: <${options.conversationUrl}>` : ''})`);
  if (options.deleted) return { text: DELETED_TEXT, blocks: [context(DELETED_TEXT)] };
  const poster = posterOf(message);
  if (poster.role === 'system') {
    const line = `_${escapeMrkdwn(neutralizeText(content))}_`;
    return { text: line, blocks: [context(line)] };
  }
  const name = posterLabel(poster);
  if (poster.role === 'customer') {
    const icon = sender && 'thumbnail' in sender && typeof sender.thumbnail === 'string' && sender.thumbnail ? sender.thumbnail : undefined;
    return { text: clip(toMrkdwn(content, { trusted: false })), name, ...(icon ? { iconUrl: icon } : {}) };
  }
  const icon = sender && typeof sender['avatar_url'] === 'string' && sender['avatar_url'] ? (sender['avatar_url'] as string) : undefined;
  if (poster.role === 'note') {
    const body = clip(toMrkdwn(content, { trusted: true }), SLACK_MAX_TEXT - NOTE_FALLBACK.length);
    const sections = chunkText(body, SECTION_MAX).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
    // `text` is the notification fallback (and the edit fingerprint): the whole note, after the marker.
    return { text: `${NOTE_FALLBACK}${body}`, blocks: [context(NOTE_MARKER), ...sections], name, ...(icon ? { iconUrl: icon } : {}) };
  }
  const body = clip(toMrkdwn(content, { trusted: true }));
  return { text: body, name, ...(icon ? { iconUrl: icon } : {}) };
}

/**
 * Post arguments for a rendered message: the customised name and avatar, or — without the
 * chat:write.customize scope — the name as a bold prefix (in the first section block too).
 */
export function postArgs(rendered: RenderedMessage, canCustomize: boolean): { text: string; blocks?: unknown[]; username?: string; icon_url?: string } {
  const { text, blocks, name, iconUrl } = rendered;
  if (!name) return { text, ...(blocks ? { blocks } : {}) };
  if (canCustomize) return { text, ...(blocks ? { blocks } : {}), username: name, ...(iconUrl ? { icon_url: iconUrl } : {}) };
  const prefix = `*${escapeMrkdwn(name)}:* `;
  if (!blocks) return { text: `${prefix}${text}` };
  const named = [context(prefix.trim()), ...blocks];
  return { text: `${prefix}${text}`, blocks: named };
}

/** A short fingerprint of posted text, kept in the message link to tell edits from status updates. */
export function hashText(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return `${text.length}:${h}`;
}
