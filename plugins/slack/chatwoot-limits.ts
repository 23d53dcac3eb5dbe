/** Chatwoot's `Message` validations: content length and attachments per message. */
export const CHATWOOT_MAX_CONTENT = 150_000;
export const CHATWOOT_MAX_ATTACHMENTS = 15;

/**
 * Why Chatwoot would refuse a reply from Slack, as a sentence for its author, or `undefined` when
 * it fits. Checked before anything is sent, so a refusal is explained instead of failing later.
 *
 * @example
 * refusalOf('x'.repeat(150_001), 0); // → 'Your message is 150 001 characters long; Chatwoot accepts at most 150 000. …'
 */
export function refusalOf(content: string, fileCount: number): string | undefined {
  const count = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');
  if (content.length > CHATWOOT_MAX_CONTENT) {
    return `Your message is ${count(content.length)} characters long; Chatwoot accepts at most ${count(CHATWOOT_MAX_CONTENT)}. It was not sent — split it into several messages.`;
  }
  if (fileCount > CHATWOOT_MAX_ATTACHMENTS) {
    return `Your message has ${fileCount} files; Chatwoot accepts at most ${CHATWOOT_MAX_ATTACHMENTS} per message. It was not sent — post the files in several messages.`;
  }
  return undefined;
}
