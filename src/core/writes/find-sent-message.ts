import type { Message } from '../../chatwoot/models.ts';
import { readMessagesSince } from '../../chatwoot/rest/read-messages-since.ts';
import type { ChatwootRest } from '../../chatwoot/rest/types.ts';
import type { OutboxEntry } from '../outbox/create-outbox.ts';

/** Clocks differ: the search starts this long before the entry was queued. */
const SEARCH_MARGIN_SECONDS = 60;

/**
 * The message an earlier attempt of `entry` already created in Chatwoot, if its answer was lost:
 * found by its echo id (`echo_id`, or the marker in `content_attributes.switchboard`), searched back
 * page by page to just before the entry was queued, however busy the conversation is since. Call it
 * before repeating a create whose entry `mayHaveRun`.
 *
 * @example
 * const sent = (mayHaveRun(entry) ? await findSentMessage(rest, entry, conversationId, echoId, signal) : undefined)
 *   ?? (await rest.createIncomingMessage(conversationId, { content, echo_id: echoId }, { signal }));
 */
export async function findSentMessage(rest: ChatwootRest, entry: OutboxEntry, conversationId: number, echoId: string, signal?: AbortSignal): Promise<Message | undefined> {
  const isIt = (m: Message) => (m.content_attributes['switchboard'] as { echo_id?: unknown } | undefined)?.echo_id === echoId || m.echo_id === echoId;
  const since = entry.createdAt / 1000 - SEARCH_MARGIN_SECONDS;
  const { messages } = await readMessagesSince(rest, conversationId, since, { maxPages: 10_000, stopAt: isIt, ...(signal ? { signal } : {}) });
  return messages.find(isIt);
}
