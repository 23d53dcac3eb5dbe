import type { Message } from '../models.ts';
import type { ChatwootRest } from './types.ts';

/**
 * A conversation's messages created at or after `sinceSeconds`, oldest first, read backwards from
 * the latest page (`before=` gives 20 at a time) until a page reaches older messages. Stops after
 * `maxPages` (`capped`: the rest is older still), when a page brings nothing older than the last
 * one (a server that ignores `before` cannot loop us), or as soon as `stopAt` matches a message
 * (a search that found what it looks for).
 *
 * @example
 * const { messages } = await readMessagesSince(rest, 42, Date.now() / 1000 - 3600, { maxPages: 100 });
 */
/** Chatwoot's page size with `before=` (and with no cursor). */
const BEFORE_PAGE_SIZE = 20;

export async function readMessagesSince(
  rest: Pick<ChatwootRest, 'listMessages'>,
  conversationId: number,
  sinceSeconds: number,
  options: { signal?: AbortSignal; maxPages?: number; stopAt?: (message: Message) => boolean } = {},
): Promise<{ messages: Message[]; capped: boolean }> {
  const maxPages = options.maxPages ?? 1_000;
  const call = options.signal ? { signal: options.signal } : {};
  const found = new Map<number, Message>();
  let before: number | undefined;
  for (let pages = 0; pages < maxPages; pages += 1) {
    const page = (await rest.listMessages(conversationId, before === undefined ? {} : { before }, call)).messages;
    let oldest: number | undefined;
    let reachedOlder = false;
    for (const message of page) {
      if (before !== undefined && message.id >= before) continue;
      if (oldest === undefined || message.id < oldest) oldest = message.id;
      if (message.created_at >= sinceSeconds) found.set(message.id, message);
      else reachedOlder = true;
      if (options.stopAt?.(message)) reachedOlder = true;
    }
    const lastPage = page.length < BEFORE_PAGE_SIZE;
    if (oldest === undefined || reachedOlder || lastPage || options.signal?.aborted) return { messages: sorted(found), capped: false };
    before = oldest;
  }
  return { messages: sorted(found), capped: true };
}

function sorted(found: Map<number, Message>): Message[] {
  return [...found.values()].sort((a, b) => a.id - b.id);
}
