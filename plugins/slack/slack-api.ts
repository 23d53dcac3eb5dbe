import type { webApi } from '@slack/bolt';

export type WebClient = webApi.WebClient;
/** Block Kit blocks as the plugin builds them: plain JSON (they wait in the outbox). */
export type Blocks = unknown[];

/** A message for chat.postMessage / chat.update: text (the fallback with blocks), blocks, and the poster's name. */
export interface MessageArgs {
  text: string;
  blocks?: Blocks;
  username?: string;
  icon_url?: string;
}

/** Message metadata: how the bridge finds its own posts again after a lost answer. */
export interface PostMetadata {
  event_type: string;
  event_payload: Record<string, string | number | boolean | number[]>;
}

/** A message from conversations.history / replies, as the plugin reads it. */
export interface PostedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** What users.info tells about a user. */
export interface SlackUser {
  name?: string;
  real_name?: string;
  is_bot?: boolean;
  /** The user's own workspace (in a Slack Connect channel, possibly not this one). */
  team_id?: string;
  profile?: { email?: string; display_name?: string; real_name?: string; image_72?: string; image_192?: string };
}

/**
 * Every Slack Web API call the plugin makes, typed in the plugin's terms, over Bolt's WebClient.
 * The one place that knows the client's argument types: the rest of the plugin passes plain data.
 * Errors are the client's own; executors turn them into outbox errors once (errors.ts).
 *
 * @example
 * const api = createSlackApi(bolt.app.client);
 * const { ts } = await api.postMessage({ channel: 'C1', threadTs: '1700.1', message: { text: 'hi' } });
 */
export function createSlackApi(client: WebClient) {
  /** Block Kit as Bolt types it; our blocks are built as plain JSON. */
  const blocksOf = (blocks: Blocks) => blocks as Array<webApi.Block | webApi.KnownBlock>;
  return {
    /** auth.test: the bot's identity, and its scopes when Slack reports them. */
    authTest: () => client.auth.test(),

    async postMessage(input: { channel: string; threadTs?: string; message: MessageArgs; metadata?: PostMetadata; unfurlMedia?: boolean }): Promise<{ ts?: string }> {
      const { text, blocks, username, icon_url } = input.message;
      const common = {
        channel: input.channel,
        text,
        ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
        ...(username ? { username } : {}),
        ...(icon_url ? { icon_url } : {}),
        unfurl_links: false,
        ...(input.unfurlMedia === undefined ? {} : { unfurl_media: input.unfurlMedia }),
        // Slack takes arrays of scalars in a payload (the fold's message ids); its types list only objects.
        ...(input.metadata ? { metadata: input.metadata as webApi.ChatPostMessageArguments['metadata'] } : {}),
      };
      return client.chat.postMessage(blocks ? { ...common, blocks: blocksOf(blocks) } : common);
    },

    /** chat.update; a message without blocks is sent with `blocks: []`, which clears earlier blocks. */
    update(input: { channel: string; ts: string; message: MessageArgs }) {
      const { text, blocks, username, icon_url } = input.message;
      return client.chat.update({ channel: input.channel, ts: input.ts, text, blocks: blocksOf(blocks ?? []), ...(username ? { username } : {}), ...(icon_url ? { icon_url } : {}) });
    },

    /** chat.delete of one of the bot's own posts. */
    deleteMessage(input: { channel: string; ts: string }) {
      return client.chat.delete({ channel: input.channel, ts: input.ts });
    },

    /** files.delete: the file and its share message. */
    deleteFile(file: string) {
      return client.files.delete({ file });
    },

    postEphemeral(input: { channel: string; user: string; text: string; threadTs?: string }) {
      return client.chat.postEphemeral({ channel: input.channel, user: input.user, text: input.text, ...(input.threadTs ? { thread_ts: input.threadTs } : {}) });
    },

    addReaction(input: { channel: string; ts: string; name: string }) {
      return client.reactions.add({ channel: input.channel, timestamp: input.ts, name: input.name });
    },

    /** files.uploadV2 (getUploadURLExternal, the upload, completeUploadExternal) into a thread. */
    uploadFile(input: { channel: string; threadTs: string; file: Buffer; filename: string }) {
      return client.filesUploadV2({ channel_id: input.channel, thread_ts: input.threadTs, file: input.file, filename: input.filename, title: input.filename });
    },

    /** The channel's latest posts, or a thread's replies when `threadTs` is given, with their metadata. */
    async recentPosts(input: { channel: string; threadTs?: string }): Promise<PostedMessage[]> {
      const result = input.threadTs
        ? await client.conversations.replies({ channel: input.channel, ts: input.threadTs, include_all_metadata: true, limit: 200 })
        : await client.conversations.history({ channel: input.channel, include_all_metadata: true, limit: 100 });
      return (result.messages ?? []) as PostedMessage[];
    },

    async userInfo(user: string): Promise<SlackUser | undefined> {
      return (await client.users.info({ user })).user as SlackUser | undefined;
    },

    /** One page of a channel's members (1 000 at most) and the cursor of the next, if any. */
    async channelMembers(channel: string, cursor?: string): Promise<{ members: string[]; nextCursor?: string }> {
      const result = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      const next = result.response_metadata?.next_cursor || undefined;
      return { members: (result.members ?? []).filter((id): id is string => typeof id === 'string'), ...(next !== undefined ? { nextCursor: next } : {}) };
    },

    async userGroupMembers(group: string): Promise<string[]> {
      return (await client.usergroups.users.list({ usergroup: group })).users ?? [];
    },

    /** conversations.info: the channel's name, whether the bot is a member, and whether it is shared with other workspaces (Slack Connect) or archived. */
    async channelInfo(channel: string): Promise<{ name?: string; isMember: boolean; isShared: boolean; isArchived: boolean }> {
      const info = (await client.conversations.info({ channel })).channel as { is_member?: boolean; name?: string; is_ext_shared?: boolean; is_archived?: boolean } | undefined;
      return { ...(info?.name ? { name: info.name } : {}), isMember: info?.is_member === true, isShared: info?.is_ext_shared === true, isArchived: info?.is_archived === true };
    },
  };
}

export type SlackApi = ReturnType<typeof createSlackApi>;
