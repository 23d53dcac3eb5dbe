import { createHash } from 'node:crypto';
import { RetryableError } from '../../src/index.ts';
import { discordCode, discordUploadLimit, fileLink, postContent, prepareFiles, type PreparedUpload, type WebhookRef } from '../discord/kit.ts';
import type { CommunityDeps } from './deps.ts';
import type { ReplyContent } from './format-reply.ts';
import type { Place } from './thread-map.ts';

/** How a reply was posted, kept in its link so an edit or delete takes the same way. */
export interface PostedReply {
  postId: string;
  via: 'bot' | 'webhook';
  /** A hash of the text as posted: an edit with the same text changes nothing. */
  textHash: string;
}

const NO_MENTIONS = { parse: [] };
const THREAD_ARCHIVED = 50083;
const THREAD_LOCKED = 160005;
const UNKNOWN_WEBHOOK = 10015;
const TOO_LARGE = 40005;

/**
 * The hash kept for an agent's text (see {@link PostedReply.textHash}).
 *
 * @example
 * textHash('**Ann (agent):**\nHi'); // 16 hex characters
 */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Runs a write in a thread; when Discord refuses because the thread is archived (50083) or locked
 * (160005) — a resolved conversation — opens it for the write and closes it again as it was
 * (archived; locked unless `afterResolve` is `reopen`). DMs are written as they are.
 *
 * @example
 * await inOpenThread(deps, place, () => deps.api.editMessage(place.channelId, postId, body));
 */
export async function inOpenThread<T>(deps: CommunityDeps, place: Place, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = discordCode(error);
    if (place.dm || (code !== THREAD_ARCHIVED && code !== THREAD_LOCKED)) throw error;
  }
  await deps.api.setThreadState(place.channelId, { archived: false, locked: false });
  const result = await write();
  await closeThread(deps, place.channelId);
  return result;
}

/**
 * Archives a thread (and locks it, with `afterResolve: 'new'`). Discord refuses any change to an
 * archived thread (50083) unless it is opened in the same step — a second resolve, or a thread
 * Discord auto-archived — so then it is opened and closed again.
 *
 * @example
 * await closeThread(deps, threadId);
 */
export async function closeThread(deps: CommunityDeps, threadId: string): Promise<void> {
  const closed = { archived: true, locked: deps.ctx.config.afterResolve === 'new' };
  try {
    await deps.api.setThreadState(threadId, closed);
  } catch (error) {
    if (discordCode(error) !== THREAD_ARCHIVED) throw error;
    await deps.api.setThreadState(threadId, { archived: false, locked: false });
    await deps.api.setThreadState(threadId, closed);
  }
}

/** The support channel's webhook; a deleted one is forgotten so the retry makes a new one. */
async function withWebhook<T>(deps: CommunityDeps, use: (hook: WebhookRef) => Promise<T>): Promise<T> {
  const channelId = deps.env.supportChannelId;
  try {
    return await use(await deps.hooks.get(channelId));
  } catch (error) {
    if (discordCode(error) !== UNKNOWN_WEBHOOK) throw error;
    await deps.hooks.forget(channelId);
    throw new RetryableError('discord-community: the support channel webhook was deleted; a new one is made on retry', { cause: error });
  }
}

/**
 * Posts an agent's reply into the member's thread or DM: by the bot (always in DMs), or through the
 * support channel's webhook under the agent's name (`postAs: 'webhook'`, with `thread_id`). Files are
 * uploaded when they fit Discord's limit and linked otherwise; when Discord still refuses them as
 * too large they are linked instead. Nobody is pinged.
 *
 * @example
 * const posted = await postReply(deps, { channelId: threadId, dm: false }, agentReply(message), signal);
 */
export async function postReply(deps: CommunityDeps, place: Place, reply: ReplyContent, signal: AbortSignal): Promise<PostedReply> {
  const via = place.dm || deps.ctx.config.postAs === 'bot' ? 'bot' : 'webhook';
  const text = via === 'bot' ? reply.botText : reply.webhookText;
  const limit = Math.min(deps.ctx.config.maxFileBytes, discordUploadLimit(deps.client.guilds.cache.get(deps.env.guildId)?.premiumTier));
  const prepared = await prepareFiles(reply.files, limit, signal);
  const send = (uploads: PreparedUpload[], links: string[]) => {
    const body = {
      content: postContent(text, links),
      allowed_mentions: NO_MENTIONS,
      ...(uploads.length ? { attachments: uploads.map((file, id) => ({ id, filename: file.name })) } : {}),
    };
    if (via === 'bot') return inOpenThread(deps, place, () => deps.api.postMessage(place.channelId, body, uploads));
    const named = { ...body, username: reply.username, ...(reply.avatarUrl ? { avatar_url: reply.avatarUrl } : {}) };
    return withWebhook(deps, (hook) => inOpenThread(deps, place, () => deps.api.executeWebhook(hook, { threadId: place.channelId }, named, uploads)));
  };
  let sent: { id: string };
  try {
    sent = await send(prepared.uploads, prepared.links);
  } catch (error) {
    if (!prepared.uploads.length || discordCode(error) !== TOO_LARGE) throw error;
    sent = await send([], [...prepared.links, ...prepared.uploads.map((file) => fileLink(file, 'Discord refused the upload as too large'))]);
  }
  return { postId: sent.id, via, textHash: textHash(text) };
}

/**
 * Changes the text of a posted reply (an agent edited it in Chatwoot), the same way it was posted.
 *
 * @example
 * await editReply(deps, place, posted, agentReply(message));
 */
export async function editReply(deps: CommunityDeps, place: Place, posted: PostedReply, reply: ReplyContent): Promise<void> {
  const body = { content: postContent(posted.via === 'bot' ? reply.botText : reply.webhookText, []), allowed_mentions: NO_MENTIONS };
  if (posted.via === 'bot') await inOpenThread(deps, place, () => deps.api.editMessage(place.channelId, posted.postId, body));
  else await withWebhook(deps, (hook) => inOpenThread(deps, place, () => deps.api.editWebhookMessage(hook, posted.postId, { threadId: place.channelId }, body)));
}

/**
 * Removes a posted reply (an agent deleted it in Chatwoot), the same way it was posted.
 *
 * @example
 * await deleteReply(deps, place, posted);
 */
export async function deleteReply(deps: CommunityDeps, place: Place, posted: PostedReply): Promise<void> {
  if (posted.via === 'bot') await inOpenThread(deps, place, () => deps.api.deleteMessage(place.channelId, posted.postId));
  else await withWebhook(deps, (hook) => inOpenThread(deps, place, () => deps.api.deleteWebhookMessage(hook, posted.postId, { threadId: place.channelId })));
}
