import { ChannelTypes, channelJson, messageJson, snowflake, threadJson, type FakeState, type Json } from './fake-discord-state.ts';

/** One REST call as the fake received it. `files` are multipart uploads (name, size, bytes). */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  files: Array<{ name: string; size: number; data: Buffer }>;
  auth: string | undefined;
}

export interface RestAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a route may do besides answering: tell the gateway. */
export interface RestDeps {
  state: FakeState;
  dispatch(event: string, data: Json): void;
}

type Route = (call: RecordedCall, match: RegExpMatchArray, deps: RestDeps) => RestAnswer;

const ok = (body: unknown, status = 200): RestAnswer => ({ status, body });
const unknownChannel = (): RestAnswer => ({ status: 404, body: { message: 'Unknown Channel', code: 10003 } });
const unknownMessage = (): RestAnswer => ({ status: 404, body: { message: 'Unknown Message', code: 10008 } });
const unknownWebhook = (): RestAnswer => ({ status: 404, body: { message: 'Unknown Webhook', code: 10015 } });

const isThread = (channel: Json) => channel['type'] === ChannelTypes.publicThread;

/** Stores a new message in `channelId` and dispatches MESSAGE_CREATE, as Discord does for every message. */
function createMessage(deps: RestDeps, channel: Json, fields: Json): RestAnswer {
  const meta = channel['thread_metadata'];
  if (meta?.archived && meta.locked) return { status: 400, body: { message: 'Thread is locked', code: 50083 } };
  if (meta?.archived) meta.archived = false;
  const message = messageJson({ channel_id: channel['id'], ...fields });
  deps.state.messages.set(message['id'], message);
  channel['last_message_id'] = message['id'];
  setImmediate(() => deps.dispatch('MESSAGE_CREATE', { ...message, guild_id: deps.state.guildId }));
  return ok(message);
}

function messageFields(body: Json | null, files: RecordedCall['files']): Json {
  const attachments = files.map((f) => ({ id: snowflake(), filename: f.name, size: f.size, url: `https://cdn.fake/${f.name}`, proxy_url: `https://cdn.fake/${f.name}` }));
  return {
    content: body?.['content'] ?? '',
    embeds: body?.['embeds'] ?? [],
    components: body?.['components'] ?? [],
    attachments,
  };
}

function editMessage(deps: RestDeps, message: Json, body: Json | null): RestAnswer {
  for (const key of ['content', 'embeds', 'components'] as const) if (body && key in body) message[key] = body[key];
  message['edited_timestamp'] = new Date().toISOString();
  setImmediate(() => deps.dispatch('MESSAGE_UPDATE', { ...message, guild_id: deps.state.guildId }));
  return ok(message);
}

function deleteMessage(deps: RestDeps, message: Json): RestAnswer {
  deps.state.messages.delete(message['id']);
  setImmediate(() => deps.dispatch('MESSAGE_DELETE', { id: message['id'], channel_id: message['channel_id'], guild_id: deps.state.guildId }));
  return { status: 204 };
}

function webhookJson(state: FakeState, channelId: string, name: string): Json {
  return { id: snowflake(), token: `whtoken-${snowflake()}`, type: 1, channel_id: channelId, guild_id: state.guildId, name, avatar: null, user: state.botUser, application_id: state.appId };
}

/** The channel a webhook call targets: the webhook's own, or `thread_id` under it. */
function webhookTarget(state: FakeState, webhook: Json, query: Record<string, string>): Json | undefined {
  const id = query['thread_id'] ?? webhook['channel_id'];
  const channel = state.channels.get(id);
  if (!channel) return undefined;
  if (query['thread_id'] && channel['parent_id'] !== webhook['channel_id']) return undefined;
  return channel;
}

const routes: Array<[string, RegExp, Route]> = [
  ['GET', /^\/gateway\/bot$/, () => ok({})], // answered by the server (needs its port)
  ['GET', /^\/users\/@me$/, (_c, _m, { state }) => ok(state.botUser)],
  ['GET', /^\/applications\/@me$/, (_c, _m, { state }) => ok({ id: state.appId, name: 'Switchboard', flags: state.appFlags })],
  ['GET', /^\/guilds\/(\d+)\/channels$/, (_c, _m, { state }) => ok([...state.channels.values()].filter((c) => !isThread(c)))],
  [
    'POST',
    /^\/guilds\/(\d+)\/channels$/,
    (call, _m, deps) => {
      const body = call.body ?? {};
      const channel = channelJson(deps.state, { name: body.name ?? 'channel', type: body.type ?? 0, topic: body.topic ?? null, parent_id: body.parent_id ?? null });
      deps.state.channels.set(channel['id'], channel);
      setImmediate(() => deps.dispatch('CHANNEL_CREATE', channel));
      return ok(channel, 201);
    },
  ],
  [
    'POST',
    /^\/channels\/(\d+)\/threads$/,
    (call, m, deps) => {
      const parent = deps.state.channels.get(m[1]!);
      if (!parent) return unknownChannel();
      const body = call.body ?? {};
      const thread = threadJson(deps.state, parent['id'], { name: body.name, applied_tags: body.applied_tags ?? [] });
      deps.state.channels.set(thread['id'], thread);
      let starter: Json | undefined;
      if (parent['type'] === ChannelTypes.forum) {
        // A forum post's starter message has the thread's id.
        starter = { ...messageJson({ channel_id: thread['id'], author: deps.state.botUser, ...messageFields(body.message, call.files) }), id: thread['id'] };
        deps.state.messages.set(thread['id'], starter);
        thread['last_message_id'] = thread['id'];
      }
      setImmediate(() => deps.dispatch('THREAD_CREATE', { ...thread, newly_created: true }));
      return ok(starter ? { ...thread, message: starter } : thread, 201);
    },
  ],
  [
    'GET',
    /^\/channels\/(\d+)$/,
    (_c, m, { state }) => {
      const channel = state.channels.get(m[1]!);
      return channel ? ok(channel) : unknownChannel();
    },
  ],
  [
    'PATCH',
    /^\/channels\/(\d+)$/,
    (call, m, deps) => {
      const channel = deps.state.channels.get(m[1]!);
      if (!channel) return unknownChannel();
      const { archived, locked, ...rest } = call.body ?? {};
      Object.assign(channel, rest);
      if (isThread(channel)) {
        if (archived !== undefined) channel['thread_metadata'].archived = archived;
        if (locked !== undefined) channel['thread_metadata'].locked = locked;
      }
      setImmediate(() => deps.dispatch(isThread(channel) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', channel));
      return ok(channel);
    },
  ],
  [
    'DELETE',
    /^\/channels\/(\d+)$/,
    (_c, m, deps) => {
      const channel = deps.state.channels.get(m[1]!);
      if (!channel) return unknownChannel();
      deps.state.channels.delete(channel['id']);
      setImmediate(() => deps.dispatch(isThread(channel) ? 'THREAD_DELETE' : 'CHANNEL_DELETE', channel));
      return ok(channel);
    },
  ],
  [
    'POST',
    /^\/channels\/(\d+)\/messages$/,
    (call, m, deps) => {
      const channel = deps.state.channels.get(m[1]!);
      if (!channel) return unknownChannel();
      const reference = call.body?.message_reference;
      return createMessage(deps, channel, { author: deps.state.botUser, ...messageFields(call.body, call.files), ...(reference ? { message_reference: reference, type: 19 } : {}) });
    },
  ],
  [
    'PATCH',
    /^\/channels\/(\d+)\/messages\/(\d+)$/,
    (call, m, deps) => {
      const message = deps.state.messages.get(m[2]!);
      return message && message['channel_id'] === m[1] ? editMessage(deps, message, call.body) : unknownMessage();
    },
  ],
  [
    'DELETE',
    /^\/channels\/(\d+)\/messages\/(\d+)$/,
    (_c, m, deps) => {
      const message = deps.state.messages.get(m[2]!);
      return message && message['channel_id'] === m[1] ? deleteMessage(deps, message) : unknownMessage();
    },
  ],
  [
    'PUT',
    /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/,
    (_c, m, { state }) => {
      if (!state.messages.has(m[2]!)) return unknownMessage();
      state.reactions.push({ channelId: m[1]!, messageId: m[2]!, emoji: decodeURIComponent(m[3]!) });
      return { status: 204 };
    },
  ],
  [
    'GET',
    /^\/channels\/(\d+)\/webhooks$/,
    (_c, m, { state }) => (state.channels.has(m[1]!) ? ok([...state.webhooks.values()].filter((w) => w['channel_id'] === m[1])) : unknownChannel()),
  ],
  [
    'POST',
    /^\/channels\/(\d+)\/webhooks$/,
    (call, m, { state }) => {
      const channel = state.channels.get(m[1]!);
      if (!channel) return unknownChannel();
      if (isThread(channel)) return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
      const name = String(call.body?.name ?? '');
      if (/discord|clyde/i.test(name)) return { status: 400, body: { message: 'Invalid Form Body: name', code: 50035 } };
      const webhook = webhookJson(state, channel['id'], name);
      state.webhooks.set(webhook['id'], webhook);
      return ok(webhook);
    },
  ],
  [
    'PUT',
    /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
    (call, _m, { state }) => {
      state.commands = (call.body as Json[]).map((c) => ({ id: snowflake(), application_id: state.appId, guild_id: state.guildId, version: snowflake(), ...c }));
      return ok(state.commands);
    },
  ],
  [
    'POST',
    /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
    (call, m, { state }) => {
      state.interactionResponses.push({ id: m[1]!, token: m[2]!, body: call.body });
      return { status: 204 };
    },
  ],
  ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (call, m, deps) => webhookExecute(call, m, deps)],
  ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, (call, m, deps) => webhookMessage(call, m, deps)],
  ['DELETE', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, (call, m, deps) => webhookMessage(call, m, deps)],
];

/** Executes a channel webhook, or sends an interaction follow-up (the application's own "webhook"). */
function webhookExecute(call: RecordedCall, m: RegExpMatchArray, deps: RestDeps): RestAnswer {
  const { state } = deps;
  if (m[1] === state.appId) {
    const message = messageJson({ channel_id: 'interaction', author: state.botUser, ...messageFields(call.body, call.files) });
    state.followUps.push({ token: m[2]!, method: 'POST', body: call.body, messageId: message['id'] });
    return ok(message);
  }
  const webhook = state.webhooks.get(m[1]!);
  if (!webhook || webhook['token'] !== m[2]) return unknownWebhook();
  const channel = webhookTarget(state, webhook, call.query);
  if (!channel) return unknownChannel();
  const author = { id: webhook['id'], username: call.body?.username ?? webhook['name'], avatar: null, discriminator: '0000', bot: true };
  const answer = createMessage(deps, channel, {
    author,
    webhook_id: webhook['id'],
    avatar_url: call.body?.avatar_url,
    allowed_mentions: call.body?.allowed_mentions,
    ...messageFields(call.body, call.files),
  });
  return call.query['wait'] === 'true' || answer.status !== 200 ? answer : { status: 204 };
}

function webhookMessage(call: RecordedCall, m: RegExpMatchArray, deps: RestDeps): RestAnswer {
  const { state } = deps;
  if (m[1] === state.appId) {
    state.followUps.push({ token: m[2]!, method: call.method, body: call.body, messageId: m[3]! });
    return call.method === 'DELETE' ? { status: 204 } : ok(messageJson({ channel_id: 'interaction', author: state.botUser, ...messageFields(call.body, call.files) }));
  }
  const webhook = state.webhooks.get(m[1]!);
  if (!webhook || webhook['token'] !== m[2]) return unknownWebhook();
  const message = state.messages.get(m[3]!);
  if (!message || message['webhook_id'] !== webhook['id']) return unknownMessage();
  return call.method === 'DELETE' ? deleteMessage(deps, message) : editMessage(deps, message, call.body);
}

/**
 * Answers one REST call from the fake's state.
 *
 * @example
 * const answer = routeRest(call, { state, dispatch }); // { status: 200, body: {...} }
 */
export function routeRest(call: RecordedCall, deps: RestDeps): RestAnswer {
  for (const [method, pattern, route] of routes) {
    if (method !== call.method) continue;
    const match = call.path.match(pattern);
    if (match) return route(call, match, deps);
  }
  return { status: 404, body: { message: `fake discord: no route for ${call.method} ${call.path}`, code: 0 } };
}
