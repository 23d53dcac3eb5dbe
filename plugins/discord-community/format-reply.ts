import type { Message } from '../../src/index.ts';
import { neutralizeText, posterLabel, posterOf, unmaskLinks } from '../../src/surface/index.ts';
import { escapeMentions, mirroredMessage, type MirroredFile } from '../discord/kit.ts';

/** An agent's reply, ready for either way of posting it. */
export interface ReplyContent {
  /** Posted by the bot: "**Ann (agent):**" and the text (cut to fit with the file links when posted). */
  botText: string;
  /** Posted by a webhook under the agent's name: the text alone. */
  webhookText: string;
  /** The webhook's username for this reply ("Ann (agent)", without "discord" / "clyde"). */
  username: string;
  avatarUrl?: string;
  /** The reply's attachments: uploaded as files when they fit, linked otherwise. */
  files: MirroredFile[];
}

/**
 * An agent's reply as the member sees it: invisible and bidi characters removed, masked links
 * shown with their real target, mentions defused (every post also sends `allowed_mentions:
 * { parse: [] }`); cut to 2 000 characters when posted. The agent's name is escaped for Markdown.
 *
 * @example
 * agentReply(message).botText; // '**Ann (agent):**\nYour refund is on its way.'
 */
export function agentReply(message: Message): ReplyContent {
  const mirrored = mirroredMessage(message);
  const name = posterLabel(posterOf(message), 80).replace(/[*_`~|\\]/g, '\\$&');
  const text = escapeMentions(unmaskLinks(neutralizeText(message.content ?? '')));
  return {
    botText: `**${escapeMentions(name)}:**\n${text}`,
    webhookText: text,
    username: mirrored.username,
    ...(mirrored.avatarUrl ? { avatarUrl: mirrored.avatarUrl } : {}),
    files: mirrored.files.filter((file) => /^https?:\/\//.test(file.url)),
  };
}
