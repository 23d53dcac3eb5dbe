import { Routes } from 'discord.js';
import { conversationLink, SURFACE, type Bridge } from './bridge.ts';
import { discordCode, toOutboxError } from './discord-errors.ts';
import { truncate } from './escape-mentions.ts';
import type { MirroredFile, MirroredMessage } from './format-message.ts';
import { multipartBody, type UploadFile } from './multipart-body.ts';
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

/** Downloads what fits under `maxBytes`; the rest (and failed downloads) become links. */
async function prepareFiles(files: MirroredFile[], maxBytes: number, signal: AbortSignal): Promise<{ uploads: UploadFile[]; links: string[] }> {
  const uploads: UploadFile[] = [];
  const links: string[] = [];
  for (const file of files) {
    if (file.size !== undefined && file.size > maxBytes) {
      links.push(`📎 [${file.name}](${file.url})`);
      continue;
    }
    try {
      const response = await fetch(file.url, { signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = Buffer.from(await response.arrayBuffer());
      if (data.length > maxBytes) links.push(`📎 [${file.name}](${file.url})`);
      else uploads.push({ name: file.name, data, contentType: response.headers.get('content-type') ?? 'application/octet-stream' });
    } catch {
      links.push(`📎 [${file.name}](${file.url})`);
    }
  }
  return { uploads, links };
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
      const { channelId, hook, query } = await target(bridge, hooks, conversationId);
      const { uploads, links } = await prepareFiles(message.files, ctx.config.maxFileBytes, signal);
      const content = truncate([message.content, ...links].filter(Boolean).join('\n'));
      try {
        const payload = {
          content,
          username: message.username,
          ...(message.avatarUrl ? { avatar_url: message.avatarUrl } : {}),
          allowed_mentions: NO_MENTIONS,
          ...(uploads.length ? { attachments: uploads.map((file, id) => ({ id, filename: file.name })) } : {}),
        };
        const multipart = uploads.length ? multipartBody(payload, uploads) : undefined;
        const sent = (await bridge.rest.post(Routes.webhook(hook.id, hook.token), {
          auth: false,
          query: new URLSearchParams({ wait: 'true', ...query }),
          ...(multipart ? { body: multipart.body, passThroughBody: true, headers: { 'Content-Type': multipart.contentType } } : { body: payload }),
        })) as { id: string };
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
      const { channelId, hook, query } = await target(bridge, hooks, conversationId);
      try {
        await bridge.rest.patch(Routes.webhookMessage(hook.id, hook.token, mirrored.key), {
          auth: false,
          query: new URLSearchParams(query),
          body: { content: truncate(content), allowed_mentions: NO_MENTIONS, ...(deleted ? { attachments: [], embeds: [] } : {}) },
        });
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
        await bridge.rest.post(Routes.channelMessages(channelId), {
          body: { content: truncate(explanation), message_reference: { message_id: messageId, fail_if_not_exists: false }, allowed_mentions: NO_MENTIONS },
        });
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
        const sent = (await bridge.rest.post(Routes.channelMessages(channelId), {
          body: { content: truncate(text), message_reference: { message_id: messageId, fail_if_not_exists: false }, allowed_mentions: NO_MENTIONS },
        })) as { id: string };
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
