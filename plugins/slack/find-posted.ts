import type { SlackDeps } from './deps.ts';

/** Message metadata event types: a mirrored Chatwoot message, a conversation's parent. */
export const MESSAGE_EVENT = 'chatwoot_message';
export const CONVERSATION_EVENT = 'chatwoot_conversation';

/**
 * A message the bridge posted earlier for this id (its message metadata), e.g. before a crash or a
 * lost answer: in the thread when `where.ts` is given, else among the channel's latest posts.
 *
 * @example
 * const ts = await findPosted(deps, thread, MESSAGE_EVENT, 'message_id', 1001);
 */
export async function findPosted(deps: Pick<SlackDeps, 'api'>, where: { channel: string; ts?: string }, eventType: string, field: string, id: number): Promise<string | undefined> {
  try {
    const messages = await deps.api.recentPosts({ channel: where.channel, ...(where.ts ? { threadTs: where.ts } : {}) });
    return messages.find((m) => m.metadata?.event_type === eventType && m.metadata.event_payload?.[field] === id)?.ts;
  } catch {
    return undefined; // Best effort: posting again is the lesser evil.
  }
}
