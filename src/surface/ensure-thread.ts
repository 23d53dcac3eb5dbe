import type { Conversation, PluginContext } from '../index.ts';
import type { SurfaceLink } from './echo-links.ts';

/**
 * The plugin-store key of a conversation whose thread is being opened (durable: it survives a
 * restart); its value is the place the thread goes. Slack's earlier marks use the same key.
 *
 * @example
 * await ctx.store.get(openingKey(42)); // 'C0SALES' while the thread of #42 is queued to open there
 */
export const openingKey = (conversationId: number) => `opening:${conversationId}`;

/** Where a conversation's thread stands: opened (its link), or queued to open at `place`. */
export type ThreadState = { state: 'linked'; link: SurfaceLink } | { state: 'opening'; place: string };

/** How {@link ensureThread} opens a thread: where it goes, and the write that opens it. */
export interface ThreadOpener {
  /** Where the conversation's thread goes (its channel, its lane), or `undefined`: it is not mirrored here. */
  placeFor(conversation: Conversation): Promise<string | undefined> | string | undefined;
  /** Queues the write that opens the thread (durably, in the outbox); its executor links the thread and calls {@link threadOpened}. */
  open(conversation: Conversation, place: string): Promise<void>;
}

/** What {@link ensureThread} needs of the plugin context. */
export type ThreadContext = Pick<PluginContext, 'links' | 'store' | 'chatwoot' | 'log'>;

/**
 * The conversation's thread on this surface, opening it when there is none: the link when it is
 * open, else the place a queued opening goes to, else — when `opener.placeFor` names a place — a
 * new opening, marked in the plugin's store *before* it is queued. The mark is durable: after a
 * restart, events of a conversation whose thread is still queued do not open a second one. The
 * opening's executor calls {@link threadOpened} once the thread is linked (or failed for good).
 * Events of one conversation reach a plugin one at a time, so check-then-mark is safe.
 *
 * @example
 * const thread = await ensureThread(ctx, 'slack', 42, {
 *   placeFor: (conversation) => channelFor(deps, conversation.inbox_id),
 *   open: (conversation, channel) => enqueue(deps, 'post', channel, { type: 'parent', conversationId: 42, channel, ...parentOf(conversation) }).then(() => undefined),
 * });
 * // → { state: 'opening', place: 'C0SALES' }, or { state: 'linked', link }, or undefined (not routed)
 */
export async function ensureThread(ctx: ThreadContext, surface: string, conversationId: number, opener: ThreadOpener, known?: Conversation): Promise<ThreadState | undefined> {
  const current = await threadState(ctx, surface, conversationId);
  if (current) return current;
  const conversation = known ?? (await ctx.chatwoot.getConversation(conversationId));
  const place = await opener.placeFor(conversation);
  if (place === undefined) {
    ctx.log.debug({ conversation: conversationId, inbox: conversation.inbox_id }, `${surface}: this conversation is not mirrored here`);
    return undefined;
  }
  await ctx.store.set(openingKey(conversationId), place);
  await opener.open(conversation, place);
  return { state: 'opening', place };
}

/**
 * Where the conversation's thread stands without opening anything: linked, opening, or
 * `undefined` (never opened here, or its opening failed).
 *
 * @example
 * const thread = await threadState(ctx, 'slack', 42);
 * if (thread?.state === 'opening') console.log('queued for', thread.place);
 */
export async function threadState(ctx: Pick<ThreadContext, 'links' | 'store'>, surface: string, conversationId: number): Promise<ThreadState | undefined> {
  const link = await ctx.links.getConversation(conversationId, surface);
  if (link) return { state: 'linked', link };
  const place = await ctx.store.get<string>(openingKey(conversationId));
  return typeof place === 'string' ? { state: 'opening', place } : undefined;
}

/**
 * Clears the opening mark: called by the opening's executor once the thread is linked, and by its
 * `onFailed` when it failed for good (the next event then tries again).
 *
 * @example
 * await ctx.links.setConversation(42, 'slack', { key: refOf(channel, ts), data: { channel } });
 * await threadOpened(ctx.store, 42);
 */
export async function threadOpened(store: Pick<PluginContext['store'], 'delete'>, conversationId: number): Promise<void> {
  await store.delete(openingKey(conversationId));
}
