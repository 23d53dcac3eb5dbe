import type { KeyValueStore } from '../../src/index.ts';
import { headerSignature, type HeaderInfo } from './format-header.ts';

/** What was last shown for a conversation: to tell which edits a change needs. */
export interface HeaderRecord {
  signature: string;
  status: string;
  /** Missing in records written before renames were followed. */
  info?: HeaderInfo;
}

/**
 * The last header of each conversation, and each contact's conversations (to follow a rename), in
 * the plugin's store.
 *
 * @example
 * const headers = createHeaderState(ctx.store);
 * await headers.remember(info);
 * (await headers.last(42))?.status; // 'open'
 */
export function createHeaderState(store: KeyValueStore) {
  const contactKey = (contactId: number) => `contact:${contactId}`;
  return {
    async remember(info: HeaderInfo): Promise<void> {
      await store.set(`header:${info.conversationId}`, { signature: headerSignature(info), status: info.status, info } satisfies HeaderRecord);
      if (info.contactId === undefined) return;
      const ids = (await store.get<number[]>(contactKey(info.contactId))) ?? [];
      if (!ids.includes(info.conversationId)) await store.set(contactKey(info.contactId), [...ids, info.conversationId]);
    },
    last(conversationId: number): Promise<HeaderRecord | undefined> {
      return store.get<HeaderRecord>(`header:${conversationId}`);
    },
    async conversationsOf(contactId: number): Promise<number[]> {
      return (await store.get<number[]>(contactKey(contactId))) ?? [];
    },
  };
}
