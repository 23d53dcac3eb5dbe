import { PermanentError, RetryableError } from '../../src/index.ts';
import { threadOpened } from '../../src/surface/index.ts';
import { conversationLink, SURFACE, type DiscordDeps, type ConversationLinkData } from './deps.ts';
import { editEvenIfArchived } from './archived-thread.ts';
import { conversationTitle, headerMessage, type HeaderInfo } from './format-header.ts';
import { STATUS_TAGS } from './forum-tags.ts';
import { createHeaderState } from './header-state.ts';

export interface OpenPayload {
  info: HeaderInfo;
}
export interface HeaderPayload {
  info: HeaderInfo;
}
export interface StatusPayload {
  info: HeaderInfo;
}
export interface RenamePayload {
  info: HeaderInfo;
}

/**
 * Registers `open` (thread, forum post or channel + header), `header` (edit it), `status`
 * (archive / lock / tag / move / delete, and back) and `rename` (the thread, post or channel after
 * the contact's name). All but `rename` run on the parent channel's lane, so a conversation's
 * messages are always posted after its thread exists; `rename` has a lane per conversation,
 * because Discord allows two renames per channel in 10 minutes and its wait must block nothing else.
 *
 * @example
 * registerConversationExecutors(deps);
 * await deps.ctx.outbox.enqueue('open', await deps.lane(), { info });
 */
export function registerConversationExecutors(deps: DiscordDeps): void {
  const { ctx } = deps;
  const rateLimit = ctx.config.rateLimit;
  // Discord's errors reach the outbox in its terms already (discord-api.ts); so do our own.
  const register = <P, R>(kind: string, run: (payload: P) => Promise<R>, onFailed?: (payload: P) => Promise<void>) =>
    ctx.outbox.register<P, R>(kind, { rateLimit, execute: (entry) => run(entry.payload), ...(onFailed ? { onFailed: (entry) => onFailed(entry.payload) } : {}) });

  // Linked, or failed for good: either way the kit's opening mark goes (the next event tries again).
  register<OpenPayload, string>(
    'open',
    async ({ info }) => {
      const key = await openConversation(deps, info);
      await threadOpened(ctx.store, info.conversationId);
      return key;
    },
    ({ info }) => threadOpened(ctx.store, info.conversationId),
  );

  register<HeaderPayload, void>('header', async ({ info }) => {
    const link = await conversationLink(deps, info.conversationId);
    if (!link?.data.headerMessageId) return;
    await editEvenIfArchived(deps, link.key, info.conversationId, () => deps.api.editMessage(link.key, link.data.headerMessageId!, headerMessage(info)));
  });

  register<StatusPayload, void>('status', (payload) => applyStatus(deps, payload.info));

  register<RenamePayload, void>('rename', async ({ info }) => {
    const link = await conversationLink(deps, info.conversationId);
    if (!link && (await createHeaderState(ctx.store).last(info.conversationId))?.status === 'resolved') return; // its channel was deleted
    // Retryable: its `open` may still be queued on the parent's lane.
    if (!link) throw new RetryableError(`discord: conversation #${info.conversationId} has no thread or channel yet`);
    const name = conversationTitle(info, link.data.mode);
    await editEvenIfArchived(deps, link.key, info.conversationId, () => deps.api.renameChannel(link.key, name));
  });
}

/** Creates the conversation's place in Discord and its header; idempotent across retries. */
export async function openConversation(deps: DiscordDeps, info: HeaderInfo): Promise<string> {
  const { ctx, env } = deps;
  const existing = await conversationLink(deps, info.conversationId);
  if (existing?.data.headerMessageId) return existing.key;
  const mode = await deps.mode();
  const save = (key: string, data: ConversationLinkData) => ctx.links.setConversation(info.conversationId, SURFACE, { key, data: { ...data } });

  if (mode === 'forum' && !existing) {
    const tag = (await deps.forumTags()).get(info.status);
    const post = await deps.api.createForumPost(env.channelId, { name: conversationTitle(info, mode), message: headerMessage(info), ...(tag ? { appliedTags: [tag] } : {}) });
    await save(post.id, { mode, parentId: env.channelId, headerMessageId: post.messageId ?? post.id });
    return post.id;
  }

  let key = existing?.key;
  const parentId = mode === 'channel' ? (env.categoryId ?? '') : env.channelId;
  if (!key) {
    if (mode === 'channel') {
      if (!env.categoryId) throw new PermanentError('discord: channel mode needs DISCORD_CATEGORY_ID');
      const channel = await deps.api.createTextChannel(env.guildId, { name: conversationTitle(info, mode), parentId: env.categoryId, topic: `Chatwoot conversation #${info.conversationId}` });
      key = channel.id;
    } else {
      key = (await deps.api.createThread(env.channelId, conversationTitle(info, mode))).id;
    }
    // Linked before the header: a retry then reuses the thread instead of making a second one.
    await save(key, { mode, parentId });
  }
  const header = await deps.api.postMessage(key, headerMessage(info));
  await save(key, { mode, parentId, headerMessageId: header.id });
  return key;
}

/** Archive / lock on resolve, restore on reopen; forum tags follow the status. */
async function applyStatus(deps: DiscordDeps, info: HeaderInfo): Promise<void> {
  const { ctx, env } = deps;
  const resolved = info.status === 'resolved';
  const link = await conversationLink(deps, info.conversationId);
  if (link?.data.mode === 'channel' || (!link && (await deps.mode()) === 'channel')) {
    if (!link) {
      if (!resolved) await openConversation(deps, info);
      return;
    }
    if (resolved && ctx.config.resolved === 'delete') {
      await deps.api.deleteChannel(link.key);
      await ctx.links.removeConversation(info.conversationId, SURFACE);
      return;
    }
    const target = resolved ? ctx.config.archiveCategoryId : env.categoryId;
    if (target) await deps.api.moveChannel(link.key, target);
    return;
  }
  if (!link) return;
  const tags = await deps.forumTags();
  await deps.api.setThreadState(link.key, { archived: resolved, locked: resolved, ...(tags.size > 0 ? { appliedTags: await appliedTags(deps, link.key, tags, info.status) } : {}) });
}

/**
 * The post's tags with the status tag swapped: tags people added by hand stay. `applied_tags`
 * replaces the whole list, so the post is read from Discord first — discord.js's cache lacks an
 * archived post after a restart — and a failed read throws (the outbox retries) rather than
 * sending a list that would drop tags.
 */
async function appliedTags(deps: DiscordDeps, postId: string, tags: Map<string, string>, status: string): Promise<string[]> {
  const statusIds = new Set(STATUS_TAGS.map((name) => tags.get(name)));
  const post = await deps.api.getChannel(postId);
  const current = Array.isArray(post.applied_tags) ? post.applied_tags.filter((id): id is string => typeof id === 'string') : [];
  const others = current.filter((id) => !statusIds.has(id));
  const tag = tags.get(status);
  // Discord allows 5 tags per post.
  return [...(tag ? [tag] : []), ...others].slice(0, 5);
}
