import { ChannelTypes, channelJson, messageJson, snowflake, threadJson, type FakeState, type Json } from './fake-discord-state.ts';
import { createMessage, deleteMessage, editMessage, messageFields, missingPermissions, ok, threadArchived, tooLarge, unknownChannel, unknownMessage, type RecordedCall, type RestAnswer, type RestDeps, type Route } from './fake-discord-rest-kit.ts';
import { webhookExecute, webhookJson, webhookMessage } from './fake-discord-webhook-routes.ts';

export type { RecordedCall, RestAnswer, RestDeps } from './fake-discord-rest-kit.ts';

// Manage Channels, or Administrator (which implies it).
const MANAGE_CHANNELS = (1n << 4n) | (1n << 3n);
const isThread = (channel: Json) => channel['type'] === ChannelTypes.publicThread;
const canManageChannels = (state: FakeState) => (BigInt(state.roles[0]?.['permissions'] ?? '0') & MANAGE_CHANNELS) !== 0n;

/** A forum's `available_tags` as Discord stores them: new tags (no id) get one; only Manage Channels may edit them. */
function forumTags(tags: Json[]): Json[] {
  return tags.map((tag) => ({ moderated: false, emoji_id: null, emoji_name: null, ...tag, id: tag['id'] ?? snowflake() }));
}

const routes: Array<[string, RegExp, Route]> = [
  ['GET', /^\/gateway\/bot$/, () => ok({})], // answered by the server (needs its port)
  ['GET', /^\/users\/@me$/, (_c, _m, { state }) => ok(state.botUser)],
  ['GET', /^\/applications\/@me$/, (_c, _m, { state }) => ok({ id: state.appId, name: 'Switchboard', flags: state.appFlags })],
  ['GET', /^\/guilds\/(\d+)\/channels$/, (_c, _m, { state }) => ok([...state.channels.values()].filter((c) => !isThread(c) && c['type'] !== ChannelTypes.dm))],
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
      const { archived, locked, available_tags: tags, ...rest } = call.body ?? {};
      // An archived thread takes no change unless the same request opens it again (Discord: 50083).
      if (isThread(channel) && channel['thread_metadata'].archived && archived !== false) return threadArchived();
      if (tags !== undefined) {
        if (!canManageChannels(deps.state)) return missingPermissions();
        channel['available_tags'] = forumTags(tags);
      }
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
      const refused = tooLarge(deps.state, call.files);
      if (refused) return refused;
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
