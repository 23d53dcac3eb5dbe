import type { APIAllowedMentions } from 'discord.js';
import { RetryableError } from '../../src/index.ts';
import { conversationLink, SURFACE, type DiscordDeps } from './deps.ts';
import { editEvenIfArchived } from './archived-thread.ts';
import { discordCode, discordStatus, toOutboxError } from './errors.ts';
import { clipText } from '../../src/surface/index.ts';
import { MAX_CONTENT } from './escape-mentions.ts';
import { NOTE_EMBED, postContent, SUPPRESS_EMBEDS, type MirroredMessage } from './format-message.ts';
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
  /** The message the notice answers; without one it is a plain message in the channel. */
  messageId?: string;
  text: string;
  ttlMs: number;
}

const UNKNOWN_WEBHOOK = 10015;
const TOO_LARGE = 40005;
const NO_MENTIONS: APIAllowedMentions = { parse: [] };

/** Where a conversation's webhook posts go: the webhook's channel and, for threads, `thread_id`. */
async function target(deps: DiscordDeps, hooks: Webhooks, conversationId: number) {
  const link = await conversationLink(deps, conversationId);
  // Retryable: the `open` entry ahead in this lane may still be running after a restart.
  if (!link) throw new RetryableError(`discord: conversation #${conversationId} has no thread or channel yet`);
  const inThread = link.data.mode !== 'channel';
  const channelId = inThread ? link.data.parentId : link.key;
  const to = inThread ? { threadId: link.key } : {};
  return { link, channelId, hook: await hooks.get(channelId), to };
}

/** Posts `text` as a reply to `messageId`, pinging no one; returns the new message. */
async function replyTo(deps: DiscordDeps, channelId: string, messageId: string, text: string): Promise<{ id: string }> {
  return deps.api.postMessage(channelId, {
    content: clipText(text, MAX_CONTENT, '…'),
    message_reference: { message_id: messageId, fail_if_not_exists: false },
    allowed_mentions: NO_MENTIONS,
  });
}

/**
 * Registers `post` (a Chatwoot message through the channel webhook), `edit` (its edits and soft
 * deletes), `react` (⚠️ + explanation on a Discord message Chatwoot refused) and `notice`
 * (a short-lived reply, e.g. "edits are not carried over").
 *
 * @example
 * registerMessageExecutors(deps, hooks);
 * await deps.ctx.outbox.enqueue('post', await deps.lane(), { conversationId, chatwootMessageId, message });
 */
export function registerMessageExecutors(deps: DiscordDeps, hooks: Webhooks): void {
  const { ctx } = deps;
  const rateLimit = ctx.config.rateLimit;
  const rethrow = async (error: unknown, channelId?: string): Promise<never> => {
    if (channelId && discordCode(error) === UNKNOWN_WEBHOOK) {
      await hooks.forget(channelId);
      throw new RetryableError('discord: our webhook was deleted; a new one is made on retry', { cause: error });
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
      const { link, channelId, hook, to } = await target(deps, hooks, conversationId);
      const limit = Math.min(ctx.config.maxFileBytes, discordUploadLimit(deps.client.guilds.cache.get(deps.env.guildId)?.premiumTier));
      const prepared = await prepareFiles(message.files, limit, signal);
      const send = async (uploads: PreparedUpload[], links: string[]) => {
        const payload = {
          content: postContent(message.content, links, message.continuedAt),
          username: message.username,
          ...(message.avatarUrl ? { avatar_url: message.avatarUrl } : {}),
          allowed_mentions: NO_MENTIONS,
          // Only the deps's own embed marks a note; a customer's post never shows one (no previews).
          ...(message.note ? { embeds: [NOTE_EMBED] } : {}),
          ...(message.customer ? { flags: SUPPRESS_EMBEDS } : {}),
          ...(uploads.length ? { attachments: uploads.map((file, id) => ({ id, filename: file.name })) } : {}),
        };
        const post = () => deps.api.executeWebhook(hook, to, payload, uploads);
        if (link.data.mode === 'channel') return post();
        // A message arriving after resolve (the "resolved by" activity line, a late reply) goes into
        // the archived thread the same way an edit does.
        let sent: { id: string } | undefined;
        await editEvenIfArchived(deps, link.key, conversationId, async () => void (sent = await post()));
        return sent as { id: string };
      };
      try {
        let sent: { id: string };
        try {
          sent = await send(prepared.uploads, prepared.links);
        } catch (error) {
          if (!prepared.uploads.length || (discordCode(error) !== TOO_LARGE && discordStatus(error) !== 413)) throw error;
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
      const { link, channelId, hook, to } = await target(deps, hooks, conversationId);
      const edit = () =>
        deps.api.editWebhookMessage(hook, mirrored.key, to, {
          content: clipText(content, MAX_CONTENT, '…'),
          allowed_mentions: NO_MENTIONS,
          ...(deleted ? { attachments: [], embeds: [] } : {}),
        });
      try {
        // A resolved conversation's thread or post is archived, and Discord refuses edits there
        // (50083): it is opened for the edit and archived again, as for the header.
        if (link.data.mode === 'channel') await edit();
        else await editEvenIfArchived(deps, link.key, conversationId, edit);
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
        await deps.api.addOwnReaction(channelId, messageId, '⚠️');
        await replyTo(deps, channelId, messageId, explanation);
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
        const sent = messageId ? await replyTo(deps, channelId, messageId, text) : await deps.api.postMessage(channelId, { content: clipText(text, MAX_CONTENT, '…'), allowed_mentions: NO_MENTIONS });
        if (ttlMs > 0) {
          const timer = setTimeout(() => {
            deps.api.deleteMessage(channelId, sent.id).catch(() => undefined);
          }, ttlMs);
          timer.unref();
        }
      } catch (error) {
        await rethrow(error);
      }
    },
  });
}
