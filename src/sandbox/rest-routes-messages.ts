import { MESSAGE_TYPES } from '../chatwoot/models.ts';
import { postIncomingMessage } from './conversation-actions.ts';
import { postMessage, requireMessage, softDeleteMessage, type PostMessageInput } from './message-actions.ts';
import { agentRest, contactPush, messageRest } from './payload-builders.ts';
import { requireConversation, SimError } from './simulator-core.ts';
import type { UploadedFile } from './request-body.ts';
import type { SimConversation } from './simulator-state.ts';
import { CONVERSATION, route, toBool, toInt, type Route, type RouteEnv, type RouteRequest } from './rest-route.ts';

const MAX_ATTACHMENTS = 15; // NUMBER_OF_PERMITTED_ATTACHMENTS
const MAX_CONTENT = 150_000;
const CONTENT_TYPES = [
  'text', 'input_text', 'input_textarea', 'input_email', 'input_select', 'cards', 'form', 'article',
  'incoming_email', 'input_csat', 'integrations', 'sticker', 'voice_call',
];

/** `MessageFinder`: latest 20; `before` → 20 older; `after` → 100 newer; both → `[after, before)` up to 1000. */
export function findMessages<T extends { id: number }>(messages: readonly T[], query: Record<string, string>): T[] {
  const after = query['after'];
  const before = query['before'];
  if (after && before) {
    const a = toInt(after);
    const b = toInt(before);
    return messages.filter((m) => m.id >= a && m.id < b).slice(0, 1000);
  }
  if (before) {
    const b = toInt(before);
    return messages.filter((m) => m.id < b).slice(-20);
  }
  if (after) {
    const a = toInt(after);
    return messages.filter((m) => m.id > a).slice(0, 100);
  }
  return messages.slice(-20);
}

function conversationOf(env: RouteEnv, req: RouteRequest): SimConversation {
  return requireConversation(env.core, toInt(req.params['cid']));
}

function listMessages(env: RouteEnv, req: RouteRequest): unknown {
  const { ctx, state } = env.core;
  const c = conversationOf(env, req);
  const contact = state.contacts.get(c.contactId);
  const assignee = c.assigneeId === null ? undefined : state.agents.get(c.assigneeId);
  const lastSeen = c.agentLastSeenAtMs ? new Date(c.agentLastSeenAtMs).toISOString() : null;
  return {
    meta: {
      labels: [...c.labels],
      additional_attributes: {},
      contact: contact ? contactPush(contact) : null,
      assignee: assignee ? agentRest(ctx, assignee) : null,
      agent_last_seen_at: lastSeen,
      assignee_last_seen_at: lastSeen,
    },
    payload: findMessages(c.messages, req.query).map((m) => messageRest(ctx, m)),
  };
}

function contentAttributesOf(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A new message's `content` and `attachments[]` files, validated as the `Message` model does. */
export function messageBody(req: RouteRequest): { content: string | null; files: UploadedFile[] } {
  const p = req.body.params;
  const content = p['content'] === undefined || p['content'] === null ? null : String(p['content']);
  const files = req.body.files.filter((f) => f.field === 'attachments');
  if (files.length > MAX_ATTACHMENTS) throw new SimError(422, `Validation failed: Attachments exceeded the limit of ${MAX_ATTACHMENTS}`);
  if ((content === null || content.trim() === '') && files.length === 0) {
    throw new SimError(422, "Validation failed: Content can't be blank");
  }
  if (content !== null && content.length > MAX_CONTENT) {
    throw new SimError(422, `Validation failed: Content is too long (maximum is ${MAX_CONTENT} characters)`);
  }
  return { content, files };
}

/** Keeps uploaded files where their `data_url` serves them. */
export function storeAttachments(env: RouteEnv, files: readonly UploadedFile[]): NonNullable<PostMessageInput['attachments']> {
  return files.map((file) => {
    const blob = env.attachments.put(file);
    return { fileType: blob.fileType, extension: blob.extension, dataUrl: blob.dataUrl, thumbUrl: '', fileSize: blob.size };
  });
}

/** `Messages::MessageBuilder` for an API inbox. */
function createMessage(env: RouteEnv, req: RouteRequest): unknown {
  const { core } = env;
  const c = conversationOf(env, req);
  const p = req.body.params;
  const typeName = p['message_type'] === undefined || p['message_type'] === '' ? 'outgoing' : String(p['message_type']);
  const messageType = MESSAGE_TYPES.indexOf(typeName as (typeof MESSAGE_TYPES)[number]);
  if (messageType < 0) throw new SimError(422, `'${typeName}' is not a valid message_type`);
  const contentType = p['content_type'] === undefined || p['content_type'] === '' ? 'text' : String(p['content_type']);
  if (!CONTENT_TYPES.includes(contentType)) throw new SimError(422, `'${contentType}' is not a valid content_type`);
  const { content, files } = messageBody(req);

  const outgoing = messageType === 1;
  const input: PostMessageInput = {
    content,
    messageType: messageType as 0 | 1 | 2 | 3,
    private: toBool(p['private']),
    contentType,
    contentAttributes: contentAttributesOf(p['content_attributes']),
    sourceId: typeof p['source_id'] === 'string' ? p['source_id'] : null,
    // Outgoing: the token's user. Anything else: the conversation's contact.
    senderType: outgoing ? 'User' : 'Contact',
    senderId: outgoing ? req.callerId : c.contactId,
    attachments: storeAttachments(env, files),
    performerId: req.callerId,
  };
  const echo = p['echo_id'];
  if (echo !== undefined && echo !== null && echo !== '') input.echoId = String(echo);
  const message = messageType === 0 ? postIncomingMessage(core, c, input) : postMessage(core, c, input);
  return messageRest(core.ctx, message, input.echoId);
}

/** Messages: list (MessageFinder), create (JSON or multipart), soft delete. */
export const messageRoutes: Route[] = [
  route('GET', `${CONVERSATION}/messages`, (env, req) => ({ body: listMessages(env, req) })),
  route('POST', `${CONVERSATION}/messages`, (env, req) => ({ body: createMessage(env, req) })),
  route('DELETE', `${CONVERSATION}/messages/(?<mid>\\d+)`, (env, req) => {
    const c = conversationOf(env, req);
    const message = requireMessage(env.core, c, toInt(req.params['mid']));
    softDeleteMessage(env.core, message, env.core.bot().id);
    return env.core.quirks?.deleteWithoutBody ? {} : { body: messageRest(env.core.ctx, message) };
  }),
];
