import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { startFakeGateway } from './fake-discord-gateway.ts';
import { routeRest, type RecordedCall, type RestAnswer } from './fake-discord-rest.ts';
import { ChannelTypes, channelJson, memberJson, messageJson, snowflake, type FakeState, type Json } from './fake-discord-state.ts';

export { snowflake, type Json } from './fake-discord-state.ts';
export type { RecordedCall } from './fake-discord-rest.ts';

/** Permissions the bot gets through @everyone by default: everything the plugin needs. */
export const ALL_PERMISSIONS = '2199023255551';

export interface FakeDiscordOptions {
  token?: string;
  /** The configured channel is a forum (with tags open/resolved/pending/snoozed) instead of a text channel. */
  forum?: boolean;
  /** @everyone's permissions (a bitfield string). Default {@link ALL_PERMISSIONS}. */
  everyonePermissions?: string;
  /** The app has the MessageContent intent switched on in the developer portal. Default true. */
  messageContent?: boolean;
  /** Role ids the human member has. */
  humanRoles?: string[];
  heartbeatInterval?: number;
}

/** A fault for the next matching REST calls. */
export interface RestFault {
  method?: string;
  path?: RegExp;
  status: number;
  /** Seconds, sent as `Retry-After` and `retry_after` (429). */
  retryAfter?: number;
  code?: number;
  times?: number;
}

export interface FakeDiscord {
  restApi: string;
  token: string;
  guildId: string;
  channelId: string;
  categoryId: string;
  archiveCategoryId: string;
  appId: string;
  botUser: Json;
  human: Json;
  /** Every REST call, in order. */
  calls: RecordedCall[];
  state: FakeState;
  identifies: Json[];
  connections(): number;
  failRest(fault: RestFault): void;
  dispatch(event: string, data: Json): void;
  /** A human writes in a channel or thread (MESSAGE_CREATE). */
  humanMessage(channelId: string, content: string, extra?: Json): Json;
  /** Replaces a stored message's fields and dispatches MESSAGE_UPDATE. */
  humanEdit(messageId: string, content: string): void;
  humanDelete(messageId: string): void;
  /** `/chatwoot <sub> [options]` typed by the human in `channelId`. */
  slashCommand(channelId: string, subcommand: string, options?: Json[], member?: { roles?: string[]; user?: Json }): Json;
  /** The human clicks a button of `messageId`. */
  clickButton(channelId: string, messageId: string, customId: string): Json;
  /** Messages in a channel or thread, oldest first. */
  messagesIn(channelId: string): Json[];
  /** Serves `data` as a Discord CDN attachment; returns the attachment object for `humanMessage`. */
  cdnAttachment(name: string, data: Buffer, contentType?: string): Json;
  /** Threads and channels the plugin created. */
  channel(id: string): Json | undefined;
  close(): Promise<void>;
}

const STATUS_TAGS = ['open', 'resolved', 'pending', 'snoozed'];

/**
 * A local Discord — REST v10 and gateway on 127.0.0.1 — that a real discord.js Client logs into
 * with `rest: { api: fake.restApi }`. Records every call; `failRest` injects errors and 429s.
 *
 * @example
 * const fake = await startFakeDiscord({ forum: true });
 * const client = new Client({ intents, rest: { api: fake.restApi } });
 * await client.login(fake.token);
 * fake.humanMessage(threadId, 'hello');
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const guildId = snowflake();
  const human = { id: snowflake(), username: 'ann', discriminator: '0', global_name: 'Ann Agent', avatar: null };
  const state: FakeState = {
    token: options.token ?? 'fake.bot.token',
    appId: snowflake(),
    appFlags: options.messageContent === false ? 0 : 1 << 18,
    messageContentAllowed: options.messageContent !== false,
    guildId,
    botUser: { id: snowflake(), username: 'switchboard', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 },
    human,
    humanRoles: options.humanRoles ?? [],
    roles: [
      { id: guildId, name: '@everyone', color: 0, hoist: false, position: 0, permissions: options.everyonePermissions ?? ALL_PERMISSIONS, managed: false, mentionable: false, flags: 0 },
      ...(options.humanRoles ?? []).map((id, i) => ({ id, name: `role-${id}`, color: 0, hoist: false, position: i + 1, permissions: '0', managed: false, mentionable: true, flags: 0 })),
    ],
    channels: new Map(),
    messages: new Map(),
    webhooks: new Map(),
    commands: [],
    reactions: [],
    interactionResponses: [],
    followUps: [],
  };
  const add = (fields: Json) => {
    const channel = channelJson(state, fields);
    state.channels.set(channel['id'], channel);
    return channel['id'] as string;
  };
  const channelId = options.forum
    ? add({ name: 'support', type: ChannelTypes.forum, available_tags: STATUS_TAGS.map((name) => ({ id: snowflake(), name, moderated: false, emoji_id: null, emoji_name: null })) })
    : add({ name: 'support' });
  const categoryId = add({ name: 'Conversations', type: ChannelTypes.category });
  const archiveCategoryId = add({ name: 'Resolved', type: ChannelTypes.category });

  const calls: RecordedCall[] = [];
  const faults: RestFault[] = [];
  let port = 0;
  const url = () => `ws://127.0.0.1:${port}/gateway`;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  const gateway = startFakeGateway(server, state, { heartbeatInterval: options.heartbeatInterval ?? 1_000, url });

  const blobs = new Map<string, { data: Buffer; contentType: string }>();
  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const blob = req.url?.startsWith('/cdn/') ? blobs.get(req.url) : undefined;
    if (blob) {
      res.writeHead(200, { 'content-type': blob.contentType });
      res.end(blob.data);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(target.pathname).replace(/^\/api(\/v\d+)?/, ''),
      query: Object.fromEntries(target.searchParams),
      ...(await parseBody(raw, req.headers['content-type'])),
      auth: req.headers.authorization,
    };
    calls.push(call);
    const answer = answerFor(call);
    const headers: Record<string, string> = { ...(answer.status === 204 ? {} : { 'content-type': 'application/json' }), ...answer.headers };
    res.writeHead(answer.status, headers);
    res.end(answer.status === 204 || answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  function answerFor(call: RecordedCall): RestAnswer {
    const isWebhookCall = /^\/(webhooks|interactions)\//.test(call.path);
    if (!isWebhookCall && call.auth !== `Bot ${state.token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    if (call.method === 'GET' && call.path === '/gateway/bot') {
      return { status: 200, body: { url: url(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } } };
    }
    const fault = faults.find((f) => (!f.method || f.method === call.method) && (!f.path || f.path.test(call.path)));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      if (fault.status === 429) {
        const after = fault.retryAfter ?? 0.05;
        return { status: 429, headers: { 'retry-after': String(after) }, body: { message: 'You are being rate limited.', retry_after: after, global: false } };
      }
      return { status: fault.status, body: { message: `fake fault ${fault.status}`, code: fault.code ?? 0 } };
    }
    return routeRest(call, { state, dispatch: gateway.dispatch });
  }

  const member = (roles: string[], user: Json = human) => ({ ...memberJson(user, roles), permissions: ALL_PERMISSIONS });
  const channelFor = (id: string) => {
    const channel = state.channels.get(id);
    if (!channel) throw new Error(`fake discord: no channel ${id}`);
    return channel;
  };
  const interaction = (channelId: string, fields: Json, who?: { roles?: string[]; user?: Json }) => {
    const payload = {
      id: snowflake(),
      application_id: state.appId,
      token: `itoken-${snowflake()}`,
      version: 1,
      guild_id: guildId,
      channel_id: channelId,
      channel: channelFor(channelId),
      member: member(who?.roles ?? state.humanRoles, who?.user),
      app_permissions: ALL_PERMISSIONS,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
      ...fields,
    };
    gateway.dispatch('INTERACTION_CREATE', payload);
    return payload;
  };

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;

  return {
    restApi: `http://127.0.0.1:${port}/api`,
    token: state.token,
    guildId,
    channelId,
    categoryId,
    archiveCategoryId,
    appId: state.appId,
    botUser: state.botUser,
    human,
    calls,
    state,
    identifies: gateway.identifies,
    connections: gateway.connections,
    failRest: (fault) => void faults.push({ ...fault }),
    dispatch: gateway.dispatch,
    humanMessage(channelId, content, extra = {}) {
      const message = messageJson({ channel_id: channelId, guild_id: guildId, content, author: human, member: memberJson(human, state.humanRoles), ...extra });
      state.messages.set(message['id'], message);
      gateway.dispatch('MESSAGE_CREATE', message);
      return message;
    },
    humanEdit(messageId, content) {
      const message = state.messages.get(messageId);
      if (!message) throw new Error(`fake discord: no message ${messageId}`);
      Object.assign(message, { content, edited_timestamp: new Date().toISOString() });
      gateway.dispatch('MESSAGE_UPDATE', { ...message, guild_id: guildId });
    },
    humanDelete(messageId) {
      const message = state.messages.get(messageId);
      if (!message) throw new Error(`fake discord: no message ${messageId}`);
      state.messages.delete(messageId);
      gateway.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: message['channel_id'], guild_id: guildId });
    },
    slashCommand(channelId, subcommand, options = [], who) {
      const command = state.commands.find((c) => c['name'] === 'chatwoot');
      return interaction(
        channelId,
        { type: 2, data: { id: command?.['id'] ?? snowflake(), name: 'chatwoot', type: 1, guild_id: guildId, options: [{ name: subcommand, type: 1, options }] } },
        who,
      );
    },
    clickButton(channelId, messageId, customId) {
      const message = state.messages.get(messageId);
      if (!message) throw new Error(`fake discord: no message ${messageId}`);
      return interaction(channelId, { type: 3, message: { ...message, author: message['author'] ?? state.botUser }, data: { custom_id: customId, component_type: 2 } });
    },
    cdnAttachment(name, data, contentType = 'application/octet-stream') {
      const id = snowflake();
      const path = `/cdn/${id}/${encodeURIComponent(name)}`;
      blobs.set(path, { data, contentType });
      const url = `http://127.0.0.1:${port}${path}`;
      return { id, filename: name, size: data.length, url, proxy_url: url, content_type: contentType };
    },
    messagesIn: (id) => [...state.messages.values()].filter((m) => m['channel_id'] === id),
    channel: (id) => state.channels.get(id),
    async close() {
      gateway.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** JSON, or multipart (`payload_json` + `files[n]`) as @discordjs/rest sends uploads. */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: any; files: RecordedCall['files'] }> {
  if (raw.length === 0) return { body: null, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: RecordedCall['files'] = [];
    let body: any = null;
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string') {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ name: value.name, size: data.length, data });
      }
    }
    return { body, files };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { body: raw.toString('utf8'), files: [] };
  }
}
