import { messageJson, snowflake, type FakeState, type Json } from './fake-discord-state.ts';

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

/** Stores a new message in `channelId` and dispatches MESSAGE_CREATE, as Discord does for every message. */
export function createMessage(deps: RestDeps, channel: Json, fields: Json): RestAnswer {
  const meta = channel['thread_metadata'];
  if (meta?.archived && meta.locked) return { status: 400, body: { message: 'Thread is locked', code: 50083 } };
  if (meta?.archived) meta.archived = false;
  const message = messageJson({ channel_id: channel['id'], ...fields });
  deps.state.messages.set(message['id'], message);
  channel['last_message_id'] = message['id'];
  setImmediate(() => deps.dispatch('MESSAGE_CREATE', { ...message, guild_id: deps.state.guildId }));
  return ok(message);
}

export function messageFields(body: Json | null, files: RecordedCall['files']): Json {
  const attachments = files.map((f) => ({ id: snowflake(), filename: f.name, size: f.size, url: `https://cdn.fake/${f.name}`, proxy_url: `https://cdn.fake/${f.name}` }));
  return {
    content: body?.['content'] ?? '',
    embeds: body?.['embeds'] ?? [],
    components: body?.['components'] ?? [],
    attachments,
  };
}

export function editMessage(deps: RestDeps, message: Json, body: Json | null): RestAnswer {
  for (const key of ['content', 'embeds', 'components'] as const) if (body && key in body) message[key] = body[key];
  message['edited_timestamp'] = new Date().toISOString();
  setImmediate(() => deps.dispatch('MESSAGE_UPDATE', { ...message, guild_id: deps.state.guildId }));
  return ok(message);
}

export function deleteMessage(deps: RestDeps, message: Json): RestAnswer {
  deps.state.messages.delete(message['id']);
  setImmediate(() => deps.dispatch('MESSAGE_DELETE', { id: message['id'], channel_id: message['channel_id'], guild_id: deps.state.guildId }));
  return { status: 204 };
}
