import type { KeyValueStore } from '../../src/index.ts';

const key = (conversationId: number) => `parent-version:${conversationId}`;

/**
 * A per-conversation counter for parent refreshes: each refresh is rendered with the next
 * version, and one that is older than the latest when it runs is skipped — a retried or resumed
 * refresh never overwrites a newer card. Events of one conversation reach the plugin one at a
 * time, so read-then-write is safe here.
 *
 * @example
 * const version = await nextParentVersion(ctx.store, 42); // enqueue with it
 * if (await isStaleParent(ctx.store, 42, version)) return 'stale'; // at execution time
 */
export async function nextParentVersion(store: KeyValueStore, conversationId: number): Promise<number> {
  const version = ((await store.get<number>(key(conversationId))) ?? 0) + 1;
  await store.set(key(conversationId), version);
  return version;
}

/** True when a newer refresh was rendered since `version` (entries queued before versions had none). */
export async function isStaleParent(store: KeyValueStore, conversationId: number, version: number | undefined): Promise<boolean> {
  if (version === undefined) return false;
  return version < ((await store.get<number>(key(conversationId))) ?? 0);
}
