/**
 * Chatwoot's `Message` validations (`content` ≤ 150,000 characters, at most 15 attachments), so a
 * surface can refuse what Chatwoot would refuse, with an explanation, before anything is sent.
 *
 * @example
 * if (text.length > CHATWOOT_MAX_CONTENT) return `too long: ${text.length} characters`;
 */
export const CHATWOOT_MAX_CONTENT = 150_000;
export const CHATWOOT_MAX_ATTACHMENTS = 15;
