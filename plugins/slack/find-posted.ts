import type { SlackDeps } from './slack-deps.ts';

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
export async function findPosted(deps: Pick<SlackDeps, 'client'>, where: { channel: string; ts?: string }, eventType: string, field: string, id: number): Promise<string | undefined> {
  try {
    const result = where.ts
      ? await deps.client.conversations.replies({ channel: where.channel, ts: where.ts, include_all_metadata: true, limit: 200 })
      : await deps.client.conversations.history({ channel: where.channel, include_all_metadata: true, limit: 100 });
    const messages = (result.messages ?? []) as Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }>;
    return messages.find((m) => m.metadata?.event_type === eventType && m.metadata.event_payload?.[field] === id)?.ts;
  } catch {
    return undefined; // Best effort: posting again is the lesser evil.
  }
}
