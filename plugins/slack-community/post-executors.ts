import { mayHaveRun } from '../../src/index.ts';
import { isMirroredLink } from '../../src/surface/index.ts';
import { parseRef, refOf, slackErrorCode, toOutboxError, uploadFile } from '../slack/kit.ts';
import type { CommunityDeps } from './deps.ts';
import { failureLog } from './failures.ts';
import { SURFACE } from './thread-map.ts';

/** An agent's reply on its way into the member's thread. */
export interface ReplyPayload {
  threadKey: string;
  chatwootMessageId: number;
  text: string;
  files: Array<{ url: string; filename: string; size?: number }>;
}
/** An agent's reply whose content changed in Chatwoot. */
export interface ChangePayload {
  chatwootMessageId: number;
  text: string;
}
/** An agent's reply deleted in Chatwoot. */
export interface UnpostPayload {
  chatwootMessageId: number;
}
/** A resolved conversation: the closing line in its thread. */
export interface ClosePayload {
  threadKey: string;
  conversationId: number;
  line: string;
}

/** What the link of a reply the bot posted keeps. */
interface PostLinkData {
  /** The text as posted (an update with the same text is skipped). */
  posted: string;
  /** How many of the reply's files are done (uploaded or linked), and the Slack file ids uploaded. */
  filesDone: number;
  fileIds: string[];
  deleted?: boolean;
}

/** The metadata a reply is posted with, so a post whose answer was lost is found, not repeated. */
const EVENT_TYPE = 'switchboard_community_reply';
const GONE = new Set(['message_not_found', 'file_not_found', 'file_deleted']);

/**
 * Registers the Chatwoot → Slack executors: `reply` (the agent's reply into the member's thread,
 * once per Chatwoot message — found by its metadata after a lost answer — then its files
 * uploaded, each once), `change` (chat.update of that post), `unpost` (chat.delete of it and
 * files.delete of its files) and `close` (the closing line). Slack's refusals are permanent
 * (`switchboard.delivery_failed`, one log line with the fix); 429 waits out Retry-After.
 *
 * @example
 * registerPostExecutors(deps);
 */
export function registerPostExecutors(deps: CommunityDeps): void {
  const { ctx, api } = deps;
  const common = { rateLimit: ctx.config.rateLimit, maxAttempts: 6, onFailed: failureLog(ctx.log) };
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toOutboxError(error);
    }
  };
  const setLink = (id: number, key: string, data: PostLinkData) => ctx.links.setMessage(id, SURFACE, { key, data: { ...data } });
  const findPost = async (channel: string, threadTs: string, id: number) => {
    const posts = await call(() => api.recentPosts({ channel, threadTs }));
    return posts.find((p) => p.metadata?.event_type === EVENT_TYPE && p.metadata.event_payload?.['message_id'] === id)?.ts;
  };

  ctx.outbox.register<ReplyPayload, string>('reply', {
    ...common,
    execute: async (entry, signal) => {
      const { threadKey, chatwootMessageId: id, text, files } = entry.payload;
      const { channel, ts: threadTs } = parseRef(threadKey);
      const existing = await ctx.links.getMessage(id, SURFACE);
      let key = existing?.key;
      let data = existing?.data as PostLinkData | undefined;
      if (!key || !data) {
        const found = mayHaveRun(entry) ? await findPost(channel, threadTs, id) : undefined;
        const ts = found ?? (await call(() => api.postMessage({ channel, threadTs, message: { text }, metadata: { event_type: EVENT_TYPE, event_payload: { message_id: id } } }))).ts;
        if (!ts) throw new Error('slack-community: chat.postMessage answered without a ts');
        key = refOf(channel, ts);
        data = { posted: text, filesDone: 0, fileIds: [] };
        await setLink(id, key, data);
      }
      for (let index = data.filesDone; index < files.length; index += 1) {
        const file = files[index]!;
        const result = await uploadFile({ api, settings: { maxFileBytes: ctx.config.maxFileBytes } }, { channel, ts: threadTs }, { conversationId: 0, channel, ...file }, signal, call);
        data = { ...data, filesDone: index + 1, fileIds: [...data.fileIds, ...uploadedIds(result)] };
        await setLink(id, key, data);
      }
      return key;
    },
  });

  ctx.outbox.register<ChangePayload, string>('change', {
    ...common,
    execute: async ({ payload }) => {
      const link = await ctx.links.getMessage(payload.chatwootMessageId, SURFACE);
      const data = link?.data as PostLinkData | undefined;
      if (!isMirroredLink(link) || !data || data.deleted) return 'skipped';
      if (data.posted === payload.text) return 'same';
      const { channel, ts } = parseRef(link.key);
      try {
        await api.update({ channel, ts, message: { text: payload.text } });
      } catch (error) {
        if (GONE.has(slackErrorCode(error) ?? '')) return 'gone';
        throw toOutboxError(error);
      }
      await setLink(payload.chatwootMessageId, link.key, { ...data, posted: payload.text });
      return 'updated';
    },
  });

  ctx.outbox.register<UnpostPayload, string>('unpost', {
    ...common,
    execute: async ({ payload }) => {
      const link = await ctx.links.getMessage(payload.chatwootMessageId, SURFACE);
      const data = link?.data as PostLinkData | undefined;
      if (!isMirroredLink(link) || !data || data.deleted) return 'skipped';
      const gone = async (run: () => Promise<unknown>) => {
        try {
          await run();
        } catch (error) {
          if (!GONE.has(slackErrorCode(error) ?? '')) throw toOutboxError(error);
        }
      };
      await gone(() => api.deleteMessage(parseRef(link.key)));
      for (const file of data.fileIds) await gone(() => api.deleteFile(file));
      // Kept, marked: a replayed message.created must not post it again.
      await setLink(payload.chatwootMessageId, link.key, { ...data, deleted: true });
      return 'deleted';
    },
  });

  ctx.outbox.register<ClosePayload, void>('close', {
    ...common,
    execute: async (entry) => {
      const { threadKey, line } = entry.payload;
      const said = `closed:${entry.id}`;
      if (await ctx.store.get<boolean>(said)) return;
      const { channel, ts } = parseRef(threadKey);
      await call(() => api.postMessage({ channel, threadTs: ts, message: { text: line } }));
      await ctx.store.set(said, true, 30 * 24 * 3600_000);
    },
  });
}

/** The file ids of a files.uploadV2 answer (`{ files: [{ files: [{ id }] }] }`); none for a link post. */
function uploadedIds(result: unknown): string[] {
  const outer = (result as { files?: Array<{ files?: Array<{ id?: string }> }> } | undefined)?.files ?? [];
  return outer.flatMap((o) => o.files ?? []).flatMap((f) => (typeof f.id === 'string' ? [f.id] : []));
}
