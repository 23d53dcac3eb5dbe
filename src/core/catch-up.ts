import { buildEvent } from '../chatwoot/build-event.ts';
import type { AnyEvent } from '../chatwoot/events.ts';
import type { Message } from '../chatwoot/models.ts';
import type { ChatwootRest } from '../chatwoot/rest/types.ts';
import type { Ledger } from './ledger/create-ledger.ts';
import type { Logger } from './logger.ts';

export interface CatchUpResult {
  conversations: number;
  messages: number;
  /** Unix ms the pass started at; becomes the new watermark. */
  startedAt: number;
}

/**
 * Re-reads over REST what the cable may have missed (Chatwoot never replays): every conversation
 * active since the watermark, every message after its cursor, emitted in creation order with
 * `replayed: true`. The intake's dedupe and the cursors make a repeat pass harmless.
 *
 * On the very first run (no watermark) nothing is replayed: history before the bot is not news.
 */
export async function catchUp(deps: {
  rest: Pick<ChatwootRest, 'listConversations' | 'listMessages' | 'listMessagesAfter'>;
  ledger: Ledger;
  emit: (event: AnyEvent) => void;
  log: Logger;
  now?: () => number;
  /** Extra look-back for clock skew between Chatwoot and us. Default 60 s. */
  marginSeconds?: number;
  signal?: AbortSignal;
}): Promise<CatchUpResult> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const margin = deps.marginSeconds ?? 60;
  const watermark = await deps.ledger.cursors.watermark();
  if (watermark === undefined) {
    deps.ledger.cursors.setWatermark(startedAt);
    return { conversations: 0, messages: 0, startedAt };
  }
  const updatedWithin = Math.max(1, Math.ceil((startedAt - watermark) / 1000) + margin);
  const signalOption = deps.signal ? { signal: deps.signal } : {};
  const { conversations } = await deps.rest.listConversations({ status: 'all', updatedWithin, sortBy: 'last_activity_at_asc' }, signalOption);
  let messages = 0;
  for (const conversation of conversations) {
    if (deps.signal?.aborted) break;
    const id = conversation.id;
    if (id === null) continue;
    const cursor = await deps.ledger.cursors.get(id);
    const missed =
      cursor !== undefined
        ? await deps.rest.listMessagesAfter(id, cursor, signalOption)
        : await messagesSince(deps.rest, id, (watermark - margin * 1000) / 1000, signalOption);
    // `after` selects by id but Chatwoot orders by creation time: sort to be sure.
    missed.sort(byCreation);
    for (const message of missed) {
      deps.emit(buildEvent('message.created', message as unknown as Record<string, unknown>, { source: 'catchup', receivedAt: now(), replayed: true }));
      messages += 1;
    }
  }
  deps.ledger.cursors.setWatermark(startedAt);
  if (messages > 0) deps.log.info({ conversations: conversations.length, messages }, `catch-up replayed ${messages} missed message(s)`);
  else deps.log.debug({ conversations: conversations.length }, 'catch-up found nothing missed');
  return { conversations: conversations.length, messages, startedAt };
}

/**
 * A conversation with no cursor (new during the gap, or older than the bot): page backwards from the
 * latest message (`before` gives 20 at a time) until one predates `sinceSeconds`.
 */
async function messagesSince(
  rest: Pick<ChatwootRest, 'listMessages'>,
  conversationId: number,
  sinceSeconds: number,
  options: { signal?: AbortSignal },
): Promise<Message[]> {
  const found: Message[] = [];
  let page = (await rest.listMessages(conversationId, {}, options)).messages;
  for (;;) {
    const fresh = page.filter((m) => m.created_at >= sinceSeconds);
    found.push(...fresh);
    const oldest = page.reduce<Message | undefined>((min, m) => (min === undefined || m.id < min.id ? m : min), undefined);
    if (!oldest || fresh.length < page.length || options.signal?.aborted) return found;
    page = (await rest.listMessages(conversationId, { before: oldest.id }, options)).messages;
  }
}

function byCreation(a: Message, b: Message): number {
  return a.created_at - b.created_at || a.id - b.id;
}
