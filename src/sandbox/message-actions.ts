import { messagePush, userPush } from './payload-builders.ts';
import { NOT_FOUND, SimError, type SimCore } from './simulator-core.ts';
import { insertMessage, type NewMessage, type SimConversation, type SimMessage } from './simulator-state.ts';
import { messageWebhook } from './webhook-payloads.ts';

export const DELETED_CONTENT = 'This message was deleted';

export interface PostMessageInput extends Omit<NewMessage, 'status' | 'sourceId' | 'contentType' | 'contentAttributes'> {
  contentType?: string;
  contentAttributes?: Record<string, unknown>;
  sourceId?: string | null;
  /** `echo_id` is not persisted: it only rides on this one `message.created`. */
  echoId?: string;
  /** The agent acting (REST caller or dashboard user): adds `performer` like `ActionCableListener`. */
  performerId?: number;
  /** Runs after the insert, before any dispatch (Chatwoot's `after_create_commit` ordering). */
  beforeDispatch?: (message: SimMessage) => void;
}

function performer(core: SimCore, performerId: number | undefined): Record<string, unknown> {
  const agent = performerId === undefined ? undefined : core.state.agents.get(performerId);
  return agent ? { performer: userPush(core.ctx, agent) } : {};
}

/** Persists a message and dispatches `message.created` (+ the callback unless it is an activity). */
export function postMessage(core: SimCore, conversation: SimConversation, input: PostMessageInput): SimMessage {
  const { echoId, performerId, beforeDispatch, contentType = 'text', contentAttributes = {}, sourceId = null, ...rest } = input;
  const message = insertMessage(core.state, core.now(), conversation, {
    ...rest,
    contentType,
    contentAttributes,
    sourceId,
    status: 'sent',
  });
  beforeDispatch?.(message);
  core.broadcast('message.created', { ...messagePush(core.ctx, message, echoId), ...performer(core, performerId) });
  if (message.messageType !== 2) core.webhook('message_created', messageWebhook(core.ctx, message, 'message_created'), message.id);
  return message;
}

export function requireMessage(core: SimCore, conversation: SimConversation, messageId: number): SimMessage {
  const message = core.state.messagesById.get(messageId);
  if (!message || message.displayId !== conversation.displayId) throw new SimError(404, NOT_FOUND);
  return message;
}

type Changes = Partial<Pick<SimMessage, 'content' | 'contentType' | 'contentAttributes' | 'status' | 'attachments'>>;

/** Applies changes and dispatches `message.updated` with Rails-style `previous_changes`. */
export function updateMessage(core: SimCore, message: SimMessage, changes: Changes, performerId?: number): SimMessage {
  const previous: Record<string, [unknown, unknown]> = {};
  const wire: Record<keyof Changes, string> = {
    content: 'content',
    contentType: 'content_type',
    contentAttributes: 'content_attributes',
    status: 'status',
    attachments: 'attachments',
  };
  for (const key of Object.keys(changes) as Array<keyof Changes>) {
    if (key === 'attachments') continue; // destroyed records, not an attribute change
    const before = message[key];
    const after = changes[key];
    if (JSON.stringify(before) !== JSON.stringify(after)) previous[wire[key]] = [before, after];
  }
  const beforeUpdatedAt = new Date(message.updatedAtMs).toISOString();
  Object.assign(message, changes);
  message.updatedAtMs = core.now();
  previous['updated_at'] = [beforeUpdatedAt, new Date(message.updatedAtMs).toISOString()];

  core.broadcast('message.updated', {
    ...messagePush(core.ctx, message),
    previous_changes: previous,
    ...performer(core, performerId),
  });
  if (message.messageType !== 2) core.webhook('message_updated', messageWebhook(core.ctx, message, 'message_updated'), message.id);
  return message;
}

/** `MessagesController#destroy`: a soft delete that arrives as `message.updated`. */
export function softDeleteMessage(core: SimCore, message: SimMessage, performerId?: number): SimMessage {
  return updateMessage(
    core,
    message,
    { content: DELETED_CONTENT, contentType: 'text', contentAttributes: { deleted: true }, attachments: [] },
    performerId,
  );
}

/**
 * `Webhooks::Trigger#handle_error` for API inboxes: a failed message callback marks the message
 * `failed` with `external_error`, which the agent sees through `message.updated`.
 */
export function markDeliveryFailed(core: SimCore, messageId: number, error: string): void {
  const message = core.state.messagesById.get(messageId);
  if (!message || message.messageType !== 1 || message.status === 'failed') return;
  updateMessage(core, message, { status: 'failed', contentAttributes: { ...message.contentAttributes, external_error: error } });
}
