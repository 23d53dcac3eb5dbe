import {
  ChannelType,
  Routes,
  type APIGuildForumTag,
  type REST,
  type RESTPatchAPIChannelMessageJSONBody,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIWebhookWithTokenJSONBody,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from 'discord.js';
import { toOutboxError } from './errors.ts';
import { discordMultipart, type UploadFile } from './multipart-body.ts';

/** A message body for a channel (the header card, a reply to a message). */
export type MessageBody = RESTPostAPIChannelMessageJSONBody;
/** What a webhook post carries besides its files. */
export type WebhookBody = RESTPostAPIWebhookWithTokenJSONBody;
/** A forum tag as Discord lists it (`available_tags`). */
export type ForumTag = Pick<APIGuildForumTag, 'id' | 'name'> & Partial<Pick<APIGuildForumTag, 'moderated' | 'emoji_id' | 'emoji_name'>>;

/** What the plugin reads of a channel: its type, a forum's tags, a post's tags. */
export interface ChannelInfo {
  id: string;
  type: number;
  available_tags?: ForumTag[];
  applied_tags?: unknown;
}

export interface WebhookRef {
  id: string;
  token: string;
}

/** A webhook of a channel, as listed. */
export interface ListedWebhook {
  id: string;
  token?: string;
  name?: string | null;
  user?: { id: string };
}

/** A thread's (or forum post's) state; `appliedTags` replaces the whole list. */
export interface ThreadState {
  archived: boolean;
  locked: boolean;
  appliedTags?: string[];
}

/**
 * Every Discord REST call the plugin makes, one typed function each, over discord.js's REST client.
 * A call that fails throws what the outbox understands ({@link toOutboxError}: retry after,
 * permanent, retryable) with the discord.js error as `cause`, so no caller converts errors itself.
 */
export interface DiscordApi {
  /** `GET /channels/{id}`. */
  getChannel(channelId: string): Promise<ChannelInfo>;
  /** `PATCH /channels/{id}` with a new name (thread, post or channel). */
  renameChannel(channelId: string, name: string): Promise<void>;
  /** `PATCH /channels/{id}`: archive / lock a thread or post (and its tags), or open it again. */
  setThreadState(threadId: string, state: ThreadState): Promise<void>;
  /** `PATCH /channels/{id}` with a new parent category. */
  moveChannel(channelId: string, parentId: string): Promise<void>;
  /** `PATCH /channels/{id}` of a forum with its whole tag list; returns the forum's tags after. */
  setForumTags(forumId: string, tags: Array<ForumTag | { name: string }>): Promise<ForumTag[] | undefined>;
  /** `DELETE /channels/{id}`. */
  deleteChannel(channelId: string): Promise<void>;
  /** `POST /channels/{forum}/threads`: a forum post with its first message; returns the post and that message. */
  createForumPost(forumId: string, post: { name: string; message: MessageBody; appliedTags?: string[] }): Promise<{ id: string; messageId?: string }>;
  /** `POST /channels/{channel}/threads`: a public thread without a starter message. */
  createThread(channelId: string, name: string): Promise<{ id: string }>;
  /** `POST /guilds/{guild}/channels`: a text channel under a category. */
  createTextChannel(guildId: string, channel: { name: string; parentId: string; topic: string }): Promise<{ id: string }>;
  /** `POST /channels/{id}/messages`, multipart when there are files. */
  postMessage(channelId: string, body: MessageBody, files?: UploadFile[]): Promise<{ id: string }>;
  /** `PATCH /channels/{id}/messages/{message}`. */
  editMessage(channelId: string, messageId: string, body: RESTPatchAPIChannelMessageJSONBody): Promise<void>;
  /** `DELETE /channels/{id}/messages/{message}`. */
  deleteMessage(channelId: string, messageId: string): Promise<void>;
  /** `PUT /channels/{id}/messages/{message}/reactions/{emoji}/@me`. */
  addOwnReaction(channelId: string, messageId: string, emoji: string): Promise<void>;
  /** `POST /webhooks/{id}/{token}?wait=true` (into `threadId` when given), multipart when there are files. */
  executeWebhook(hook: WebhookRef, to: { threadId?: string }, body: WebhookBody, files?: UploadFile[]): Promise<{ id: string }>;
  /** `PATCH /webhooks/{id}/{token}/messages/{message}` (in `threadId` when given). */
  editWebhookMessage(hook: WebhookRef, messageId: string, to: { threadId?: string }, body: RESTPatchAPIWebhookWithTokenMessageJSONBody): Promise<void>;
  /** `DELETE /webhooks/{id}/{token}/messages/{message}` (in `threadId` when given). */
  deleteWebhookMessage(hook: WebhookRef, messageId: string, to: { threadId?: string }): Promise<void>;
  /** `GET /channels/{id}/webhooks`. */
  listChannelWebhooks(channelId: string): Promise<ListedWebhook[]>;
  /** `POST /channels/{id}/webhooks`. */
  createWebhook(channelId: string, name: string): Promise<WebhookRef>;
  /** `GET /users/@me`. */
  getCurrentUser(): Promise<{ id: string; username: string }>;
  /** `GET /applications/@me` (its `flags` tell the privileged intents). */
  getCurrentApplication(): Promise<{ flags?: number }>;
  /** `PUT /applications/{app}/guilds/{guild}/commands`: a bulk overwrite, idempotent. */
  putGuildCommands(applicationId: string, guildId: string, commands: RESTPutAPIApplicationGuildCommandsJSONBody): Promise<void>;
}

/** Seven days: the longest auto-archive Discord offers, so a quiet conversation's thread stays open. */
const AUTO_ARCHIVE_MINUTES = 10080;

/**
 * The plugin's Discord REST calls over `rest` (the client's, or a bare one for `doctor`).
 *
 * @example
 * const api = createDiscordApi(client.rest);
 * const { id } = await api.createThread(channelId, '#42 Ada');
 * await api.postMessage(id, { content: 'hello', allowed_mentions: { parse: [] } });
 */
export function createDiscordApi(rest: REST): DiscordApi {
  /** The one place discord.js errors are translated (see errors.ts). */
  const call = async <T>(request: () => Promise<unknown>): Promise<T> => {
    try {
      return (await request()) as T;
    } catch (error) {
      throw toOutboxError(error);
    }
  };
  const done = () => undefined;
  const threadQuery = (to: { threadId?: string }): Record<string, string> => (to.threadId ? { thread_id: to.threadId } : {});

  return {
    getChannel: (channelId) => call(() => rest.get(Routes.channel(channelId))),
    renameChannel: (channelId, name) => call(() => rest.patch(Routes.channel(channelId), { body: { name } })).then(done),
    setThreadState: (threadId, state) =>
      call(() =>
        rest.patch(Routes.channel(threadId), {
          body: { archived: state.archived, locked: state.locked, ...(state.appliedTags ? { applied_tags: state.appliedTags } : {}) },
        }),
      ).then(done),
    moveChannel: (channelId, parentId) => call(() => rest.patch(Routes.channel(channelId), { body: { parent_id: parentId } })).then(done),
    setForumTags: async (forumId, tags) => (await call<{ available_tags?: ForumTag[] }>(() => rest.patch(Routes.channel(forumId), { body: { available_tags: tags } }))).available_tags,
    deleteChannel: (channelId) => call(() => rest.delete(Routes.channel(channelId))).then(done),
    createForumPost: async (forumId, post) => {
      const created = await call<{ id: string; message?: { id: string } }>(() =>
        rest.post(Routes.threads(forumId), {
          body: { name: post.name, auto_archive_duration: AUTO_ARCHIVE_MINUTES, message: post.message, ...(post.appliedTags ? { applied_tags: post.appliedTags } : {}) },
        }),
      );
      return { id: created.id, ...(created.message?.id ? { messageId: created.message.id } : {}) };
    },
    createThread: (channelId, name) => call(() => rest.post(Routes.threads(channelId), { body: { name, type: ChannelType.PublicThread, auto_archive_duration: AUTO_ARCHIVE_MINUTES } })),
    createTextChannel: (guildId, channel) =>
      call(() => rest.post(Routes.guildChannels(guildId), { body: { name: channel.name, type: ChannelType.GuildText, parent_id: channel.parentId, topic: channel.topic } })),
    postMessage: (channelId, body, files = []) =>
      call(() => {
        const multipart = files.length ? discordMultipart(body as Record<string, unknown>, files) : undefined;
        return rest.post(Routes.channelMessages(channelId), multipart ? { body: multipart.body, passThroughBody: true, headers: { 'Content-Type': multipart.contentType } } : { body });
      }),
    editMessage: (channelId, messageId, body) => call(() => rest.patch(Routes.channelMessage(channelId, messageId), { body })).then(done),
    deleteMessage: (channelId, messageId) => call(() => rest.delete(Routes.channelMessage(channelId, messageId))).then(done),
    addOwnReaction: (channelId, messageId, emoji) => call(() => rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(emoji)))).then(done),
    executeWebhook: (hook, to, body, files = []) =>
      call(() => {
        // A fresh body per call: a multipart stream is read once.
        const multipart = files.length ? discordMultipart(body as Record<string, unknown>, files) : undefined;
        return rest.post(Routes.webhook(hook.id, hook.token), {
          auth: false,
          query: new URLSearchParams({ wait: 'true', ...threadQuery(to) }),
          ...(multipart ? { body: multipart.body, passThroughBody: true, headers: { 'Content-Type': multipart.contentType } } : { body }),
        });
      }),
    editWebhookMessage: (hook, messageId, to, body) =>
      call(() => rest.patch(Routes.webhookMessage(hook.id, hook.token, messageId), { auth: false, query: new URLSearchParams(threadQuery(to)), body })).then(done),
    deleteWebhookMessage: (hook, messageId, to) =>
      call(() => rest.delete(Routes.webhookMessage(hook.id, hook.token, messageId), { auth: false, query: new URLSearchParams(threadQuery(to)) })).then(done),
    listChannelWebhooks: (channelId) => call(() => rest.get(Routes.channelWebhooks(channelId))),
    createWebhook: (channelId, name) => call(() => rest.post(Routes.channelWebhooks(channelId), { body: { name } })),
    getCurrentUser: () => call(() => rest.get(Routes.user('@me'))),
    getCurrentApplication: () => call(() => rest.get(Routes.currentApplication())),
    putGuildCommands: (applicationId, guildId, commands) => call(() => rest.put(Routes.applicationGuildCommands(applicationId, guildId), { body: commands })).then(done),
  };
}
