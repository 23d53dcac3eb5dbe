import { mayHaveRun, PermanentError, type OutboxEntry } from '../../src/index.ts';
import type { PostPayload } from './executors.ts';
import { findPosted, MESSAGE_EVENT } from './find-posted.ts';
import { postFolded, readFoldRecord, writeFoldRecord } from './folded-post.ts';
import { hashText, postArgs } from './render-message.ts';
import { canCustomize, parseRef, refOf, SURFACE, type SlackDeps } from './deps.ts';

export type ReplyPayload = Extract<PostPayload, { type: 'reply' }>;
/** Runs a Web API call, turning Slack's errors into outbox errors (retryable or permanent). */
export type SlackCall = <T>(run: () => Promise<T>) => Promise<T>;

/** The thread's `ts` of a conversation, read when the entry runs (the parent may have just been posted). */
export async function threadOf(deps: SlackDeps, conversationId: number): Promise<{ channel: string; ts: string } | undefined> {
  const link = await deps.ctx.links.getConversation(conversationId, SURFACE);
  return link ? parseRef(link.key) : undefined;
}

/**
 * Posts one thread reply: a mirrored Chatwoot message (linked, carrying its id in message metadata,
 * never posted twice), or the bridge's own line. A message heading a folded burst posts every part
 * at once (see fold-bursts.ts).
 *
 * @example
 * ctx.outbox.register('post', { execute: (entry) => postReply(deps, entry, call) });
 */
export async function postReply(deps: SlackDeps, entry: OutboxEntry<ReplyPayload>, call: SlackCall): Promise<unknown> {
  const { ctx, api } = deps;
  const p = entry.payload;
  // Sealed first, whatever happens next: no reply joins a post that is being made.
  const sealed = p.messageId === undefined ? undefined : deps.folds?.seal(p.messageId);
  const thread = await threadOf(deps, p.conversationId);
  if (!thread) throw new PermanentError(`slack: conversation ${p.conversationId} has no thread (its parent was never posted)`);
  if (p.messageId !== undefined) {
    if (await ctx.links.getMessage(p.messageId, SURFACE)) return 'already posted';
    // The parts are stored before the post, so a retry or a restart posts (or finds) the same ones.
    let record = sealed && sealed.length > 1 ? { conversationId: p.conversationId, channel: thread.channel, parts: sealed } : undefined;
    if (record) await writeFoldRecord(ctx.store, p.messageId, record);
    // Only an earlier attempt (this process or one before a restart) can have stored parts.
    else if (mayHaveRun(entry)) record = await readFoldRecord(ctx.store, p.messageId);
    if (record && record.parts.length > 1) return postFolded(deps, entry, thread, record, call);
    if (mayHaveRun(entry)) {
      const found = await findPosted(deps, thread, MESSAGE_EVENT, 'message_id', p.messageId);
      if (found) return ctx.links.setMessage(p.messageId, SURFACE, { key: refOf(thread.channel, found) });
    }
  }
  const customize = await canCustomize(deps);
  const result = await call(() =>
    api.postMessage({
      channel: thread.channel,
      threadTs: thread.ts,
      message: postArgs(p.rendered, customize),
      unfurlMedia: false,
      ...(p.messageId !== undefined ? { metadata: { event_type: MESSAGE_EVENT, event_payload: { conversation_id: p.conversationId, message_id: p.messageId } } } : {}),
    }),
  );
  const ts = result.ts;
  if (p.messageId !== undefined && ts) {
    await ctx.links.setMessage(p.messageId, SURFACE, { key: refOf(thread.channel, ts), data: { text: hashText(p.rendered.text) } });
  }
  return ts;
}
