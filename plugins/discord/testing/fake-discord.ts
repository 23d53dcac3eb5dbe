import http from 'node:http';
import { closeServer, createFaultRules, listenLocal, sendReply } from '../../../src/testing/index.ts';
import { dmActions, type DmActions } from './fake-discord-dms.ts';
import { startFakeGateway } from './fake-discord-gateway.ts';
import { recordCall, takeFault, type RestFault } from './fake-discord-http.ts';
import { ALL_PERMISSIONS, humanActions, type HumanActions } from './fake-discord-human.ts';
import { routeRest, type RecordedCall, type RestAnswer } from './fake-discord-rest.ts';
import { ChannelTypes, channelJson, snowflake, type FakeState, type Json } from './fake-discord-state.ts';

export { memberJson, snowflake, threadJson, type Json } from './fake-discord-state.ts';
export { ALL_PERMISSIONS } from './fake-discord-human.ts';
export type { RecordedCall } from './fake-discord-rest.ts';
export type { RestFault } from './fake-discord-http.ts';

const JSON_TYPE = { json: 'application/json' };

export const STATUS_TAGS = ['open', 'resolved', 'pending', 'snoozed'];

export interface FakeDiscordOptions {
  token?: string;
  /** The configured channel is a forum instead of a text channel. */
  forum?: boolean;
  /** The forum's tags by name. Default {@link STATUS_TAGS}; `[]` for a forum without tags. */
  forumTags?: string[];
  /** @everyone's permissions (a bitfield string). Default {@link ALL_PERMISSIONS}. */
  everyonePermissions?: string;
  /** The app has the MessageContent intent switched on in the developer portal. Default true. */
  messageContent?: boolean;
  /** Role ids the human member has. */
  humanRoles?: string[];
  /** This many more text channels in the guild (e.g. to come near the 500-channel cap). */
  extraChannels?: number;
  /** Uploads with a file above this size are refused with 413 (code 40005). Default: no limit. */
  uploadLimitBytes?: number;
  heartbeatInterval?: number;
}

export interface FakeDiscord extends HumanActions, DmActions {
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
  /** Messages in a channel or thread, oldest first. */
  messagesIn(channelId: string): Json[];
  /** Serves `data` as a Discord CDN attachment; returns the attachment object for `humanMessage`. */
  cdnAttachment(name: string, data: Buffer, contentType?: string): Json;
  /** Threads and channels the plugin created. */
  channel(id: string): Json | undefined;
  close(): Promise<void>;
}

function initialState(options: FakeDiscordOptions): FakeState {
  const guildId = snowflake();
  return {
    token: options.token ?? 'fake.bot.token',
    appId: snowflake(),
    appFlags: options.messageContent === false ? 0 : 1 << 18,
    messageContentAllowed: options.messageContent !== false,
    guildId,
    botUser: { id: snowflake(), username: 'switchboard', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 },
    human: { id: snowflake(), username: 'ann', discriminator: '0', global_name: 'Ann Agent', avatar: null },
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
    ...(options.uploadLimitBytes !== undefined ? { uploadLimitBytes: options.uploadLimitBytes } : {}),
  };
}

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
  const state = initialState(options);
  const add = (fields: Json) => {
    const channel = channelJson(state, fields);
    state.channels.set(channel['id'], channel);
    return channel['id'] as string;
  };
  const tags = (options.forumTags ?? STATUS_TAGS).map((name) => ({ id: snowflake(), name, moderated: false, emoji_id: null, emoji_name: null }));
  const channelId = options.forum ? add({ name: 'support', type: ChannelTypes.forum, available_tags: tags }) : add({ name: 'support' });
  const categoryId = add({ name: 'Conversations', type: ChannelTypes.category });
  const archiveCategoryId = add({ name: 'Resolved', type: ChannelTypes.category });
  for (let i = 0; i < (options.extraChannels ?? 0); i += 1) add({ name: `extra-${i}`, position: i + 1 });

  const calls: RecordedCall[] = [];
  const faults = createFaultRules<RestFault>();
  const blobs = new Map<string, { data: Buffer; contentType: string }>();
  let port = 0;
  const url = () => `ws://127.0.0.1:${port}/gateway`;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => sendReply(res, { status: 500, json: { message: String(error), code: 0 } }, JSON_TYPE));
  });
  const gateway = startFakeGateway(server, state, { heartbeatInterval: options.heartbeatInterval ?? 1_000, url });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const blob = req.url?.startsWith('/cdn/') ? blobs.get(req.url) : undefined;
    if (blob) return sendReply(res, { headers: { 'content-type': blob.contentType }, body: blob.data });
    // An expired or deleted attachment: Discord's CDN answers 404.
    if (req.url?.startsWith('/cdn/')) return sendReply(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('This content is no longer available.') });
    const call = await recordCall(req);
    calls.push(call);
    const answer = answerFor(call);
    sendReply(res, { status: answer.status, ...(answer.headers ? { headers: answer.headers } : {}), ...(answer.status === 204 ? {} : { json: answer.body }) }, JSON_TYPE);
  }

  function answerFor(call: RecordedCall): RestAnswer {
    const isWebhookCall = /^\/(webhooks|interactions)\//.test(call.path);
    if (!isWebhookCall && call.auth !== `Bot ${state.token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    if (call.method === 'GET' && call.path === '/gateway/bot') {
      return { status: 200, body: { url: url(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } } };
    }
    return takeFault(faults, call) ?? routeRest(call, { state, dispatch: gateway.dispatch });
  }

  port = await listenLocal(server);

  return {
    restApi: `http://127.0.0.1:${port}/api`,
    token: state.token,
    guildId: state.guildId,
    channelId,
    categoryId,
    archiveCategoryId,
    appId: state.appId,
    botUser: state.botUser,
    human: state.human,
    calls,
    state,
    identifies: gateway.identifies,
    connections: gateway.connections,
    failRest: (fault) => void faults.add({ ...fault }),
    dispatch: gateway.dispatch,
    ...humanActions(state, gateway),
    ...dmActions(state, gateway),
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
      await closeServer(server);
    },
  };
}
