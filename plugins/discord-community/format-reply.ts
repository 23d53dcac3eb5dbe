import type { Message } from '../../src/index.ts';
import { neutralizeText, posterLabel, posterOf, unmaskLinks } from '../../src/surface/index.ts';
import { escapeMentions, postContent } from '../discord/kit.ts';

/**
 * An agent's reply as the member sees it in their thread, posted by the bot: the agent's name in
 * bold, then the text — invisible and bidi characters removed, masked links shown with their real
 * target, mentions defused (the post also sends `allowed_mentions: { parse: [] }`), at most 2 000
 * characters. Attachments follow as links.
 *
 * @example
 * agentReply(message); // '**Ann (agent):**\nYour refund is on its way.'
 */
export function agentReply(message: Message): string {
  const name = posterLabel(posterOf(message), 80).replace(/[*_`~|\\]/g, '\\$&');
  const text = escapeMentions(unmaskLinks(neutralizeText(message.content ?? '')));
  const files = (message.attachments ?? []).map((a) => a.data_url).filter((url) => /^https?:\/\//.test(url));
  return postContent(`**${escapeMentions(name)}:**\n${text}`, files);
}
