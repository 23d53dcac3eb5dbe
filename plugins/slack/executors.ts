import { PermanentError, mayHaveRun, type OutboxEntry } from '../../src/index.ts';
import { isMirroredLink, threadOpened } from '../../src/surface/index.ts';
import { CONVERSATION_EVENT, findPosted } from './find-posted.ts';
import { updateFoldedPart, type FoldLinkData } from './folded-post.ts';
import { isStaleParent } from './parent-version.ts';
import { postReply, threadOf, type ReplyPayload } from './post-reply.ts';
import { postArgs, type RenderedMessage } from './render-message.ts';
import { canCustomize, parseRef, refOf, SURFACE, type SlackDeps } from './deps.ts';
import { slackErrorCode, toOutboxError } from './errors.ts';
import { uploadFile, type UploadPayload } from './upload-file.ts';

export { threadOf } from './post-reply.ts';

export type PostPayload =
  | { type: 'parent'; conversationId: number; channel: string; text: string; blocks: unknown[] }
  /** A mirrored Chatwoot message (`messageId`) or the bridge's own line (command output) in a thread. */
  | { type: 'reply'; conversationId: number; channel: string; messageId?: number; rendered: RenderedMessage };

export type UpdatePayload =
  /** `version`: see parent-version.ts; a stale refresh is skipped when it runs. */
  | { target: 'parent'; conversationId: number; version?: number; text: string; blocks: unknown[] }
  | { target: 'message'; messageId: number; rendered: RenderedMessage };

export interface ReactPayload {
  channel: string;
  ts: string;
  name: string;
}

export interface EphemeralPayload {
  channel: string;
  user: string;
  text: string;
  threadTs?: string;
}

/**
 * Kinds the Slack plugin queues, each in the channel's lane. `fold`: a reply folded into the post
 * queued ahead of it — no token of its own; it posts alone only if that post did not take it.
 */
export type SlackKind = 'post' | 'fold' | 'update' | 'upload' | 'react' | 'ephemeral';

/**
 * Queues one Slack side effect in the channel's lane (order and ~1/s rate limit per channel).
 * `planned`: a reply the fold planner already placed (see from-chatwoot.ts); every other write
 * is told to it, so it knows the lane.
 *
 * @example
 * await enqueue(deps, 'react', 'C1', { channel: 'C1', ts, name: 'warning' });
 */
export function enqueue(deps: Pick<SlackDeps, 'ctx' | 'folds'>, kind: SlackKind, channel: string, payload: unknown, options: { planned?: boolean } = {}) {
  if (!options.planned) deps.folds?.noteWrite(kind, channel, (payload as { conversationId?: number }).conversationId);
  // The channel is the lane (stored as `slack:<channel>`: the outbox namespaces destinations per plugin).
  return deps.ctx.outbox.enqueue(kind, channel, payload);
}

/** A message only `user` sees, in the thread when there is one (queued like every post). */
export function tell(deps: Pick<SlackDeps, 'ctx' | 'folds'>, channel: string, user: string, threadTs: string | undefined, text: string) {
  const payload: EphemeralPayload = { channel, user, text, ...(threadTs ? { threadTs } : {}) };
  return enqueue(deps, 'ephemeral', channel, payload);
}

/**
 * Registers the outbox executors. Slack errors become retryable (429 with Retry-After, 5xx,
 * network) or permanent; a retried post first looks for its own message metadata, so a post
 * whose answer was lost is not posted twice.
 *
 * @example
 * registerExecutors(deps); // during setup, before anything is enqueued
 * await enqueue(deps, 'post', 'C1', { type: 'reply', conversationId: 42, channel: 'C1', messageId: 7, rendered: { text: 'hi' } });
 */
export function registerExecutors(deps: SlackDeps): void {
  const { ctx, api, settings } = deps;
  const rateLimit = settings.rateLimit;
  const common = { rateLimit, maxAttempts: 30 };
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toOutboxError(error);
    }
  };

  ctx.outbox.register<PostPayload, unknown>('post', {
    ...common,
    async execute(entry) {
      const p = entry.payload;
      if (p.type === 'parent') return postParent(deps, entry as OutboxEntry<Extract<PostPayload, { type: 'parent' }>>, call);
      return postReply(deps, entry as OutboxEntry<ReplyPayload>, call);
    },
    async onFailed(entry) {
      if (entry.payload.type === 'parent') await threadOpened(ctx.store, entry.payload.conversationId); // the next event tries again
    },
  });
  // No rate limit: a folded reply normally only finds its link (the post ahead of it made it).
  ctx.outbox.register<ReplyPayload, unknown>('fold', {
    maxAttempts: common.maxAttempts,
    async execute(entry) {
      const p = entry.payload;
      if (p.messageId !== undefined && (await ctx.links.getMessage(p.messageId, SURFACE))) return 'folded';
      return postReply(deps, entry, call);
    },
  });
  ctx.outbox.register<UpdatePayload, unknown>('update', {
    ...common,
    async execute(entry) {
      const p = entry.payload;
      if (p.target === 'parent' && (await isStaleParent(ctx.store, p.conversationId, p.version))) return 'stale';
      const link = p.target === 'parent' ? await ctx.links.getConversation(p.conversationId, SURFACE) : await ctx.links.getMessage(p.messageId, SURFACE);
      // Not posted (yet, or by someone else): nothing of ours to edit.
      if (!link || (p.target === 'message' && !isMirroredLink(link))) return 'skipped';
      const fold = link.data?.['fold'] as FoldLinkData | undefined;
      if (p.target === 'message' && fold) return updateFoldedPart(deps, fold, p.messageId, p.rendered);
      const { channel, ts } = parseRef(link.key);
      const message = p.target === 'parent' ? { text: p.text, blocks: p.blocks } : postArgs(p.rendered, await canCustomize(deps));
      try {
        return await api.update({ channel, ts, message });
      } catch (error) {
        if (slackErrorCode(error) === 'message_not_found') return 'gone';
        throw toOutboxError(error);
      }
    },
  });

  ctx.outbox.register<UploadPayload, unknown>('upload', {
    ...common,
    async execute(entry, signal) {
      const thread = await threadOf(deps, entry.payload.conversationId);
      if (!thread) throw new PermanentError(`slack: conversation ${entry.payload.conversationId} has no thread`);
      return uploadFile(deps, thread, entry.payload, signal, call);
    },
  });

  ctx.outbox.register<ReactPayload, unknown>('react', {
    ...common,
    async execute({ payload }) {
      try {
        return await api.addReaction(payload);
      } catch (error) {
        if (slackErrorCode(error) === 'already_reacted') return 'already';
        throw toOutboxError(error);
      }
    },
  });

  ctx.outbox.register<EphemeralPayload, unknown>('ephemeral', {
    ...common,
    execute: ({ payload }) => call(() => api.postEphemeral(payload)),
  });
}

async function postParent(
  deps: SlackDeps,
  entry: OutboxEntry<Extract<PostPayload, { type: 'parent' }>>,
  call: <T>(run: () => Promise<T>) => Promise<T>,
): Promise<unknown> {
  const { ctx, api } = deps;
  const p = entry.payload;
  const existing = await ctx.links.getConversation(p.conversationId, SURFACE);
  if (existing) return 'already posted';
  let ts: string | undefined;
  if (mayHaveRun(entry)) ts = await findPosted(deps, { channel: p.channel }, CONVERSATION_EVENT, 'conversation_id', p.conversationId);
  if (!ts) {
    const result = await call(() =>
      api.postMessage({
        channel: p.channel,
        message: { text: p.text, blocks: p.blocks },
        unfurlMedia: false,
        metadata: { event_type: CONVERSATION_EVENT, event_payload: { conversation_id: p.conversationId } },
      }),
    );
    ts = result.ts;
  }
  if (!ts) throw new Error('slack: chat.postMessage returned no ts');
  await ctx.links.setConversation(p.conversationId, SURFACE, { key: refOf(p.channel, ts), data: { channel: p.channel } });
  await threadOpened(ctx.store, p.conversationId);
  return ts;
}
