import { messageJson, snowflake, type FakeState, type Json } from './fake-discord-state.ts';

/** One REST call as the fake received it. `files` are multipart uploads (name, size, bytes). */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  files: Array<{ name: string; size: number; data: Buffer }>;
  auth: string | undefined;
  /** performance.now() when the request had arrived in full (benchmarks). */
  hr: number;
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

export type Route = (call: RecordedCall, match: RegExpMatchArray, deps: RestDeps) => RestAnswer;

export const ok = (body: unknown, status = 200): RestAnswer => ({ status, body });
export const unknownChannel = (): RestAnswer => ({ status: 404, body: { message: 'Unknown Channel', code: 10003 } });
export const unknownMessage = (): RestAnswer => ({ status: 404, body: { message: 'Unknown Message', code: 10008 } });
export const unknownWebhook = (): RestAnswer => ({ status: 404, body: { message: 'Unknown Webhook', code: 10015 } });
export const missingPermissions = (): RestAnswer => ({ status: 403, body: { message: 'Missing Permissions', code: 50013 } });

/** Discord refuses the whole request when one file is over the guild's upload limit. */
export function tooLarge(state: FakeState, files: RecordedCall['files']): RestAnswer | undefined {
  const limit = state.uploadLimitBytes;
  if (limit === undefined || !files.some((f) => f.size > limit)) return undefined;
  return { status: 413, body: { message: 'Request entity too large', code: 40005 } };
}

export const threadArchived = (): RestAnswer => ({ status: 400, body: { message: 'Thread is archived', code: 50083 } });
const SUPPRESS_EMBEDS = 1 << 2;

/** What Discord refuses in any message body: nothing to show (50006), or content over 2 000 characters (50035). */
function invalidContent(fields: Json): RestAnswer | undefined {
  const content = typeof fields['content'] === 'string' ? fields['content'] : '';
  if (content.length > 2000) return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } } };
  const empty = content.trim() === '' && !fields['embeds']?.length && !fields['attachments']?.length && !fields['components']?.length && !fields['sticker_ids']?.length;
  return empty ? { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } } : undefined;
}

/** Discord unfurls links into embeds unless the message suppresses them: anyone's URL can bring one. */
function withLinkPreviews(fields: Json): Json {
  if (((fields['flags'] ?? 0) & SUPPRESS_EMBEDS) !== 0 || typeof fields['content'] !== 'string') return fields;
  const urls = fields['content'].match(/https?:\/\/[^\s<>()]+/g) ?? [];
  if (urls.length === 0) return fields;
  return { ...fields, embeds: [...(fields['embeds'] ?? []), ...urls.map((url: string) => ({ type: 'link', url, title: `preview of ${url}` }))] };
}

/** Stores a new message in `channelId` and dispatches MESSAGE_CREATE, as Discord does for every message. */
export function createMessage(deps: RestDeps, channel: Json, fields: Json): RestAnswer {
  const recipient = channel['type'] === 1 ? (channel['recipients']?.[0]?.id as string | undefined) : undefined;
  if (recipient && deps.state.dmRefused?.has(recipient)) return { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } };
  const meta = channel['thread_metadata'];
  if (meta?.archived && meta.locked) return { status: 400, body: { message: 'Thread is locked', code: 160005 } };
  const invalid = invalidContent(fields);
  if (invalid) return invalid;
  if (meta?.archived) meta.archived = false;
  const message = messageJson({ channel_id: channel['id'], ...withLinkPreviews(fields) });
  deps.state.messages.set(message['id'], message);
  channel['last_message_id'] = message['id'];
  const where = channel['type'] === 1 ? { channel_type: 1 } : { guild_id: deps.state.guildId };
  setImmediate(() => deps.dispatch('MESSAGE_CREATE', { ...message, ...where }));
  return ok(message);
}

export function messageFields(body: Json | null, files: RecordedCall['files']): Json {
  const attachments = files.map((f) => ({ id: snowflake(), filename: f.name, size: f.size, url: `https://cdn.fake/${f.name}`, proxy_url: `https://cdn.fake/${f.name}` }));
  return {
    content: body?.['content'] ?? '',
    embeds: body?.['embeds'] ?? [],
    components: body?.['components'] ?? [],
    flags: body?.['flags'] ?? 0,
    attachments,
  };
}

/**
 * Edits a stored message — refused (50083) in an archived thread, as Discord refuses any edit
 * there until the thread is opened again.
 */
export function editMessage(deps: RestDeps, message: Json, body: Json | null): RestAnswer {
  if (deps.state.channels.get(message['channel_id'])?.['thread_metadata']?.archived) return threadArchived();
  const next = { ...message, ...Object.fromEntries((['content', 'embeds', 'components', 'attachments'] as const).filter((k) => body && k in body).map((k) => [k, body![k]])) };
  const invalid = invalidContent(next);
  if (invalid) return invalid;
  for (const key of ['content', 'embeds', 'components', 'attachments'] as const) if (body && key in body) message[key] = body[key];
  message['edited_timestamp'] = new Date().toISOString();
  setImmediate(() => deps.dispatch('MESSAGE_UPDATE', { ...message, ...guildOf(deps.state, message) }));
  return ok(message);
}

export function deleteMessage(deps: RestDeps, message: Json): RestAnswer {
  deps.state.messages.delete(message['id']);
  setImmediate(() => deps.dispatch('MESSAGE_DELETE', { id: message['id'], channel_id: message['channel_id'], ...guildOf(deps.state, message) }));
  return { status: 204 };
}

/** `guild_id` for a message's events — none for a message in a DM, as Discord sends them. */
function guildOf(state: FakeState, message: Json): Json {
  return state.channels.get(message['channel_id'])?.['type'] === 1 ? {} : { guild_id: state.guildId };
}
