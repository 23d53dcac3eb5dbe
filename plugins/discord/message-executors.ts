import { Routes } from 'discord.js';
import { conversationLink, SURFACE, type Bridge } from './bridge.ts';
import { editEvenIfArchived } from './archived-thread.ts';
import { discordCode, toOutboxError } from './discord-errors.ts';
import { clipText } from '../../src/surface/index.ts';
import { MAX_CONTENT } from './escape-mentions.ts';
import { NOTE_EMBED, postContent, SUPPRESS_EMBEDS, type MirroredMessage } from './format-message.ts';
import { multipartBody } from './multipart-body.ts';
import { discordUploadLimit, fileLink, prepareFiles, type PreparedUpload } from './prepare-files.ts';
import type { Webhooks } from './webhooks.ts';

export interface PostPayload {
  conversationId: number;
  chatwootMessageId: number;
  message: MirroredMessage;
}
export interface EditPayload {
  conversationId: number;
  chatwootMessageId: number;
  content: string;
  /** A soft delete also drops the attachments. */
  deleted: boolean;
}
export interface ReactPayload {
  channelId: string;
  messageId: string;
  explanation: string;
}
export interface NoticePayload {
  channelId: string;
  messageId: string;
  text: string;
  ttlMs: number;
}

const UNKNOWN_WEBHOOK = 10015;
const TOO_LARGE = 40005;
const NO_MENTIONS = { parse: [] as string[] };

/** Where a conversation's webhook posts go: the webhook's channel and, for threads, `thread_id`. */
async function target(bridge: Bridge, hooks: Webhooks, conversationId: number) {
  const link = await conversationLink(bridge, conversationId);
  // Retryable: the `open` entry ahead in this lane may still be running after a restart.
  if (!link) throw new Error(`discord: conversation #${conversationId} has no thread or channel yet`);
  const inThread = link.data.mode !== 'channel';
  const channelId = inThread ? link.data.parentId : link.key;
  const query: Record<string, string> = inThread ? { thread_id: link.key } : {};
  return { link, channelId, hook: await hooks.get(channelId), query };
}

/** Posts `text` as a reply to `messageId`, pinging no one; returns the new message. */
async function replyTo(bridge: Bridge, channelId: string, messageId: string, text: string): Promise<{ id: string }> {
  return (await bridge.rest.post(Routes.channelMessages(channelId), {
    body: { content: clipText(text, MAX_CONTENT, '…'), message_reference: { message_id: messageId, fail_if_not_exists: false }, allowed_mentions: NO_MENTIONS },
  })) as { id: string };
}

/**
 * Registers `post` (a Chatwoot message through the channel webhook), `edit` (its edits and soft
 * deletes), `react` (⚠️ + explanation on a Discord message Chatwoot refused) and `notice`
 * (a short-lived reply, e.g. "edits are not carried over").
 *
 * @example
 * registerMessageExecutors(bridge, hooks);
 * await bridge.ctx.outbox.enqueue('post', await bridge.lane(), { conversationId, chatwootMessageId, message });
 */
export function registerMessageExecutors(bridge: Bridge, hooks: Webhooks): void {
  const { ctx } = bridge;
  const rateLimit = ctx.config.rateLimit;
  const rethrow = async (error: unknown, channelId?: string): Promise<never> => {
    if (channelId && discordCode(error) === UNKNOWN_WEBHOOK) {
      await hooks.forget(channelId);
      throw new Error('discord: our webhook was deleted; a new one is made on retry');
    }
    throw toOutboxError(error);
  };

  ctx.outbox.register<PostPayload, string | undefined>('post', {
    rateLimit,
    maxAttempts: 6,
    execute: async (entry, signal) => {
      const { conversationId, chatwootMessageId, message } = entry.payload;
      const done = await ctx.links.getMessage(chatwootMessageId, SURFACE);
      if (done) return done.key;
      const { link, channelId, hook, query } = await target(bridge, hooks, conversationId);
      const limit = Math.min(ctx.config.maxFileBytes, discordUploadLimit(bridge.client.guilds.cache.get(bridge.env.guildId)?.premiumTier));
      const prepared = await prepareFiles(message.files, limit, signal);
      const send = async (uploads: PreparedUpload[], links: string[]) => {
        const payload = {
          content: postContent(message.content, links, message.continuedAt),
          username: message.username,
          ...(message.avatarUrl ? { avatar_url: message.avatarUrl } : {}),
          allowed_mentions: NO_MENTIONS,
          // Only the bridge's own embed marks a note; a customer's post never shows one (no previews).
          ...(message.note ? { embeds: [NOTE_EMBED] } : {}),
          ...(message.customer ? { flags: SUPPRESS_EMBEDS } : {}),
          ...(uploads.length ? { attachments: uploads.map((file, id) => ({ id, filename: file.name })) } : {}),
        };
        const post = async () => {
          // A fresh body per attempt: a multipart stream is read once.
          const multipart = uploads.length ? multipartBody(payload, uploads) : undefined;
          return (await bridge.rest.post(Routes.webhook(hook.id, hook.token), {
            auth: false,
            query: new URLSearchParams({ wait: 'true', ...query }),
            ...(multipart ? { body: multipart.body, passThroughBody: true, headers: { 'Content-Type': multipart.contentType } } : { body: payload }),
          })) as { id: string };
        };
        if (link.data.mode === 'channel') return post();
        // A message arriving after resolve (the "resolved by" activity line, a late reply) goes into
        // the archived thread the same way an edit does.
        let sent: { id: string } | undefined;
        await editEvenIfArchived(bridge, link.key, conversationId, async () => void (sent = await post()));
        return sent as { id: string };
      };
      try {
        let sent: { id: string };
        try {
          sent = await send(prepared.uploads, prepared.links);
        } catch (error) {
          if (!prepared.uploads.length || (discordCode(error) !== TOO_LARGE && (error as { status?: number }).status !== 413)) throw error;
          // Discord refused the files (a smaller limit than we knew): link them instead of losing the message.
          sent = await send([], [...prepared.links, ...prepared.uploads.map((file) => fileLink(file, 'Discord refused the upload as too large'))]);
        }
        await ctx.links.setMessage(chatwootMessageId, SURFACE, { key: sent.id });
        return sent.id;
      } catch (error) {
        return rethrow(error, channelId);
      }
    },
  });

  ctx.outbox.register<EditPayload, void>('edit', {
    rateLimit,
    execute: async (entry) => {
      const { conversationId, chatwootMessageId, content, deleted } = entry.payload;
      const mirrored = await ctx.links.getMessage(chatwootMessageId, SURFACE);
      if (!mirrored) return;
      const { link, channelId, hook, query } = await target(bridge, hooks, conversationId);
      const edit = () =>
        bridge.rest.patch(Routes.webhookMessage(hook.id, hook.token, mirrored.key), {
          auth: false,
          query: new URLSearchParams(query),
          body: { content: clipText(content, MAX_CONTENT, '…'), allowed_mentions: NO_MENTIONS, ...(deleted ? { attachments: [], embeds: [] } : {}) },
        });
      try {
        // A resolved conversation's thread or post is archived, and Discord refuses edits there
        // (50083): it is opened for the edit and archived again, as for the header.
        if (link.data.mode === 'channel') await edit();
        else await editEvenIfArchived(bridge, link.key, conversationId, edit);
      } catch (error) {
        await rethrow(error, channelId);
      }
    },
  });

  ctx.outbox.register<ReactPayload, void>('react', {
    rateLimit,
    execute: async (entry) => {
      const { channelId, messageId, explanation } = entry.payload;
      try {
        await bridge.rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent('⚠️')));
        await replyTo(bridge, channelId, messageId, explanation);
      } catch (error) {
        await rethrow(error);
      }
    },
  });

  ctx.outbox.register<NoticePayload, void>('notice', {
    rateLimit,
    execute: async (entry) => {
      const { channelId, messageId, text, ttlMs } = entry.payload;
      try {
        const sent = await replyTo(bridge, channelId, messageId, text);
        if (ttlMs > 0) {
          const timer = setTimeout(() => {
            bridge.rest.delete(Routes.channelMessage(channelId, sent.id)).catch(() => undefined);
          }, ttlMs);
          timer.unref();
        }
      } catch (error) {
        await rethrow(error);
      }
    },
  });
}
