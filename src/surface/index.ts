/**
 * `switchboard/surface`: the surface kit — what every chat surface (Slack, Discord, the console,
 * yours) does the same way when it mirrors Chatwoot. The {@link Surface} interface and
 * {@link createMirror} (which Chatwoot events become which surface writes), the thread opener with
 * its durable opening mark, echo links, the reply-prefix parser and reply modes, and the helpers
 * for hostile customer text, who-wrote-what labels, long messages, `!commands` and failed writes.
 * The recipe for a new surface: docs/surfaces.md.
 *
 * @example
 * import { createMirror, neutralizeText, posterLabel, posterOf, type Surface } from 'switchboard/surface';
 * const name = posterLabel(posterOf(event.message)); // 'Ada Lovelace (customer)'
 */
export { bangCommand } from './bang-command.ts';
export { chunkText, clipText } from './clip-text.ts';
export { communityEnv } from './community-env.ts';
export { createMirror } from './create-mirror.ts';
export { echoWasPrivate, isEchoLink, isMirroredLink, linkEcho, type EchoLinkData, type SurfaceLink } from './echo-links.ts';
export { ensureThread, openingKey, threadOpened, threadState, type ThreadContext, type ThreadOpener, type ThreadState } from './ensure-thread.ts';
export { failedWriteOrigin, type WriteOrigin } from './failed-write-origin.ts';
export { neutralizeText } from './neutralize-text.ts';
export { onceUntilFailure } from './once-until-failure.ts';
export { cleanName, posterLabel, posterOf, type Poster, type PosterRole } from './poster.ts';
export { NEAR_MISS_SENT, NOTE_SAVED, parseReplyPrefix, type ParsedReply } from './reply-prefix.ts';
export { normalizeReplyMode, replyModeSetting, type ReplyMode } from './reply-mode.ts';
export type { ChangeInput, FailureInput, LifecycleEventName, LifecycleInput, Mirror, OpenCause, PostInput, Surface, TellInput } from './surface.ts';
export { unmaskLinks } from './unmask-links.ts';
export { failureNotice, writeId, writeOpOf, type MessageWriteOp } from './write-notices.ts';
