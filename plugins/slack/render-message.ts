import type { Message } from '../../src/index.ts';
import { clipMrkdwn, SLACK_MAX_TEXT } from './clip-mrkdwn.ts';
import { escapeMrkdwn, toMrkdwn } from './to-mrkdwn.ts';

/** What a mirrored Chatwoot message becomes in Slack (plain JSON: it waits in the outbox). */
export interface RenderedMessage {
  text: string;
  blocks?: unknown[];
  /** Shown as the poster's name (chat:write.customize), or as a bold prefix without the scope. */
  name?: string;
  iconUrl?: string;
}

export const DELETED_TEXT = ':wastebasket: _This message was deleted_';

export interface RenderOptions {
  /** Mirror a deletion (Chatwoot's soft delete). */
  deleted?: boolean;
  /** The conversation in Chatwoot: where a message too long for Slack continues. */
  conversationUrl?: string;
}

/**
 * A Chatwoot message as a thread reply: customers under their name and avatar (text escaped, no
 * live links), agents under theirs, private notes marked internal, activity as a context line.
 * Chatwoot allows 150 000 characters, Slack 40 000: a longer message is cut, with a link to the
 * rest ("… (continued in Chatwoot: <link>)") — one reply per message keeps edits and deletions simple.
 *
 * @example
 * renderMessage({ ...message, message_type: 'incoming', content: '<!channel> hi' }); // → { text: '&lt;!channel&gt; hi', name: 'Ada' }
 */
export function renderMessage(message: Message, options: RenderOptions = {}): RenderedMessage {
  const sender = message.sender;
  const content = message.content ?? '';
  const clip = (text: string) => clipMrkdwn(text, SLACK_MAX_TEXT, `… (continued in Chatwoot${options.conversationUrl ? `: <${options.conversationUrl}>` : ''})`);
  if (options.deleted) return { text: DELETED_TEXT, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: DELETED_TEXT }] }] };
  if (message.message_type === 'activity') {
    const line = `_${escapeMrkdwn(content)}_`;
    return { text: line, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: line }] }], name: 'Chatwoot' };
  }
  if (message.message_type === 'incoming') {
    const name = sender?.name?.trim() || 'Customer';
    const icon = sender && 'thumbnail' in sender && typeof sender.thumbnail === 'string' && sender.thumbnail ? sender.thumbnail : undefined;
    return { text: clip(toMrkdwn(content, { trusted: false })), name, ...(icon ? { iconUrl: icon } : {}) };
  }
  const who = sender?.name?.trim() || (message.content_attributes['switchboard'] as { author?: string } | undefined)?.author || 'Agent';
  const role = sender?.type === 'agent_bot' ? 'bot' : 'agent';
  const icon = sender && typeof sender['avatar_url'] === 'string' && sender['avatar_url'] ? (sender['avatar_url'] as string) : undefined;
  const body = clip(toMrkdwn(content, { trusted: true }));
  if (message.private) {
    return { text: `:lock: *Internal note* (not sent to the customer)\n${body}`, name: `${who} (internal note)`, ...(icon ? { iconUrl: icon } : {}) };
  }
  return { text: body, name: `${who} (${role})`, ...(icon ? { iconUrl: icon } : {}) };
}

/** Post arguments for a rendered message: customised name/avatar, or a name prefix without the scope. */
export function postArgs(rendered: RenderedMessage, canCustomize: boolean): { text: string; blocks?: unknown[]; username?: string; icon_url?: string } {
  const { text, blocks, name, iconUrl } = rendered;
  if (!name || blocks) return { text, ...(blocks ? { blocks } : {}) };
  if (canCustomize) return { text, username: name, ...(iconUrl ? { icon_url: iconUrl } : {}) };
  return { text: `*${escapeMrkdwn(name)}:* ${text}` };
}

/** A short fingerprint of posted text, kept in the message link to tell edits from status updates. */
export function hashText(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return `${text.length}:${h}`;
}
