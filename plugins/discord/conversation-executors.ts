import { ChannelType, Routes } from 'discord.js';
import { PermanentError } from '../../src/index.ts';
import { conversationLink, SURFACE, type Bridge, type ConversationLinkData } from './bridge.ts';
import { discordCode, toOutboxError } from './discord-errors.ts';
import { conversationTitle, headerMessage, type HeaderInfo } from './format-header.ts';

export interface OpenPayload {
  info: HeaderInfo;
}
export interface HeaderPayload {
  info: HeaderInfo;
}
export interface StatusPayload {
  info: HeaderInfo;
}

const THREAD_ARCHIVED = 50083;

/**
 * Registers `open` (thread, forum post or channel + header), `header` (edit it) and `status`
 * (archive / lock / tag / move / delete, and back). All run on the parent channel's lane, so a
 * conversation's messages are always posted after its thread exists.
 *
 * @example
 * registerConversationExecutors(bridge);
 * await bridge.ctx.outbox.enqueue('open', await bridge.lane(), { info });
 */
export function registerConversationExecutors(bridge: Bridge): void {
  const { ctx } = bridge;
  const rateLimit = ctx.config.rateLimit;

  ctx.outbox.register<OpenPayload, string>('open', {
    rateLimit,
    execute: async (entry) => {
      try {
        return await openConversation(bridge, entry.payload.info);
      } catch (error) {
        throw toOutboxError(error);
      }
    },
  });

  ctx.outbox.register<HeaderPayload, void>('header', {
    rateLimit,
    execute: async (entry) => {
      const link = await conversationLink(bridge, entry.payload.info.conversationId);
      if (!link?.data.headerMessageId) return;
      const edit = () => bridge.rest.patch(Routes.channelMessage(link.key, link.data.headerMessageId!), { body: headerMessage(entry.payload.info) });
      try {
        await edit();
      } catch (error) {
        if (discordCode(error) !== THREAD_ARCHIVED) throw toOutboxError(error);
        // An archived thread's messages cannot be edited: open it for a moment.
        try {
          await bridge.rest.patch(Routes.channel(link.key), { body: { archived: false, locked: false } });
          await edit();
          await bridge.rest.patch(Routes.channel(link.key), { body: { archived: true, locked: true } });
        } catch (inner) {
          throw toOutboxError(inner);
        }
      }
    },
  });

  ctx.outbox.register<StatusPayload, void>('status', {
    rateLimit,
    execute: async (entry) => {
      try {
        await applyStatus(bridge, entry.payload.info);
      } catch (error) {
        throw toOutboxError(error);
      }
    },
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
  const tag = tags.get(info.status);
  await bridge.rest.patch(Routes.channel(link.key), {
    body: { archived: resolved, locked: resolved, ...(tags.size > 0 ? { applied_tags: tag ? [tag] : [] } : {}) },
  });
}
