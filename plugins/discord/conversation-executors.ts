import { ChannelType, Routes } from 'discord.js';
import { PermanentError } from '../../src/index.ts';
import { conversationLink, SURFACE, type Bridge, type ConversationLinkData } from './bridge.ts';
import { editEvenIfArchived } from './archived-thread.ts';
import { toOutboxError } from './discord-errors.ts';
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
 * registerConversationExecutors(bridge);
 * await bridge.ctx.outbox.enqueue('open', await bridge.lane(), { info });
 */
export function registerConversationExecutors(bridge: Bridge): void {
  const { ctx } = bridge;
  const rateLimit = ctx.config.rateLimit;
  // Every executor here hands Discord's errors to the outbox in its terms (retry after, permanent…).
  const register = <P, R>(kind: string, run: (payload: P) => Promise<R>) =>
    ctx.outbox.register<P, R>(kind, {
      rateLimit,
      execute: async (entry) => {
        try {
          return await run(entry.payload);
        } catch (error) {
          throw toOutboxError(error);
        }
      },
    });

  register<OpenPayload, string>('open', (payload) => openConversation(bridge, payload.info));

  register<HeaderPayload, void>('header', async ({ info }) => {
    const link = await conversationLink(bridge, info.conversationId);
    if (!link?.data.headerMessageId) return;
    await editEvenIfArchived(bridge, link.key, info.conversationId, () => bridge.rest.patch(Routes.channelMessage(link.key, link.data.headerMessageId!), { body: headerMessage(info) }));
  });

  register<StatusPayload, void>('status', (payload) => applyStatus(bridge, payload.info));

  register<RenamePayload, void>('rename', async ({ info }) => {
    const link = await conversationLink(bridge, info.conversationId);
    if (!link && (await createHeaderState(ctx.store).last(info.conversationId))?.status === 'resolved') return; // its channel was deleted
    // Retryable: its `open` may still be queued on the parent's lane.
    if (!link) throw new Error(`discord: conversation #${info.conversationId} has no thread or channel yet`);
    const name = conversationTitle(info, link.data.mode);
    await editEvenIfArchived(bridge, link.key, info.conversationId, () => bridge.rest.patch(Routes.channel(link.key), { body: { name } }));
  });
}

/** Creates the conversation's place in Discord and its header; idempotent across retries. */
export async function openConversation(bridge: Bridge, info: HeaderInfo): Promise<string> {
  const { ctx, env } = bridge;
  const existing = await conversationLink(bridge, info.conversationId);
  if (existing?.data.headerMessageId) return existing.key;
  const mode = await bridge.mode();
  const save = (key: string, data: ConversationLinkData) => ctx.links.setConversation(info.conversationId, SURFACE, { key, data: { ...data } });

  if (mode === 'forum' && !existing) {
    const tag = (await bridge.forumTags()).get(info.status);
    const post = (await bridge.rest.post(Routes.threads(env.channelId), {
      body: { name: conversationTitle(info, mode), auto_archive_duration: 10080, message: headerMessage(info), ...(tag ? { applied_tags: [tag] } : {}) },
    })) as { id: string; message?: { id: string } };
    await save(post.id, { mode, parentId: env.channelId, headerMessageId: post.message?.id ?? post.id });
    return post.id;
  }

  let key = existing?.key;
  const parentId = mode === 'channel' ? (env.categoryId ?? '') : env.channelId;
  if (!key) {
    if (mode === 'channel') {
      if (!env.categoryId) throw new PermanentError('discord: channel mode needs DISCORD_CATEGORY_ID');
      const channel = (await bridge.rest.post(Routes.guildChannels(env.guildId), {
        body: { name: conversationTitle(info, mode), type: ChannelType.GuildText, parent_id: env.categoryId, topic: `Chatwoot conversation #${info.conversationId}` },
      })) as { id: string };
      key = channel.id;
    } else {
      const thread = (await bridge.rest.post(Routes.threads(env.channelId), {
        body: { name: conversationTitle(info, mode), type: ChannelType.PublicThread, auto_archive_duration: 10080 },
      })) as { id: string };
      key = thread.id;
    }
    // Linked before the header: a retry then reuses the thread instead of making a second one.
    await save(key, { mode, parentId });
  }
  const header = (await bridge.rest.post(Routes.channelMessages(key), { body: headerMessage(info) })) as { id: string };
  await save(key, { mode, parentId, headerMessageId: header.id });
  return key;
}

/** Archive / lock on resolve, restore on reopen; forum tags follow the status. */
async function applyStatus(bridge: Bridge, info: HeaderInfo): Promise<void> {
  const { ctx, env } = bridge;
  const resolved = info.status === 'resolved';
  const link = await conversationLink(bridge, info.conversationId);
  if (link?.data.mode === 'channel' || (!link && (await bridge.mode()) === 'channel')) {
    if (!link) {
      if (!resolved) await openConversation(bridge, info);
      return;
    }
    if (resolved && ctx.config.resolved === 'delete') {
      await bridge.rest.delete(Routes.channel(link.key));
      await ctx.links.removeConversation(info.conversationId, SURFACE);
      return;
    }
    const target = resolved ? ctx.config.archiveCategoryId : env.categoryId;
    if (target) await bridge.rest.patch(Routes.channel(link.key), { body: { parent_id: target } });
    return;
  }
  if (!link) return;
  const tags = await bridge.forumTags();
  await bridge.rest.patch(Routes.channel(link.key), {
    body: { archived: resolved, locked: resolved, ...(tags.size > 0 ? { applied_tags: await appliedTags(bridge, link.key, tags, info.status) } : {}) },
  });
}

/**
 * The post's tags with the status tag swapped: tags people added by hand stay. `applied_tags`
 * replaces the whole list, so the post is read from Discord first — discord.js's cache lacks an
 * archived post after a restart — and a failed read throws (the outbox retries) rather than
 * sending a list that would drop tags.
 */
async function appliedTags(bridge: Bridge, postId: string, tags: Map<string, string>, status: string): Promise<string[]> {
  const statusIds = new Set(STATUS_TAGS.map((name) => tags.get(name)));
  const post = (await bridge.rest.get(Routes.channel(postId))) as { applied_tags?: unknown };
  const current = Array.isArray(post.applied_tags) ? post.applied_tags.filter((id): id is string => typeof id === 'string') : [];
  const others = current.filter((id) => !statusIds.has(id));
  const tag = tags.get(status);
  // Discord allows 5 tags per post.
  return [...(tag ? [tag] : []), ...others].slice(0, 5);
}
