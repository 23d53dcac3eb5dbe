import type { PluginContext } from '../../src/index.ts';

/** Who wrote a Discord message that became a Chatwoot write: to address them if it fails later. */
export interface AuthorRecord {
  userId: string;
}

const AUTHOR_TTL_MS = 7 * 24 * 3600_000;
const keyOf = (messageId: string) => `author:${messageId}`;

/**
 * Remembers (for a week, in the plugin's store) who wrote a Discord message sent to Chatwoot.
 *
 * @example
 * await rememberAuthor(ctx.store, message.id, message.author.id);
 * (await authorOf(ctx.store, message.id))?.userId; // '1234…'
 */
export async function rememberAuthor(store: PluginContext['store'], messageId: string, userId: string): Promise<void> {
  await store.set(keyOf(messageId), { userId } satisfies AuthorRecord, AUTHOR_TTL_MS);
}

/** The author {@link rememberAuthor} kept for a Discord message, if any. */
export function authorOf(store: PluginContext['store'], messageId: string): Promise<AuthorRecord | undefined> {
  return store.get<AuthorRecord>(keyOf(messageId));
}
