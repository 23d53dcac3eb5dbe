import type { Message } from '../../src/index.ts';
import { clipText, posterLabel, posterOf } from '../../src/surface/index.ts';
import { escapeMrkdwn, toMrkdwn } from '../slack/kit.ts';

/** Slack refuses texts over 40 000 characters. */
const MAX_TEXT = 39_000;

/**
 * An agent's reply as the member sees it in their thread, posted by the bot: the agent's name in
 * bold ("*Ann (agent):*"), then the text the way the Slack mirror renders customer text — escaped
 * (no `<!channel>`, `<!here>`, `<@U…>` or hidden links can be written), invisible and bidi
 * characters removed, masked links shown with their real target.
 *
 * @example
 * agentReply(message); // '*Ann (agent):*\nYour refund is on its way.'
 */
export function agentReply(message: Pick<Message, 'content' | 'message_type' | 'private' | 'sender' | 'content_attributes'>): string {
  const name = escapeMrkdwn(posterLabel(posterOf(message as Message), 80).replace(/[*_~`]/g, ''));
  const text = toMrkdwn(message.content ?? '', { trusted: false }).trim();
  return clipText(text ? `*${name}:*\n${text}` : `*${name}:*`, MAX_TEXT, '… (cut: too long for Slack)');
}
