import { clipText } from '../../src/surface/index.ts';
import { mayHaveRun, type OutboxEntry, type PluginContext } from '../../src/index.ts';
import type { FoldPart } from './fold-bursts.ts';
import { findPosted, MESSAGE_EVENT } from './find-posted.ts';
import type { ReplyPayload, SlackCall } from './post-reply.ts';
import { hashText, postArgs, SLACK_MAX_TEXT, type RenderedMessage } from './render-message.ts';
import { canCustomize, refOf, SURFACE, type SlackDeps } from './deps.ts';
import { slackErrorCode, toOutboxError } from './errors.ts';

/** A folded post: its parts in order (the head first) and, once made, where it is. */
export interface FoldRecord {
  conversationId: number;
  channel: string;
  ts?: string;
  parts: FoldPart[];
}

/** What a part's message link carries besides `text`: the post's head and the part's place. */
export interface FoldLinkData {
  head: number;
  index: number;
}

const recordKey = (headId: number) => `fold:${headId}`;

export const readFoldRecord = (store: PluginContext['store'], headId: number) => store.get<FoldRecord>(recordKey(headId));
export const writeFoldRecord = async (store: PluginContext['store'], headId: number, record: FoldRecord) => void (await store.set(recordKey(headId), record));

/** The parts as one message: their lines in order, under the head's name and avatar. */
export function composeFolded(parts: FoldPart[]): RenderedMessage {
  const head = parts[0]!.rendered;
  const text = clipText(parts.map((part) => part.rendered.text).join('\n'), SLACK_MAX_TEXT, '…');
  return { text, ...(head.name ? { name: head.name } : {}), ...(head.iconUrl ? { iconUrl: head.iconUrl } : {}) };
}

/**
 * Posts a folded burst: one chat.postMessage whose metadata lists every message id, then a link per
 * part (the head's is the post's own ref, the others `ref#index`), so an edit or a deletion in
 * Chatwoot rewrites just its part. A retry that finds the post already made only links it.
 *
 * @example
 * await postFolded(deps, entry, thread, { conversationId: 42, channel: 'C1', parts }, call);
 */
export async function postFolded(deps: SlackDeps, entry: OutboxEntry<ReplyPayload>, thread: { channel: string; ts: string }, record: FoldRecord, call: SlackCall): Promise<unknown> {
  const headId = record.parts[0]!.messageId;
  let ts = mayHaveRun(entry) ? await findPosted(deps, thread, MESSAGE_EVENT, 'message_id', headId) : undefined;
  if (!ts) {
    const customize = await canCustomize(deps);
    const result = await call(() =>
      deps.api.postMessage({
        channel: thread.channel,
        threadTs: thread.ts,
        message: postArgs(composeFolded(record.parts), customize),
        unfurlMedia: false,
        metadata: {
          event_type: MESSAGE_EVENT,
          event_payload: { conversation_id: record.conversationId, message_id: headId, message_ids: record.parts.map((part) => part.messageId) },
        },
      }),
    );
    ts = result.ts;
  }
  if (!ts) return undefined;
  await writeFoldRecord(deps.ctx.store, headId, { ...record, ts });
  for (const [index, part] of record.parts.entries()) {
    const key = index === 0 ? refOf(thread.channel, ts) : `${refOf(thread.channel, ts)}#${index}`;
    const fold: FoldLinkData = { head: headId, index };
    await deps.ctx.links.setMessage(part.messageId, SURFACE, { key, data: { text: hashText(part.rendered.text), fold } });
  }
  return ts;
}

/**
 * An edit or deletion of one part of a folded post: that part's text replaced, the post rewritten.
 * Nothing to do (`skipped`) when the post is unknown; `gone` when Slack no longer has it.
 */
export async function updateFoldedPart(deps: SlackDeps, fold: FoldLinkData, messageId: number, rendered: RenderedMessage): Promise<unknown> {
  const record = await readFoldRecord(deps.ctx.store, fold.head);
  const part = record?.parts[fold.index];
  if (!record?.ts || part?.messageId !== messageId) return 'skipped';
  const parts = record.parts.map((p, i) => (i === fold.index ? { messageId, rendered: { ...p.rendered, text: rendered.text } } : p));
  try {
    await deps.api.update({ channel: record.channel, ts: record.ts, message: { ...postArgs(composeFolded(parts), await canCustomize(deps)), blocks: [] } });
  } catch (error) {
    if (slackErrorCode(error) === 'message_not_found') return 'gone';
    throw toOutboxError(error);
  }
  await writeFoldRecord(deps.ctx.store, fold.head, { ...record, parts });
  return 'updated';
}
