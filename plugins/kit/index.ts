/**
 * The surface kit: what every chat surface (Slack, Discord, your own) does the same way when it
 * mirrors Chatwoot — neutralising hostile customer text, marking who wrote what, clipping long
 * messages, reading `note:` and `!command`, and explaining failed writes.
 *
 * @example
 * import { neutralizeText, posterLabel, posterOf, unmaskLinks } from '../kit/index.ts';
 * const name = posterLabel(posterOf(event.message)); // 'Ada Lovelace (customer)'
 */
export { bangCommand } from './bang-command.ts';
export { chunkText, clipText } from './clip-text.ts';
export { neutralizeText } from './neutralize-text.ts';
export { cleanName, posterLabel, posterOf, type Poster, type PosterRole } from './poster.ts';
export { NEAR_MISS_SENT, NOTE_SAVED, parseReplyPrefix, type ParsedReply } from './reply-prefix.ts';
export { unmaskLinks } from './unmask-links.ts';
export { failureNotice, writeId, writeOpOf, type MessageWriteOp } from './write-notices.ts';
