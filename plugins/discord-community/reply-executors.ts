import { isMirroredLink } from '../../src/surface/index.ts';
import { discordCode } from '../discord/kit.ts';
import type { CommunityDeps } from './deps.ts';
import { explainFailure } from './explain-failure.ts';
import type { ReplyContent } from './format-reply.ts';
import { closeThread, deleteReply, editReply, inOpenThread, postReply, textHash, type PostedReply } from './post-reply.ts';
import { payloadKey, placeOf, SURFACE } from './thread-map.ts';

/** An agent's reply on its way into the member's thread or DM. */
export interface ReplyPayload {
  /** The conversation key: the thread id, or `dm:<channel id>`. */
  key: string;
  chatwootMessageId: number;
  reply: ReplyContent;
}
/** An agent's reply whose text changed in Chatwoot. */
export type ReplyEditPayload = ReplyPayload;
/** An agent's reply deleted in Chatwoot. */
export interface ReplyDeletePayload {
  key: string;
  chatwootMessageId: number;
}
/** A resolved conversation: the closing line, then the thread archived (and locked with `afterResolve: 'new'`). */
export interface ClosePayload {
  key: string;
  conversationId: number;
  line: string;
}
/** Tells the member that one of their messages did not reach support. */
export interface NoticePayload {
  key: string;
}

const NO_MENTIONS = { parse: [] };
const UNKNOWN_MESSAGE = 10008;
const WEEK_MS = 7 * 24 * 3600_000;
const NOTICE_WINDOW_MS = 3600_000;

/** A reply queued before replies carried their parts: its finished text, posted by the bot. */
function legacyReply(payload: { content?: string }): ReplyContent {
  const text = payload.content ?? '';
  return { botText: text, webhookText: text, username: 'Chatwoot', files: [] };
}

/** The reply a link describes (link data written by the `reply` executor). */
function postedOf(link: { key: string; data?: Record<string, unknown> }): PostedReply {
  return { postId: link.key, via: link.data?.['via'] === 'webhook' ? 'webhook' : 'bot', textHash: String(link.data?.['textHash'] ?? '') };
}

/**
 * Registers the Chatwoot → member executors: `reply` (once per Chatwoot message, by its link),
 * `reply-edit` and `reply-delete` (the post changed or removed the way it was made), `close` (the
 * closing line once, then the thread archived — and locked, with `afterResolve: 'new'`, which also
 * retires the conversation) and `notice` (a failed message, told at most once an hour per place).
 * A permanent Discord failure (the member blocks DMs, left, the thread is gone) is logged once
 * with what it means; the core reports it as `switchboard.delivery_failed`.
 *
 * @example
 * registerReplyExecutors(deps);
 */
export function registerReplyExecutors(deps: CommunityDeps): void {
  const { ctx, api, directory } = deps;
  const rateLimit = ctx.config.rateLimit;
  // Explained once per place and cause (a member who blocks DMs fails every reply the same way).
  const told = new Set<string>();
  const onFailed = async (entry: { kind: string; payload: { key?: string; threadId?: string } }, error: Error) => {
    const place = entry.payload.key ?? entry.payload.threadId;
    const once = `${place}\u0000${discordCode(error) ?? error.message}`;
    if (told.has(once)) return void ctx.log.warn({ place, kind: entry.kind, err: error.message }, 'discord-community: not delivered to the member (again)');
    told.add(once);
    ctx.log.error({ err: error, place, kind: entry.kind }, `discord-community: ${explainFailure(error)}`);
  };

  ctx.outbox.register<ReplyPayload, string>('reply', {
    rateLimit,
    maxAttempts: 6,
    execute: async (entry, signal) => {
      const { chatwootMessageId } = entry.payload;
      const key = payloadKey(entry.payload);
      const done = await ctx.links.getMessage(chatwootMessageId, SURFACE);
      if (done) return done.key;
      const posted = await postReply(deps, placeOf(key), entry.payload.reply ?? legacyReply(entry.payload as { content?: string }), signal);
      await ctx.links.setMessage(chatwootMessageId, SURFACE, { key: posted.postId, data: { place: key, via: posted.via, textHash: posted.textHash } });
      return posted.postId;
    },
    onFailed,
  });

  ctx.outbox.register<ReplyEditPayload, void>('reply-edit', {
    rateLimit,
    execute: async (entry) => {
      const { key, chatwootMessageId, reply } = entry.payload;
      const link = await ctx.links.getMessage(chatwootMessageId, SURFACE);
      if (!isMirroredLink(link)) return;
      const posted = postedOf(link);
      const hash = textHash(posted.via === 'bot' ? reply.botText : reply.webhookText);
      if (hash === posted.textHash) return;
      await editReply(deps, placeOf(key), posted, reply);
      await ctx.links.setMessage(chatwootMessageId, SURFACE, { key: link.key, data: { ...link.data, textHash: hash } });
    },
    onFailed,
  });

  ctx.outbox.register<ReplyDeletePayload, void>('reply-delete', {
    rateLimit,
    execute: async (entry) => {
      const { key, chatwootMessageId } = entry.payload;
      const link = await ctx.links.getMessage(chatwootMessageId, SURFACE);
      if (!isMirroredLink(link) || link.data?.['deleted']) return;
      try {
        await deleteReply(deps, placeOf(key), postedOf(link));
      } catch (error) {
        if (discordCode(error) !== UNKNOWN_MESSAGE) throw error; // else: already gone
      }
      await ctx.links.setMessage(chatwootMessageId, SURFACE, { key: link.key, data: { ...link.data, deleted: true } });
    },
    onFailed,
  });

  ctx.outbox.register<ClosePayload, void>('close', {
    rateLimit,
    execute: async (entry) => {
      const { conversationId, line } = entry.payload;
      const key = payloadKey(entry.payload);
      const renew = ctx.config.afterResolve === 'new';
      // Before anything that may fail: the member's next message must open a new conversation.
      if (renew) await directory.startOver(key, conversationId);
      const place = placeOf(key);
      const said = `closed:${conversationId}:${entry.id}`;
      if (!(await ctx.store.get<boolean>(said))) {
        await inOpenThread(deps, place, () => api.postMessage(place.channelId, { content: line, allowed_mentions: NO_MENTIONS }));
        await ctx.store.set(said, true, WEEK_MS);
      }
      if (!place.dm) await closeThread(deps, place.channelId);
    },
    onFailed,
  });

  ctx.outbox.register<NoticePayload, void>('notice', {
    rateLimit,
    execute: async (entry) => {
      const { key } = entry.payload;
      const told = `noticed:${key}`;
      if (await ctx.store.get<boolean>(told)) return;
      const place = placeOf(key);
      await inOpenThread(deps, place, () => api.postMessage(place.channelId, { content: ctx.config.failureNotice, allowed_mentions: NO_MENTIONS }));
      await ctx.store.set(told, true, NOTICE_WINDOW_MS);
    },
    onFailed,
  });
}
