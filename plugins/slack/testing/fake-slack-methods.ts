import { BOT_ID, BOT_USER, HOME_TEAM, type FakeMessage, type FakeState } from './fake-slack-state.ts';

export type MethodResult = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };
type Params = Record<string, unknown>;

const ok = (body: Record<string, unknown> = {}): MethodResult => ({ body: { ok: true, ...body } });

/** Block Kit limits Slack enforces (`invalid_blocks`): 50 blocks, 3 000 characters per section text, 10 context elements. */
function blocksProblem(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks as Array<Record<string, any>>) {
    if (block['type'] === 'section' && typeof block['text']?.text === 'string' && block['text'].text.length > 3000) return 'invalid_blocks';
    if (block['type'] === 'context' && (!Array.isArray(block['elements']) || block['elements'].length === 0 || block['elements'].length > 10)) return 'invalid_blocks';
  }
  return undefined;
}

/** `no_text`: a message needs text or blocks; `invalid_blocks` for blocks Slack would refuse. */
function contentProblem(params: Record<string, unknown>): string | undefined {
  const blocks = params['blocks'];
  const text = typeof params['text'] === 'string' ? params['text'] : '';
  if (text.trim() === '' && (!Array.isArray(blocks) || blocks.length === 0)) return 'no_text';
  return blocksProblem(blocks);
}
const fail = (error: string): MethodResult => ({ body: { ok: false, error } });
const str = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? undefined : String(value));

/**
 * The Web API methods the Slack plugin uses, as Slack answers them (shapes from Slack's method
 * reference): threads are kept, membership and authorship checked.
 */
export function createFakeMethods(state: FakeState, urls: { base: () => string; socket: () => string }) {
  let uploads = 0;
  const pendingUploads = new Map<string, { name: string; length: number; bytes?: Buffer }>();

  const channelFor = (params: Params) => {
    const id = str(params['channel']) ?? str(params['channel_id']);
    return id ? state.channels.get(id) : undefined;
  };
  const postable = (params: Params): MethodResult | undefined => {
    const channel = channelFor(params);
    if (!channel) return fail('channel_not_found');
    if (channel.archived) return fail('is_archived');
    if (!channel.members.includes(BOT_USER)) return fail('not_in_channel');
    const thread = str(params['thread_ts']);
    if (thread && !state.find(channel.id, thread)) return fail('thread_not_found');
    return undefined;
  };
  const publicMessage = (m: FakeMessage) => ({ type: 'message', ...m, ...(m.bot_id ? { subtype: 'bot_message' } : {}) });

  const methods: Record<string, (params: Params) => MethodResult> = {
    'auth.test': () => ok({ url: 'https://fake.slack.test/', team: 'Fake', user: 'switchboard', team_id: HOME_TEAM, user_id: BOT_USER, bot_id: BOT_ID }),
    'apps.connections.open': () => ok({ url: urls.socket() }),
    'chat.postMessage': (params) => {
      const refused = postable(params);
      if (refused) return refused;
      const invalid = contentProblem(params);
      if (invalid) return fail(invalid);
      const text = str(params['text']) ?? '';
      if (text.length > 40_000) return fail('msg_too_long');
      const message = state.add({
        ts: state.nextTs(),
        channel: str(params['channel'])!,
        text,
        user: BOT_USER,
        bot_id: BOT_ID,
        ...(params['thread_ts'] ? { thread_ts: str(params['thread_ts'])! } : {}),
        ...(params['username'] ? { username: str(params['username'])! } : {}),
        ...(params['icon_url'] ? { icon_url: str(params['icon_url'])! } : {}),
        ...(Array.isArray(params['blocks']) ? { blocks: params['blocks'] } : {}),
        ...(params['metadata'] ? { metadata: params['metadata'] as FakeMessage['metadata'] & object } : {}),
      });
      return ok({ channel: message.channel, ts: message.ts, message: publicMessage(message) });
    },
    'chat.update': (params) => {
      const message = state.find(str(params['channel']) ?? '', str(params['ts']) ?? '');
      if (!message || message.deleted) return fail('message_not_found');
      if (message.bot_id !== BOT_ID) return fail('cant_update_message');
      const invalid = contentProblem({ ...params, text: params['text'] ?? message.text });
      if (invalid) return fail(invalid);
      message.text = str(params['text']) ?? message.text;
      if (Array.isArray(params['blocks'])) message.blocks = params['blocks'];
      message.edited = true;
      return ok({ channel: message.channel, ts: message.ts, text: message.text });
    },
    'chat.delete': (params) => {
      const message = state.find(str(params['channel']) ?? '', str(params['ts']) ?? '');
      if (!message || message.deleted) return fail('message_not_found');
      if (message.bot_id !== BOT_ID) return fail('cant_delete_message');
      message.deleted = true;
      return ok({ channel: message.channel, ts: message.ts });
    },
    'files.delete': (params) => {
      const id = str(params['file']) ?? '';
      if (!state.files.delete(id)) return fail('file_not_found');
      // The file's share message goes with it.
      for (const channel of state.channels.values()) for (const m of channel.messages) if (m.files?.some((f) => f.id === id)) m.deleted = true;
      return ok();
    },
    'chat.postEphemeral': (params) => {
      const refused = postable(params);
      if (refused) return refused;
      const user = str(params['user']) ?? '';
      if (!state.users.has(user)) return fail('user_not_found');
      const invalid = contentProblem(params);
      if (invalid) return fail(invalid);
      const thread = str(params['thread_ts']);
      state.ephemerals.push({ channel: str(params['channel'])!, user, text: str(params['text']) ?? '', ...(thread ? { thread_ts: thread } : {}) });
      return ok({ message_ts: state.nextTs() });
    },
    'reactions.add': (params) => {
      const message = state.find(str(params['channel']) ?? '', str(params['timestamp']) ?? '');
      if (!message) return fail('message_not_found');
      const name = str(params['name']) ?? '';
      message.reactions ??= [];
      const existing = message.reactions.find((r) => r.name === name);
      if (existing?.users.includes(BOT_USER)) return fail('already_reacted');
      if (existing) existing.users.push(BOT_USER);
      else message.reactions.push({ name, users: [BOT_USER] });
      return ok();
    },
    'users.info': (params) => {
      const user = state.users.get(str(params['user']) ?? '');
      if (!user) return fail('user_not_found');
      return ok({
        user: {
          id: user.id,
          name: user.name,
          real_name: user.name,
          is_bot: user.is_bot ?? false,
          team_id: user.team ?? HOME_TEAM,
          profile: { real_name: user.name, display_name: user.name, ...(user.email ? { email: user.email } : {}), image_72: user.image ?? '', image_192: user.image ?? '' },
        },
      });
    },
    'conversations.info': (params) => {
      const channel = channelFor(params);
      if (!channel) return fail('channel_not_found');
      return ok({ channel: { id: channel.id, name: channel.name, is_channel: true, is_member: channel.members.includes(BOT_USER), is_ext_shared: channel.shared === true, is_archived: channel.archived === true } });
    },
    'conversations.members': (params) => {
      const channel = channelFor(params);
      if (!channel) return fail('channel_not_found');
      // Pages of `limit` (Slack's default 100) with an opaque cursor; `membersCursor: 'repeat'` is
      // an API that hands back the same cursor for ever.
      const limit = Math.min(state.hostile.membersPageSize ?? Infinity, Math.max(1, Number(params['limit'] ?? 100) || 100));
      const start = params['cursor'] ? Number(Buffer.from(str(params['cursor'])!, 'base64').toString().replace('offset:', '')) || 0 : 0;
      const members = channel.members.slice(start, start + limit);
      const more = start + limit < channel.members.length;
      const next = state.hostile.membersCursor === 'repeat' ? Buffer.from('offset:0').toString('base64') : more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
      return ok({ members, response_metadata: { next_cursor: next } });
    },
    'conversations.replies': (params) => {
      const channel = channelFor(params);
      if (!channel) return fail('channel_not_found');
      const messages = state.thread(channel.id, str(params['ts']) ?? '').map(publicMessage);
      return ok({ messages, has_more: false });
    },
    'conversations.history': (params) => {
      const channel = channelFor(params);
      if (!channel) return fail('channel_not_found');
      return ok({ messages: state.parents(channel.id).reverse().map(publicMessage), has_more: false });
    },
    'usergroups.users.list': (params) => {
      const users = state.userGroups.get(str(params['usergroup']) ?? '');
      return users ? ok({ users }) : fail('no_such_subteam');
    },
    'files.getUploadURLExternal': (params) => {
      const id = `F${String((uploads += 1)).padStart(6, '0')}`;
      pendingUploads.set(id, { name: str(params['filename']) ?? 'file', length: Number(params['length'] ?? 0) });
      return ok({ upload_url: `${urls.base().replace(/api\/$/, "")}upload/${id}`, file_id: id });
    },
    'files.completeUploadExternal': (params) => {
      const list = (typeof params['files'] === 'string' ? JSON.parse(params['files']) : params['files']) as Array<{ id: string; title?: string }>;
      const refused = postable(params);
      if (refused) return refused;
      const files = list.map((f) => {
        const pending = pendingUploads.get(f.id);
        if (!pending?.bytes) throw new Error(`fake slack: file ${f.id} was never uploaded`);
        state.files.set(f.id, { id: f.id, name: pending.name, bytes: pending.bytes, mimetype: 'application/octet-stream' });
        return { id: f.id, name: pending.name, title: f.title ?? pending.name, size: pending.bytes.length };
      });
      const thread = str(params['thread_ts']);
      state.add({
        ts: state.nextTs(),
        channel: str(params['channel_id'])!,
        text: str(params['initial_comment']) ?? '',
        user: BOT_USER,
        bot_id: BOT_ID,
        files: files.map(({ id, name, size }) => ({ id, name, size })),
        ...(thread ? { thread_ts: thread } : {}),
      });
      return ok({ files });
    },
  };

  return {
    methods,
    /** The bytes POSTed to an upload_url (of a multipart body, the file part only). */
    receiveUpload(id: string, bytes: Buffer): boolean {
      const pending = pendingUploads.get(id);
      if (!pending) return false;
      pending.bytes = bytes;
      return true;
    },
  };
}
